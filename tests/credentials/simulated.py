"""The simulated LivePerson account, in-process, for login/doctor tests."""

from __future__ import annotations

from dataclasses import dataclass

from tui.clock import FakeClock
from tui.simulator.account import SIM_DOMAIN_API, demo_environment
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

NOW_MS = 1_795_528_800_000  # 2026-11-24T12:00:00Z


@dataclass
class Simulated:
    service: SimulatedLivePerson
    clock: FakeClock

    def environment(self, *, app_keys: bool = False) -> dict[str, str]:
        return demo_environment(SIM_DOMAIN_API, app_keys=app_keys)


def simulated() -> Simulated:
    clock = FakeClock(NOW_MS)
    return Simulated(SimulatedLivePerson(World(agent_count=5), clock), clock)
