"""Day windows in IANA zones (DST days are 23 h / 25 h), splitting, and command-line times."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from tests.analysis.builders import HOUR, ONLINE, login, logout, only_agent, report_of, state
from tui.api.parsing import parse_time_ms
from tui.core.clock import FakeClock
from tui.core.errors import InputError
from tui.core.windows import (
    Window,
    day_window,
    format_instant,
    parse_instant,
    split_days,
    today,
    window_from_arguments,
)


def test_new_york_spring_forward_day_is_23_hours() -> None:
    window = day_window(date(2026, 3, 8), "America/New_York")
    assert window.start_ms == parse_time_ms("2026-03-08T05:00:00Z")  # 00:00 EST (UTC-5)
    assert window.end_ms == parse_time_ms("2026-03-09T04:00:00Z")  # 00:00 EDT (UTC-4)
    assert window.duration_ms == 23 * HOUR


def test_london_fall_back_day_is_25_hours() -> None:
    window = day_window(date(2026, 10, 25), "Europe/London")
    assert window.start_ms == parse_time_ms("2026-10-24T23:00:00Z")  # 00:00 BST
    assert window.end_ms == parse_time_ms("2026-10-26T00:00:00Z")  # 00:00 GMT
    assert window.duration_ms == 25 * HOUR


def test_agent_online_all_dst_days_gets_the_day_length() -> None:
    def online_all_day(window: Window) -> int:
        minutes_before = (window.start_ms - parse_time_ms("2026-03-02T00:00:00Z")) / 60_000
        records = [
            login(minutes_before - 60),
            state(minutes_before - 60, ONLINE),
            logout(minutes_before + 30 * 60),
        ]
        return only_agent(report_of(records, window)).totals.online_ms

    assert online_all_day(day_window(date(2026, 3, 8), "America/New_York")) == 23 * HOUR
    assert online_all_day(day_window(date(2026, 10, 25), "Europe/London")) == 25 * HOUR
    assert online_all_day(day_window(date(2026, 3, 29), "Europe/London")) == 23 * HOUR


def test_split_days_cuts_at_local_midnights_and_covers_the_range() -> None:
    start = day_window(date(2026, 3, 7), "America/New_York").start_ms
    end = day_window(date(2026, 3, 9), "America/New_York").end_ms
    pieces = split_days(Window(start, end, "America/New_York"))
    assert [piece.duration_ms for piece in pieces] == [24 * HOUR, 23 * HOUR, 24 * HOUR]
    assert pieces[0].start_ms == start and pieces[-1].end_ms == end
    assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(pieces))


def test_split_days_of_a_range_starting_mid_day() -> None:
    start = parse_time_ms("2026-03-02T18:00:00Z")
    end = parse_time_ms("2026-03-03T06:00:00Z")
    pieces = split_days(Window(start, end, "UTC"))
    assert [(p.start_ms, p.end_ms) for p in pieces] == [
        (start, parse_time_ms("2026-03-03T00:00:00Z")),
        (parse_time_ms("2026-03-03T00:00:00Z"), end),
    ]


def test_today_uses_the_zone() -> None:
    clock = FakeClock(parse_time_ms("2026-03-02T03:00:00Z"))
    assert today("UTC", clock) == date(2026, 3, 2)
    assert today("America/New_York", clock) == date(2026, 3, 1)


def test_format_instant_has_the_offset() -> None:
    instant = parse_time_ms("2026-07-01T12:00:00Z")
    assert format_instant(instant, "Europe/London") == "2026-07-01T13:00:00+01:00"
    assert format_instant(instant + 5, "UTC") == "2026-07-01T12:00:00.005+00:00"


def test_window_from_arguments() -> None:
    assert window_from_arguments(None, None, None, "UTC") is None
    assert window_from_arguments("2026-03-08", None, None, "America/New_York") == day_window(
        date(2026, 3, 8), "America/New_York"
    )
    both_days = window_from_arguments(None, "2026-03-01", "2026-03-02", "UTC")
    assert both_days == Window(
        parse_time_ms("2026-03-01T00:00:00Z"), parse_time_ms("2026-03-03T00:00:00Z"), "UTC"
    )
    exact = window_from_arguments(None, "2026-03-01T09:00:00Z", "2026-03-01T11:00", "Europe/Paris")
    assert exact == Window(
        parse_time_ms("2026-03-01T09:00:00Z"),
        parse_time_ms("2026-03-01T10:00:00Z"),  # 11:00 in Paris (UTC+1 in March)
        "Europe/Paris",
    )


@pytest.mark.parametrize(
    ("date_text", "from_text", "to_text", "tz", "fragment"),
    [
        ("2026-13-01", None, None, "UTC", "--date"),
        ("2026-03-01", "2026-03-01", None, "UTC", "either --date"),
        (None, "2026-03-01", None, "UTC", "go together"),
        (None, "2026-03-02", "2026-03-01T00:00:00Z", "UTC", "not after"),
        (None, "yesterday", "2026-03-01", "UTC", "--from"),
        (None, None, None, "Mars/Olympus", "unknown time zone"),
    ],
)
def test_window_argument_errors(
    date_text: str | None, from_text: str | None, to_text: str | None, tz: str, fragment: str
) -> None:
    with pytest.raises(InputError, match=fragment):
        window_from_arguments(date_text, from_text, to_text, tz)


def test_parse_instant_local_time_uses_the_zone() -> None:
    assert parse_instant("2026-07-01T09:00", "Europe/London", what="--from") == parse_time_ms(
        "2026-07-01T08:00:00Z"
    )
