"""Pure pieces of the monitor: freshness wording, the filter, date input, staffing glyphs."""

from __future__ import annotations

from datetime import date

import pytest

from tui.analysis.model import StaffingSlot
from tui.core.source_contract import LoadFailure, SyncProgress
from tui.ui.filtering import TextFilter
from tui.ui.freshness import Freshness
from tui.ui.screens.date_picker import parse_day
from tui.ui.widgets.staffing import PENDING_GLYPH, bar_glyph, bucket_slots

MINUTE = 60_000
NOW = 1_795_534_920_000  # 2026-11-24 15:42 UTC


def freshness(**changes: object) -> Freshness:
    values: dict[str, object] = {
        "source_label": "demo",
        "day": date(2026, 11, 24),
        "timezone": "UTC",
        "now_ms": NOW,
        "refresh_interval_s": 300,
        "data_complete_to_ms": NOW - 60 * MINUTE,
        "fetched_at_ms": NOW - 3 * MINUTE,
        "next_refresh_ms": NOW + 2 * MINUTE,
    }
    values.update(changes)
    return Freshness(**values)  # type: ignore[arg-type]


def test_clocks_line_names_both_clocks_and_the_next_refresh() -> None:
    line = freshness().clocks_line()
    assert line == "data complete to 14:42 · fetched 15:39 (3 min ago) · next refresh 15:44"


def test_stale_after_two_refresh_intervals_not_before() -> None:
    assert not freshness(fetched_at_ms=NOW - 10 * MINUTE).stale
    stale = freshness(fetched_at_ms=NOW - 10 * MINUTE - 1)
    assert stale.stale
    assert "not refreshed" in stale.stale_line()


def test_a_failed_refresh_is_stale_and_says_why() -> None:
    state = freshness(failure=LoadFailure("Throttled", "429 from LivePerson", NOW))
    assert state.stale
    assert state.stale_line() == "STALE · refresh failed at 15:42: Throttled: 429 from LivePerson"


def test_paused_and_fetching_replace_the_next_refresh() -> None:
    assert freshness(paused=True).clocks_line().endswith("refresh paused")
    fetching = freshness(fetching=True, progress=SyncProgress(3, 4, 300))
    assert fetching.clocks_line().endswith("refreshing now")
    assert fetching.progress_fraction() == 0.75


def test_nothing_fetched_yet() -> None:
    line = freshness(fetched_at_ms=None, data_complete_to_ms=None, fetching=True).clocks_line()
    assert line.startswith("nothing of this day complete yet · fetching…")


def test_a_final_day_says_final_with_no_clock_and_no_countdown() -> None:
    # the day before, fetched today 15:39: its data is complete to its end
    line = freshness(day=date(2026, 11, 23), final=True).clocks_line()
    assert line == "final · fetched Tue 11-24 15:39 (3 min ago)"


def test_a_complete_to_instant_on_another_day_carries_its_date() -> None:
    # viewing 2026-11-25 while the data of the day before is complete to 14:42 on 11-24
    line = freshness(day=date(2026, 11, 25)).clocks_line()
    assert line.startswith("data complete to Tue 11-24 14:42 · fetched Tue 11-24 15:39")


def test_cached_figures_while_not_fetching_are_marked_partial() -> None:
    assert "partial" in freshness(partial=True).clocks_line().split(" · ")
    assert "partial" not in freshness(partial=True, fetching=True).clocks_line().split(" · ")


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("ava", ["Ava Costa"], True),
        ("^ava c", ["Ava Costa"], True),
        ("!ava", ["Ava Costa"], False),
        ("!ava", ["Ben Adams"], True),
        ("lunch|break", ["x", "Break"], True),
        ("a[", ["a[b"], True),  # not a valid regex: substring
        ("", ["anything"], True),
        ("E102", [None, "E10251"], True),
    ],
)
def test_filter(text: str, fields: list[str | None], expected: bool) -> None:
    assert TextFilter.parse(text).matches(fields) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        (" today ", date(2026, 11, 24)),
        ("2026-11-25", "future"),
        ("2025-01-01", "6 months"),
        ("2026-05-24", date(2026, 5, 24)),  # 6 calendar months back is the oldest day
        ("2026-05-23", "6 months"),
        ("20/11/2026", "YYYY-MM-DD"),
        ("yesterday", date(2026, 11, 23)),  # 2026-11-24 is a Tuesday
        ("Y", date(2026, 11, 23)),
        ("-7", date(2026, 11, 17)),
        ("mon", date(2026, 11, 23)),
        ("Tuesday", date(2026, 11, 24)),  # today counts as the latest Tuesday
        ("wed", date(2026, 11, 18)),
        ("su", "esc cancels"),  # too short to name a weekday
        ("-400", "6 months"),
    ],
)
def test_parse_day(text: str, expected: date | str) -> None:
    result = parse_day(text, today=date(2026, 11, 24))
    if isinstance(expected, date):
        assert result == expected
    else:
        assert isinstance(result, str) and expected in result


def test_staffing_buckets_merge_slots_to_fit_and_keep_pending() -> None:
    slots = [
        StaffingSlot(i * 15 * MINUTE, (i + 1) * 15 * MINUTE, float(i), 0, 0, pending=i >= 6)
        for i in range(8)
    ]
    cells = bucket_slots(slots, 4)
    assert cells == [(0.5, False), (2.5, False), (4.5, False), (6.5, True)]
    assert bar_glyph(0, 4) == " "
    assert bar_glyph(0.01, 4) == "▁"
    assert bar_glyph(4, 4) == "█"
    assert PENDING_GLYPH == "░"


def test_durations_round_to_the_nearest_minute_and_parts_add_up() -> None:
    from tui.ui import format as fmt

    second = 1000
    # online 52m40s + occupied 60m20s + away 12m10s + offline 0 = 125m10s logged in -> 2h05.
    # Rounded down each (52m + 1h00 + 12m + 0m) they made 2h04 under a 2h05 total; by largest
    # remainder the missing minute goes to online (40 s left over): 53m + 1h00 + 12m + 0m = 2h05.
    parts = [52 * MINUTE + 40 * second, 60 * MINUTE + 20 * second, 12 * MINUTE + 10 * second, 0]
    total = sum(parts)
    assert fmt.duration(total) == "2h05"
    minutes = fmt.parts_adding_up(total, parts)
    assert minutes == [53, 60, 12, 0]
    assert sum(minutes) == fmt.rounded_minutes(total) == 125
    assert fmt.duration(29 * second) == "0m" and fmt.duration(30 * second) == "1m"


def test_staffing_slots_that_have_not_happened_are_blank() -> None:
    from tui.ui.widgets.staffing import bucket_not_yet

    slots = [
        StaffingSlot(0, 1, 1.0, 0.0, 0.0),
        StaffingSlot(1, 2, 0.0, 0.0, 0.0, pending=True),
        StaffingSlot(2, 3, 0.0, 0.0, 0.0, pending=True, not_yet=True),
        StaffingSlot(3, 4, 0.0, 0.0, 0.0, pending=True, not_yet=True),
    ]
    assert bucket_not_yet(slots, 4) == [False, False, True, True]
    assert bucket_not_yet(slots, 2) == [False, True]  # a cell is blank only when all of it is
