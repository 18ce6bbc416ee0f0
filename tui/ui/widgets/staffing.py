"""A one-team staffing strip: agents online per 15-minute slot, as a bar of block glyphs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from tui.analysis.model import StaffingSlot
from tui.ui import format as fmt

BAR_GLYPHS = " ▁▂▃▄▅▆▇█"
PENDING_GLYPH = "░"


def bucket_slots(slots: Sequence[StaffingSlot], width: int) -> list[tuple[float, bool]]:
    """Merge slots so they fit ``width`` cells: (mean agents online, pending) per cell."""
    if not slots or width <= 0:
        return []
    per_cell = max(1, -(-len(slots) // width))
    cells: list[tuple[float, bool]] = []
    for index in range(0, len(slots), per_cell):
        group = slots[index : index + per_cell]
        online = sum(slot.online for slot in group) / len(group)
        cells.append((online, all(slot.pending for slot in group)))
    return cells


def bar_glyph(value: float, peak: float) -> str:
    """The block glyph for ``value`` on a scale up to ``peak`` (``▁`` for any non-zero value)."""
    if peak <= 0 or value <= 0:
        return BAR_GLYPHS[0]
    level = round(value / peak * (len(BAR_GLYPHS) - 1))
    return BAR_GLYPHS[max(1, min(len(BAR_GLYPHS) - 1, level))]


class StaffingStrip(Widget):
    """Agents online per slot for the highlighted team; pending slots drawn as ``░``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"staffing--bar", "staffing--pending", "staffing--axis"}

    DEFAULT_CSS = """
    StaffingStrip {
        height: 3;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = ""
        self._slots: tuple[StaffingSlot, ...] = ()
        self._timezone = "UTC"

    def show(self, title: str, slots: Sequence[StaffingSlot], timezone: str) -> None:
        self._title = title
        self._slots = tuple(slots)
        self._timezone = timezone
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width)
        if not self._slots:
            return Text(f"{self._title}\nno staffing data for this team on this day")
        label_width = 0
        cells = bucket_slots(self._slots, width - label_width)
        peak = max((online for online, _pending in cells), default=0.0)
        bar_style = self.get_component_rich_style("staffing--bar")
        pending_style = self.get_component_rich_style("staffing--pending")
        axis_style = self.get_component_rich_style("staffing--axis")
        text = Text(f"{self._title} · agents online per slot (peak {peak:.1f}) · ░ pending\n")
        for online, pending in cells:
            if pending:
                text.append(PENDING_GLYPH, pending_style)
            else:
                text.append(bar_glyph(online, peak), bar_style)
        text.append("\n")
        text.append(self._axis(len(cells)), axis_style)
        return text

    def _axis(self, cell_count: int) -> str:
        """Hour labels under the bar, placed where each hour starts."""
        axis = [" "] * cell_count
        per_cell = max(1, -(-len(self._slots) // max(1, cell_count)))
        next_free = 0
        for index, slot in enumerate(self._slots):
            label = fmt.clock_time(slot.start_ms, self._timezone)
            if not label.endswith(":00"):
                continue
            cell = index // per_cell
            text = label[:2]
            if cell < next_free or cell + len(text) > cell_count:
                continue
            axis[cell : cell + len(text)] = text
            next_free = cell + len(text) + 1
        return "".join(axis)
