"""Segments in the cache: idempotent by segmentId, ranges complete only with their last page,
kill-safe, synced at their own pace in the same load; the not-enabled path end to end."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.api.client import StatusChangesClient
from tui.api.errors import TRANSPORT_ERRORS
from tui.core.clock import FakeClock
from tui.core.segments import NOT_ENABLED_FIX, PRODUCTIVITY_LAG_MS, Segment
from tui.core.settings import Settings
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.schema import SCHEMA_VERSION
from tui.store.segment_sync import PRODUCTIVITY_REFRESH_MS
from tui.store.stored_source import StoredSource

HOUR = 3_600_000
DAY = 24 * HOUR
T0 = 20_000 * DAY
NOW = T0 + 13 * HOUR


def segment(sid: str, close: int, handle: int = 60_000, reason: str = "closedByAgent") -> Segment:
    return Segment(sid, 7, close, close - handle, end_reason=reason, handle_ms=handle)


def test_segments_are_stored_once_by_id_and_read_by_close_time(tmp_path: Path) -> None:
    store = ActivityStore.open(tmp_path / "c.sqlite3", clock=FakeClock(NOW))
    table = store.segments
    table.write([segment("a", T0 + HOUR), segment("b", T0 + 2 * HOUR)])
    table.write([segment("a", T0 + HOUR, handle=90_000, reason="backToQueue")])  # again
    assert table.count() == 2
    stored = table.read(T0, T0 + DAY)
    assert [s.segment_id for s in stored] == ["a", "b"]
    assert (stored[0].handle_ms, stored[0].end_reason) == (90_000, "backToQueue")
    assert table.read(T0 + HOUR + 1, T0 + DAY) == (stored[1],)
    assert store.schema_version() == SCHEMA_VERSION == 4
    store.close()


def test_a_range_is_complete_only_with_its_last_page(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    store = ActivityStore.open(path, clock=FakeClock(NOW))
    range_id = store.segments.begin_range(T0, T0 + DAY, NOW)
    store.segments.write([segment("a", T0 + HOUR)])  # a page: stored, range still incomplete
    store.close()  # the process dies here
    reopened = ActivityStore.open(path, clock=FakeClock(NOW))
    (left,) = reopened.segments.ranges(T0, T0 + DAY)
    assert not left.complete
    assert reopened.segments.count() == 1
    reopened.segments.write([segment("b", T0 + 3 * HOUR)], complete_range=range_id)
    (done,) = reopened.segments.ranges(T0, T0 + DAY)
    assert done.complete
    reopened.close()


def test_prune_drops_old_segments(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    store = ActivityStore.open(tmp_path / "c.sqlite3", clock=clock, retention_days=2)
    store.segments.write([segment("old", NOW - 3 * DAY), segment("new", NOW - HOUR)])
    store.prune()
    assert [s.segment_id for s in store.segments.read(0, NOW)] == ["new"]
    store.close()


@dataclass
class Env:
    clock: FakeClock
    service: SimulatedLivePerson
    source: StoredSource

    def truth(self, start: int, end: int) -> dict[str, Segment]:
        now = self.clock.now_ms()
        world = self.service.world
        return {
            s.segment_id: s
            for s in world.segments(start, end)
            if world.segment_arrival_ms(s) <= now
        }

    def stored(self, start: int, end: int) -> dict[str, Segment]:
        return {s.segment_id: s for s in self.source.store.segments.read(start, end)}

    def segment_requests(self) -> int:
        return self.service.stats.segment_requests


def make_env(clock: FakeClock, **service_options: object) -> Env:
    service = SimulatedLivePerson(World(4242), clock, **service_options)  # type: ignore[arg-type]
    client = StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        rng=random.Random(1),
    )
    store = ActivityStore.in_memory(clock=clock)
    source = StoredSource(
        store,
        client,
        clock,
        Settings(),
        label="sim",
        network_errors=TRANSPORT_ERRORS,
        segments=client,
    )
    return Env(clock, service, source)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    created = make_env(FakeClock(NOW))
    yield created
    await created.source.aclose()


async def test_a_load_brings_the_day_s_segments_and_says_how_final_they_are(env: Env) -> None:
    result = await env.source.load(T0, T0 + DAY)
    productivity = result.productivity
    assert productivity is not None and productivity.status == "ok"
    assert {s.segment_id: s for s in productivity.segments} == env.truth(T0, T0 + DAY)
    assert len(productivity.segments) > 100
    # fetched at NOW: final up to NOW − 24 h, i.e. nothing of today yet
    assert productivity.complete_to_ms == T0
    assert productivity.fetched_at_ms == NOW


async def test_productivity_refreshes_every_30_minutes_or_when_asked(env: Env) -> None:
    await env.source.load(T0, T0 + DAY)
    first = env.segment_requests()
    assert first > 0
    env.clock.advance(300)  # 5 min: presence refreshes, productivity does not
    await env.source.load(T0, T0 + DAY)
    assert env.segment_requests() == first
    env.source.request_productivity_refresh()  # the user's r
    await env.source.load(T0, T0 + DAY)
    assert env.segment_requests() > first
    asked = env.segment_requests()
    env.clock.advance(PRODUCTIVITY_REFRESH_MS / 1000)
    result = await env.source.load(T0, T0 + DAY)
    assert env.segment_requests() > asked
    assert result.productivity is not None
    assert {s.segment_id for s in result.productivity.segments} == set(env.truth(T0, T0 + DAY))


async def test_a_final_past_day_is_never_fetched_again(env: Env) -> None:
    yesterday = (T0 - DAY, T0)
    env.clock.advance((PRODUCTIVITY_LAG_MS + DAY) / 1000)  # now T0 + 1 d 13 h
    await env.source.load(*yesterday)
    asked = env.segment_requests()
    env.source.request_productivity_refresh()
    result = await env.source.load(*yesterday)
    assert env.segment_requests() == asked
    assert result.productivity is not None
    assert result.productivity.complete_to_ms == T0  # the whole day is final
    assert {s.segment_id for s in result.productivity.segments} == set(env.truth(*yesterday))


async def test_a_failed_productivity_fetch_never_fails_presence() -> None:
    clock = FakeClock(NOW)
    env = make_env(clock)
    await env.source.load(T0, T0 + DAY)
    env.service.segments_unavailable = True
    env.source.request_productivity_refresh()
    clock.advance(600)
    result = await env.source.load(T0, T0 + DAY)
    assert result.error is None  # presence is fine
    productivity = result.productivity
    assert productivity is not None and productivity.status == "failed"
    assert productivity.message and "agent-segments" in productivity.message
    assert productivity.segments  # what the cache holds is still shown
    await env.source.aclose()


async def test_not_enabled_end_to_end_asks_once_and_changes_nothing_else() -> None:
    clock = FakeClock(NOW)
    env = make_env(clock, productivity_enabled=False)
    result = await env.source.load(T0, T0 + DAY)
    assert result.error is None and result.records
    productivity = result.productivity
    assert productivity is not None and productivity.status == "not_enabled"
    assert productivity.message is not None and NOT_ENABLED_FIX in productivity.message
    refused = env.service.stats.by_status[403]
    assert refused == 1
    for _ in range(3):  # the session remembers: never asked again, not even on r
        env.source.request_productivity_refresh()
        clock.advance(PRODUCTIVITY_REFRESH_MS / 1000)
        again = await env.source.load(T0, T0 + DAY)
        assert again.error is None
        assert again.productivity is not None and again.productivity.status == "not_enabled"
    assert env.service.stats.by_status[403] == refused
    await env.source.aclose()
