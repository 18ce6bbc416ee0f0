"""The lines of the timeline as ``Strip``s: what the widget shows, and the caches behind it.

:class:`TimelineLines` holds no widget state: the widget passes the view, the palette and the
cursor in, and gets finished lines back. Bars are cached per (agent, view, data version, style
generation); whole lines of rows without the cursor are cached too, so a cursor move rebuilds
two lines and a pan rebuilds only what is on screen. The styles are the theme's, read into a
:class:`Palette` from the component classes declared here with their CSS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from tui.analysis.model import Interval
from tui.core.records import State
from tui.core.windows import Window
from tui.ui.widgets.timeline.model import (
    Cell,
    TimeView,
    bucket_cells,
    interval_starts,
    mark_columns,
    span_columns,
)
from tui.ui.widgets.timeline.render import (
    STATE_COMPONENTS,
    axis_strip,
    band_strip,
    bar_strip,
    highlight_column,
    marks_strip,
)

BarKey = tuple[int, int, int, int, int, int]
"""(agent, view start, view span, columns, data version, style generation)."""
LineKey = tuple[BarKey, int, int, int]
"""A bar key, the kind of line (0 with the name, 1 bar only, 2 the marks line, 3 the scheduled
band), the name width and the line width."""

CACHE_SIZE = 4096


@dataclass(frozen=True)
class TimelineRow:
    """One entry of the timeline: an agent's bar, or a team heading when ``agent_id`` is None."""

    label: str
    agent_id: int | None = None
    intervals: tuple[Interval, ...] = ()
    marks: tuple[int, ...] = ()
    """Instants marked on the row's last line when it has more than one (conversation closes
    on the Agent pane)."""
    scheduled: tuple[tuple[int, int], ...] = ()
    """Planned work ``[start, end)`` drawn as the band under the bar (with a schedule)."""


@dataclass(frozen=True)
class TimelineData:
    """What the timeline draws; ``version`` changes whenever rows or intervals do."""

    rows: tuple[TimelineRow, ...]
    window: Window
    complete_to_ms: int
    version: int
    bands: bool = False
    """A schedule is set: every agent row gets a scheduled band line under its bar."""


TIMELINE_COMPONENT_CLASSES: frozenset[str] = frozenset(
    {
        *STATE_COMPONENTS.values(),
        "timeline--axis",
        "timeline--marker",
        "timeline--cursor",
        "timeline--name",
        "timeline--name-cursor",
        "timeline--group",
        "timeline--empty",
        "timeline--band",
    }
)
"""The component classes :meth:`Palette.read` reads (the widget's ``COMPONENT_CLASSES``)."""

TIMELINE_CSS = """
AgentTimeline {
    overflow-x: hidden;
    overflow-y: auto;
    scrollbar-size-vertical: 1;
    height: 1fr;
    & > .timeline--online { color: $state-online; }
    & > .timeline--occupied { color: $state-occupied; }
    & > .timeline--away { background: $state-away; color: $background; text-style: bold; }
    & > .timeline--offline { color: $state-offline; }
    & > .timeline--other { color: $state-other; }
    & > .timeline--unknown { color: $state-unknown; }
    & > .timeline--logged-out { color: $state-logged-out; }
    & > .timeline--pending { color: $state-pending; }
    & > .timeline--provisional { color: $state-unknown; text-style: italic; }
    & > .timeline--not-yet { color: $text-muted; }
    & > .timeline--axis { color: $text-muted; }
    & > .timeline--marker { color: $warning; text-style: bold; }
    & > .timeline--cursor { text-style: reverse; }
    & > .timeline--name { color: $text; }
    & > .timeline--name-cursor { background: $primary 40%; color: $text; text-style: bold; }
    & > .timeline--group { color: $text-accent; text-style: bold; }
    & > .timeline--empty { color: $text-muted; }
    & > .timeline--band { color: $accent; }
}
"""
"""The widget's ``DEFAULT_CSS``: it scrolls vertically only, and every component class above takes
its colour from the theme (``$state-…`` for the states), so :class:`Palette` follows the theme."""


@dataclass(frozen=True)
class Palette:
    """The Rich styles of one theme, read from the widget's component classes."""

    states: dict[State | None, Style]
    base: Style
    axis: Style
    marker: Style
    cursor: Style
    name: Style
    name_cursor: Style
    group: Style
    empty: Style
    band: Style

    @classmethod
    def read(cls, component_style: Callable[[str], Style], base: Style) -> Palette:
        """Read every style from the widget's component classes (``base``: its own style)."""
        states: dict[State | None, Style] = {
            state: component_style(name) for state, name in STATE_COMPONENTS.items()
        }
        states[None] = base
        return cls(
            states=states,
            base=base,
            axis=component_style("timeline--axis"),
            marker=component_style("timeline--marker"),
            cursor=component_style("timeline--cursor"),
            name=component_style("timeline--name"),
            name_cursor=component_style("timeline--name-cursor"),
            group=component_style("timeline--group"),
            empty=component_style("timeline--empty"),
            band=component_style("timeline--band"),
        )


