"""A virtualised list of status-change records (Line API): fast with 200,000 rows.

Only the visible lines are rendered, and each rendered line is cached by (row, data version).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.api.records import StatusRecord, StatusType
from tui.ui import format as fmt

EVENT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Time", 8),
    ("Agent", 18),
    ("Team", 12),
    ("Type", 6),
    ("State", 9),
    ("Reason", 14),
    ("Session", 12),
    ("Seq", 5),
)

_TYPE_LABELS: dict[int, str] = {
    StatusType.LOGIN: "login",
    StatusType.LOGOUT: "logout",
    StatusType.STATE_CHANGE: "state",
}


@dataclass(frozen=True)
class EventRow:
    """One record with the names it is shown with (resolved once per data version)."""

    record: StatusRecord
    agent_name: str
    team_name: str

    def cells(self, zone: str) -> tuple[str, ...]:
        record = self.record
        state = record.state
        return (
            fmt.clock_time(record.time_ms, zone, seconds=True),
            self.agent_name,
            self.team_name,
            _TYPE_LABELS.get(record.status_type, f"type {record.status_type}"),
            "" if state is None else state.value,
            record.reason or "",
            "—" if record.session_id < 0 else str(record.session_id),
            str(record.sequence),
        )

    def search_fields(self) -> tuple[str | None, ...]:
        record = self.record
        state = record.state
        return (
            self.agent_name,
            record.login_name,
            record.employee_id,
            self.team_name,
            _TYPE_LABELS.get(record.status_type),
            None if state is None else state.value,
            record.reason,
        )


def format_line(values: Sequence[str]) -> str:
    """Fixed-width columns, cut to width."""
    parts = []
    for (_title, width), value in zip(EVENT_COLUMNS, values, strict=True):
        text = value if len(value) <= width else value[: width - 1] + "…"
        parts.append(text.ljust(width))
    return " ".join(parts)


HEADER_LINE = format_line([title for title, _width in EVENT_COLUMNS])


class EventLog(ScrollView, can_focus=True):
    """The rows of the Events pane, newest last; follow mode keeps the end in view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-log--row"}

    DEFAULT_CSS = """
    EventLog {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[EventRow] = ()
        self._zone = "UTC"
        self._version = -1
        self._line_cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self.follow = False

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: Sequence[EventRow], zone: str, version: int) -> None:
        """Show ``rows``; ``version`` must change whenever rows or zone change (cache key)."""
        self._rows = rows
        self._zone = zone
        self._version = version
        self._line_cache.clear()
        self.virtual_size = Size(len(HEADER_LINE), len(rows))
        if self.follow:
            self.scroll_end(animate=False, immediate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        key = (index, self._version, scroll_x + width * 100_000)
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        text = format_line(self._rows[index].cells(self._zone))
        style = self.rich_style + self.get_component_rich_style("event-log--row")
        strip = Strip([Segment(text, style)]).crop_extend(scroll_x, scroll_x + width, style)
        self._line_cache[key] = strip
        return strip
