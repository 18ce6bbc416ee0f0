"""Sync planning: look-back, first sight, trailing re-fetch, gaps, final data, the future."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from tests.store.fakes import DAY, HOUR, T0
from tui.store.planning import (
    FetchedRange,
    SyncPolicy,
    data_complete_to,
    last_fetched_at,
    merge_spans,
    plan_fetch,
    subtract_spans,
)

POLICY = SyncPolicy(lookback_ms=12 * HOUR, trailing_refetch_ms=2 * HOUR, lag_allowance_ms=HOUR)
MINUTE = 60_000


def fetched(start: int, end: int, at: int, *, complete: bool = True) -> FetchedRange:
    return FetchedRange(start, end, at, at - POLICY.lag_allowance_ms, complete)


def test_first_sight_fetches_the_window_and_look_back_up_to_now() -> None:
    now = T0 + 13 * HOUR
    assert plan_fetch(T0, T0 + DAY, now_ms=now, ranges=[], policy=POLICY) == [(T0 - 12 * HOUR, now)]


def test_a_past_day_is_fetched_whole_then_never_again() -> None:
    now = T0 + 3 * DAY
    first = plan_fetch(T0, T0 + DAY, now_ms=now, ranges=[], policy=POLICY)
    assert first == [(T0 - 12 * HOUR, T0 + DAY)]
    ranges = [fetched(*first[0], at=now)]
    assert plan_fetch(T0, T0 + DAY, now_ms=now + 5 * MINUTE, ranges=ranges, policy=POLICY) == []
    later = now + 30 * DAY
    assert plan_fetch(T0, T0 + DAY, now_ms=later, ranges=ranges, policy=POLICY) == []


def test_a_future_window_fetches_nothing() -> None:
    now = T0
    assert plan_fetch(T0 + DAY, T0 + 2 * DAY, now_ms=now, ranges=[], policy=POLICY) == []
    assert plan_fetch(T0 + 2 * DAY, T0 + 3 * DAY, now_ms=now, ranges=[], policy=POLICY) == []


def test_steady_refresh_fetches_the_unsettled_hour_and_the_minutes_that_settle() -> None:
    first_at = T0 + 13 * HOUR
    ranges = [fetched(T0 - 12 * HOUR, first_at, first_at)]
    now = first_at + 5 * MINUTE
    plan = plan_fetch(T0, T0 + DAY, now_ms=now, ranges=ranges, policy=POLICY)
    # Final before first_at - 2 h; complete (seen) before first_at - 1 h (the lag).
    # Settling: [first_at - 2 h, now - 2 h) = 5 min; arriving: [first_at - 1 h, now) = 65 min.
    assert plan == [(first_at - 2 * HOUR, now - 2 * HOUR), (first_at - HOUR, now)]
    assert sum(e - s for s, e in plan) == 70 * MINUTE


def test_every_instant_is_fetched_once_settled_before_it_counts_as_final() -> None:
    """Each minute is fetched after it is older than the lag and again after the trailing window."""
    ranges: list[FetchedRange] = []
    now = T0 + 9 * HOUR
    for _ in range(60):
        plan = plan_fetch(T0, T0 + DAY, now_ms=now, ranges=ranges, policy=POLICY)
        ranges.extend(fetched(start, end, now) for start, end in plan)
        now += 5 * MINUTE
    for minute in range(T0 + 9 * HOUR, now - 2 * HOUR - 5 * MINUTE, MINUTE):
        holders = [r for r in ranges if r.start_ms <= minute < r.end_ms]
        assert any(minute < r.data_complete_to_ms for r in holders)
        assert any(minute < r.fetched_at_ms - POLICY.settle_ms for r in holders)


def test_refreshes_never_refetch_final_data() -> None:
    ranges: list[FetchedRange] = []
    now = T0 + 9 * HOUR
    fetched_spans = []
    for _ in range(20):
        plan = plan_fetch(T0, T0 + DAY, now_ms=now, ranges=ranges, policy=POLICY)
        fetched_spans.extend(plan)
        ranges.extend(fetched(start, end, now) for start, end in plan)
        now += 5 * MINUTE
    starts = [start for start, _ in fetched_spans[1:]]
    assert all(start >= T0 + 9 * HOUR - 2 * HOUR for start in starts)
    assert all(end - start <= HOUR + 5 * MINUTE for start, end in fetched_spans[1:])


def test_a_gap_after_a_long_pause_is_fetched_with_the_trailing_window() -> None:
    first_at = T0 + 8 * HOUR
    ranges = [fetched(T0 - 12 * HOUR, first_at, first_at)]
    now = first_at + 5 * HOUR
    plan = plan_fetch(T0, T0 + DAY, now_ms=now, ranges=ranges, policy=POLICY)
    # Not final: from first_at - 2 h on; not seen complete: from first_at - 1 h on. One span.
    assert plan == [(first_at - 2 * HOUR, now)]


def test_the_next_day_fetches_only_what_the_previous_day_left_open() -> None:
    now = T0 + DAY + 10 * HOUR
    ranges = [fetched(T0 - 12 * HOUR, T0 + DAY, T0 + DAY + 9 * HOUR)]
    plan = plan_fetch(T0 + 2 * DAY, T0 + 3 * DAY, now_ms=now, ranges=ranges, policy=POLICY)
    assert plan == []  # a future day
    plan = plan_fetch(T0 + DAY, T0 + 2 * DAY, now_ms=now, ranges=ranges, policy=POLICY)
    assert plan == [(T0 + DAY, now)]


def test_an_interrupted_range_counts_for_nothing() -> None:
    now = T0 + 13 * HOUR
    ranges = [fetched(T0 - 12 * HOUR, T0 + 13 * HOUR, T0 + 13 * HOUR, complete=False)]
    plan = plan_fetch(T0, T0 + DAY, now_ms=now + MINUTE, ranges=ranges, policy=POLICY)
    assert plan == [(T0 - 12 * HOUR, now + MINUTE)]


def test_data_complete_to_follows_unbroken_complete_data_from_the_window_start() -> None:
    assert data_complete_to(T0, []) is None
    day = [fetched(T0 - 12 * HOUR, T0 + 13 * HOUR, T0 + 13 * HOUR)]
    assert data_complete_to(T0, day) == T0 + 12 * HOUR
    refreshed = [*day, fetched(T0 + 11 * HOUR, T0 + 14 * HOUR, T0 + 14 * HOUR)]
    assert data_complete_to(T0, refreshed) == T0 + 13 * HOUR
    past = [fetched(T0 - 12 * HOUR, T0 + DAY, T0 + 3 * DAY)]
    assert data_complete_to(T0, past) == T0 + DAY
    just_started = [fetched(T0 - 12 * HOUR, T0 + 10 * MINUTE, T0 + 10 * MINUTE)]
    assert data_complete_to(T0, just_started) == T0 + 10 * MINUTE - HOUR
    interrupted = [fetched(T0 - 12 * HOUR, T0 + DAY, T0 + 3 * DAY, complete=False)]
    assert data_complete_to(T0, interrupted) is None


def test_last_fetched_at_is_the_newest_complete_fetch_touching_the_span() -> None:
    ranges = [
        fetched(T0, T0 + HOUR, T0 + 2 * HOUR),
        fetched(T0, T0 + HOUR, T0 + 3 * HOUR, complete=False),
        fetched(T0 + 5 * DAY, T0 + 6 * DAY, T0 + 7 * DAY),
    ]
    assert last_fetched_at(T0, T0 + DAY, ranges) == T0 + 2 * HOUR
    assert last_fetched_at(T0 + 2 * DAY, T0 + 3 * DAY, ranges) is None


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 200)).map(lambda p: (min(p), max(p))),
    max_size=8,
)


@given(spans, spans)
def test_span_arithmetic_matches_sets_of_instants(
    base: list[tuple[int, int]], removed: list[tuple[int, int]]
) -> None:
    def instants(items: list[tuple[int, int]]) -> set[int]:
        return {t for start, end in items for t in range(start, end)}

    merged = merge_spans(base)
    assert instants(merged) == instants(base)
    assert all(a[1] < b[0] for a, b in pairwise(merged))
    assert instants(subtract_spans(base, removed)) == instants(base) - instants(removed)
