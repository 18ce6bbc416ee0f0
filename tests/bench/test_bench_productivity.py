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
ROUNDS = 2


async def _sync(
    service: SimulatedLivePerson, *, with_segments: bool
) -> tuple[float, float, int, int]:
    """Wall and CPU seconds, requests and what was stored (records, or segments) for one cold
    sync (the in-process simulator's own CPU included, on both sides)."""
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
    started, cpu_started = time.perf_counter(), time.process_time()
    result = await source.load(DAY_START, DAY_START + DAY_MS)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    requests = service.stats.requests - before
    assert result.error is None
    stored = len(result.records)
    if with_segments:
        assert result.productivity is not None and result.productivity.status == "ok"
        stored = len(result.productivity.segments)
    await source.aclose()
    return elapsed, cpu, requests, stored


@pytest.mark.bench
async def test_productivity_sync_cost_against_status_changes_alone() -> None:
    service = SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(NOW), latency_s=LATENCY_S)
    service.world.segments(DAY_START, DAY_START + DAY_MS)  # build the day before timing
    service.visible_records(DAY_START - DAY_MS, DAY_START + DAY_MS)
    runs: dict[bool, list[tuple[float, float, int, int]]] = {False: [], True: []}
    for _ in range(ROUNDS):  # alternate, and keep each side's best: the machine is shared
        for with_segments in (False, True):
            runs[with_segments].append(await _sync(service, with_segments=with_segments))
    base_s = min(run[0] for run in runs[False])
    base_cpu = min(run[1] for run in runs[False])
    both_s = min(run[0] for run in runs[True])
    both_cpu = min(run[1] for run in runs[True])
    _, _, base_requests, records = runs[False][0]
    _, _, both_requests, segments = runs[True][0]
    print(
        f"\n2,000-agent day at {LATENCY_S * 1000:.0f} ms latency, best of {ROUNDS}: status "
        f"changes alone {base_s:.2f} s wall, {base_cpu:.2f} s CPU, {base_requests} requests "
        f"({records} records); with productivity {both_s:.2f} s, {both_cpu:.2f} s CPU, "
        f"{both_requests} requests (+{segments} segments in "
        f"{both_requests - base_requests} requests)\n"
        f"ratio with/without: wall {both_s / base_s:.2f}x, CPU {both_cpu / base_cpu:.2f}x, "
        f"requests {both_requests / base_requests:.2f}x"
    )
    assert 40_000 <= segments <= 90_000
    extra_requests = both_requests - base_requests
    assert extra_requests >= segments // 500  # 500 per page, each asked once
    assert extra_requests <= segments // 500 + 3
