"""A virtualised list of status-change records (Line API): fast with 200,000 rows.

Only the visible lines are formatted (names resolved then), and each formatted line is cached by
(row, data version, horizontal scroll). A cursor row (up/down, Enter) opens that record's agent
at that record's time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.records import StatusRecord, StatusType
from tui.ui import format as fmt
from tui.ui.messages import AgentSelected

EVENT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("", 1),
    ("Time", 8),
    ("Agent", 18),
    ("Team", 12),
    ("Type", 6),
    ("State", 8),
    ("Reason", 12),
    ("Session", 12),
    ("Seq", 5),
)
PROVISIONAL_MARK = "~"
"""Marks a record that arrived after *data complete to*: shown, not counted (as on timelines)."""

TYPE_LABELS: dict[int, str] = {
    StatusType.LOGIN: "login",
    StatusType.LOGOUT: "logout",
    StatusType.STATE_CHANGE: "state",
}

NameOf = Callable[[StatusRecord], tuple[str, str]]
"""A record's (agent name, team name) as the pane shows them."""


def type_label(record: StatusRecord) -> str:
    return TYPE_LABELS.get(record.status_type, f"type {record.status_type}")


def event_cells(
    record: StatusRecord, names: NameOf, zone: str, *, provisional: bool = False
) -> tuple[str, ...]:
    """The displayed columns of one record (``provisional``: it is not counted yet)."""
    agent_name, team_name = names(record)
    state = record.state
    return (
        PROVISIONAL_MARK if provisional else "",
        fmt.clock_time(record.time_ms, zone, seconds=True),
        agent_name,
        team_name,
        type_label(record),
        "" if state is None else state.value,
        record.reason or "",
        "—" if record.session_id < 0 else str(record.session_id),
        str(record.sequence),
    )


def format_line(values: Sequence[str]) -> str:
    """Fixed-width columns, each cut to its width."""
    parts = []
    for (_title, width), value in zip(EVENT_COLUMNS, values, strict=True):
        text = value if len(value) <= width else value[: width - 1] + "…"
        parts.append(text.ljust(width))
    return " ".join(parts)


HEADER_LINE = format_line([title for title, _width in EVENT_COLUMNS])


class EventLog(ScrollView, can_focus=True):
    """The rows of the Events pane, oldest first; follow mode keeps the end in view.

    Enter posts :class:`AgentSelected` for the cursor row's agent at that record's time.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "event-log--row",
        "event-log--provisional",
        "event-log--cursor",
    }

    DEFAULT_CSS = """
    EventLog {
        height: 1fr;
        & > .event-log--provisional { color: $text-muted; text-style: italic; }
        & > .event-log--cursor { background: $block-cursor-blurred-background; }
        &:focus > .event-log--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Previous event", id="events.cursor_up", show=False),
        Binding("down,j", "cursor(1)", "Next event", id="events.cursor_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="events.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="events.page_down", show=False),
        Binding("home", "first", "First event", id="events.first", show=False),
        Binding("end", "last", "Last event", id="events.last", show=False),
        Binding("enter", "open_agent", "Open agent", id="events.open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[StatusRecord] = ()
        self._names: NameOf = lambda record: (str(record.agent_id), "")
        self._zone = "UTC"
        self._version = -1
        self._provisional_from_ms: int | None = None
        self._line_cache: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(1024)
        self.follow = False
        self.cursor_row = 0

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_record(self) -> StatusRecord | None:
        """The record under the cursor (``None`` when the list is empty)."""
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)]

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view."""
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        self.scroll_to_region(
            Region(0, self.cursor_row, 1, 1), animate=False, force=True, immediate=True
        )
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(1, self.scrollable_content_region.height))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_open_agent(self) -> None:
        record = self.cursor_record
        if record is not None:
            self.post_message(AgentSelected(record.agent_id, record.time_ms))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and self._rows:
            self.move_cursor(self.scroll_offset.y + offset.y)
            if event.chain == 2:
                self.action_open_agent()

    def set_rows(
        self,
        rows: Sequence[StatusRecord],
        names: NameOf,
        zone: str,
        version: int,
        *,
        provisional_from_ms: int | None = None,
    ) -> None:
        """Show ``rows``; ``version`` must change whenever rows, names or zone change. Records
        at or after ``provisional_from_ms`` (data complete to) are marked provisional."""
        self._provisional_from_ms = provisional_from_ms
        self._rows = rows
        self._names = names
        self._zone = zone
        self._version = version
        self._line_cache.clear()
        self.virtual_size = Size(len(HEADER_LINE), len(rows))
        self.cursor_row = max(0, min(self.cursor_row, len(rows) - 1))
        if self.follow:
            self.cursor_row = max(0, len(rows) - 1)
            self.scroll_end(animate=False, immediate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        on_cursor = index == self.cursor_row
        key = (index, self._version, scroll_x, width)
        cached = None if on_cursor else self._line_cache.get(key)
        if cached is not None:
            return cached
        record = self._rows[index]
        provisional = (
            self._provisional_from_ms is not None and record.time_ms >= self._provisional_from_ms
        )
        text = format_line(event_cells(record, self._names, self._zone, provisional=provisional))
        style = self.rich_style + self.get_component_rich_style(
            "event-log--provisional" if provisional else "event-log--row"
        )
        if on_cursor:
            style += self.get_component_rich_style("event-log--cursor")
        strip = Strip([Segment(text, style)]).crop_extend(scroll_x, scroll_x + width, style)
        if not on_cursor:
            self._line_cache[key] = strip
        return strip
