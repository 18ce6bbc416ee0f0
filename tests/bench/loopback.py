"""The simulator on 127.0.0.1 in a child process, for benchmarks: its CPU is not ours, as
LivePerson's servers' is not."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

_SERVER_CODE = """
import asyncio, json, sys
from tui.core.clock import FakeClock
from tui.simulator.faults import FaultPlan
from tui.simulator.server import serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

async def main():
    now, agents, latency = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    faults = FaultPlan.from_specs(sys.argv[4:])
    service = SimulatedLivePerson(
        World(agent_count=agents), FakeClock(now), faults=faults, latency_s=latency
    )
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
async def simulator_process(
    now_ms: int, *, agents: int, latency_s: float = 0.0, faults: tuple[str, ...] = ()
) -> AsyncIterator[tuple[str, ServerStats]]:
    """The simulator on 127.0.0.1 in a child process, with the given latency and fault specs
    (``--fault`` syntax); stats are filled in when it stops."""
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER_CODE, str(now_ms), str(agents), str(latency_s), *faults],
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
