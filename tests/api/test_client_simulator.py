"""The client against the simulated account in-process: both auth methods, every fault survived.

"Survived" means the fetched records equal ``service.visible_records(...)`` exactly: nothing lost,
nothing repeated, every field as served.
"""

from __future__ import annotations

import random

import pytest

from tui.api.client import FetchResult, StatusChangesClient
from tui.api.errors import BadCredentials, BadRequest
from tui.core.account import AccountCredentials
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.simulator.account import SIM_DOMAIN_API, demo_app_keys, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
NOW = 1_764_072_000_000  # 2025-11-25T12:00:00Z
PAST_DAY = (NOW - 2 * DAY_MS, NOW - DAY_MS)
"""A window older than the arrival lag: its records no longer change."""


def ordered(records: tuple[StatusRecord, ...] | list[StatusRecord]) -> list[StatusRecord]:
    return sorted(records, key=lambda r: (r.agent_id, r.time_ms, r.sequence))


async def fetch_from(
    service: SimulatedLivePerson,
    account: AccountCredentials,
    window: tuple[int, int],
    clock: FakeClock,
    **kwargs: object,
) -> tuple[FetchResult, StatusChangesClient]:
    async with StatusChangesClient(
        account,
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        rng=random.Random(3),
        **kwargs,  # type: ignore[arg-type]
    ) as client:
        result = await client.fetch(*window)
    return result, client


def assert_complete(
    result: FetchResult, service: SimulatedLivePerson, window: tuple[int, int]
) -> None:
    expected = service.visible_records(*window)
    assert len(expected) > 500
    assert len({r.identity() for r in result.records}) == len(result.records)
    assert ordered(result.records) == expected
    assert result.skipped == {}


@pytest.mark.parametrize("account", [demo_client_credentials(), demo_app_keys()])
async def test_a_live_day_with_each_auth_method(account: AccountCredentials) -> None:
    service = SimulatedLivePerson(World(agent_count=150), FakeClock(NOW), latency_s=0.001)
    window = (NOW - DAY_MS, NOW)
    result, client = await fetch_from(service, account, window, FakeClock(NOW))
    assert_complete(result, service, window)
    assert result.pages > 10
    assert client.peak_in_flight == 6
    assert service.stats.max_in_flight <= 6
    assert result.throttled == 0


async def test_a_past_day_equals_the_world_ground_truth() -> None:
    world = World(seed=11)
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(world, clock)
    result, _ = await fetch_from(service, demo_client_credentials(), PAST_DAY, clock)
    assert ordered(result.records) == world.records(*PAST_DAY)


FAULT_PAGE_SIZE = 100
"""Pages of 100 make a day of the default world about 40 requests, so every fault is met; the
page size does not change how a fault is survived."""
SEQUENTIAL = 0.0
"""No simulated latency: requests never overlap, so a seed fixes every fault's outcome."""
OVERLAPPING = 0.001
"""1 ms of real latency: requests overlap (as in production); the order can vary run to run."""

FAULTS = {
    "rate-limit in flight": (FaultPlan(seed=1, max_in_flight=3), OVERLAPPING),
    "server error runs": (FaultPlan(seed=2, server_error_rate=0.1, server_error_run=2), SEQUENTIAL),
    "token expiry": (FaultPlan(seed=3, expire_token_every=7), OVERLAPPING),
    "malformed bodies": (FaultPlan(seed=4, malformed_rate=0.1), SEQUENTIAL),
    "slow responses": (FaultPlan(seed=5, slow_rate=0.2, slow_s=0.01), OVERLAPPING),
    "dropped connections": (FaultPlan(seed=6, drop_rate=0.1), SEQUENTIAL),
    "everything at once": (
        FaultPlan(
            seed=7,
            max_in_flight=4,
            server_error_rate=0.05,
            expire_token_every=9,
            malformed_rate=0.05,
            drop_rate=0.05,
        ),
        SEQUENTIAL,
    ),
    # Overlapping requests make the order, and so which request meets which fault, vary; rates
    # are low enough that one page failing four times in a row (a real give-up) stays below
    # one in a thousand.
    "everything overlapping": (
        FaultPlan(
            seed=8,
            max_in_flight=4,
            expire_token_every=9,
            server_error_rate=0.02,
            malformed_rate=0.02,
            slow_rate=0.1,
            slow_s=0.005,
            drop_rate=0.02,
        ),
        OVERLAPPING,
    ),
}


