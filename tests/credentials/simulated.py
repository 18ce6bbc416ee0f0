"""The simulated LivePerson account, in-process, for login/doctor tests."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from tui.core.clock import Clock, FakeClock
from tui.simulator.account import SIM_DOMAIN_API, demo_environment
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

NOW_MS = 1_795_528_800_000  # 2026-11-24T12:00:00Z


@dataclass
class Simulated:
    service: SimulatedLivePerson
    clock: Clock

    def environment(self, *, app_keys: bool = False) -> dict[str, str]:
        return demo_environment(SIM_DOMAIN_API, app_keys=app_keys)


def simulated(clock: Clock | None = None) -> Simulated:
    """A small simulated account; a fake clock unless ``clock`` is given (the loopback tests
    drive the real CLI, whose client reads the system clock, so they pass ``SystemClock()``)."""
    clock = clock or FakeClock(NOW_MS)
    return Simulated(SimulatedLivePerson(World(agent_count=5), clock), clock)


@contextlib.contextmanager
def loopback(sim: Simulated) -> Iterator[str]:
    """Serve ``sim`` on 127.0.0.1 from a background event loop; yields the Domain API URL."""
    from tui.simulator.server import serve_on_loopback

    ready: queue.Queue[int | BaseException] = queue.Queue()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def serve() -> None:
        try:
            async with serve_on_loopback(sim.service) as server:
                ready.put(server.port)
                await stop.wait()
        except BaseException as error:  # handed to the test thread
            ready.put(error)

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    started = ready.get(timeout=10)
    if isinstance(started, BaseException):
        raise started
    try:
        yield f"http://127.0.0.1:{started}"
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
