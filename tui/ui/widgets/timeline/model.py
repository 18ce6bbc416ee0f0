"""Pure arithmetic of the timeline: time cells, zoom and pan, and which state a cell shows.

No Textual here, so every rule can be tested directly. A *view* maps ``columns`` terminal cells
onto ``[start_ms, start_ms + span_ms)``; cell ``i`` covers ``[edge(i), edge(i + 1))`` with
``edge(i) = start_ms + ceil(span_ms * i / columns)``, so :meth:`TimeView.column_at` is the exact
inverse of the edges (no instant belongs to two cells).

A cell shows the state that covers most of it. On a tie the "worst" state wins, in the order of
:data:`TIE_ORDER` (away, offline, other, unknown, occupied, online, provisional, pending,
logged out, not yet): a lead would rather see a short away than miss it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tui.analysis.model import Interval
from tui.core.records import State

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS

ZOOM_SPANS_MS: tuple[int | None, ...] = (None, 4 * HOUR_MS, HOUR_MS)
"""Zoom levels from widest to narrowest; ``None`` is the whole window (the day)."""
ZOOM_NAMES: tuple[str, ...] = ("day", "4 h", "1 h")

TIE_ORDER: tuple[State, ...] = (
    State.AWAY,
    State.OFFLINE,
    State.OTHER,
    State.UNKNOWN,
    State.OCCUPIED,
    State.ONLINE,
    State.PROVISIONAL,
    State.PENDING,
    State.LOGGED_OUT,
    State.NOT_YET,
)
"""Which state a cell shows when two cover it equally: the earlier in this tuple."""
_TIE_RANK = {state: rank for rank, state in enumerate(TIE_ORDER)}


@dataclass(frozen=True, slots=True)
class Cell:
    """What one time cell of one agent shows.

    ``state`` is ``None`` where no interval covers the cell (outside the analysed window);
    ``interval_index`` names the interval of the shown state that overlaps the cell most.
    """

    state: State | None
    reason: str | None = None
    interval_index: int = -1


EMPTY_CELL = Cell(None)


@dataclass(frozen=True, slots=True)
class TimeView:
    """``columns`` cells over ``[start_ms, start_ms + span_ms)``, inside a window."""

    window_start_ms: int
    window_end_ms: int
    start_ms: int
    span_ms: int
    columns: int

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.span_ms

    def edge(self, column: int) -> int:
        """Where cell ``column`` starts (``edge(columns)`` is the view end)."""
        return self.start_ms + -(-self.span_ms * column // self.columns)

    def column_at(self, time_ms: int) -> int | None:
        """The cell holding ``time_ms``, or ``None`` when it is outside the view."""
        if self.columns <= 0 or not self.start_ms <= time_ms < self.end_ms:
            return None
        return (time_ms - self.start_ms) * self.columns // self.span_ms


def mark_columns(marks: Sequence[int], view: TimeView) -> set[int]:
    """The cells of ``view`` holding at least one of the instants ``marks``."""
    columns = (view.column_at(mark) for mark in marks)
    return {column for column in columns if column is not None}


def span_columns(spans: Sequence[tuple[int, int]], view: TimeView) -> set[int]:
    """The cells of ``view`` that some ``[start, end)`` of ``spans`` overlaps (the scheduled
    band: a cell partly inside a shift is drawn as scheduled)."""
    columns: set[int] = set()
    for start_ms, end_ms in spans:
        low, high = max(start_ms, view.start_ms), min(end_ms, view.end_ms)
        if high <= low:
            continue
        first, last = view.column_at(low), view.column_at(high - 1)
        if first is not None and last is not None:
            columns.update(range(first, last + 1))
    return columns


def span_for_zoom(zoom: int, window_span_ms: int) -> int:
    """The span shown at zoom level ``zoom`` (never wider than the window)."""
    level = ZOOM_SPANS_MS[max(0, min(zoom, len(ZOOM_SPANS_MS) - 1))]
    return window_span_ms if level is None else min(level, window_span_ms)


def clamp_start(start_ms: int, span_ms: int, window_start_ms: int, window_end_ms: int) -> int:
    """Keep ``[start, start + span)`` inside the window."""
    return max(window_start_ms, min(start_ms, window_end_ms - span_ms))


def make_view(
    window_start_ms: int, window_end_ms: int, zoom: int, start_ms: int, columns: int
) -> TimeView:
    """A view at ``zoom`` starting as near ``start_ms`` as the window allows."""
    window_span = max(1, window_end_ms - window_start_ms)
    span = span_for_zoom(zoom, window_span)
    return TimeView(
        window_start_ms,
        window_start_ms + window_span,
        clamp_start(start_ms, span, window_start_ms, window_start_ms + window_span),
        span,
        max(1, columns),
    )


def zoom_start(view: TimeView, zoom: int, anchor_ms: int) -> int:
    """The start of the view at ``zoom`` that keeps ``anchor_ms`` at the same relative place."""
    new_span = span_for_zoom(zoom, view.window_end_ms - view.window_start_ms)
    fraction_num = anchor_ms - view.start_ms
    start = anchor_ms - fraction_num * new_span // max(1, view.span_ms)
    return clamp_start(start, new_span, view.window_start_ms, view.window_end_ms)


def pan_step_ms(view: TimeView) -> int:
    """How far ``h``/``l`` move the view: a quarter of what is shown."""
    return max(1, view.span_ms // 4)


def interval_starts(intervals: Sequence[Interval]) -> list[int]:
    """Start times for :func:`bucket_cells`' bisect (compute once per agent and data version)."""
    return [interval.start_ms for interval in intervals]


