"""Staffing slots at another width: 15-minute slots merged into 30-minute ones (or wider).

A slot's figures are time-weighted averages over the *complete* part of the slot, so a merged
slot weighs each part by how much of it is complete: the average of a half-complete slot and a
complete one is not the plain mean of the two. Pending and not-yet follow DESIGN.md §2: a merged
slot is pending when any part of it is (its figure may still change), and *not yet* only when
none of it has happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.analysis.model import StaffingSlot


def merge_slots(
    slots: Sequence[StaffingSlot], factor: int, complete_to_ms: int
) -> tuple[StaffingSlot, ...]:
    """Every ``factor`` consecutive slots as one (``factor`` 1 returns them unchanged)."""
    if factor <= 1:
        return tuple(slots)
    merged: list[StaffingSlot] = []
    for index in range(0, len(slots), factor):
        group = slots[index : index + factor]
        weights = [max(0, min(slot.end_ms, complete_to_ms) - slot.start_ms) for slot in group]
        complete = sum(weights)

        def mean(values: Sequence[float], weights: Sequence[int] = weights) -> float:
            return sum(v * w for v, w in zip(values, weights, strict=True)) / complete

        merged.append(
            StaffingSlot(
                start_ms=group[0].start_ms,
                end_ms=group[-1].end_ms,
                online=mean([slot.online for slot in group]) if complete else 0.0,
                occupied=mean([slot.occupied for slot in group]) if complete else 0.0,
                away=mean([slot.away for slot in group]) if complete else 0.0,
                pending=any(slot.pending for slot in group),
                not_yet=all(slot.not_yet for slot in group),
            )
        )
    return tuple(merged)
