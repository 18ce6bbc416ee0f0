"""Fetch benchmark: a simulated day of 2,000 agents at 50 ms latency, our client vs a naive pager.

Run: ``uv run pytest -m bench tests/bench/test_bench_fetch.py -s``.

The simulator serves over a real loopback socket from its own process (as LivePerson's servers
would, its CPU is not ours), with real ``asyncio.sleep`` latency per request and a clock that
stands still, so no record arrives mid-run and the count stays checkable. A second test runs it
in-process for comparison: there the simulator's JSON encoding shares our event loop.

The naive pager (one request at a time, following ``next``) is timed on its first
``NAIVE_SAMPLE_PAGES`` pages just before and again just after our fetch (same machine load) and
extrapolated linearly to all pages — the full run would take two minutes; every page costs it the
same latency, so the extrapolation is fair (the output says so).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest

from tui.api.client import FetchResult, StatusChangesClient
from tui.api.params import format_time
from tui.api.parsing import decode_page
from tui.core.clock import FakeClock, SystemClock
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
NAIVE_SAMPLE_PAGES = 40
DAY_MS = 86_400_000

_SERVER_CODE = """
import asyncio, json, sys
from tui.core.clock import FakeClock
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
        stderr=subprocess.PIPE,
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
        try:
            returncode = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait(timeout=30)
        assert process.stderr is not None
        errors = process.stderr.read()
        process.stderr.close()
        process.stdout.close()
        if returncode != 0:
            print(f"simulator process exited with {returncode}:\n{errors}")


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


@dataclass(frozen=True)
class Figures:
    speedup: float
    over_bound: float
    over_effective_bound: float


def report(run: Run, throttled: int, peak_in_flight: int) -> Figures:
    """Print the figures and whether the targets were met.

    Besides the nominal bound (pages x latency / in-flight, which assumes the server and our
    parsing take no time) this prints an effective bound that uses the naive pager's measured
    time per page in the same run (latency + server work + transfer + parsing) instead of the
    nominal latency: what perfect overlap of ``MAX_IN_FLIGHT`` requests could reach here.
    """
    pages = run.result.pages
    bound_s = pages * LATENCY_S / MAX_IN_FLIGHT
    naive_page_s = run.naive_s / run.naive_pages
    naive_s = naive_page_s * pages
    effective_bound_s = naive_s / MAX_IN_FLIGHT
    figures = Figures(naive_s / run.ours_s, run.ours_s / bound_s, run.ours_s / effective_bound_s)

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(
        f"  {AGENTS:,} agents, {len(run.result.records):,} records, {pages:,} pages, "
        f"{LATENCY_S * 1000:.0f} ms latency, max_in_flight={MAX_IN_FLIGHT}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
        f"  ours:  {run.ours_s:7.2f} s  (CPU time of this process meanwhile "
        f"{run.ours_cpu_s:.2f} s = {run.ours_cpu_s / pages * 1000:.1f} ms/page; "
        f"{run.requests:,} requests incl. 2 discovery + 1 token; 429s {throttled}; "
        f"peak in flight at the server {peak_in_flight})\n"
        f"  naive: {naive_s:7.2f} s  (one request at a time following next; timed on "
        f"{run.naive_pages} pages, half just before ours and half just after, "
        f"{run.naive_s:.2f} s = {naive_page_s * 1000:.1f} ms/page, extrapolated linearly to "
        f"{pages:,} pages)\n"
        f"  bound: {bound_s:7.2f} s  nominal (pages x {LATENCY_S * 1000:.0f} ms / "
        f"{MAX_IN_FLIGHT}); effective {effective_bound_s:.2f} s (pages x naive's "
        f"{naive_page_s * 1000:.1f} ms / {MAX_IN_FLIGHT})\n"
        f"  speed-up over naive {figures.speedup:.2f}x "
        f"(target >= 6x: {met(figures.speedup >= 6)}); "
        f"ours / nominal bound {figures.over_bound:.3f} (target <= 1.1: "
        f"{met(figures.over_bound <= 1.1)}); ours / effective bound "
        f"{figures.over_effective_bound:.3f} ({met(figures.over_effective_bound <= 1.1)})"
    )
    return figures


@dataclass(frozen=True)
class Run:
    """One measured run: our fetch, and the naive pager timed just before and just after it."""

    result: FetchResult
    requests: int
    ours_s: float
    ours_cpu_s: float
    naive_s: float
    naive_pages: int


async def measure(
    domain_api: str,
    transport: httpx.AsyncBaseTransport | None,
    naive_base: str,
    window: tuple[int, int],
) -> Run:
    """Time our client between two naive samples, so both see the same machine load."""

    async def naive_sample() -> tuple[float, int]:
        began = time.perf_counter()
        async with httpx.AsyncClient(transport=transport) as http:
            pages = await naive_pager(http, naive_base, *window)
        return time.perf_counter() - began, pages

    before_s, before_pages = await naive_sample()
    began, cpu_began = time.perf_counter(), time.process_time()
    async with StatusChangesClient(
        demo_client_credentials(),
        domain_api=domain_api,
        transport=transport,
        clock=SystemClock(),
        max_in_flight=MAX_IN_FLIGHT,
    ) as client:
        result = await client.fetch(*window)
    ours_s, ours_cpu_s = time.perf_counter() - began, time.process_time() - cpu_began
    after_s, after_pages = await naive_sample()
    return Run(
        result,
        client.stats.requests,
        ours_s,
        ours_cpu_s,
        before_s + after_s,
        before_pages + after_pages,
    )


def check(run: Run, expected_records: int, throttled: int, peak_in_flight: int) -> None:
    """What must hold on any machine: everything once, no throttling, the bound respected, and
    real overlap (a sequential client would score 1x; perfect overlap of 6 scores 6x)."""
    figures = report(run, throttled, peak_in_flight)
    assert len(run.result.records) == expected_records
    assert throttled == 0
    assert peak_in_flight <= MAX_IN_FLIGHT
    assert figures.speedup >= 4.0


@pytest.mark.bench
async def test_bench_fetch_a_day_over_loopback() -> None:
    now = SystemClock().now_ms()
    window = (now - DAY_MS, now)
    service = SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(now))
    expected = len(service.visible_records(*window))
    async with simulator_process(now) as (domain_api, server_stats):
        run = await measure(domain_api, None, domain_api, window)
    print("\nfetch bench: loopback socket, the simulator in its own process")
    check(run, expected, server_stats.throttled, server_stats.max_in_flight)


@pytest.mark.bench
async def test_bench_fetch_a_day_in_process() -> None:
    now = SystemClock().now_ms()
    window = (now - DAY_MS, now)
    service = SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(now), latency_s=LATENCY_S)
    expected = len(service.visible_records(*window))
    run = await measure(
        SIM_DOMAIN_API, service.transport(), f"https://{service.base_uri('x')}", window
    )
    print("\nfetch bench: in-process transport, the simulator's CPU on our event loop")
    check(run, expected, service.stats.throttled, service.stats.max_in_flight)
