"""Staffing memory follows the data, not the window."""

from __future__ import annotations

from tui.analysis.groups import StaffingAccumulator
from tui.core.records import State

YEAR_MS = 366 * 86_400_000
SLOT_MS = 15 * 60_000


def test_an_empty_year_holds_no_slot_rows() -> None:
    accumulator = StaffingAccumulator(0, YEAR_MS, SLOT_MS)
    accumulator.add([(SLOT_MS, 3 * SLOT_MS, State.ONLINE, None)])
    assert len(accumulator.state_ms) == 2


def test_slots_are_spelled_out_only_when_asked() -> None:
    accumulator = StaffingAccumulator(0, 4 * SLOT_MS, SLOT_MS)
    accumulator.add([(SLOT_MS, 2 * SLOT_MS, State.AWAY, "Lunch")])
    slots = accumulator.slots(4 * SLOT_MS, 4 * SLOT_MS)
    assert [round(slot.away, 6) for slot in slots] == [0.0, 1.0, 0.0, 0.0]
