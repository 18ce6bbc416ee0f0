"""How long the monitor's event loop ever stalls while it fetches a 2,000-agent day, and while
it reopens that day from the cache (target: at most 50 ms each).

Run: ``uv run pytest -m bench tests/bench/test_bench_stall.py -s``; with ``STALL_WATCHDOG=1``
each phase also lists its worst stalls with what the loop thread was running and the CPU time it
used meanwhile (:mod:`tests.bench.loop_watchdog`).

A lag probe (a task that sleeps 5 ms at a time and records how late it wakes) runs on the app's
own event loop, beside the real monitor: the account source with a cache file, the API client
talking to the simulator in its own process over a loopback socket (its CPU is not ours), the
sync worker, the analysis and every pane's update. The probe's worst lateness is the longest
moment a key press would have waited; the probe keeps running for a second after the data is on
screen, while the tables fill and the replaced view is freed. Three baselines come from the same
run: the probe on an idle loop (timer noise), on a bare Textual app's loop (what Textual itself
costs at 120x40), and on a loop whose process has one pure-Python thread busy (what sharing the
GIL and this machine's cores costs at best: the sync work runs in such threads), at CPython's
default GIL switch interval and at the shorter one the monitor sets while it runs
(:mod:`tui.ui.gil_share`). The ratios are printed against the bare Textual app and the busy
thread at the monitor's interval.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App

from tests.bench import loop_watchdog
from tests.bench.loopback import simulator_process
from tests.ui.fakes import FrozenClock
from tui.core.collector import pause_start_up
from tui.core.settings import Settings
from tui.simulator.account import demo_client_credentials
from tui.ui.app import AgentActivityApp
from tui.ui.gil_share import UI_SWITCH_INTERVAL_S, GilShare
from tui.wiring.lazy_source import LazySource
from tui.wiring.sources import account_source

pytestmark = pytest.mark.bench

AGENTS = 2_000
LATENCY_S = 0.01
TICK_S = 0.005
TARGET_MS = 50.0
AFTER_S = 1.0
"""How long the probe keeps running after the data is on screen."""


@dataclass
class LagProbe:
    """Sleeps ``TICK_S`` at a time on the running loop and records each wake-up's lateness."""

    lateness_ms: list[float] = field(default_factory=list)
    watchdog: loop_watchdog.LoopWatchdog | None = None
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if loop_watchdog.enabled():
            self.watchdog = loop_watchdog.LoopWatchdog()
            self.watchdog.start()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + TICK_S
            await asyncio.sleep(TICK_S)
            if self.watchdog is not None:
                self.watchdog.heartbeat()
            self.lateness_ms.append(max(0.0, (loop.time() - due) * 1000))

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        if self.watchdog is not None:
            self.watchdog.stop()

    @property
    def worst_ms(self) -> float:
        return max(self.lateness_ms, default=0.0)

    def describe(self) -> str:
        ticks = self.lateness_ms
        p99 = statistics.quantiles(ticks, n=100)[98] if len(ticks) >= 100 else self.worst_ms
        over = sum(1 for value in ticks if value > TARGET_MS)
        text = (
            f"longest stall {self.worst_ms:6.1f} ms, p99 {p99:5.1f} ms, "
            f"{over} of {len(ticks):,} ticks over {TARGET_MS:.0f} ms"
        )
        if self.watchdog is not None:
            text += "\n" + self.watchdog.describe()
        return text


async def idle_baseline(seconds: float) -> LagProbe:
    probe = LagProbe()
    probe.start()
    await asyncio.sleep(seconds)
    await probe.stop()
    return probe


def _spin(until: float) -> int:
    """Pure-Python work in a thread until ``until`` (perf_counter), like the analysis."""
    turns = 0
    while time.perf_counter() < until:
        turns += sum(range(1000)) & 1
    return turns


async def busy_baseline(seconds: float, *, monitor_interval: bool) -> LagProbe:
    """The probe beside one busy thread, at the default switch interval or the monitor's."""
    share = GilShare()
    if monitor_interval:
        share.begin()
    try:
        probe = LagProbe()
        probe.start()
        await asyncio.to_thread(_spin, time.perf_counter() + seconds)
        await probe.stop()
    finally:
        share.end()
    return probe


