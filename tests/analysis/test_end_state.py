"""State at end of data: the last state before data complete to, and since when."""

from __future__ import annotations

from tests.analysis.builders import (
    AWAY,
    ONLINE,
    UTC_DAY,
    at,
    login,
    logout,
    only_agent,
    report_of,
    state,
)
from tui.analysis.end_state import EndState, end_state, end_state_counts
from tui.analysis.export_formats import report_csv, report_json
from tui.core.records import State


def _end(records: list, complete_to: int) -> EndState:  # type: ignore[type-arg]
    report = report_of(records, complete_to=complete_to)
    return end_state(only_agent(report), UTC_DAY.start_ms, report.complete_to_ms)


def test_away_with_reason_since_it_began_not_now() -> None:
    records = [
        login(8 * 60),
        state(8 * 60, ONLINE),
        state(9 * 60 + 40, AWAY, reason_text="Lunch", sequence=2),
        state(15 * 60, ONLINE, sequence=3),  # after the end of data: not known yet
    ]
    assert _end(records, at(10 * 60)) == EndState(State.AWAY, at(9 * 60 + 40), "Lunch")


def test_logged_out_at_the_last_logout_and_online_all_day() -> None:
    out = [login(8 * 60), state(8 * 60, ONLINE), logout(17 * 60 + 31)]
    assert _end(out, at(20 * 60)) == EndState(State.LOGGED_OUT, at(17 * 60 + 31))
    overnight = [login(-60), state(-60, ONLINE)]
    assert _end(overnight, at(6 * 60)) == EndState(State.ONLINE, None)


def test_counts_in_a_fixed_order() -> None:
    ends = [
        EndState(State.LOGGED_OUT, None),
        EndState(State.AWAY, 1, "Break"),
        EndState(State.ONLINE, 2),
        EndState(State.ONLINE, 3),
    ]
    assert list(end_state_counts(ends).items()) == [
        (State.ONLINE, 2),
        (State.AWAY, 1),
        (State.LOGGED_OUT, 1),
    ]


def test_export_has_away_per_reason_class() -> None:
    records = [
        login(8 * 60),
        state(8 * 60, AWAY, reason_text="Lunch"),
        state(9 * 60, AWAY, reason_text="Coffee break", sequence=2),
        logout(9 * 60 + 15),
    ]
    report = report_of(records, complete_to=at(20 * 60))
    document = report_json(report)
    assert document["agents"][0]["away_by_class_s"] == {"break": 900, "lunch": 3600}
    assert document["groups"][0]["away_by_class_s"] == {"break": 900, "lunch": 3600}
    header, row = report_csv(report).splitlines()
    columns = dict(zip(header.split(","), row.split(","), strict=True))
    assert columns["away_class_s:lunch"] == "3600"
    assert columns["away_class_s:break"] == "900"
