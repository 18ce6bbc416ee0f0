"""Durations in whole minutes for people: to the nearest minute, parts adding up to the total.

One rule for every screen and the table export (docs/semantics.md, "On screen").
"""

from __future__ import annotations

from collections.abc import Sequence

MINUTE_MS = 60_000


def rounded_minutes(milliseconds: int) -> int:
    """Whole minutes, to the nearest (half a minute rounds up)."""
    return (max(0, milliseconds) + MINUTE_MS // 2) // MINUTE_MS


def parts_adding_up(total_ms: int, parts_ms: Sequence[int]) -> list[int]:
    """Each part in whole minutes, rounded so that they add up to the rounded total.

    Largest remainder: every part is first rounded down, then the minutes still missing go one
    each to the parts with the largest remainders (ties: the earlier part). The parts must add
    up to ``total_ms`` (logged in = online + occupied + away + offline + other + unknown).
    """
    floors = [max(0, part) // MINUTE_MS for part in parts_ms]
    missing = rounded_minutes(total_ms) - sum(floors)
    by_remainder = sorted(
        range(len(parts_ms)), key=lambda index: (-(max(0, parts_ms[index]) % MINUTE_MS), index)
    )
    for index in by_remainder[: max(0, missing)]:
        floors[index] += 1
    return floors
