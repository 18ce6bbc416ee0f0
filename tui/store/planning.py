"""What to fetch for a window, and how complete the stored data is: pure interval arithmetic.

The API reports a record up to ``lag`` after it happened, so a fetch started at ``F`` is complete
only for records before ``F - lag`` (its ``data_complete_to``, what analysis trusts). A stored
record may still change a little later than that (the API fills in the real ``sessionId`` after
the record first appears), so data is *final*, never fetched again, only before
``F - max(lag, trailing re-fetch window)``.

On first sight the whole window is fetched. Afterwards a refresh fetches only what can still have
changed: inside the trailing window, what no complete fetch has seen yet (from the previous
fetch's ``data_complete_to`` up to now); before it, what is not final yet — in the steady state the
few minutes that cross the trailing-window edge since the previous refresh and so get their last,
final fetch. Every record is thus fetched while it arrives and once more when it settles, and a
5-minute refresh asks for about 70 minutes of data rather than the whole trailing window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]
"""A half-open ``[start_ms, end_ms)`` range of epoch milliseconds."""


@dataclass(frozen=True)
class FetchedRange:
    """One fetch of ``[start_ms, end_ms)`` started at ``fetched_at_ms``.

    ``complete`` is true only once every page of the range is stored; a range interrupted by a
    crash, a cancel or an API failure stays incomplete and counts for nothing.
    """

    start_ms: int
    end_ms: int
    fetched_at_ms: int
    data_complete_to_ms: int
    complete: bool

    def complete_span(self) -> Span | None:
        """The part of the range whose records were all there when it was fetched, if any."""
        end = min(self.end_ms, self.data_complete_to_ms)
        return (self.start_ms, end) if end > self.start_ms else None

    def final_span(self, settle_ms: int) -> Span | None:
        """The part of the range that can no longer change (older than ``settle_ms`` at fetch)."""
        end = min(self.end_ms, self.fetched_at_ms - settle_ms)
        return (self.start_ms, end) if end > self.start_ms else None


@dataclass(frozen=True)
class SyncPolicy:
    """The settings that shape a sync, in milliseconds."""

    lookback_ms: int = 12 * 3_600_000
    trailing_refetch_ms: int = 2 * 3_600_000
    lag_allowance_ms: int = 3_600_000

    @property
    def settle_ms(self) -> int:
        """How long after its time a record may still change: older data is final."""
        return max(self.lag_allowance_ms, self.trailing_refetch_ms)

    def lookback_start(self, window_start_ms: int) -> int:
        """Where the records a window needs begin: its start minus the look-back (an agent's
        state at the window start comes from what happened before it)."""
        return window_start_ms - self.lookback_ms


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans covering the same instants (touching spans join)."""
    merged: list[Span] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_spans(base: Iterable[Span], removed: Iterable[Span]) -> list[Span]:
    """The instants of ``base`` not in ``removed``."""
    cuts = merge_spans(removed)
    result: list[Span] = []
    for start, end in merge_spans(base):
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_end <= cursor or cut_start >= end:
                continue
            if cut_start > cursor:
                result.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def wanted_span(window_start_ms: int, window_end_ms: int, now_ms: int, policy: SyncPolicy) -> Span:
    """The window plus its look-back, never reaching into the future (may be empty)."""
    start = policy.lookback_start(window_start_ms)
    return (start, max(start, min(window_end_ms, now_ms)))


def plan_fetch(
    window_start_ms: int,
    window_end_ms: int,
    *,
    now_ms: int,
    ranges: Sequence[FetchedRange],
    policy: SyncPolicy,
) -> list[Span]:
    """The spans to fetch so the window (and its look-back) is as complete as it can be now.

    Before the trailing window: everything not final yet (on first sight the whole window; in
    the steady state the minutes that settle with this refresh). Inside it: everything no
    complete fetch has covered up to its ``data_complete_to``. Final data is never fetched again,
    and nothing after now is. Incomplete (interrupted) ranges count for nothing.
    """
    start, end = wanted_span(window_start_ms, window_end_ms, now_ms, policy)
    if end <= start:
        return []
    complete = [r for r in ranges if r.complete]
    final = [span for r in complete if (span := r.final_span(policy.settle_ms)) is not None]
    seen = [span for r in complete if (span := r.complete_span()) is not None]
    trailing_start = min(end, max(start, now_ms - policy.trailing_refetch_ms))
    settling = subtract_spans([(start, trailing_start)], final)
    arriving = subtract_spans([(trailing_start, end)], seen)
    return merge_spans(settling + arriving)


def data_complete_to(window_start_ms: int, ranges: Sequence[FetchedRange]) -> int | None:
    """Up to which instant the stored data for a window starting here is complete.

    The end of the complete data that runs unbroken from the window start; when the start is stored
    but not yet final, the newest ``data_complete_to`` of the complete ranges holding it (an
    instant before the window start: everything in the window is still pending); ``None`` when
    no complete fetch holds the window start.
    """
    complete = [r for r in ranges if r.complete]
    for start, end in merge_spans(s for r in complete if (s := r.complete_span()) is not None):
        if start <= window_start_ms < end:
            return end
    holding = [r.data_complete_to_ms for r in complete if r.start_ms <= window_start_ms < r.end_ms]
    return max(holding) if holding else None


def last_fetched_at(start_ms: int, end_ms: int, ranges: Sequence[FetchedRange]) -> int | None:
    """When the newest complete fetch touching ``[start_ms, end_ms)`` started, if any."""
    times = [
        r.fetched_at_ms
        for r in ranges
        if r.complete and r.start_ms < end_ms and r.end_ms > start_ms
    ]
    return max(times) if times else None
