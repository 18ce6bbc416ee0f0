"""Productivity's cost: syncing a 2,000-agent day with its ~60k conversation segments, against
syncing the same day's status changes alone — wall time and requests, printed as ratios.

Run: ``uv run pytest -m bench tests/bench/test_bench_productivity.py -s``.

Both runs go through the same :class:`StoredSource` (client, store, paging) against the simulator
in-process with real per-request latency; the clock stands two days after the day, so every
record and segment has arrived and nothing changes mid-run. The status-changes-only run is the
baseline measured in the same process, just before.
"""

from __future__ import annotations

import random
import time

import pytest

from tui.api.client import StatusChangesClient
from tui.api.errors import TRANSPORT_ERRORS
from tui.core.clock import FakeClock
from tui.core.settings import Settings
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource

AGENTS = 2_000
LATENCY_S = 0.02
DAY_MS = 86_400_000
DAY_START = 20_400 * DAY_MS
NOW = DAY_START + 3 * DAY_MS


async def _sync(service: SimulatedLivePerson, *, with_segments: bool) -> tuple[float, int, int]:
    """Seconds, requests and what was stored (records, or segments) for one cold sync."""
    clock = FakeClock(NOW)
    client = StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        rng=random.Random(1),
    )
    source = StoredSource(
        ActivityStore.in_memory(clock=clock),
        client,
        clock,
        Settings(),
        label="bench",
        network_errors=TRANSPORT_ERRORS,
        segments=client if with_segments else None,
    )
    before = service.stats.requests
    started = time.perf_counter()
    result = await source.load(DAY_START, DAY_START + DAY_MS)
    elapsed = time.perf_counter() - started
    requests = service.stats.requests - before
    assert result.error is None
    stored = len(result.records)
    if with_segments:
        assert result.productivity is not None and result.productivity.status == "ok"
        stored = len(result.productivity.segments)
    await source.aclose()
    return elapsed, requests, stored


@pytest.mark.bench
async def test_productivity_sync_cost_against_status_changes_alone() -> None:
    service = SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(NOW), latency_s=LATENCY_S)
    service.world.segments(DAY_START, DAY_START + DAY_MS)  # build the day before timing
    service.visible_records(DAY_START - DAY_MS, DAY_START + DAY_MS)
    base_s, base_requests, records = await _sync(service, with_segments=False)
    both_s, both_requests, segments = await _sync(service, with_segments=True)
    extra_s, extra_requests = both_s - base_s, both_requests - base_requests
    print(
        f"\n2,000-agent day at {LATENCY_S * 1000:.0f} ms latency: status changes alone "
        f"{base_s:.2f} s, {base_requests} requests ({records} records); with productivity "
        f"{both_s:.2f} s, {both_requests} requests (+{segments} segments, "
        f"+{extra_requests} requests, +{extra_s:.2f} s)\n"
        f"ratio with/without: time {both_s / base_s:.2f}x, requests "
        f"{both_requests / base_requests:.2f}x"
    )
    assert 40_000 <= segments <= 90_000
    assert extra_requests >= segments // 500  # 500 per page, each asked once (plus discovery)
    assert extra_requests <= segments // 500 + 3