@pytest.mark.parametrize(("plan", "latency_s"), FAULTS.values(), ids=FAULTS.keys())
async def test_every_fault_is_survived_without_loss_or_repeats(
    plan: FaultPlan, latency_s: float
) -> None:
    service = SimulatedLivePerson(World(), FakeClock(NOW), faults=plan, latency_s=latency_s)
    window = (NOW - DAY_MS, NOW)
    client_clock = FakeClock(NOW)  # our waits must not move the service's clock (arrivals)
    result, client = await fetch_from(
        service, demo_client_credentials(), window, client_clock, page_size=FAULT_PAGE_SIZE
    )
    assert_complete(result, service, window)
    if plan.slow_rate and not plan.malformed_rate:
        return  # slowness leaves no trace but time; completeness is the point
    injected = (
        service.stats.throttled
        + service.stats.malformed
        + service.stats.dropped
        + service.stats.by_status[500]
        + service.stats.by_status[503]
        + service.stats.by_status[401]
    )
    assert injected > 0, "the fault plan injected nothing; the test proves nothing"
    # Retry waits are at least 1 s; shorter ones only space new requests at the learnt rate.
    short = sorted(wait for wait in client_clock.sleeps if wait < 1.0)
    assert short == sorted(w for w in client._sender.pacer.paced_waits_s if w < 1.0)


async def test_throttling_lowers_the_concurrency() -> None:
    plan = FaultPlan(seed=1, max_in_flight=2)
    service = SimulatedLivePerson(World(), FakeClock(NOW), faults=plan, latency_s=0.001)
    clock = FakeClock(NOW)
    result, client = await fetch_from(
        service, demo_app_keys(), (NOW - DAY_MS, NOW), clock, page_size=FAULT_PAGE_SIZE
    )
    assert result.throttled == service.stats.throttled > 0
    # after the first round of 429s the limit halves, so few requests are throttled in all
    # (at most half: the rate pacing learns from these 429s too, one more at the boundary)
    assert service.stats.throttled <= result.pages // 2
    assert client.in_flight_limit <= 4


async def test_a_per_second_rate_limit_is_survived_by_waiting() -> None:
    clock = FakeClock(NOW)  # shared: our waits let the service's second roll over
    plan = FaultPlan(seed=9, max_per_second=10)
    service = SimulatedLivePerson(World(), clock, faults=plan)
    result, _ = await fetch_from(
        service, demo_client_credentials(), PAST_DAY, clock, page_size=FAULT_PAGE_SIZE
    )
    assert_complete(result, service, PAST_DAY)
    assert service.stats.throttled > 0
    assert all(wait >= 1.0 for wait in clock.sleeps)


async def test_a_month_and_a_half_is_fetched_as_two_queries() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(seed=5, agent_count=3), clock)
    window = (NOW - 45 * DAY_MS, NOW - DAY_MS)
    result, _ = await fetch_from(service, demo_app_keys(), window, clock)
    assert ordered(result.records) == service.visible_records(*window)
    assert len(result.records) > 1000


async def test_wrong_client_secret_is_bad_credentials() -> None:
    from tui.core.account import ClientCredentials
    from tui.simulator.account import DEMO_ACCOUNT_ID, DEMO_CLIENT_ID

    service = SimulatedLivePerson(World(), FakeClock(NOW))
    account = AccountCredentials(DEMO_ACCOUNT_ID, ClientCredentials(DEMO_CLIENT_ID, "nope"))
    with pytest.raises(BadCredentials):
        await fetch_from(service, account, PAST_DAY, FakeClock(NOW))


async def test_the_servers_400_causes_reach_the_user() -> None:
    # The client's clock is 100 days behind the service's, so our own 6-month check passes a
    # range the service refuses: its causes must reach the user unchanged, without a retry.
    service = SimulatedLivePerson(World(), FakeClock(NOW))
    client_clock = FakeClock(NOW - 100 * DAY_MS)
    start = NOW - 250 * DAY_MS
    with pytest.raises(BadRequest) as raised:
        await fetch_from(service, demo_app_keys(), (start, start + DAY_MS), client_clock)
    assert raised.value.causes == ("from must not be more than 6 months in the past",)
    assert service.stats.by_status[400] == 1
    assert client_clock.sleeps == []
