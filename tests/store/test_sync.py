"""Sync against the simulator through the real client: the store equals the simulator's truth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.store.fakes import DAY, HOUR, T0, FakeFetcher, record
from tests.store.simenv import SimEnv, sim_env
from tui.api.client import V1_TRUNCATION_WARNING
from tui.api.errors import ApiError, BadCredentials, ServerUnavailable
from tui.core.clock import FakeClock
from tui.core.source_contract import SyncProgress
from tui.simulator.faults import FaultPlan
from tui.store.database import ActivityStore
from tui.store.planning import SyncPolicy
from tui.store.syncer import Syncer

NOW = T0 + 13 * HOUR
LOOKBACK_START = T0 - 12 * HOUR
MINUTE = 60_000


@pytest.fixture
async def env() -> AsyncIterator[SimEnv]:
    created = sim_env(NOW)
    yield created
    await created.aclose()


async def test_first_sync_stores_exactly_what_the_api_shows(env: SimEnv) -> None:
    outcome = await env.syncer.sync(T0, T0 + DAY)
    assert outcome.spans == ((LOOKBACK_START, NOW),)
    truth = env.truth(LOOKBACK_START, NOW)
    assert len(truth) > 1000
    assert env.stored(LOOKBACK_START, T0 + DAY) == truth
    assert outcome.records_stored == len(truth)
    (done,) = env.store.ranges(LOOKBACK_START, NOW)
    assert done.complete
    assert done.data_complete_to_ms == NOW - HOUR


async def test_refreshes_follow_the_arrival_lag_and_session_ids(env: SimEnv) -> None:
    await env.syncer.sync(T0, T0 + DAY)
    first_requests = env.service.stats.requests
    for step_s in (300, 300, 600, 1200, 2400, 300, 5 * 3600, 300):
        env.clock.advance(step_s)
        before = env.service.stats.requests
        outcome = await env.syncer.sync(T0, T0 + DAY)
        now = env.clock.now_ms()
        assert env.stored(LOOKBACK_START, T0 + DAY) == env.truth(LOOKBACK_START, now)
        assert outcome.records_removed == 0
        assert outcome.spans[0][0] >= now - 2 * HOUR - step_s * 1000
        assert env.service.stats.requests - before < first_requests
    assert any(r.session_id == -1 for r in env.stored(NOW - HOUR, NOW))


async def test_steady_refresh_requests_only_what_can_still_change(env: SimEnv) -> None:
    """5 minutes later: the minutes that settle (2 h ago) and the unsettled last hour + 5 min."""
    await env.syncer.sync(T0, T0 + DAY)
    env.clock.advance(300)
    now = env.clock.now_ms()
    before = env.service.stats.requests
    outcome = await env.syncer.sync(T0, T0 + DAY)
    assert outcome.spans == ((NOW - 2 * HOUR, now - 2 * HOUR), (NOW - HOUR, now))
    size = env.client.page_size
    pages = sum(
        -(-len(env.service.visible_records(start, end)) // size) for start, end in outcome.spans
    )
    assert env.service.stats.requests - before == outcome.pages == pages
    assert env.stored(NOW - 12 * HOUR, now) == env.truth(NOW - 12 * HOUR, now)


async def test_a_past_day_is_final_and_not_fetched_again(env: SimEnv) -> None:
    yesterday = T0 - DAY
    await env.syncer.sync(yesterday, T0)
    env.clock.advance(300)
    before = env.service.stats.requests
    outcome = await env.syncer.sync(yesterday, T0)
    assert outcome.spans == ()
    assert env.service.stats.requests == before
    assert env.stored(yesterday - 12 * HOUR, T0) == env.truth(yesterday - 12 * HOUR, T0)


@pytest.mark.parametrize(
    "faults",
    [
        FaultPlan(seed=1, max_in_flight=2),
        FaultPlan(seed=2, server_error_rate=0.15, server_error_run=2),
        FaultPlan(seed=3, expire_token_every=25),
        FaultPlan(seed=4, malformed_rate=0.1),
        FaultPlan(seed=5, max_in_flight=3, server_error_rate=0.1, malformed_rate=0.05),
    ],
    ids=["429", "5xx", "401", "malformed", "mixed"],
)
async def test_fault_runs_end_with_the_same_store(faults: FaultPlan) -> None:
    env = sim_env(NOW, faults=faults, latency_s=0.002, page_size=100)  # ~40 requests: faults met
    try:
        for _ in range(10):
            started_ms = env.clock.now_ms()
            try:
                await env.syncer.sync(T0, T0 + DAY)
                break
            except BadCredentials:
                raise  # no fault here is wrong credentials (expired tokens are not)
            except ApiError:
                env.clock.advance(60)
        else:
            pytest.fail("the sync never got through the faults")
        now = env.clock.now_ms()
        env.assert_store_between(LOOKBACK_START, T0 + DAY, started_ms)
        assert env.store.ranges(LOOKBACK_START, now)[-1].complete
        stats = env.service.stats
        faults_met = stats.throttled + stats.by_status[401] + stats.malformed
        faults_met += stats.by_status[500] + stats.by_status[503]
        assert faults_met > 0
    finally:
        await env.aclose()


async def test_failed_fetch_keeps_stored_pages_and_leaves_the_range_open() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a, time_ms=T0 + a * 1000) for a in range(450)]
    fetcher = FakeFetcher(
        records, fail_after_pages=3, error=lambda: ServerUnavailable("HTTP 503 three times")
    )
    store = ActivityStore.in_memory(clock=clock)
    syncer = Syncer(store, fetcher, clock, SyncPolicy())
    with pytest.raises(ServerUnavailable):
        await syncer.sync(T0, T0 + DAY)
    assert store.count(T0 - DAY, T0 + DAY) == 300
    (open_range,) = store.ranges(LOOKBACK_START, NOW)
    assert not open_range.complete
    fetcher.fail_after_pages = None
    await syncer.sync(T0, T0 + DAY)
    assert fetcher.calls == [(LOOKBACK_START, NOW)] * 2
    assert list(store.read(T0, T0 + DAY)) == records
    assert store.ranges(LOOKBACK_START, NOW)[-1].complete
    store.close()


async def test_records_returned_but_never_paged_are_stored_with_the_range() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a, time_ms=T0 + a) for a in range(5)]

    class NoPages(FakeFetcher):
        async def fetch(self, start_ms, end_ms, *, progress=None, on_page=None):  # type: ignore[no-untyped-def]
            return await super().fetch(start_ms, end_ms, progress=progress, on_page=None)

    store = ActivityStore.in_memory(clock=clock)
    outcome = await Syncer(store, NoPages(records), clock, SyncPolicy()).sync(T0, T0 + DAY)
    assert outcome.records_stored == 5
    assert list(store.read(T0, T0 + DAY)) == records
    store.close()


async def test_a_record_the_api_replaced_is_not_kept_twice() -> None:
    clock = FakeClock(NOW)
    first_form = record(time_ms=NOW - 30 * MINUTE, subtype=4, reason_id=None)
    fetcher = FakeFetcher([first_form])
    store = ActivityStore.in_memory(clock=clock)
    syncer = Syncer(store, fetcher, clock, SyncPolicy())
    await syncer.sync(T0, T0 + DAY)
    fetcher.records = [replace(first_form, reason_id=5, reason_text="Lunch")]
    clock.advance(300)
    outcome = await syncer.sync(T0, T0 + DAY)
    assert outcome.records_removed == 1
    assert store.read(T0, T0 + DAY) == tuple(fetcher.records)
    store.close()


async def test_progress_counts_pages_and_records_across_spans() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a % 50, time_ms=T0 + a * 100_000) for a in range(250)]
    fetcher = FakeFetcher(records, skipped_per_page=1)
    store = ActivityStore.in_memory(clock=clock)
    middle = store.begin_range(T0 + 2 * HOUR, T0 + 4 * HOUR, NOW)  # final: leaves two spans
    store.complete_range(middle, NOW - HOUR)
    reports: list[SyncProgress] = []
    syncer = Syncer(store, fetcher, clock, SyncPolicy())
    outcome = await syncer.sync(T0, T0 + DAY, progress=reports.append)
    assert outcome.spans == ((LOOKBACK_START, T0 + 2 * HOUR), (T0 + 4 * HOUR, NOW))
    assert reports[-1] == SyncProgress(pages_done=3, pages_total=3, records_stored=72 + 106)
    assert [r.pages_done for r in reports] == sorted(r.pages_done for r in reports)
    assert [r.records_stored for r in reports] == sorted(r.records_stored for r in reports)
    assert outcome.skipped == {"no agentId": 3}
    assert outcome.pages == 3
    store.close()


async def test_a_file_store_syncs_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "activity.sqlite3"
    env = sim_env(NOW, path=path)
    await env.syncer.sync(T0, T0 + DAY)
    truth = env.truth(LOOKBACK_START, NOW)
    await env.aclose()
    reopened = ActivityStore.open(path, clock=FakeClock(NOW))
    assert sorted(reopened.read(LOOKBACK_START, T0 + DAY), key=lambda r: r.identity()) == sorted(
        truth, key=lambda r: r.identity()
    )
    reopened.close()


async def test_a_v1_answer_is_stored_and_its_warning_is_in_the_outcome() -> None:
    env = sim_env(NOW, faults=FaultPlan(version=1))
    try:
        outcome = await env.syncer.sync(T0, T0 + DAY)
        assert outcome.warnings == (V1_TRUNCATION_WARNING,)
        assert env.store.ranges(LOOKBACK_START, NOW)[-1].complete
        stored = env.stored(LOOKBACK_START, NOW)
        truth = env.truth(LOOKBACK_START, NOW)
        assert stored and set(stored) < set(truth)  # what v1 kept, and it kept less
    finally:
        await env.aclose()
    clean = sim_env(NOW)
    try:
        assert (await clean.syncer.sync(T0, T0 + DAY)).warnings == ()
    finally:
        await clean.aclose()


async def test_warnings_of_several_spans_are_reported_once_each() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a, time_ms=T0 + a * 1000) for a in range(20)]
    fetcher = FakeFetcher(records, warnings=("may be truncated",))
    store = ActivityStore.in_memory(clock=clock)
    middle = store.begin_range(T0 + 2 * HOUR, T0 + 4 * HOUR, NOW)  # final: leaves two spans
    store.complete_range(middle, NOW - HOUR)
    outcome = await Syncer(store, fetcher, clock, SyncPolicy()).sync(T0, T0 + DAY)
    assert len(outcome.spans) == 2
    assert outcome.warnings == ("may be truncated",)
    store.close()
