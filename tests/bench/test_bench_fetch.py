"""Fetch benchmark: a simulated day of 2,000 agents at 50 ms latency, our client vs a naive pager.

Run: ``uv run pytest -m bench tests/bench/test_bench_fetch.py -s``.

The simulator serves over a real loopback socket from its own process (as LivePerson's servers
would, its CPU is not ours), with real ``asyncio.sleep`` latency per request and a clock that
stands still, so no record arrives mid-run and the count stays checkable. A second test runs it
in-process for comparison: there the simulator's JSON encoding shares our event loop.

The naive pager (one request at a time, following ``next``) is timed on its first
``NAIVE_SAMPLE_PAGES`` pages and extrapolated linearly to all pages — the full run would take two
minutes; every page costs it the same latency, so the extrapolation is fair (the output says so).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest

from tui.api.client import StatusChangesClient
from tui.api.params import format_time
from tui.api.parsing import decode_page
from tui.clock import FakeClock, SystemClock
from tui.simulator.account import (
    DEMO_ACCOUNT_ID,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    SIM_DOMAIN_API,
    demo_client_credentials,
)
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

AGENTS = 2_000
LATENCY_S = 0.05
MAX_IN_FLIGHT = 6
NAIVE_SAMPLE_PAGES = 60
DAY_MS = 86_400_000

_SERVER_CODE = """
import asyncio, json, sys
from tui.clock import FakeClock
from tui.simulator.server import serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

async def main():
    now, agents, latency = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    service = SimulatedLivePerson(World(agent_count=agents), FakeClock(now), latency_s=latency)
    service.visible_records(now - 86_400_000, now)  # build the day before serving
    async with serve_on_loopback(service, 0) as server:
        print(server.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        stats = service.stats
        print(json.dumps({"throttled": stats.throttled, "max_in_flight": stats.max_in_flight}))

asyncio.run(main())
"""


@dataclass
class ServerStats:
    throttled: int = 0
    max_in_flight: int = 0


@asynccontextmanager
async def simulator_process(now_ms: int) -> AsyncIterator[tuple[str, ServerStats]]:
    """The simulator on 127.0.0.1 in a child process; stats are filled in when it stops."""
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER_CODE, str(now_ms), str(AGENTS), str(LATENCY_S)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    stats = ServerStats()
    try:
        port_line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 120)
        yield f"http://127.0.0.1:{int(port_line)}", stats
        process.stdin.close()
        stats_line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 30)
        stats.__dict__.update(json.loads(stats_line))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


async def naive_pager(http: httpx.AsyncClient, base: str, start_ms: int, end_ms: int) -> int:
    """One page at a time, following ``next``, for ``NAIVE_SAMPLE_PAGES`` pages; returns pages."""
    token = (
        await http.post(
            f"{base}/sentinel/api/account/{DEMO_ACCOUNT_ID}/app/token",
            params={"v": "1.0", "grant_type": "client_credentials"},
            data={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
        )
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    url: str | None = f"{base}/api/v2/account/{DEMO_ACCOUNT_ID}/status-changes"
    params: dict[str, str] | None = {
        "source": "naivepager",
        "from": format_time(start_ms),
        "to": format_time(end_ms),
        "limit": "100",
        "offset": "0",
    }
    pages = 0
    while url is not None and pages < NAIVE_SAMPLE_PAGES:
        response = await http.get(url, params=params, headers=headers)
        response.raise_for_status()
        page = decode_page(response.content)
        assert page.records
        pages += 1
        url, params = page.references.get("next"), None
    return pages


def report(
    mode: str, records: int, pages: int, ours_s: float, naive_sample_s: float, sample: int
) -> tuple[float, float]:
    """Print the figures; returns (speed-up over naive, ours / bound)."""
    bound_s = pages * LATENCY_S / MAX_IN_FLIGHT
    naive_s = naive_sample_s / sample * pages
    speedup, over_bound = naive_s / ours_s, ours_s / bound_s
    print(
        f"\nfetch bench ({mode}): {AGENTS:,} agents, {records:,} records, {pages:,} pages, "
        f"{LATENCY_S * 1000:.0f} ms latency, max_in_flight={MAX_IN_FLIGHT}\n"
        f"  ours:  {ours_s:7.2f} s\n"
        f"  bound: {bound_s:7.2f} s  (pages x latency / in-flight); ours / bound = "
        f"{over_bound:.3f}\n"
        f"  naive: {naive_s:7.2f} s  (one request at a time following next; timed on its first "
        f"{sample} pages, {naive_sample_s:.2f} s, extrapolated linearly to {pages:,} pages)\n"
        f"  speed-up over naive: {speedup:.2f}x"
    )
    return speedup, over_bound


@pytest.mark.bench
async def test_bench_fetch_a_day_over_loopback() -> None:
    now = SystemClock().now_ms()
    start_ms, end_ms = now - DAY_MS, now
    expected = len(
        SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(now)).visible_records(
            start_ms, end_ms
        )
    )
    async with simulator_process(now) as (domain_api, server_stats):
        began = time.perf_counter()
        async with StatusChangesClient(
            demo_client_credentials(),
            domain_api=domain_api,
            clock=SystemClock(),
            max_in_flight=MAX_IN_FLIGHT,
        ) as client:
            result = await client.fetch(start_ms, end_ms)
        ours_s = time.perf_counter() - began

        began = time.perf_counter()
        async with httpx.AsyncClient() as http:
            sample = await naive_pager(http, domain_api, start_ms, end_ms)
        naive_sample_s = time.perf_counter() - began
    speedup, over_bound = report(
        "loopback socket, simulator in its own process",
        len(result.records),
        result.pages,
        ours_s,
        naive_sample_s,
        sample,
    )
    print(
        f"  429s: {server_stats.throttled}; peak in flight at the server: "
        f"{server_stats.max_in_flight}; requests: {client.stats.requests:,} "
        "(incl. 2 discovery + 1 token)"
    )
    assert len(result.records) == expected
    assert server_stats.throttled == 0
    assert server_stats.max_in_flight <= MAX_IN_FLIGHT + 1  # + the naive pager's own
    assert speedup >= 6.0
    assert over_bound <= 1.1


@pytest.mark.bench
async def test_bench_fetch_a_day_in_process() -> None:
    now = SystemClock().now_ms()
    start_ms, end_ms = now - DAY_MS, now
    service = SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(now), latency_s=LATENCY_S)
    expected = len(service.visible_records(start_ms, end_ms))

    began = time.perf_counter()
    async with StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=SystemClock(),
        max_in_flight=MAX_IN_FLIGHT,
    ) as client:
        result = await client.fetch(start_ms, end_ms)
    ours_s = time.perf_counter() - began
    throttled, peak = service.stats.throttled, service.stats.max_in_flight

    began = time.perf_counter()
    async with httpx.AsyncClient(transport=service.transport()) as http:
        sample = await naive_pager(http, f"https://{service.base_uri('x')}", start_ms, end_ms)
    naive_sample_s = time.perf_counter() - began
    speedup, over_bound = report(
        "in-process transport, simulator CPU on our event loop",
        len(result.records),
        result.pages,
        ours_s,
        naive_sample_s,
        sample,
    )
    print(f"  429s: {throttled}; peak in flight at the server: {peak}")
    assert len(result.records) == expected
    assert throttled == 0
    assert peak <= MAX_IN_FLIGHT
    assert speedup >= 6.0
