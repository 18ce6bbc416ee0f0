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
        merged.append(
            StaffingSlot(
                start_ms=group[0].start_ms,
                end_ms=group[-1].end_ms,
                online=_weighted([slot.online for slot in group], weights),
                occupied=_weighted([slot.occupied for slot in group], weights),
                away=_weighted([slot.away for slot in group], weights),
                pending=any(slot.pending for slot in group),
                not_yet=all(slot.not_yet for slot in group),
            )
        )
    return tuple(merged)


def _weighted(values: Sequence[float], weights: Sequence[int]) -> float:
    """The weighted mean (0 when nothing carries weight: no part of the slot is complete)."""
    total = sum(weights)
    if not total:
        return 0.0
    return sum(value * weight for value, weight in zip(values, weights, strict=True)) / total
