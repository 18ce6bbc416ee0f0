"""The simulator behind the real client, wired to a store: the end-to-end sync setup for tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from msgspec.structs import replace

from tui.api.client import StatusChangesClient
from tui.api.params import DEFAULT_PAGE_SIZE
from tui.api.retry import RetryPolicy
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.planning import SyncPolicy
from tui.store.syncer import Syncer

SEED = 4242


@dataclass
class SimEnv:
    clock: FakeClock
    service: SimulatedLivePerson
    client: StatusChangesClient
    store: ActivityStore
    syncer: Syncer

    def stored(self, start_ms: int, end_ms: int) -> list[StatusRecord]:
        return sorted(self.store.read(start_ms, end_ms), key=_order)

    def truth(self, start_ms: int, end_ms: int) -> list[StatusRecord]:
        return sorted(self.service.visible_records(start_ms, end_ms), key=_order)

    def truth_at(self, now_ms: int, start_ms: int, end_ms: int) -> list[StatusRecord]:
        """What a complete fetch at ``now_ms`` would have returned (without faults)."""
        service = SimulatedLivePerson(self.service.world, FakeClock(now_ms))
        return sorted(service.visible_records(start_ms, end_ms), key=_order)

    def assert_store_between(self, start_ms: int, end_ms: int, first_ms: int) -> None:
        """The store holds what a fetch spread over ``[first_ms, now]`` can see (retries move
        the clock mid-fetch): every record visible at ``first_ms``, nothing not visible now, and
        each in a form the API served in between (a session id known at ``first_ms`` is kept;
        one that became known later may still be -1)."""
        early = {r.identity(): r for r in self.truth_at(first_ms, start_ms, end_ms)}
        late = {r.identity(): r for r in self.truth(start_ms, end_ms)}
        stored = {r.identity(): r for r in self.store.read(start_ms, end_ms)}
        missing = sorted(early.keys() - stored.keys())
        unknown = sorted(stored.keys() - late.keys())
        assert not missing, f"{len(missing)} records visible at the start were not stored"
        assert not unknown, f"{len(unknown)} stored records the API never showed"
        for identity, record in stored.items():
            first_form, last_form = early.get(identity), late[identity]
            allowed = [last_form]
            if first_form is None or first_form.session_id == -1:
                allowed.append(replace(last_form, session_id=-1))
            assert record in allowed, f"stored {record}, served {first_form} then {last_form}"

    async def aclose(self) -> None:
        await self.client.aclose()
        self.store.close()


def _order(record: StatusRecord) -> tuple[int, ...]:
    return (*record.identity(), record.session_id)


def sim_env(
    now_ms: int,
    *,
    path: Path | None = None,
    faults: FaultPlan | None = None,
    agent_count: int | None = None,
    latency_s: float = 0.0,
    policy: SyncPolicy | None = None,
    retry: RetryPolicy | None = None,
    max_in_flight: int = 6,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> SimEnv:
    """A FakeClock at ``now_ms``, the simulated account, the real client and a store.

    ``page_size`` below the default makes a day many pages (faults met, a kill mid-sync)."""
    clock = FakeClock(now_ms)
    service = SimulatedLivePerson(
        World(SEED, agent_count=agent_count), clock, faults=faults, latency_s=latency_s
    )
    client = StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        max_in_flight=max_in_flight,
        page_size=page_size,
        policy=retry,
    )
    store = (
        ActivityStore.in_memory(clock=clock)
        if path is None
        else ActivityStore.open(path, clock=clock)
    )
    syncer = Syncer(store, client, clock, policy or SyncPolicy())
    return SimEnv(clock, service, client, store, syncer)
