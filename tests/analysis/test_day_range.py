"""Ranges of (shift) days: windows (DST, day_start), the 31-day limit, and the range analysis
(each day is the day view's report; sums, scopes, trend marks, one row per night shift)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.analysis.day_range import (
    TREND_DOWN,
    TREND_LEVEL,
    TREND_UP,
    RangeDay,
    add_totals,
    agent_ranges,
    empty_range_report,
    like_for_like,
    range_figures,
    scope_days,
    trend_mark,
)
from tui.analysis.options import AnalysisOptions
from tui.analysis.report import analyze
from tui.api.parsing import parse_time_ms
from tui.core.day_range import (
    MAX_RANGE_DAYS,
    DayRange,
    day_range,
    week_ending,
    window_label,
)
from tui.core.errors import InputError
from tui.core.windows import day_of, day_start_text, day_window, parse_day_start
from tui.simulator.world import World

HOUR = 3_600_000
EVENING = time(18, 0)


# -- windows ----------------------------------------------------------------------------------


def test_a_shift_day_runs_from_day_start_to_day_start_next_day() -> None:
    window = day_window(date(2026, 12, 6), "Europe/London", EVENING)
    assert window.start_ms == parse_time_ms("2026-12-06T18:00:00Z")
    assert window.end_ms == parse_time_ms("2026-12-07T18:00:00Z")
    assert window_label(date(2026, 12, 6), "Europe/London", EVENING) == (
        "Sun 06 Dec 18:00 → Mon 07 Dec 18:00"
    )


def test_midnight_day_start_is_the_calendar_day() -> None:
    assert day_window(date(2026, 12, 6), "UTC", time(0, 0)) == day_window(date(2026, 12, 6), "UTC")
    assert window_label(date(2026, 12, 6), "UTC") == "Sun 2026-12-06"


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2026, 3, 28), 23),  # 18:00 GMT Sat -> 18:00 BST Sun: the clocks went forward
        (date(2026, 10, 24), 25),  # 18:00 BST Sat -> 18:00 GMT Sun: the clocks went back
        (date(2026, 3, 29), 24),
    ],
)
def test_shift_days_across_dst_are_23_or_25_hours(day: date, hours: int) -> None:
    assert day_window(day, "Europe/London", EVENING).duration_ms == hours * HOUR


def test_a_day_start_skipped_by_dst_uses_the_earlier_offset() -> None:
    # 01:30 does not exist in London on 29 March 2026 (01:00 GMT -> 02:00 BST).
    window = day_window(date(2026, 3, 28), "Europe/London", time(1, 30))
    assert window.start_ms == parse_time_ms("2026-03-28T01:30:00Z")
    assert window.end_ms == parse_time_ms("2026-03-29T01:30:00Z")  # 02:30 BST
    assert window.duration_ms == 24 * HOUR


def test_an_instant_before_day_start_belongs_to_the_day_before() -> None:
    assert day_of(parse_time_ms("2026-12-07T02:00:00Z"), "UTC", EVENING) == date(2026, 12, 6)
    assert day_of(parse_time_ms("2026-12-07T18:00:00Z"), "UTC", EVENING) == date(2026, 12, 7)
    assert day_of(parse_time_ms("2026-12-07T02:00:00Z"), "UTC") == date(2026, 12, 7)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 400))
def test_day_windows_tile_the_timeline(hour: int, minute: int, offset: int) -> None:
    """Consecutive shift days touch exactly, and every instant of one is in that day."""
    start = time(hour, minute)
    day = date(2026, 1, 1) + timedelta(days=offset)
    window = day_window(day, "America/New_York", start)
    following = day_window(day + timedelta(days=1), "America/New_York", start)
    assert window.end_ms == following.start_ms
    assert 22 * HOUR <= window.duration_ms <= 26 * HOUR
    assert day_of(window.start_ms, "America/New_York", start) == day
    assert day_of(window.end_ms - 1, "America/New_York", start) == day


# -- day_start text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18:00", time(18)), ("00:00", time(0)), (" 7:05 ", time(7, 5)), ("23:59", time(23, 59))],
)
def test_day_start_reads_hh_mm(text: str, expected: time) -> None:
    assert parse_day_start(text) == expected


@pytest.mark.parametrize(
    "text", ["24:00", "18", "18:0", "18:60", "6pm", "", "-1:00", "18:00:00", "１８:００", "1 8:00"]
)
def test_a_bad_day_start_names_the_key_and_the_form(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_day_start(text, what="--day-start")
    assert "--day-start" in caught.value.message and "HH:MM" in caught.value.message


@given(st.text(max_size=12))
def test_day_start_never_fails_any_other_way(text: str) -> None:
    try:
        parsed = parse_day_start(text)
    except InputError as error:
        assert "HH:MM" in error.message
    else:
        assert parse_day_start(day_start_text(parsed)) == parsed


# -- ranges -----------------------------------------------------------------------------------


def test_a_week_and_the_week_before_it() -> None:
    week = week_ending(date(2026, 12, 6), "UTC")
    assert week.days == 7 and week.first == date(2026, 11, 30)
    assert week.previous() == DayRange(date(2026, 11, 23), date(2026, 11, 29), "UTC")
    windows = week.day_windows()
    assert windows[0].start_ms == week.window().start_ms
    assert windows[-1].end_ms == week.window().end_ms
    assert all(a.end_ms == b.start_ms for a, b in pairwise(windows))
    assert week.label() == "Mon 30 Nov → Sun 06 Dec 2026 (7 days)"


def test_ranges_longer_than_31_days_or_backwards_are_refused() -> None:
    first = date(2026, 10, 1)
    assert day_range(first, first + timedelta(days=MAX_RANGE_DAYS - 1), "UTC").days == 31
    with pytest.raises(InputError, match="32 days; day by day shows at most 31 days"):
        day_range(first, first + timedelta(days=MAX_RANGE_DAYS), "UTC")
    with pytest.raises(InputError, match="is before"):
        day_range(first, first - timedelta(days=1), "UTC")


# -- the range analysis -----------------------------------------------------------------------

WORLD = World()
NOW_MS = int(datetime(2026, 12, 4, 12, 0, tzinfo=UTC).timestamp() * 1000)


def _range_days(days: DayRange, *, now_ms: int = NOW_MS) -> tuple[RangeDay, ...]:
    """Each day analysed as the day view does: its own window, complete to now − 1 h."""
    options = AnalysisOptions(build_timelines=False, build_details=False)
    result = []
    for day, window in zip(days.dates(), days.day_windows(), strict=True):
        records = WORLD.records(window.start_ms - 12 * HOUR, min(window.end_ms, now_ms))
        report = analyze(
            records, window, data_complete_to_ms=now_ms - HOUR, options=options, now_ms=now_ms
        )
        result.append(RangeDay(day, report))
    return tuple(result)


def test_range_sums_are_the_sums_of_the_day_reports() -> None:
    days = _range_days(DayRange(date(2026, 11, 30), date(2026, 12, 4), "UTC"))
    figures = range_figures(days)
    expected = sum(a.totals.logged_in_ms for d in days if d.report for a in d.report.agents)
    assert figures.totals.logged_in_ms == expected > 0
    assert figures.days == 5 and figures.loaded_days == 5
    assert figures.final_days == 4  # the 4th of December is still arriving at noon
    assert not figures.final
    assert figures.agents == len(
        {a.agent.agent_id for d in days if d.report for a in d.report.agents}
    )


def test_a_team_day_is_the_day_views_team_totals() -> None:
    days = _range_days(DayRange(date(2026, 12, 1), date(2026, 12, 2), "UTC"))
    for range_day in days:
        assert range_day.report is not None
        for group in range_day.report.groups:
            (row,) = scope_days((range_day,), group_id=group.group_id)
            assert row.totals == group.totals
            assert row.agents == group.agents


def test_one_agents_scope_and_trend_marks() -> None:
    days = _range_days(DayRange(date(2026, 11, 25), date(2026, 12, 4), "UTC"))
    (first_agent, *_rest) = agent_ranges(days)
    agent_id = first_agent.info.agent_id
    (only,) = agent_ranges(days, agent_id=agent_id)
    assert only.info.agent_id == agent_id
    final_days = [row for row in only.days if row.final and row.activity.totals.logged_in_ms]
    assert only.mean_logged_in_ms == sum(r.activity.totals.logged_in_ms for r in final_days) // len(
        final_days
    )
    for row in only.days:
        if row.final:
            assert row.trend == trend_mark(row.activity.totals.logged_in_ms, only.mean_logged_in_ms)
        else:
            assert row.trend == ""  # a day still arriving gets no mark
    assert [r.day for r in only.days] == sorted(r.day for r in only.days)


def test_trend_marks_are_ten_percent_either_side_of_the_mean() -> None:
    assert trend_mark(110, 100) == TREND_UP
    assert trend_mark(109, 100) == TREND_LEVEL
    assert trend_mark(91, 100) == TREND_LEVEL
    assert trend_mark(90, 100) == TREND_DOWN
    assert trend_mark(50, None) == TREND_LEVEL


def test_a_night_shift_is_one_row_with_shift_days() -> None:
    """The simulated Night Desk works 22:00-06:00 UTC: two halves by calendar day, one row
    by 18:00 shift day."""
    night_desk = next(team.group_id for team in WORLD.teams if team.name == "Night Desk")
    calendar = agent_ranges(
        _range_days(DayRange(date(2026, 12, 1), date(2026, 12, 2), "UTC")), group_id=night_desk
    )
    shifts = agent_ranges(
        _range_days(DayRange(date(2026, 12, 1), date(2026, 12, 2), "UTC", EVENING)),
        group_id=night_desk,
    )
    zone = "UTC"
    for agent in shifts:
        for row in agent.days:
            activity = row.activity
            if activity.first_login_ms is None or activity.last_logout_ms is None:
                continue
            window = day_window(row.day, zone, EVENING)
            assert window.start_ms <= activity.first_login_ms < activity.last_logout_ms
            assert activity.last_logout_ms < window.end_ms  # the whole shift in one day
    split = [
        row
        for agent in calendar
        for row in agent.days
        if row.activity.first_login_ms is not None and row.activity.last_logout_ms is None
    ]
    assert split  # by calendar day a shift still open at midnight has no logout that day


def test_nothing_loaded_is_not_final() -> None:
    report = empty_range_report(week_ending(date(2026, 12, 6), "UTC"))
    assert report.loaded_days == 0 and not report.final
    figures = range_figures(report.days)
    assert figures.loaded_days == 0 and figures.totals == add_totals(())


def test_a_range_still_arriving_is_compared_over_its_final_days_only() -> None:
    days = _range_days(DayRange(date(2026, 11, 28), date(2026, 12, 4), "UTC"))
    before = _range_days(DayRange(date(2026, 11, 21), date(2026, 11, 27), "UTC"))
    compared, previous = like_for_like(days, before)
    assert [d.day for d in compared] == [date(2026, 11, 28) + timedelta(days=i) for i in range(6)]
    assert [d.day for d in previous] == [date(2026, 11, 21) + timedelta(days=i) for i in range(6)]
    whole, whole_before = like_for_like(before, before)
    assert len(whole) == len(whole_before) == 7  # every day final: the whole ranges


def test_stepping_a_range_keeps_its_length_and_never_passes_today() -> None:
    week = DayRange(date(2026, 11, 24), date(2026, 11, 30), "UTC", EVENING)
    today = date(2026, 12, 5)
    assert week.stepped(-1, today) == DayRange(
        date(2026, 11, 17), date(2026, 11, 23), "UTC", EVENING
    )
    assert week.stepped(1, today) == DayRange(date(2026, 11, 29), today, "UTC", EVENING)
    assert week.stepped(2, today) is None  # would start after today
    assert week.ending(today).days == 7 and week.ending(today).last == today
