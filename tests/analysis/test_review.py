"""The review's exceptions: per-class long-away thresholds, schedule exceptions, order."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from tests.analysis.builders import (
    AWAY,
    DAY,
    HOUR,
    MINUTE,
    ONLINE,
    at,
    login,
    logout,
    report_of,
    state,
)
from tui.analysis import AnalysisOptions
from tui.analysis.review import ExceptionKind, review_exceptions
from tui.analysis.schedule import parse_schedule
from tui.core.records import StatusRecord

PLAN = """employee_id,agent_id,date,start,end
E1,,2026-03-02,09:00,17:00
,7,2026-03-02,08:00,16:00
E9,,2026-03-02,10:00,18:00
"""


def away_for(minutes: int, reason: str, agent: int = 1) -> list[StatusRecord]:
    return [
        login(60, agent),
        state(60, ONLINE, agent),
        state(120, AWAY, agent, reason_text=reason, sequence=2),
        state(120 + minutes, ONLINE, agent, sequence=3),
        logout(300, agent),
    ]


@pytest.mark.parametrize(
    ("reason", "minutes", "flagged"),
    [
        ("Break", 19, False),
        ("Break", 21, True),  # break: 20 min
        ("Lunch", 55, False),  # lunch: 60 min (the old 30 min default flagged most lunches)
        ("lunch", 61, True),  # built-in names compare case-insensitively
        ("Meeting", 120, False),  # meetings and training are never "long away"
        ("Coaching", 120, False),  # coaching is training
        ("Errand", 31, True),  # unclassified: the "*" default, 30 min
    ],
)
def test_per_class_long_away_defaults(reason: str, minutes: int, flagged: bool) -> None:
    report = report_of(away_for(minutes, reason), complete_to=at(24 * 60))
    kinds = [row.kind for row in review_exceptions(report, AnalysisOptions())]
    assert (ExceptionKind.LONG_AWAY in kinds) is flagged


def test_configured_class_and_reason_thresholds_win_over_built_ins() -> None:
    records = away_for(25, "Lunch")

    def kinds(options: AnalysisOptions) -> list[ExceptionKind]:
        report = report_of(records, complete_to=at(24 * 60), options=options)
        return [row.kind for row in review_exceptions(report, options)]

    assert kinds(AnalysisOptions()) == []
    assert kinds(AnalysisOptions(class_long_away_ms={"lunch": 20 * MINUTE})) == [
        ExceptionKind.LONG_AWAY
    ]
    assert kinds(AnalysisOptions(reason_classes={"Lunch": "meeting"})) == []
    own = AnalysisOptions(long_away_ms={"Lunch": 10 * MINUTE}, class_long_away_ms={"lunch": 0})
    assert kinds(own) == [ExceptionKind.LONG_AWAY]


def _as_employee(records: list[StatusRecord], employee: str) -> list[StatusRecord]:
    return [replace(record, employee_id=employee) for record in records]


def test_schedule_exceptions_late_early_and_no_show_newest_first() -> None:
    schedule = parse_schedule(PLAN, "plan.csv")
    records = [
        *_as_employee([login(9 * 60 + 12), state(9 * 60 + 12, ONLINE), logout(16 * 60 + 30)], "E1"),
        login(8 * 60 + 2, agent=7),  # 2 min late: inside the 5 min grace
        state(8 * 60 + 2, ONLINE, agent=7),
        logout(16 * 60, agent=7),
    ]
    options = AnalysisOptions(schedule=schedule)
    rows = review_exceptions(report_of(records, complete_to=at(24 * 60), options=options), options)
    summary = [(row.kind, row.at_ms, row.agent_name, row.duration_ms) for row in rows]
    assert summary == [
        (ExceptionKind.EARLY_LOGOUT, at(16 * 60 + 30), "Agent 1", 30 * MINUTE),
        (ExceptionKind.NO_SHOW, at(10 * 60), "employee E9", None),
        (ExceptionKind.LATE_LOGIN, at(9 * 60 + 12), "Agent 1", 12 * MINUTE),
    ]
    assert rows[1].agent_id is None  # nobody with employee id E9 has a record


def test_no_show_waits_for_the_data_and_open_sessions_only_count_once_the_day_is_over() -> None:
    schedule = parse_schedule(PLAN, "plan.csv")
    still_in = [login(60, agent=3), state(60, ONLINE, agent=3)]
    morning = report_of(still_in, complete_to=at(9 * 60 + 30))  # E9's 10:00 shift not begun
    kinds = {row.kind for row in review_exceptions(morning, AnalysisOptions(schedule=schedule))}
    assert ExceptionKind.NO_SHOW in kinds  # agent 7 (08:00) and E1 (09:00) are missing
    assert ExceptionKind.OPEN_AT_END not in kinds  # the day is still running
    no_shows = [
        row.agent_name
        for row in review_exceptions(morning, AnalysisOptions(schedule=schedule))
        if row.kind is ExceptionKind.NO_SHOW
    ]
    assert no_shows == ["employee E1", "Agent 7"]  # E9 starts after the end of data
    final = report_of(still_in, complete_to=at(24 * 60) + DAY)
    (row,) = review_exceptions(final, AnalysisOptions())
    assert row.kind is ExceptionKind.OPEN_AT_END
    assert row.at_ms == at(60)
    assert row.duration_ms == 23 * HOUR


def test_unclear_state_for_long() -> None:
    records = [login(60), logout(100)]  # logged in, no state record: unknown for 40 min
    report = report_of(records, complete_to=at(24 * 60))
    (row,) = review_exceptions(report, AnalysisOptions())
    assert row.kind is ExceptionKind.UNCLEAR_STATE
    assert row.duration_ms == 40 * MINUTE
    relaxed = AnalysisOptions(unclear_state_ms=HOUR)
    assert review_exceptions(report, relaxed) == ()
