"""``TimelineCursor``: where the timeline's cursor is, and what it points at.

The cursor is an agent (an index into the data's agent rows: team headings are skipped) and a
:class:`TimePosition` (zoom, view start, time cell). It outlives the data it points into: new data
keeps the same agent under the cursor and the same time of day on screen. It holds no widget
state and never paints, scrolls or posts messages; :class:`~tui.ui.widgets.timeline.AgentTimeline`
asks it which row to highlight, which view to draw and where to scroll, and does those itself.
"""

from __future__ import annotations

from dataclasses import replace

from tui.analysis.model import Interval
from tui.ui.widgets.timeline.lines import TimelineData, TimelineRow
from tui.ui.widgets.timeline.model import TimePosition, TimeView, make_view
from tui.ui.widgets.timeline.render import describe_cursor


class TimelineCursor:
    """The agent and time cell under the cursor, with the zoom and pan of the view."""

    def __init__(self) -> None:
        self.data: TimelineData | None = None
        self.agent_rows: list[int] = []
        """The data row of each agent, top to bottom (team headings are not in it)."""
        self.agent = 0
        """Index into :attr:`agent_rows` of the agent under the cursor."""
        self.position = TimePosition()

    def follow(self, data: TimelineData | None) -> None:
        """Point into ``data``: the same agent (if still shown) and the same time of day."""
        previous = self.data
        selected = self.agent_id
        self.data = data
        self.agent_rows = (
            []
            if data is None
            else [index for index, row in enumerate(data.rows) if row.agent_id is not None]
        )
        if data is not None:
            start_ms = data.window.start_ms  # a new day keeps the time of day on screen
            if previous is not None:
                start_ms += self.position.start_ms - previous.window.start_ms
            self.position = replace(self.position, start_ms=start_ms)
            ids = [data.rows[index].agent_id for index in self.agent_rows]
            if selected in ids:
                self.agent = ids.index(selected)
        self.agent = max(0, min(self.agent, len(self.agent_rows) - 1))

    @property
    def row_index(self) -> int | None:
        """The data row of the agent under the cursor (``None`` without agents)."""
        if self.data is None or not self.agent_rows:
            return None
        return self.agent_rows[self.agent]

    @property
    def row(self) -> TimelineRow | None:
        """The agent row under the cursor, if any."""
        row_index = self.row_index
        return None if row_index is None or self.data is None else self.data.rows[row_index]

    @property
    def agent_id(self) -> int | None:
        """The agent under the cursor, if any."""
        row = self.row
        return None if row is None else row.agent_id

    def view(self, columns: int) -> TimeView | None:
        """The time cells shown in ``columns`` cells at the current zoom and pan (no data: None)."""
        if self.data is None:
            return None
        window = self.data.window
        position = self.position
        return make_view(window.start_ms, window.end_ms, position.zoom, position.start_ms, columns)

    def move_to_agent(self, index: int) -> int | None:
        """Put the cursor on agent ``index`` (clamped); returns the data row it left.

        ``None`` (and no move) when there are no agents.
        """
        if not self.agent_rows:
            return None
        previous_row = self.agent_rows[self.agent]
        self.agent = max(0, min(index, len(self.agent_rows) - 1))
        return previous_row

    def select_row(self, row_index: int) -> None:
        """Put the cursor on the agent of data row ``row_index`` (a team heading: no change)."""
        if row_index in self.agent_rows:
            self.agent = self.agent_rows.index(row_index)

    def scroll_target(self, scroll_y: int, row_height: int, body_height: int) -> int | None:
        """The scroll offset that shows the cursor agent, ``None`` when it is already shown.

        The team heading right above a team's first agent is kept in view with it.
        """
        row_index = self.row_index
        if row_index is None or self.data is None:
            return None
        top = row_index * row_height
        if row_index > 0 and self.data.rows[row_index - 1].agent_id is None:
            top -= row_height
        bottom = (row_index + 1) * row_height
        if top < scroll_y:
            return top
        if bottom > scroll_y + body_height:
            return bottom - body_height
        return None

    def describe(self, view: TimeView, interval: Interval | None, *, show_name: bool) -> str:
        """The info line for the cursor cell of ``view`` (empty without an agent).

        ``interval`` is the one the cell shows; ``show_name`` is false for a one-agent timeline,
        which leaves the name out.
        """
        row = self.row
        if row is None or self.data is None:
            return ""
        return describe_cursor(
            row.label if show_name else None,
            row.intervals,
            interval,
            view,
            self.position.column,
            window_end_ms=self.data.window.end_ms,
            complete_to_ms=self.data.complete_to_ms,
            timezone=self.data.window.timezone,
        )
