"""Pure tests of the timeline arithmetic and strip building (no app)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style

from tests.ui.timeline_fixtures import DAY_END_MS, DAY_START_MS, ZONE, at
from tui.analysis.model import Interval
from tui.core.records import State
from tui.core.zones import UnknownZone
from tui.ui.widgets.timeline.model import (
    HOUR_MS,
    MINUTE_MS,
    TIE_ORDER,
    Cell,
    TimePosition,
    TimeView,
    bucket_cells,
    cursor_stepped,
    interval_at,
    interval_starts,
    make_view,
    pan_step_ms,
    panned,
    zoom_start,
    zoomed,
)
from tui.ui.widgets.timeline.render import (
    COMPLETE_TO_MARKER,
    axis_strip,
    axis_ticks,
    bar_strip,
    cell_glyph,
    clock_text,
    describe_interval,
    duration_text,
    highlight_column,
    legend_text,
    reason_letter,
)


def view_of(start_ms: int, span_ms: int, columns: int) -> TimeView:
    return TimeView(start_ms, start_ms + span_ms, start_ms, span_ms, columns)


def cells(intervals: list[Interval], view: TimeView) -> list[Cell]:
    return bucket_cells(intervals, interval_starts(intervals), view)


# -- cells and edges ---------------------------------------------------------------------------


def test_edges_and_column_at_are_inverse_even_when_cells_are_uneven() -> None:
    view = view_of(1_000, 1_000, 3)  # 333.3 ms cells
    edges = [view.edge(i) for i in range(4)]
    assert edges == [1_000, 1_334, 1_667, 2_000]
    for column in range(3):
        assert view.column_at(edges[column]) == column
        assert view.column_at(edges[column + 1] - 1) == column
    assert view.column_at(999) is None
    assert view.column_at(2_000) is None


def test_a_cell_shows_the_state_covering_most_of_it() -> None:
    view = view_of(0, 40, 4)  # cells of 10 ms
    intervals = [
        Interval(State.ONLINE, 0, 14),
        Interval(State.OCCUPIED, 14, 30),
        Interval(State.AWAY, 30, 40, "Lunch"),
    ]
    shown = cells(intervals, view)
    assert [cell.state for cell in shown] == [
        State.ONLINE,
        State.OCCUPIED,  # 4 ms online vs 6 ms occupied
        State.OCCUPIED,
        State.AWAY,
    ]
    assert shown[3].reason == "Lunch"
    assert shown[1].interval_index == 1


def test_ties_go_to_the_worst_state() -> None:
    view = view_of(0, 10, 1)
    for better, worse in zip(TIE_ORDER[1:], TIE_ORDER[:-1], strict=True):
        tied = [Interval(better, 0, 5), Interval(worse, 5, 10)]
        assert cells(tied, view)[0].state is worse, (better, worse)
        tied_reversed = [Interval(worse, 0, 5), Interval(better, 5, 10)]
        assert cells(tied_reversed, view)[0].state is worse


def test_away_sums_its_reasons_and_shows_the_longest_one() -> None:
    view = view_of(0, 10, 1)
    intervals = [
        Interval(State.AWAY, 0, 3, "Break"),
        Interval(State.ONLINE, 3, 6),
        Interval(State.AWAY, 6, 10, "Meeting"),
    ]
    cell = cells(intervals, view)[0]
    assert cell.state is State.AWAY  # 7 ms away beats 3 ms online
    assert cell.reason == "Meeting"
    assert cell.interval_index == 2


def test_short_flips_inside_a_long_cell_do_not_win() -> None:
    view = view_of(0, 15 * MINUTE_MS, 1)
    intervals = [
        Interval(State.ONLINE, 0, 7 * MINUTE_MS),
        Interval(State.AWAY, 7 * MINUTE_MS, 7 * MINUTE_MS + 5_000, "Break"),
        Interval(State.ONLINE, 7 * MINUTE_MS + 5_000, 15 * MINUTE_MS),
    ]
    assert cells(intervals, view)[0].state is State.ONLINE


def test_cells_outside_every_interval_are_empty() -> None:
    view = view_of(0, 40, 4)
    shown = cells([Interval(State.ONLINE, 10, 20)], view)
    assert [cell.state for cell in shown] == [None, State.ONLINE, None, None]


def test_a_zoomed_view_starts_from_the_bisected_interval() -> None:
    intervals = [Interval(State.ONLINE, i * 10, i * 10 + 10) for i in range(1000)]
    intervals[500] = Interval(State.AWAY, 5_000, 5_010, "Lunch")
    view = TimeView(0, 10_000, 4_990, 30, 3)
    assert [cell.state for cell in cells(intervals, view)] == [
        State.ONLINE,
        State.AWAY,
        State.ONLINE,
    ]


def test_pending_cells_are_pending_not_a_state() -> None:
    view = view_of(0, 100, 10)
    intervals = [Interval(State.ONLINE, 0, 62), Interval(State.PENDING, 62, 100)]
    shown = [cell.state for cell in cells(intervals, view)]
    assert shown[:6] == [State.ONLINE] * 6
    assert shown[6] is State.PENDING  # 2 ms online, 8 ms pending: the majority is pending
    assert shown[6:] == [State.PENDING] * 4


def test_interval_at_finds_the_covering_interval() -> None:
    intervals = [Interval(State.ONLINE, 0, 10), Interval(State.AWAY, 20, 30, None)]
    starts = interval_starts(intervals)
    assert interval_at(intervals, starts, 5) == 0
    assert interval_at(intervals, starts, 15) == -1
    assert interval_at(intervals, starts, 25) == 1
    assert interval_at(intervals, starts, 30) == -1


# -- zoom and pan ------------------------------------------------------------------------------


def test_zoom_levels_and_clamping_keep_the_view_inside_the_window() -> None:
    day = make_view(DAY_START_MS, DAY_END_MS, 0, DAY_START_MS + 5 * HOUR_MS, 96)
    assert (day.start_ms, day.span_ms) == (DAY_START_MS, 24 * HOUR_MS)
    four = make_view(DAY_START_MS, DAY_END_MS, 1, DAY_END_MS - HOUR_MS, 96)
    assert four.span_ms == 4 * HOUR_MS
    assert four.end_ms == DAY_END_MS  # clamped to the window end
    one = make_view(DAY_START_MS, DAY_END_MS, 2, DAY_START_MS - HOUR_MS, 96)
    assert (one.start_ms, one.span_ms) == (DAY_START_MS, HOUR_MS)
    assert make_view(0, 30 * MINUTE_MS, 2, 0, 10).span_ms == 30 * MINUTE_MS


def test_zooming_keeps_the_anchor_at_the_same_place() -> None:
    day = make_view(DAY_START_MS, DAY_END_MS, 0, DAY_START_MS, 96)
    anchor = at(12)
    start = zoom_start(day, 1, anchor)
    four = make_view(DAY_START_MS, DAY_END_MS, 1, start, 96)
    assert four.column_at(anchor) == day.column_at(anchor) == 48
    near_end = zoom_start(day, 2, at(23, 50))
    one = make_view(DAY_START_MS, DAY_END_MS, 2, near_end, 96)
    assert one.end_ms <= DAY_END_MS
    assert one.column_at(at(23, 50)) == day.column_at(at(23, 50)) == 95
    assert zoom_start(one, 0, at(23, 50)) == DAY_START_MS  # zooming out clamps to the window


def test_pan_step_is_a_quarter_of_the_view() -> None:
    four = make_view(DAY_START_MS, DAY_END_MS, 1, at(8), 96)
    assert pan_step_ms(four) == HOUR_MS
    panned = make_view(DAY_START_MS, DAY_END_MS, 1, four.start_ms + pan_step_ms(four), 96)
    assert panned.start_ms == at(9)


# -- glyphs and strips -------------------------------------------------------------------------


def test_reason_letters() -> None:
    assert reason_letter("Lunch") == "L"
    assert reason_letter("Coffee break") == "B"
    assert reason_letter("Team meeting") == "M"
    assert reason_letter("Training") == "T"
    assert reason_letter("Coaching") == "C"
    assert reason_letter("Technical issue") == "X"
    assert reason_letter("personal") == "P"
    assert reason_letter("reason #42") == "#"
    assert reason_letter(None) == reason_letter("(none)") == "a"
    assert reason_letter("…") == "a"


def test_every_state_has_a_distinct_glyph_and_not_yet_is_blank() -> None:
    drawn = [state for state in State if state is not State.NOT_YET]
    glyphs = {cell_glyph(Cell(state, "Lunch" if state is State.AWAY else None)) for state in drawn}
    glyphs.add(cell_glyph(Cell(None)))
    assert len(glyphs) == len(drawn) + 1
    assert cell_glyph(Cell(State.NOT_YET)) == " "  # has not happened: never hatched
    assert cell_glyph(Cell(State.ONLINE)) == "█"
    assert cell_glyph(Cell(State.PENDING)) == "╌"


def test_bar_strip_merges_runs_and_styles_each_state() -> None:
    styles: dict[State | None, Style] = {state: Style(color="red") for state in State}
    styles[State.AWAY] = Style(bgcolor="yellow")
    styles[None] = Style()
    row = [Cell(State.ONLINE)] * 3 + [Cell(State.AWAY, "Lunch")] * 2 + [Cell(State.AWAY, None)]
    strip = bar_strip([*row, Cell(State.PENDING), Cell(None)], styles)
    assert strip.text == "███LLa╌ "
    assert strip.cell_length == 8
    segments = list(strip)
    assert [s.text for s in segments] == ["███", "LL", "a", "╌", " "]
    assert segments[1].style == Style(bgcolor="yellow")


def test_highlight_column_styles_one_cell_only() -> None:
    styles: dict[State | None, Style] = {state: Style() for state in State}
    styles[None] = Style()
    strip = bar_strip([Cell(State.ONLINE)] * 5, styles)
    cursor = Style(reverse=True)
    highlighted = highlight_column(strip, 2, cursor)
    assert highlighted.text == strip.text
    reversed_cells = [s.text for s in highlighted if s.style and s.style.reverse]
    assert reversed_cells == ["█"]
    assert highlight_column(strip, 9, cursor) is strip


# -- axis, legend, descriptions ----------------------------------------------------------------


def test_axis_labels_hours_in_the_zone_and_marks_complete_to() -> None:
    day = make_view(DAY_START_MS, DAY_END_MS, 0, DAY_START_MS, 96)
    ticks = axis_ticks(day, ZONE)
    assert ticks[0] == (0, "00:00")
    assert all(label.endswith(":00") for _, label in ticks)
    columns = [column for column, _ in ticks]
    assert all(b - a >= 6 for a, b in pairwise(columns))
    strip = axis_strip(day, ZONE, at(15, 30), Style(), Style(bold=True))
    assert strip.cell_length == 96
    assert strip.text[day.column_at(at(15, 30)) or 0] == COMPLETE_TO_MARKER
    one_hour = make_view(DAY_START_MS, DAY_END_MS, 2, at(9, 7), 60)
    assert [label for _, label in axis_ticks(one_hour, ZONE)][:2] == ["09:10", "09:20"]


def test_axis_follows_daylight_saving_days() -> None:
    start = 1_774_738_800_000  # 2026-03-29 00:00 Europe/Paris; the day is 23 h long
    view = make_view(start, start + 23 * HOUR_MS, 0, start, 92)
    labels = [label for _, label in axis_ticks(view, ZONE)]
    assert labels[0] == "00:00"
    assert "02:00" not in labels  # that wall time does not exist on this day
    assert "03:00" in labels
    assert labels == sorted(labels)
    assert clock_text(start + 23 * HOUR_MS, ZONE, window_end_ms=start + 23 * HOUR_MS) == "24:00"


def test_an_unknown_zone_is_an_error_never_a_silent_utc() -> None:
    with pytest.raises(UnknownZone, match="Not/AZone"):
        clock_text(0, "Not/AZone")


def test_durations_and_descriptions() -> None:
    assert duration_text(45_000) == "45 s"
    assert duration_text(40 * MINUTE_MS) == "40 min"
    assert duration_text(125 * MINUTE_MS) == "2 h 05 min"
    lunch = Interval(State.AWAY, at(12), at(12, 45), "Lunch")
    assert (
        describe_interval(lunch, ZONE, window_end_ms=DAY_END_MS, complete_to_ms=at(15, 30))
        == "away (Lunch) · 12:00–12:45 · 45 min"
    )
    open_now = Interval(State.ONLINE, at(15), at(15, 30))
    assert describe_interval(
        open_now, ZONE, window_end_ms=DAY_END_MS, complete_to_ms=at(15, 30)
    ).endswith("30 min so far (open)")
    pending = Interval(State.PENDING, at(15, 30), DAY_END_MS)
    assert describe_interval(
        pending, ZONE, window_end_ms=DAY_END_MS, complete_to_ms=at(15, 30)
    ) == ("pending · 15:30–24:00 · 8 h 30 min · after data complete to: may be incomplete")


def test_legend_names_every_glyph_and_the_marker() -> None:
    styles = {state: Style() for state in State}
    text = legend_text(styles, "15:30").plain
    for word in ("online", "occupied", "away", "offline", "other", "unknown", "logged out"):
        assert word in text
    assert "╌ pending: may be incomplete" in text
    assert text.endswith("▼ data complete to 15:30")
    assert "data complete" not in legend_text(styles, None).plain


def test_legend_breaks_lines_between_entries_only() -> None:
    styles = {state: Style() for state in State}
    lines = legend_text(styles, "15:30", width=60).plain.split("\n")
    assert len(lines) > 1
    assert all(len(line) <= 60 for line in lines)
    assert any(line.startswith("· logged out") or "  · logged out" in line for line in lines)
    assert not any(line.endswith("logged") for line in lines)


@given(
    cuts=st.lists(st.integers(1, 9_999), max_size=40, unique=True),
    states=st.lists(st.sampled_from(list(State)), min_size=41, max_size=41),
    start=st.integers(0, 9_000),
    span=st.integers(50, 10_000),
    columns=st.integers(1, 120),
)
def test_bucketing_matches_a_naive_majority_vote(
    cuts: list[int], states: list[State], start: int, span: int, columns: int
) -> None:
    edges = [0, *sorted(cuts), 10_000]
    intervals = [
        Interval(states[i], low, high, "Lunch" if states[i] is State.AWAY else None)
        for i, (low, high) in enumerate(pairwise(edges))
    ]
    span = min(span, 10_000 - start)
    view = TimeView(0, 10_000, start, span, columns)
    shown = cells(intervals, view)
    rank = {state: index for index, state in enumerate(TIE_ORDER)}
    for column, cell in enumerate(shown):
        low, high = view.edge(column), max(view.edge(column + 1), view.edge(column) + 1)
        coverage: dict[State, int] = {}
        for interval in intervals:
            overlap = min(interval.end_ms, high) - max(interval.start_ms, low)
            if overlap > 0:
                coverage[interval.state] = coverage.get(interval.state, 0) + overlap
        expected = min(coverage, key=lambda s: (-coverage[s], rank[s]))
        assert cell.state is expected
        chosen = intervals[cell.interval_index]
        assert chosen.state is expected
        assert chosen.start_ms < high and chosen.end_ms > low


def test_position_moves_pan_step_and_zoom() -> None:
    day = make_view(DAY_START_MS, DAY_END_MS, 0, DAY_START_MS, 96)
    start = TimePosition(0, DAY_START_MS, 48)
    assert panned(day, start, 1) == start  # the whole day is shown: nothing to pan
    four = zoomed(day, start, 1)
    assert four.zoom == 1
    four_view = make_view(DAY_START_MS, DAY_END_MS, 1, four.start_ms, 96)
    assert four_view.column_at(at(12, 7)) == four.column
    later = panned(four_view, four, 1)
    assert (later.start_ms - four.start_ms, later.column) == (HOUR_MS, four.column)
    assert zoomed(four_view, four, 7).zoom == 2  # clamped to the narrowest level
    assert zoomed(four_view, four, 1) is four


def test_cursor_steps_cells_and_pans_at_the_edges() -> None:
    view = make_view(DAY_START_MS, DAY_END_MS, 1, at(8), 96)
    position = TimePosition(1, view.start_ms, 95)
    stepped = cursor_stepped(view, position, 1)
    moved = make_view(DAY_START_MS, DAY_END_MS, 1, stepped.start_ms, 96)
    assert stepped.start_ms == at(9)
    assert moved.edge(stepped.column) == view.edge(96)  # the cell right after the old one
    assert cursor_stepped(view, TimePosition(1, view.start_ms, 3), -1).column == 2
    first = make_view(DAY_START_MS, DAY_END_MS, 1, DAY_START_MS, 96)
    at_edge = TimePosition(1, DAY_START_MS, 0)
    assert cursor_stepped(first, at_edge, -1) == at_edge
