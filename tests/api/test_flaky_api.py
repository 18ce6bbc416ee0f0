"""Throttling and faults: the fetch finishes, paces itself, or says why — never gives up early.

Everything runs on one fake clock shared by the client and the simulated server, so minutes of
back-off take no real time.
"""

from __future__ import annotations

import random

import pytest

from tests.api.test_client_simulator import NOW, PAST_DAY, assert_complete
from tui.api.client import StatusChangesClient
from tui.api.errors import ApiError
from tui.core.clock import FakeClock
from tui.core.source_contract import RETRY_LISTENER, RetryNotice
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

PAGE_SIZE = 100


def _client(service: SimulatedLivePerson, clock: FakeClock) -> StatusChangesClient:
    return StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        rng=random.Random(3),
        page_size=PAGE_SIZE,
    )


async def test_one_request_per_second_is_learnt_and_paced() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(
        World(agent_count=150), clock, faults=FaultPlan(seed=1, max_per_second=1)
    )
    async with _client(service, clock) as client:
        result = await client.fetch(*PAST_DAY)
        assert_complete(result, service, PAST_DAY)
        assert client.stats.throttled <= 0.2 * client.stats.requests
        assert client._sender.pacer.rate_per_s is not None
        assert client._sender.pacer.rate_per_s <= 1.0


@pytest.mark.parametrize(
    "plan",
    [
        FaultPlan(seed=11, server_error_rate=0.2, server_error_run=2),
        FaultPlan(seed=12, malformed_rate=0.5),
        FaultPlan(seed=13, drop_rate=0.5),
    ],
    ids=["20% 5xx in runs", "50% malformed", "50% drops"],
)
async def test_a_day_finishes_through_heavy_faults(plan: FaultPlan) -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(agent_count=150), clock, faults=plan)
    notices: list[RetryNotice] = []
    RETRY_LISTENER.set(notices.append)
    async with _client(service, clock) as client:
        result = await client.fetch(*PAST_DAY)
    assert_complete(result, service, PAST_DAY)
    assert notices and notices[0].describe().startswith("retry 1/3 in 5 s")


async def test_a_dead_service_fails_clearly_within_the_budget() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(
        World(agent_count=50), clock, faults=FaultPlan(seed=5, server_error_rate=1.0)
    )
    async with _client(service, clock) as client:
        with pytest.raises(ApiError, match="requests of this fetch failed"):
            await client.fetch(*PAST_DAY)
    assert clock.now_ms() - NOW < 60 * 60_000  # said so within the hour, not after a day


def test_retry_notices_read_as_the_header_shows_them() -> None:
    assert RetryNotice("status-changes", 2, 3, 10.0, "HTTP 503").describe() == "retry 2/3 in 10 s"
    assert RetryNotice("status-changes", 1, None, 120.0, "HTTP 503").describe() == (
        "retry 1 in 2 min"
    )