class TimelineLines:
    """Builds and caches the strips of one timeline."""

    def __init__(self) -> None:
        self._starts: dict[int, list[int]] = {}
        self._bars: LRUCache[BarKey, Strip] = LRUCache(CACHE_SIZE)
        self._lines: LRUCache[LineKey, Strip] = LRUCache(CACHE_SIZE)

    def forget_data(self) -> None:
        """New data arrived: drop the bisect indexes (cached strips are keyed by version)."""
        self._starts.clear()

    def forget_styles(self) -> None:
        """The theme or styles changed: every cached strip is stale."""
        self._bars.clear()
        self._lines.clear()

    def cells(self, row: TimelineRow, view: TimeView) -> list[Cell]:
        """What each cell of ``row`` shows in ``view`` (bisect index built once per data)."""
        assert row.agent_id is not None
        starts = self._starts.get(row.agent_id)
        if starts is None:
            starts = self._starts[row.agent_id] = interval_starts(row.intervals)
        return bucket_cells(row.intervals, starts, view)

    def interval_in_cell(self, row: TimelineRow, view: TimeView, column: int) -> Interval | None:
        """The interval cell ``column`` shows (of its state, the one covering most of the cell)."""
        low, high = view.edge(column), view.edge(column + 1)
        one_cell = TimeView(view.window_start_ms, view.window_end_ms, low, max(1, high - low), 1)
        cell = self.cells(row, one_cell)[0]
        return None if cell.interval_index < 0 else row.intervals[cell.interval_index]

    @staticmethod
    def empty(message: str, width: int, palette: Palette) -> Strip:
        return Strip([Segment(f" {message}", palette.empty)]).adjust_cell_length(
            width, palette.base
        )

    @staticmethod
    def axis(
        data: TimelineData,
        view: TimeView,
        palette: Palette,
        *,
        width: int,
        name_width: int,
        caption: str,
        cursor_column: int | None,
    ) -> Strip:
        """The time axis, with the zoom caption over the name column."""
        complete_to = data.complete_to_ms if data.complete_to_ms < view.end_ms else None
        axis = axis_strip(view, data.window.timezone, complete_to, palette.axis, palette.marker)
        if cursor_column is not None:
            axis = highlight_column(axis, cursor_column, palette.cursor)
        if name_width:
            caption = f" {caption}"[:name_width].ljust(name_width)
            axis = Strip.join([Strip([Segment(caption, palette.axis)], name_width), axis])
        return axis.adjust_cell_length(width, palette.base)

    @staticmethod
    def group(row: TimelineRow, line_in_row: int, width: int, palette: Palette) -> Strip:
        """A team heading across the whole width."""
        if line_in_row:
            return Strip.blank(width, palette.base)
        text = f"── {row.label} "
        text = (text + "─" * max(0, width - len(text)))[:width]
        return Strip([Segment(text, palette.group)], width)

    def agent(
        self,
        row: TimelineRow,
        line_in_row: int,
        view: TimeView,
        palette: Palette,
        *,
        width: int,
        name_width: int,
        bar_key: BarKey,
        cursor_column: int | None,
        marks_line: bool = False,
        band_line: bool = False,
    ) -> Strip:
        """One line of an agent's row: name (first line only) and bar, cursor laid over; the
        ``marks_line`` shows the row's marks instead of the bar when it has any, the
        ``band_line`` its scheduled band."""
        marks_line = marks_line and bool(row.marks)
        kind = 3 if band_line else 2 if marks_line else (0 if line_in_row == 0 else 1)
        line_key: LineKey = (bar_key, kind, name_width, width)
        if cursor_column is None:
            cached = self._lines.get(line_key)
            if cached is not None:
                return cached
        if band_line:
            bar = band_strip(
                view.columns, span_columns(row.scheduled, view), palette.band, palette.base
            )
        elif marks_line:
            bar = marks_strip(
                view.columns, mark_columns(row.marks, view), palette.marker, palette.base
            )
        else:
            bar = self._bar(row, view, palette, bar_key)
        if cursor_column is not None:
            bar = highlight_column(bar, cursor_column, palette.cursor)
        if name_width:
            label = row.label if line_in_row == 0 else ""
            name = f" {label}"[: name_width - 1].ljust(name_width)
            name_style = palette.name if cursor_column is None else palette.name_cursor
            bar = Strip.join([Strip([Segment(name, name_style)], name_width), bar])
        line = bar.adjust_cell_length(width, palette.base)
        if cursor_column is None:
            self._lines[line_key] = line
        return line

    def _bar(self, row: TimelineRow, view: TimeView, palette: Palette, key: BarKey) -> Strip:
        cached = self._bars.get(key)
        if cached is None:
            cached = self._bars[key] = bar_strip(self.cells(row, view), palette.states)
        return cached
