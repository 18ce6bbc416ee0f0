"""``AgentTimeline``: every visible agent as a bar over the day, drawn with the Line API.

Line 0 is the time axis (it stays put while rows scroll); each further line is a team heading or
one line of an agent's bar (``row_height`` lines per agent), with the agent's name in a fixed
column on the left. Only the rows on screen are built, each by one walk over that agent's
intervals from a bisect, and bars are cached per (agent, view, width, data version, theme) so a
cursor move rebuilds nothing but the cursor overlay. Glyphs and tie rules:
:mod:`tui.ui.widgets.timeline.render`, :mod:`tui.ui.widgets.timeline.model`; where the cursor is
(agent, time cell, zoom, pan) and what it points at: :mod:`tui.ui.widgets.timeline.cursor`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.analysis.model import Interval
from tui.ui.messages import AgentSelected
from tui.ui.widgets.timeline.cursor import TimelineCursor
from tui.ui.widgets.timeline.lines import (
    TIMELINE_COMPONENT_CLASSES,
    TIMELINE_CSS,
    BarKey,
    Palette,
    TimelineData,
    TimelineLines,
    TimelineRow,
)
from tui.ui.widgets.timeline.model import (
    ZOOM_NAMES,
    TimePosition,
    TimeView,
    cursor_stepped,
    panned,
    zoomed,
)
from tui.ui.widgets.timeline.render import (
    clock_text,
    legend_text,
)

__all__ = ["AgentTimeline", "TimelineData", "TimelineRow"]

PAN_GROUP = Binding.Group("Pan", compact=True)
ZOOM_GROUP = Binding.Group("Zoom", compact=True)


class AgentTimeline(ScrollView, can_focus=True):
    """Agents as horizontal state bars with a time cursor, zoom (day / 4 h / 1 h) and pan."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous agent", id="timeline.cursor_up", show=False),
        Binding("down,j", "cursor_down", "Next agent", id="timeline.cursor_down", show=False),
        Binding("left", "cursor_left", "Earlier", id="timeline.cursor_left", show=False),
        Binding("right", "cursor_right", "Later", id="timeline.cursor_right", show=False),
        Binding("h", "pan_left", "Pan earlier", id="timeline.pan_left", group=PAN_GROUP),
        Binding("l", "pan_right", "Pan later", id="timeline.pan_right", group=PAN_GROUP),
        Binding("plus,equals_sign", "zoom_in", "Zoom in", id="timeline.zoom_in", group=ZOOM_GROUP),
        Binding("minus", "zoom_out", "Zoom out", id="timeline.zoom_out", group=ZOOM_GROUP),
        Binding("0", "zoom_reset", "Whole day", id="timeline.zoom_reset", show=False),
        Binding("pageup", "page_up", "Page up", id="timeline.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="timeline.page_down", show=False),
        Binding("home", "cursor_first", "First agent", id="timeline.first", show=False),
        Binding("end", "cursor_last", "Last agent", id="timeline.last", show=False),
        Binding("enter", "open_agent", "Open agent", id="timeline.open_agent", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(TIMELINE_COMPONENT_CLASSES)
    DEFAULT_CSS = TIMELINE_CSS

    class CursorMoved(Message):
        """The cursor, the zoom, the pan or the data changed: the info line should follow."""

        def __init__(self, timeline: AgentTimeline) -> None:
            super().__init__()
            self.timeline = timeline

        @property
        def control(self) -> AgentTimeline:
            return self.timeline

    def __init__(
        self,
        *,
        row_height: int = 1,
        show_names: bool = True,
        open_on_enter: bool = True,
        empty_message: str = "No data loaded yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.bar_height = max(1, row_height)
        """Lines per agent without a schedule (the bar, and on taller rows the marks line)."""
        self.show_names = show_names
        self.open_on_enter = open_on_enter
        self.empty_message = empty_message
        self._cursor = TimelineCursor()
        self._lines = TimelineLines()
        self._palette_cache: tuple[tuple[int, str], Palette] | None = None
        self._width_key: tuple[Size, bool] | None = None
        self._width = 0
        self._style_generation = 0
        self._point_at_ms: int | None = None

    # -- data -------------------------------------------------------------------------------

    @property
    def data(self) -> TimelineData | None:
        return self._cursor.data

    def set_data(self, data: TimelineData | None, *, empty_message: str | None = None) -> None:
        """Show ``data`` (``None``: the empty message), keeping cursor agent, zoom and pan."""
        if empty_message is not None:
            self.empty_message = empty_message
        self._cursor.follow(data)
        self._lines.forget_data()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self.refresh()
        self._cursor_moved()

    def point_at(self, time_ms: int) -> None:
        """Whole-day zoom, no pan, the cursor on the cell holding ``time_ms`` (a new agent).

        Before the widget has a width (a pane not shown yet) this waits for its first resize.
        """
        self._point_at_ms = time_ms
        self._apply_point_at()

    def _apply_point_at(self) -> None:
        time_ms = self._point_at_ms
        if time_ms is None or self.data is None or self._content_width() <= 1:
            return
        self._point_at_ms = None
        window = self.data.window
        self._cursor.position = TimePosition(0, window.start_ms, 0)
        view = self.view
        if view is not None:
            clamped = max(view.start_ms, min(time_ms, view.end_ms - 1))
            self.cursor_column = view.column_at(clamped) or 0
        self.refresh()
        self._cursor_moved()

    @property
    def cursor_agent(self) -> int:
        """Index of the agent under the cursor among the agents shown (headings skipped)."""
        return self._cursor.agent

    @cursor_agent.setter
    def cursor_agent(self, index: int) -> None:
        self._cursor.agent = index

    @property
    def cursor_agent_id(self) -> int | None:
        """The agent under the cursor, if any."""
        return self._cursor.agent_id

    @property
    def row_height(self) -> int:
        """Lines per agent: the bar lines, the scheduled band (with a schedule), the marks."""
        data = self.data
        return self.bar_height + (1 if data is not None and data.bands else 0)

    def _line_kind(self, line_in_row: int) -> tuple[bool, bool]:
        """(band line, marks line) for a line of an agent's row.

        One-line bars get the band under them; taller rows keep their last line for the marks
        and put the band just above it (under the bar).
        """
        data = self.data
        bands = data is not None and data.bands
        marks_at = self.row_height - 1 if self.bar_height > 1 else None
        band_at = (marks_at if marks_at is not None else self.row_height) - 1 if bands else None
        return line_in_row == band_at, line_in_row == marks_at

    def _update_virtual_size(self) -> None:
        rows = 0 if self.data is None else len(self.data.rows)
        self.virtual_size = Size(self.size.width, 1 + rows * self.row_height)

    # -- geometry ---------------------------------------------------------------------------

    def _content_width(self) -> int:
        """Width inside the scrollbar, cached per size (asked for on every line)."""
        key = (self.size, self.show_vertical_scrollbar)
        if key != self._width_key:
            self._width_key = key
            self._width = self.scrollable_content_region.width
        return self._width

    @property
    def name_width(self) -> int:
        """Width of the fixed name column (0 when names are hidden)."""
        if not self.show_names:
            return 0
        return min(22, max(10, self._content_width() // 6))

    @property
    def bar_columns(self) -> int:
        return max(1, self._content_width() - self.name_width)

    @property
    def view(self) -> TimeView | None:
        """The time cells on screen now, or ``None`` without data."""
        return None if self.data is None else self._cursor.view(self.bar_columns)

    @property
    def zoom(self) -> int:
        """Index into :data:`ZOOM_NAMES` (0: the whole day)."""
        return self._cursor.position.zoom

    @property
    def cursor_column(self) -> int:
        """The time cell under the cursor."""
        return self._cursor.position.column

    @cursor_column.setter
    def cursor_column(self, column: int) -> None:
        self._cursor.position = replace(self._cursor.position, column=max(0, column))

    @property
    def body_height(self) -> int:
        """Lines available for rows (the axis takes one)."""
        return max(1, self.scrollable_content_region.height - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._apply_point_at()
        view = self.view
        if view is not None:
            self.cursor_column = min(self.cursor_column, view.columns - 1)
        self._cursor_moved()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_generation += 1
        self._lines.forget_styles()

    # -- rendering --------------------------------------------------------------------------

    def _palette(self) -> Palette:
        """Every style the lines use, looked up once per theme/style change."""
        key = (self._style_generation, self.app.theme)
        if self._palette_cache is None or self._palette_cache[0] != key:
            self._palette_cache = (
                key,
                Palette.read(self.get_component_rich_style, self.rich_style),
            )
        return self._palette_cache[1]

    def legend(self, width: int | None = None) -> Text:
        """The legend in this widget's theme colours, broken into lines of ``width``."""
        states = self._palette().states
        state_styles = {state: style for state, style in states.items() if state is not None}
        data = self.data
        complete_to = None
        if data is not None and data.complete_to_ms < data.window.end_ms:
            complete_to = clock_text(data.complete_to_ms, data.window.timezone)
        band = self._palette().band if data is not None and data.bands else None
        return legend_text(state_styles, complete_to, width, band_style=band)

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        palette = self._palette()
        data = self.data
        view = self.view
        if data is None or view is None or not data.rows:
            if y == 1:
                return self._lines.empty(self.empty_message, width, palette)
            return Strip.blank(width, palette.base)
        if y == 0:
            return self._lines.axis(
                data,
                view,
                palette,
                width=width,
                name_width=self.name_width,
                caption=f"zoom {ZOOM_NAMES[self.zoom]}",
                cursor_column=self.cursor_column if self.has_focus else None,
            )
        row_index, line_in_row = divmod(y - 1 + self.scroll_offset.y, self.row_height)
        if row_index >= len(data.rows):
            return Strip.blank(width, palette.base)
        row = data.rows[row_index]
        if row.agent_id is None:
            return self._lines.group(row, line_in_row, width, palette)
        bar_key: BarKey = (
            row.agent_id,
            view.start_ms,
            view.span_ms,
            view.columns,
            data.version,
            self._style_generation,
        )
        is_cursor = row_index == self._cursor.row_index
        band_line, marks_line = self._line_kind(line_in_row)
        return self._lines.agent(
            row,
            line_in_row,
            view,
            palette,
            width=width,
            name_width=self.name_width,
            bar_key=bar_key,
            cursor_column=self.cursor_column if is_cursor else None,
            marks_line=marks_line,
            band_line=band_line,
        )

    # -- the segment under the cursor -------------------------------------------------------

    def cursor_interval(self) -> Interval | None:
        """The interval the cursor cell shows (the largest part of the shown state)."""
        row = self._cursor.row
        view = self.view
        if row is None or view is None:
            return None
        return self._lines.interval_in_cell(row, view, self.cursor_column)

    def cursor_description(self) -> str:
        """The info line: agent, state (reason), from–to, duration, and the cell's own range."""
        view = self.view
        if view is None:
            return ""
        return self._cursor.describe(view, self.cursor_interval(), show_name=self.show_names)

    def _cursor_moved(self) -> None:
        self.post_message(self.CursorMoved(self))

    # -- actions ----------------------------------------------------------------------------

    _AGENT_MOVES = frozenset(
        {"cursor_up", "cursor_down", "page_up", "page_down", "cursor_first", "cursor_last"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Agent moves need two agents and Enter needs ``open_on_enter``; else the key bubbles
        up (the Agent pane scrolls its body with up/down)."""
        if action in self._AGENT_MOVES:
            return len(self._cursor.agent_rows) > 1
        if action == "open_agent":
            return self.open_on_enter and bool(self._cursor.agent_rows)
        return True

    def _move_cursor_agent(self, index: int) -> None:
        previous_row = self._cursor.move_to_agent(index)
        if previous_row is None:
            return
        self._scroll_cursor_into_view()  # a scroll repaints everything by itself
        self._refresh_cursor_lines(previous_row)
        self._cursor_moved()

    def _refresh_cursor_lines(self, previous_row: int | None = None) -> None:
        """Repaint only what a cursor move changes: the axis, the old and the new cursor row."""
        cursor_row = self._cursor.row_index
        if cursor_row is None:
            self.refresh()
            return
        self.refresh_lines(self.scroll_offset.y, 1)  # the axis, pinned to the top
        rows = {cursor_row}
        if previous_row is not None:
            rows.add(previous_row)
        for row_index in rows:
            self.refresh_lines(1 + row_index * self.row_height, self.row_height)

    def _scroll_cursor_into_view(self) -> None:
        target = self._cursor.scroll_target(self.scroll_offset.y, self.row_height, self.body_height)
        if target is not None:
            self.scroll_to(y=target, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self._move_cursor_agent(self.cursor_agent - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor_agent(self.cursor_agent + 1)

    def action_page_up(self) -> None:
        self._move_cursor_agent(self.cursor_agent - max(1, self.body_height // self.row_height))

    def action_page_down(self) -> None:
        self._move_cursor_agent(self.cursor_agent + max(1, self.body_height // self.row_height))

    def action_cursor_first(self) -> None:
        self._move_cursor_agent(0)

    def action_cursor_last(self) -> None:
        self._move_cursor_agent(len(self._cursor.agent_rows) - 1)

    def _move_in_time(self, change: Callable[[TimeView, TimePosition], TimePosition]) -> None:
        view = self.view
        if view is None:
            return
        before = self._cursor.position
        after = self._cursor.position = change(view, before)
        if (before.zoom, before.start_ms) != (after.zoom, after.start_ms):
            self.refresh()
        else:
            self._refresh_cursor_lines()
        self._cursor_moved()

    def action_cursor_left(self) -> None:
        self._move_in_time(lambda view, position: cursor_stepped(view, position, -1))

    def action_cursor_right(self) -> None:
        self._move_in_time(lambda view, position: cursor_stepped(view, position, 1))

    def action_pan_left(self) -> None:
        self._move_in_time(lambda view, position: panned(view, position, -1))

    def action_pan_right(self) -> None:
        self._move_in_time(lambda view, position: panned(view, position, 1))

    def action_zoom_in(self) -> None:
        self._move_in_time(lambda view, position: zoomed(view, position, position.zoom + 1))

    def action_zoom_out(self) -> None:
        self._move_in_time(lambda view, position: zoomed(view, position, position.zoom - 1))

    def action_zoom_reset(self) -> None:
        self._move_in_time(lambda view, position: zoomed(view, position, 0))

    def action_open_agent(self) -> None:
        agent_id = self.cursor_agent_id
        if self.open_on_enter and agent_id is not None:
            self.post_message(AgentSelected(agent_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.data is None:
            return
        column = offset.x - self.name_width
        if 0 <= column < self.bar_columns:
            self.cursor_column = column
        if offset.y >= 1:
            self._cursor.select_row((offset.y - 1 + self.scroll_offset.y) // self.row_height)
        self.refresh()
        self._cursor_moved()
