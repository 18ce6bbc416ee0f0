"""The staffing strip's numbers: one row per 15- or 30-minute slot, with a cursor.

Each row is a slot of the team's day that has happened: average agents online, occupied and
away in it (time-weighted over its complete part). A slot reaching past *data complete to* is
marked pending (its figures may still change; ``—`` when none of it is complete yet); slots
that have not happened are not listed (DESIGN.md §2: never shown as pending).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

from tui.analysis.model import StaffingSlot
from tui.analysis.staffing import merge_slots
from tui.ui import format as fmt
from tui.ui.widgets.keyed_table import displayed
from tui.ui.widgets.staffing import count_text

SLOT_MINUTES = (15, 30)
"""The two slot widths the table toggles between (the analysis slots are 15 minutes)."""

STAFFING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("slot", "Slot"),
    ("online", "Online"),
    ("occupied", "Occupied"),
    ("away", "Away"),
    ("status", "Status"),
)


def staffing_rows(
    slots: Sequence[StaffingSlot], minutes: int, complete_to_ms: int, timezone: str
) -> list[tuple[int, tuple[str, ...]]]:
    """``(slot start, cells)`` of every slot that has happened, at ``minutes`` per slot."""
    if not slots:
        return []
    base_minutes = max(1, (slots[0].end_ms - slots[0].start_ms) // 60_000)
    merged = merge_slots(slots, max(1, minutes // base_minutes), complete_to_ms)
    rows: list[tuple[int, tuple[str, ...]]] = []
    for slot in merged:
        if slot.not_yet:
            continue
        nothing_complete = slot.pending and slot.start_ms >= complete_to_ms
        figures = (
            ("—", "—", "—")
            if nothing_complete
            else (count_text(slot.online), count_text(slot.occupied), count_text(slot.away))
        )
        status = ""
        if slot.pending:
            status = "pending: no data yet" if nothing_complete else "pending: may change"
        span = f"{fmt.clock_time(slot.start_ms, timezone)}–{fmt.clock_time(slot.end_ms, timezone)}"
        rows.append((slot.start_ms, (span, *figures, status)))
    return rows


class StaffingTable(DataTable[str]):
    """Agents per slot for one team, as numbers, at 15 or 30 minutes a row
    (:meth:`toggle_minutes`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.minutes = SLOT_MINUTES[0]
        self._slots: tuple[StaffingSlot, ...] = ()
        self._complete_to_ms = 0
        self._timezone = "UTC"
        self._title = ""

    def on_mount(self) -> None:
        for key, label in STAFFING_COLUMNS:
            self.add_column(label, key=key)

    def show(
        self,
        title: str,
        slots: Sequence[StaffingSlot],
        complete_to_ms: int,
        timezone: str,
    ) -> None:
        """Show ``slots`` of the team ``title`` (the cursor stays at the same time). While the
        table is hidden (the strip is shown instead) it keeps them, and fills when it is shown
        and :meth:`show` is called again: each new view would cost the loop a table of 96 rows
        no one sees."""
        self._title = title
        self._slots = tuple(slots)
        self._complete_to_ms = complete_to_ms
        self._timezone = timezone
        if displayed(self):
            self._fill()

    @property
    def caption(self) -> str:
        return f"{self._title} · agents per {self.minutes} min, averaged"

    def cursor_slot_start(self) -> int | None:
        """The start (epoch ms) of the slot under the cursor."""
        if self.row_count == 0:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if row_key.value is None else int(row_key.value)

    def _fill(self) -> None:
        at = self.cursor_slot_start()
        rows = staffing_rows(self._slots, self.minutes, self._complete_to_ms, self._timezone)
        self.clear()
        for start_ms, cells in rows:
            self.add_row(*cells, key=str(start_ms))
        if not rows:
            return
        if at is None:  # first show: the latest complete slot (what a lead asks first)
            complete = [i for i, (start, cells) in enumerate(rows) if not cells[-1]]
            target = complete[-1] if complete else len(rows) - 1
        else:  # the slot holding the time the cursor was on
            target = max((i for i, (start, _c) in enumerate(rows) if start <= at), default=0)
        self.move_cursor(row=target, animate=False)

    def toggle_minutes(self) -> None:
        """Switch between 15- and 30-minute rows (the cursor stays at the same time)."""
        index = SLOT_MINUTES.index(self.minutes)
        self.minutes = SLOT_MINUTES[(index + 1) % len(SLOT_MINUTES)]
        self._fill()