async def bare_textual_baseline(seconds: float) -> LagProbe:
    """The probe on the loop of an empty Textual app, at the monitor's size."""
    app: App[None] = App()
    probe = LagProbe()
    async with app.run_test(size=(120, 40)):
        probe.start()
        await asyncio.sleep(seconds)
        await probe.stop()
    return probe


async def open_the_day(
    settings: Settings, clock: FrozenClock, day: datetime
) -> tuple[LagProbe, float, int]:
    """Run the monitor on the day until its data is on screen, probing the loop meanwhile;
    returns the probe, the seconds it took and the agents shown."""
    account = demo_client_credentials()
    pause_start_up()  # as the command line does: the monitor settles it once its panes mount
    # As the monitor does: the source opens (cache file, checks) in the sync worker's thread.
    source = LazySource(
        "bench", lambda: account_source(settings, account, clock=clock), clock=clock
    )
    app = AgentActivityApp(source, settings, clock=clock, initial_date=day.date())
    probe = LagProbe()
    async with app.run_test(size=(120, 40)) as pilot:
        probe.start()
        began = time.perf_counter()
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        took = time.perf_counter() - began
        await asyncio.sleep(AFTER_S)  # the tables fill and the replaced view is freed
        await probe.stop()
        view = app.monitor.view
        assert view is not None and app.monitor.failure is None
        agents = len(view.report.agents)
    return probe, took, agents


async def test_bench_event_loop_stalls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_ACTIVITY_CACHE_DIR", str(tmp_path / "cache"))
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    now_ms = int((today + timedelta(hours=6)).timestamp() * 1000)
    day = today - timedelta(days=1)
    clock = FrozenClock(now_ms)
    baseline = await idle_baseline(3.0)
    busy_default = await busy_baseline(3.0, monitor_interval=False)
    busy = await busy_baseline(3.0, monitor_interval=True)
    bare = await bare_textual_baseline(3.0)
    async with simulator_process(now_ms, agents=AGENTS, latency_s=LATENCY_S) as (domain, _):
        settings = Settings(timezone="UTC", domain_api=domain)
        first, first_s, agents = await open_the_day(settings, clock, day)
        gc.collect()  # the first app's garbage: a real reopen is a fresh process
        reopened, reopen_s, reopened_agents = await open_the_day(settings, clock, day)
    assert reopened_agents == agents > 0.9 * AGENTS

    def ratio(probe: LagProbe) -> str:
        return (
            f"{probe.worst_ms / TARGET_MS:.2f} of the {TARGET_MS:.0f} ms target, "
            f"{probe.worst_ms / max(bare.worst_ms, 0.1):.1f}x a bare Textual app's worst, "
            f"{probe.worst_ms / max(busy.worst_ms, 0.1):.1f}x the busy thread's worst "
            f"(at {UI_SWITCH_INTERVAL_S * 1000:g} ms)"
        )

    print(
        f"\nevent-loop stalls, {AGENTS:,} agents ({agents:,} active on {day:%Y-%m-%d}), "
        f"{LATENCY_S * 1000:.0f} ms latency, load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs\n"
        f"  idle loop (baseline, 3 s):   {baseline.describe()}\n"
        f"  bare Textual app (3 s):      {bare.describe()}\n"
        f"  one busy thread (3 s, switch interval {sys.getswitchinterval() * 1000:g} ms, "
        f"the default): {busy_default.describe()}\n"
        f"  one busy thread (3 s, {UI_SWITCH_INTERVAL_S * 1000:g} ms as the monitor sets): "
        f"{busy.describe()}\n"
        f"  first fetch of the day:      {first.describe()}\n"
        f"    {first_s:.1f} s to data on screen; {ratio(first)}\n"
        f"  reopening it from the cache: {reopened.describe()}\n"
        f"    {reopen_s:.1f} s to data on screen; {ratio(reopened)}"
    )
