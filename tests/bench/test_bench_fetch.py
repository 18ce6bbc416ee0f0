"""Fetch benchmark: a simulated day of 2,000 agents over loopback, at the documented page size.

Run: ``uv run pytest -m bench tests/bench/test_bench_fetch.py -s``.

The simulator serves over a real loopback socket from its own process (as LivePerson's servers
would, its CPU is not ours) with a per-page server cost that grows with the page — a fixed part
plus a part per record (``--fault page-cost``, 20 ms + 0.1 ms per record: a 1,000-record page
costs 120 ms, a 100-record page 30 ms) — so bigger pages are not free and the figures compare
something real. Its clock stands still, so no record arrives mid-run and every count is
checkable. In one run, on the same server:

- ours: our client at the documented default page size (1,000 records, ``v=2``), 6 in flight;
- naive: one request at a time following ``next``, at the same page size (the whole day);
- ours at 100/page: our client at our previous page size.

Printed: wall time, requests and CPU time of each, and the ratios against the targets
(>= 4x faster than the naive pager, >= 5x fewer requests than 100/page). No absolute time is
asserted (the machine is shared).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import httpx
import pytest

from tests.bench.loopback import simulator_process
from tui.api.client import StatusChangesClient
from tui.api.params import DEFAULT_PAGE_SIZE, format_time
from tui.api.parsing import decode_page
from tui.core.clock import FakeClock, SystemClock
from tui.simulator.account import (
    DEMO_ACCOUNT_ID,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    demo_client_credentials,
)
from tui.simulator.faults import DEFAULT_PAGE_COST
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

AGENTS = 2_000
MAX_IN_FLIGHT = 6
PREVIOUS_PAGE_SIZE = 100
DAY_MS = 86_400_000
SPEEDUP_TARGET = 4.0
FEWER_REQUESTS_TARGET = 5.0


@dataclass(frozen=True)
class Measured:
    """One way of fetching the day: wall and CPU seconds, requests sent, records and pages."""

    name: str
    wall_s: float
    cpu_s: float
    requests: int
    records: int
    pages: int
    peak_in_flight: int


async def naive_pager(base: str, window: tuple[int, int]) -> Measured:
    """One page at a time, following ``next``, at the documented page size, the whole day."""
    began, cpu_began = time.perf_counter(), time.process_time()
    async with httpx.AsyncClient(timeout=60) as http:
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
            "v": "2",
            "source": "naivepager",
            "from": format_time(window[0]),
            "to": format_time(window[1]),
            "limit": str(DEFAULT_PAGE_SIZE),
            "offset": "0",
        }
        pages = records = 0
        while url is not None:
            response = await http.get(url, params=params, headers=headers)
            response.raise_for_status()
            page = decode_page(response.content)
            assert page.format == "v2"
            pages += 1
            records += len(page.records)
            url, params = page.references.get("next"), None
    return Measured(
        "naive",
        time.perf_counter() - began,
        time.process_time() - cpu_began,
        pages + 1,  # and the token request
        records,
        pages,
        1,
    )


async def our_client(base: str, window: tuple[int, int], page_size: int) -> Measured:
    began, cpu_began = time.perf_counter(), time.process_time()
    async with StatusChangesClient(
        demo_client_credentials(),
        domain_api=base,
        clock=SystemClock(),
        max_in_flight=MAX_IN_FLIGHT,
        page_size=page_size,
    ) as client:
        result = await client.fetch(*window)
    assert result.page_size == page_size and result.throttled == 0
    return Measured(
        f"ours {page_size}/page",
        time.perf_counter() - began,
        time.process_time() - cpu_began,
        client.stats.requests,
        len(result.records),
        result.pages,
        client.peak_in_flight,
    )


def report(
    ours: Measured, naive: Measured, previous: Measured, records: int
) -> tuple[float, float]:
    """Print every figure and the ratios; returns (speed-up over naive, fewer requests)."""
    speedup = naive.wall_s / ours.wall_s
    fewer_requests = previous.requests / ours.requests
    fixed_s, per_record_s = DEFAULT_PAGE_COST

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(
        f"\nfetch bench: {AGENTS:,} agents, one day = {records:,} records, loopback socket, "
        f"simulator in its own process, page cost {fixed_s * 1000:.0f} ms + "
        f"{per_record_s * 1000:.1f} ms/record; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs"
    )
    for run in (ours, naive, previous):
        print(
            f"  {run.name:<16} {run.wall_s:7.2f} s wall, {run.cpu_s:6.2f} s CPU here, "
            f"{run.requests:5,} requests ({run.pages:,} pages), peak in flight "
            f"{run.peak_in_flight}; {1e6 * run.cpu_s / max(1, run.records):.1f} ms CPU per "
            f"1,000 records"
        )
    print(
        f"  speed-up over the naive pager (same page size): {speedup:.2f}x "
        f"(target >= {SPEEDUP_TARGET:g}x: {met(speedup >= SPEEDUP_TARGET)})\n"
        f"  requests, 100/page over 1,000/page: {fewer_requests:.2f}x fewer "
        f"(target >= {FEWER_REQUESTS_TARGET:g}x: {met(fewer_requests >= FEWER_REQUESTS_TARGET)})"
        f"\n  wall time, 100/page over 1,000/page: {previous.wall_s / ours.wall_s:.2f}x"
        f"\n  CPU here per 1,000 records, ours at 1,000/page: "
        f"{1e6 * ours.cpu_s / max(1, ours.records):.1f} ms (target <= 25 ms: "
        f"{met(1e6 * ours.cpu_s / max(1, ours.records) <= 25)}); RATIO to the naive pager's "
        f"(one request at a time, no client machinery): {ours.cpu_s / naive.cpu_s:.2f}x"
    )
    return speedup, fewer_requests


@pytest.mark.bench
async def test_bench_fetch_a_day_at_the_documented_page_size() -> None:
    now = SystemClock().now_ms()
    window = (now - DAY_MS, now)
    expected = len(
        SimulatedLivePerson(World(agent_count=AGENTS), FakeClock(now)).visible_records(*window)
    )
    async with simulator_process(now, agents=AGENTS, faults=("page-cost",)) as (base, server_stats):
        ours = await our_client(base, window, DEFAULT_PAGE_SIZE)
        naive = await naive_pager(base, window)
        previous = await our_client(base, window, PREVIOUS_PAGE_SIZE)
    speedup, fewer_requests = report(ours, naive, previous, expected)
    assert ours.records == naive.records == previous.records == expected
    assert server_stats.throttled == 0
    assert server_stats.max_in_flight <= MAX_IN_FLIGHT
    assert fewer_requests >= FEWER_REQUESTS_TARGET
    assert speedup >= SPEEDUP_TARGET
