"""Pausing the cyclic collector nests and restores; only big snapshots are frozen."""

from __future__ import annotations

import gc
import weakref

from tui.core.collector import (
    RELEASE_STEP,
    SETTLE_AT_RECORDS,
    SETTLE_AT_YOUNG,
    collector_paused,
    hold,
    pause_start_up,
    release_in_steps,
    settle_long_lived,
    settle_start_up,
)
from tui.core.records import StatusRecord
from tui.core.segments import Segment


class Node:
    """A tracked object that can be watched with a weak reference."""


def test_pauses_nest_and_the_collector_comes_back() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_that_built_many_objects_freezes_them_rather_than_leave_a_long_scan() -> None:
    frozen = gc.get_freeze_count()
    with collector_paused():
        few = [Node() for _ in range(100)]
    assert gc.get_freeze_count() == frozen  # a young collection over these is cheap
    try:
        with collector_paused():
            many = [Node() for _ in range(SETTLE_AT_YOUNG)]
        assert gc.get_freeze_count() >= frozen + len(many)
        assert gc.get_count()[0] < SETTLE_AT_YOUNG
        watched = weakref.ref(many[0])
        del many
        assert watched() is None  # reference counting still frees frozen objects
    finally:
        gc.unfreeze()
    del few


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_a_big_snapshot_is_frozen_and_reference_counting_still_frees_it() -> None:
    frozen_before = gc.get_freeze_count()
    settle_long_lived(SETTLE_AT_RECORDS - 1)
    assert gc.get_freeze_count() == frozen_before
    node = Node()
    watcher = weakref.ref(node)
    try:
        settle_long_lived(SETTLE_AT_RECORDS)
        assert gc.get_freeze_count() > frozen_before
        del node
        assert watcher() is None
    finally:
        gc.unfreeze()


def test_release_in_steps_empties_every_kind_of_collection() -> None:
    nodes = [Node() for _ in range(5_000)]
    watchers = [weakref.ref(node) for node in nodes[::500]]
    keys = {(n, n + 1) for n in range(4_500)}
    table = {n: Node() for n in range(2_500)}
    release_in_steps(nodes, keys, table)
    assert (nodes, keys, table) == ([], set(), {})
    assert all(watcher() is None for watcher in watchers)


def test_start_up_rests_the_collector_until_settled_then_freezes_what_it_built() -> None:
    frozen_before = gc.get_freeze_count()
    settle_start_up()  # without a pause: nothing to settle
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before
    try:
        pause_start_up()
        pause_start_up()  # once is enough: a second call does not pause twice
        assert not gc.isenabled()
        built = [Node() for _ in range(100)]
        with collector_paused():  # a bulk pause inside start-up keeps the collector off
            pass
        assert not gc.isenabled()
        settle_start_up()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen_before + len(built)
        settle_start_up()  # every way out of start-up may call it again
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_bulk_pause_that_outlives_start_up_keeps_the_collector_off_until_it_ends() -> None:
    pause_start_up()
    with collector_paused():
        settle_start_up()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.unfreeze()


def test_a_hold_pauses_the_collector_until_resumed_once() -> None:
    resume = hold()
    assert not gc.isenabled()
    with collector_paused():  # a worker's pause meanwhile does not end the hold
        pass
    assert not gc.isenabled()
    resume()
    assert gc.isenabled()
    other = hold()
    resume()  # a second call of the first hold's resume does not end the second hold
    assert not gc.isenabled()
    other()
    assert gc.isenabled()


def test_a_release_with_rests_empties_everything_with_the_collector_paused_meanwhile() -> None:
    seen: list[bool] = []

    class Watched:
        def __del__(self) -> None:
            seen.append(gc.isenabled())

    items = [Watched() for _ in range(3 * RELEASE_STEP)]
    release_in_steps(items, rest_s=0.0001)
    assert items == [] and len(seen) == 3 * RELEASE_STEP
    assert not any(seen)  # no collection could traverse the list while it was emptied
    assert gc.isenabled()


def test_the_bulk_records_are_out_of_the_collectors_scans() -> None:
    """A day holds a million status records and tens of thousands of segments: they hold only
    numbers and text, so the collector need never scan them (a full collection over 44,000
    tracked segments took 9 ms, 2 ms untracked)."""
    record = StatusRecord(1, 2, 1, 2, 0, reason_text="Lunch", login_name="a")
    segment = Segment("s1", 1, 2, start_ms=1, conversation_id="c1", end_reason="closedByAgent")
    assert not gc.is_tracked(record)
    assert not gc.is_tracked(segment)
