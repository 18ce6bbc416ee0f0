"""Schedule CSV parsing (errors with line numbers) and schedule figures."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from tests.analysis.builders import (
    AWAY,
    DAY0_MS,
    HOUR,
    MINUTE,
    ONLINE,
    login,
    logout,
    only_agent,
    report_of,
    state,
)
from tui.analysis import AnalysisOptions
from tui.analysis.schedule import Shift, load_schedule, parse_schedule
from tui.core.errors import InputError

CSV = """employee_id,agent_id,date,start,end,breaks
# a comment line
E1,,2026-03-02,09:00,17:00,12:00-12:30
,2,2026-03-01,22:00,06:00,02:00-02:30;04:00-04:15
"""


def test_parse_schedule_rows() -> None:
    schedule = parse_schedule(CSV, "plan.csv")
    assert schedule.by_employee["E1"] == (
        Shift(date(2026, 3, 2), time(9), time(17), ((time(12), time(12, 30)),), line=3),
    )
    (night,) = schedule.by_agent[2]
    assert night.end < night.start  # overnight
    assert night.breaks == ((time(2), time(2, 30)), (time(4), time(4, 15)))
    assert schedule.shifts_for(2, "E9") == (night,)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("employee_id,date,start\nE1,2026-03-02,09:00\n", "line 1: header lacks end"),
        ("date,start,end\n2026-03-02,09:00,17:00\n", "employee_id or agent_id"),
        ("employee_id,date,start,end\nE1,2026-02-30,09:00,17:00\n", "line 2: date"),
        ("employee_id,date,start,end\nE1,2026-03-02,9am,17:00\n", "line 2: start"),
        ("employee_id,date,start,end\n\nE1,2026-03-02,09:00,25:00\n", "line 3: end"),
        ("agent_id,date,start,end\nx1,2026-03-02,09:00,17:00\n", "agent_id 'x1'"),
        ("employee_id,date,start,end\n,2026-03-02,09:00,17:00\n", "line 2: give"),
        (
            "employee_id,date,start,end,breaks\nE1,2026-03-02,09:00,17:00,18:00-18:30\n",
            "not inside the shift",
        ),
        (
            "employee_id,date,start,end,breaks\nE1,2026-03-02,09:00,17:00,noon\n",
            "HH:MM-HH:MM",
        ),
    ],
)
def test_bad_schedule_names_file_and_line(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_schedule(text, "plan.csv")
    assert caught.value.message.startswith("plan.csv")
    assert fragment in caught.value.message


def test_load_schedule_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such schedule file"):
        load_schedule(tmp_path / "nope.csv")


def _employee(record_list: list) -> list:  # type: ignore[type-arg]
    from msgspec.structs import replace

    return [replace(record, employee_id="E1") for record in record_list]


def test_schedule_figures_arithmetic() -> None:
    schedule = parse_schedule(CSV, "plan.csv")
    records = _employee(
        [
            login(9 * 60 + 10),  # 10 min late
            state(9 * 60 + 10, ONLINE),
            state(12 * 60, AWAY, reason_text="Lunch", sequence=2),  # planned break 12:00-12:30
            state(13 * 60, ONLINE, sequence=3),  # but away until 13:00
            logout(16 * 60 + 30),  # 30 min early
        ]
    )
    activity = only_agent(report_of(records, options=AnalysisOptions(schedule=schedule)))
    figures = activity.schedule
    assert figures is not None
    scheduled = 8 * HOUR - 30 * MINUTE  # 09:00-17:00 minus the 30 min break = 7.5 h
    assert figures.scheduled_ms == scheduled
    assert figures.late_login_ms == 10 * MINUTE
    assert figures.early_logout_ms == 30 * MINUTE
    logged_in = 7 * HOUR + 20 * MINUTE  # 09:10-16:30
    assert figures.conformance_pct == pytest.approx(100 * logged_in / scheduled)
    # Inside work time, logged in and not away: 09:10-12:00 (170 min) + 13:00-16:30 (210 min).
    assert figures.adherence_pct == pytest.approx(100 * (380 * MINUTE) / scheduled)


def test_without_a_schedule_figures_are_absent_not_zero() -> None:
    report = report_of([login(0), state(0, ONLINE), logout(60)])
    assert not report.has_schedule
    assert only_agent(report).schedule is None


def test_unscheduled_agent_has_no_figures() -> None:
    schedule = parse_schedule(CSV, "plan.csv")
    report = report_of(
        [login(0, agent=9), logout(60, agent=9)], options=AnalysisOptions(schedule=schedule)
    )
    assert report.has_schedule
    assert only_agent(report).schedule is None


def test_overnight_shift_from_the_day_before() -> None:
    # Agent 2: scheduled 22:00 (day before) to 06:00 with breaks 02:00-02:30 and 04:00-04:15.
    schedule = parse_schedule(CSV, "plan.csv")
    records = [login(-120, agent=2), state(-120, ONLINE, agent=2), logout(6 * 60, agent=2)]
    activity = only_agent(report_of(records, options=AnalysisOptions(schedule=schedule)))
    figures = activity.schedule
    assert figures is not None
    # Inside today: 00:00-06:00 minus 45 min of breaks = 315 min scheduled; online throughout.
    assert figures.scheduled_ms == 315 * MINUTE
    assert figures.late_login_ms is None  # the shift started yesterday
    assert figures.early_logout_ms == 0
    assert figures.adherence_pct == pytest.approx(100.0)


def test_scheduled_spans_are_the_planned_work_in_the_window_whatever_is_complete() -> None:
    """The band a timeline draws: shifts minus breaks, clipped to the window, even past
    *data complete to* (a plan is known before the day happens)."""
    schedule = parse_schedule(CSV, "plan.csv")
    records = _employee([login(9 * 60), state(9 * 60, ONLINE)])
    report = report_of(
        records, complete_to=DAY0_MS + 10 * HOUR, options=AnalysisOptions(schedule=schedule)
    )
    assert only_agent(report).scheduled_spans == (
        (DAY0_MS + 9 * HOUR, DAY0_MS + 12 * HOUR),
        (DAY0_MS + 12 * HOUR + 30 * MINUTE, DAY0_MS + 17 * HOUR),
    )
    overnight = report_of(
        [login(-120, agent=2), state(-120, ONLINE, agent=2)],
        options=AnalysisOptions(schedule=schedule),
    )
    assert only_agent(overnight).scheduled_spans == (
        (DAY0_MS, DAY0_MS + 2 * HOUR),
        (DAY0_MS + 2 * HOUR + 30 * MINUTE, DAY0_MS + 4 * HOUR),
        (DAY0_MS + 4 * HOUR + 15 * MINUTE, DAY0_MS + 6 * HOUR),
    )


def test_no_scheduled_spans_without_a_schedule_or_a_shift() -> None:
    assert only_agent(report_of([login(0), state(0, ONLINE)])).scheduled_spans == ()
    schedule = parse_schedule(CSV, "plan.csv")
    unplanned = report_of([login(0, agent=9)], options=AnalysisOptions(schedule=schedule))
    assert only_agent(unplanned).scheduled_spans == ()