def bucket_cells(
    intervals: Sequence[Interval], starts: Sequence[int], view: TimeView
) -> list[Cell]:
    """The cell each column of ``view`` shows, walking ``intervals`` once from a bisect.

    ``intervals`` are sorted, non-overlapping (an agent's timeline); ``starts`` are their start
    times. Cost: O(columns + intervals in view).
    """
    cells: list[Cell] = []
    count = len(intervals)
    index = max(0, bisect_right(starts, view.start_ms) - 1)
    next_edge = view.edge(0)
    for column in range(view.columns):
        low = next_edge
        next_edge = view.edge(column + 1)
        high = max(next_edge, low + 1)
        while index < count and intervals[index].end_ms <= low:
            index += 1
        if index >= count or intervals[index].start_ms >= high:
            cells.append(EMPTY_CELL)
            continue
        first = intervals[index]
        if first.start_ms <= low and first.end_ms >= high:
            cells.append(Cell(first.state, first.reason, index))
            continue
        cells.append(_mixed_cell(intervals, index, low, high))
    return cells


def _mixed_cell(intervals: Sequence[Interval], index: int, low: int, high: int) -> Cell:
    """The majority state of a cell several intervals share (ties: :data:`TIE_ORDER`)."""
    covered: dict[State, int] = {}
    longest: dict[State, tuple[int, int]] = {}
    count = len(intervals)
    position = index
    while position < count and intervals[position].start_ms < high:
        interval = intervals[position]
        overlap = min(interval.end_ms, high) - max(interval.start_ms, low)
        if overlap > 0:
            state = interval.state
            covered[state] = covered.get(state, 0) + overlap
            if overlap > longest.get(state, (0, -1))[0]:
                longest[state] = (overlap, position)
        position += 1
    if not covered:
        return EMPTY_CELL
    state = min(covered, key=lambda s: (-covered[s], _TIE_RANK.get(s, len(TIE_ORDER))))
    chosen = longest[state][1]
    return Cell(state, intervals[chosen].reason, chosen)


def interval_at(intervals: Sequence[Interval], starts: Sequence[int], time_ms: int) -> int:
    """Index of the interval holding ``time_ms``, or -1."""
    index = bisect_right(starts, time_ms) - 1
    if 0 <= index < len(intervals) and intervals[index].end_ms > time_ms:
        return index
    return -1


@dataclass(frozen=True, slots=True)
class TimePosition:
    """Where in time the user looks: zoom level, view start and the cursor's cell."""

    zoom: int = 0
    start_ms: int = 0
    column: int = 0


def _moved_view(view: TimeView, zoom: int, start_ms: int) -> TimeView:
    return make_view(view.window_start_ms, view.window_end_ms, zoom, start_ms, view.columns)


def panned(view: TimeView, position: TimePosition, direction: int) -> TimePosition:
    """``h``/``l``: the view moves a quarter earlier (-1) or later (+1); the cursor cell stays."""
    moved = _moved_view(view, position.zoom, view.start_ms + direction * pan_step_ms(view))
    return TimePosition(position.zoom, moved.start_ms, position.column)


def cursor_stepped(view: TimeView, position: TimePosition, step: int) -> TimePosition:
    """Left/right: the cursor moves one cell; past an edge the view pans a quarter instead."""
    column = position.column + step
    if 0 <= column < view.columns:
        return TimePosition(position.zoom, view.start_ms, column)
    moved = _moved_view(view, position.zoom, view.start_ms + step * pan_step_ms(view))
    if moved.start_ms == view.start_ms:
        return position  # the window's edge: nothing more to show
    under_cursor = moved.column_at(view.edge(position.column))
    if under_cursor is None:
        return TimePosition(position.zoom, moved.start_ms, position.column)
    column = max(0, min(moved.columns - 1, under_cursor + step))
    return TimePosition(position.zoom, moved.start_ms, column)


def zoomed(view: TimeView, position: TimePosition, zoom: int) -> TimePosition:
    """``+``/``-``/``0``: change the zoom level keeping the cursor's time under the cursor."""
    zoom = max(0, min(zoom, len(ZOOM_SPANS_MS) - 1))
    if zoom == position.zoom:
        return position
    anchor_ms = (view.edge(position.column) + view.edge(position.column + 1)) // 2
    moved = _moved_view(view, zoom, zoom_start(view, zoom, anchor_ms))
    column = moved.column_at(anchor_ms)
    return TimePosition(zoom, moved.start_ms, position.column if column is None else column)
