"""15-minute staffing slots merged into 30-minute ones: weights, pending and not-yet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.analysis.groups import StaffingAccumulator
from tui.analysis.staffing import merge_slots
from tui.core.records import State

SLOT = 15 * 60_000


def test_merging_matches_an_accumulator_with_wider_slots() -> None:
    segments = [
        (0, 20 * 60_000, State.ONLINE, None),
        (20 * 60_000, 50 * 60_000, State.AWAY, "Lunch"),
        (50 * 60_000, 60 * 60_000, State.OCCUPIED, None),
    ]
    narrow = StaffingAccumulator(0, 4 * SLOT, SLOT)
    wide = StaffingAccumulator(0, 4 * SLOT, 2 * SLOT)
    for accumulator in (narrow, wide):
        accumulator.add(list(segments))
    merged = merge_slots(narrow.slots(4 * SLOT, 4 * SLOT), 2, 4 * SLOT)
    expected = wide.slots(4 * SLOT, 4 * SLOT)
    assert [(s.start_ms, s.end_ms) for s in merged] == [(s.start_ms, s.end_ms) for s in expected]
    for got, want in zip(merged, expected, strict=True):
        assert got.online == pytest.approx(want.online)
        assert got.occupied == pytest.approx(want.occupied)
        assert got.away == pytest.approx(want.away)


def test_a_partly_complete_slot_is_weighted_by_its_complete_part_and_is_pending() -> None:
    accumulator = StaffingAccumulator(0, 4 * SLOT, SLOT)
    complete_to = SLOT + SLOT // 3  # the second slot is a third complete
    accumulator.add([(0, complete_to, State.ONLINE, None)])  # segments stop at complete-to
    slots = accumulator.slots(complete_to, 3 * SLOT)
    first, second = merge_slots(slots, 2, complete_to)
    assert first.online == pytest.approx(1.0)  # one agent throughout the complete part
    assert first.pending and not first.not_yet
    assert second.pending and not second.not_yet  # half of it has happened (pending)
    assert second.online == 0.0  # nothing of it complete: no figure, not a fake zero-average


def test_not_yet_only_when_nothing_of_the_merged_slot_has_happened() -> None:
    accumulator = StaffingAccumulator(0, 4 * SLOT, SLOT)
    slots = accumulator.slots(SLOT, 3 * SLOT)  # now falls inside the second merged slot
    assert [s.not_yet for s in slots] == [False, False, False, True]
    assert [s.not_yet for s in merge_slots(slots, 2, SLOT)] == [False, False]
    later = accumulator.slots(SLOT, 2 * SLOT)
    assert [s.not_yet for s in merge_slots(later, 2, SLOT)] == [False, True]


@given(
    st.lists(
        st.tuples(st.integers(0, 95), st.integers(1, 8), st.sampled_from(list(State)[:4])),
        max_size=20,
    ),
    st.integers(0, 96),
)
def test_merged_figures_are_the_complete_time_weighted_means(
    pieces: list[tuple[int, int, State]], complete_slots: int
) -> None:
    day = 96 * SLOT
    accumulator = StaffingAccumulator(0, day, SLOT)
    wide = StaffingAccumulator(0, day, 2 * SLOT)
    complete_to = complete_slots * SLOT
    for start, length, state in pieces:
        end = min(day, complete_to, (start + length) * SLOT)
        if end <= start * SLOT:
            continue
        segment = [(start * SLOT, end, state, None)]
        accumulator.add(list(segment))
        wide.add(list(segment))
    merged = merge_slots(accumulator.slots(complete_to, day), 2, complete_to)
    for got, want in zip(merged, wide.slots(complete_to, day), strict=True):
        assert got.online == pytest.approx(want.online)
        assert got.away == pytest.approx(want.away)
        assert got.pending == want.pending
