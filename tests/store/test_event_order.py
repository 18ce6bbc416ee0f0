"""The cache reads a window's records in the Events pane's order, so its index needs no sort."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.fakes import DAY, HOUR, T0, FakeFetcher
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.core.settings import Settings
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource
from tui.ui.activity_view import events_in_window

MINUTE = 60_000


@st.composite
def records(draw: st.DrawFn) -> list[StatusRecord]:
    """Agents, instants and sequences that collide often, some before the window (look-back)."""
    return [
        StatusRecord(
            agent_id=draw(st.integers(1, 4)),
            time_ms=T0 + draw(st.integers(-6 * 60, 24 * 60)) * MINUTE,
            status_type=draw(st.sampled_from((1, 3, 4))),
            status_subtype=draw(st.sampled_from((None, 1, 2, 3, 4))),
            sequence=draw(st.integers(-1, 3)),
            reason_id=draw(st.sampled_from((None, 5))),
        )
        for _ in range(draw(st.integers(0, 60)))
    ]


@settings(max_examples=60, deadline=None)
@given(records())
def test_the_cache_reads_the_window_in_event_order(written: list[StatusRecord]) -> None:
    clock = FakeClock(T0 + 2 * DAY)
    store = ActivityStore.in_memory(clock=clock)
    range_id = store.begin_range(T0 - 12 * HOUR, T0 + DAY, clock.now_ms())
    store.write_records(written)
    store.complete_range(range_id, clock.now_ms() - HOUR)
    source = StoredSource(store, FakeFetcher(), clock, Settings(), label="order")
    load = source.cached(T0, T0 + DAY)
    assert load.in_event_order
    assert events_in_window(load.records, T0, T0 + DAY, in_order=True) == events_in_window(
        load.records, T0, T0 + DAY
    )
    store.close()
