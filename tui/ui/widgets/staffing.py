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
    return [(online, pending) for online, _occupied, _away, pending in bucket_states(slots, width)]


def bucket_states(
    slots: Sequence[StaffingSlot], width: int
) -> list[tuple[float, float, float, bool]]:
    """Merge slots to fit ``width`` cells: mean (online, occupied, away) and pending per cell."""
    if not slots or width <= 0:
        return []
    per_cell = max(1, -(-len(slots) // width))
    cells: list[tuple[float, float, float, bool]] = []
    for index in range(0, len(slots), per_cell):
        group = slots[index : index + per_cell]
        count = len(group)
        cells.append(
            (
                sum(slot.online for slot in group) / count,
                sum(slot.occupied for slot in group) / count,
                sum(slot.away for slot in group) / count,
                all(slot.pending for slot in group),
            )
        )
    return cells


def bucket_not_yet(slots: Sequence[StaffingSlot], width: int) -> list[bool]:
    """Per cell (as :func:`bucket_states` merges them): whether none of it has happened yet."""
    if not slots or width <= 0:
        return []
    per_cell = max(1, -(-len(slots) // width))
    return [
        all(slot.not_yet for slot in slots[index : index + per_cell])
        for index in range(0, len(slots), per_cell)
    ]


def bar_glyph(value: float, peak: float) -> str:
    """The block glyph for ``value`` on a scale up to ``peak`` (``▁`` for any non-zero value)."""
    if peak <= 0 or value <= 0:
        return BAR_GLYPHS[0]
    level = round(value / peak * (len(BAR_GLYPHS) - 1))
    return BAR_GLYPHS[max(1, min(len(BAR_GLYPHS) - 1, level))]


ROWS: tuple[tuple[str, int], ...] = (("online", 0), ("occupied", 1), ("away", 2))
LABEL_WIDTH = 10


def count_text(value: float) -> str:
    """An average count of agents: ``4`` when whole, else one decimal (``3.5``)."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


class StaffingStrip(Widget):
    """Agents online, occupied and away per slot for the highlighted team, on a chart axis:
    the peak count at the top, 0 at the corner, hour ticks and labels under the bars.
    Pending as ``░``, what has not happened yet blank."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "staffing--online",
        "staffing--occupied",
        "staffing--away",
        "staffing--pending",
        "staffing--axis",
    }

    DEFAULT_CSS = """
    StaffingStrip {
        height: 6;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = ""
        self._slots: tuple[StaffingSlot, ...] = ()
        self._timezone = "UTC"
        self._ready = True
        self._cells: (
            tuple[int, list[tuple[float, float, float, bool]], list[bool], int, str] | None
        ) = None
        """(widget width, cells, not-yet per cell, the scale's width, the time axis) of the last
        render: a repaint at the same width (a theme, a focus change) does not bucket the slots
        or format their times again."""

    def show(
        self, title: str, slots: Sequence[StaffingSlot], timezone: str, *, ready: bool = True
    ) -> None:
        """Show ``slots``; ``ready=False``: the slots are still being summed (none yet).
        The same again (a newer view of the same figures) changes nothing: no repaint."""
        slots = tuple(slots)
        if (title, slots, timezone, ready) == (
            self._title,
            self._slots,
            self._timezone,
            self._ready,
        ):
            return
        self._title = title
        self._slots = slots
        self._timezone = timezone
        self._ready = ready
        self._cells = None
        self.refresh()

    def render(self) -> Text:
        if not self._ready:
            return Text(f"{self._title}\nstaffing: summing the day's slots…")
        if not self._slots:
            return Text(f"{self._title}\nno staffing data for this team on this day")
        cells, not_yet, peak_width, axis = self._bucketed(self.size.width)
        peak = max((max(cell[:3]) for cell in cells), default=0.0)
        pending_style = self.get_component_rich_style("staffing--pending")
        axis_style = self.get_component_rich_style("staffing--axis")
        text = Text(
            f"{self._title} · agents per {self._slot_minutes(len(cells))} min, averaged · "
            "░ pending · blank: not yet (s: table)\n"
        )
        for row, (label, position) in enumerate(ROWS):
            style = self.get_component_rich_style(f"staffing--{label}")
            text.append(label.ljust(LABEL_WIDTH), style)
            scale = count_text(peak) if row == 0 else ""
            text.append(scale.rjust(peak_width) + ("┤" if row == 0 else "│"), axis_style)
            for cell, later in zip(cells, not_yet, strict=True):
                if later:
                    text.append(" ")
                elif cell[3]:
                    text.append(PENDING_GLYPH, pending_style)
                else:
                    text.append(bar_glyph(cell[position], peak), style)
            text.append("\n")
        text.append(" " * LABEL_WIDTH + "0".rjust(peak_width) + "└" + axis, axis_style)
        return text

    def _bucketed(
        self, width: int
    ) -> tuple[list[tuple[float, float, float, bool]], list[bool], int, str]:
        """The slots merged into the cells that fit ``width``, which of them have not happened
        yet, the scale's width and the time axis (remembered per width until :meth:`show`)."""
        if self._cells is not None and self._cells[0] == width:
            return self._cells[1], self._cells[2], self._cells[3], self._cells[4]
        peak_width = 1
        cells: list[tuple[float, float, float, bool]] = []
        for _ in range(2):  # the scale's width depends on the peak, the peak on the width
            bar_width = max(1, width - LABEL_WIDTH - peak_width - 1)
            cells = bucket_states(self._slots, bar_width)
            peak = max((max(cell[:3]) for cell in cells), default=0.0)
            peak_width = len(count_text(peak))
        bar_width = max(1, width - LABEL_WIDTH - peak_width - 1)
        not_yet = bucket_not_yet(self._slots, bar_width)
        axis = self._axis(len(cells))
        self._cells = (width, cells, not_yet, peak_width, axis)
        return cells, not_yet, peak_width, axis

    def _slot_minutes(self, cell_count: int) -> int:
        slot_ms = self._slots[0].end_ms - self._slots[0].start_ms
        per_cell = -(-len(self._slots) // max(1, cell_count))
        return slot_ms * per_cell // 60_000

    def _axis(self, cell_count: int) -> str:
        """The time axis under the bars: the hour (``08``) written where it starts."""
        ticks = ["─"] * cell_count
        per_cell = max(1, -(-len(self._slots) // max(1, cell_count)))
        next_free = 0
        for index, slot in enumerate(self._slots):
            label = fmt.clock_time(slot.start_ms, self._timezone)
            if not label.endswith(":00"):
                continue
            cell = index // per_cell
            hour = label[:2]
            if cell < next_free or cell + len(hour) > cell_count:
                continue
            ticks[cell : cell + len(hour)] = hour
            next_free = cell + len(hour) + 1
        return "".join(ticks)
