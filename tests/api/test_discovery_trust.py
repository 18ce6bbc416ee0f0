"""A poisoned discovery.json heals itself; hosts outside LivePerson's domains are pointed out;
a token that serves a single request is an expiry, not bad credentials."""

from __future__ import annotations

import random
from pathlib import Path

import httpx

from tests.api.fake_liveperson import AA_HOST, ACCOUNT, FakeLivePerson, client_credentials
from tests.api.test_client_simulator import NOW, PAST_DAY, assert_complete
from tui.api.client import StatusChangesClient
from tui.api.discovery import DEFAULT_DOMAIN_API, DiscoveryFileCache
from tui.core.clock import FakeClock
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

T0 = 1_764_000_000_000
DAY_MS = 86_400_000
POISON = "evil.example.com"


async def test_a_poisoned_cache_entry_is_asked_again_and_replaced(tmp_path: Path) -> None:
    clock = FakeClock(T0 + DAY_MS)
    cache_file = tmp_path / "discovery.json"
    cache = DiscoveryFileCache(cache_file, clock)
    for service in ("agentActivityDomain", "sentinel"):
        cache.put(DEFAULT_DOMAIN_API, ACCOUNT, service, POISON)
    fake = FakeLivePerson()

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == POISON:
            raise httpx.ConnectError("no route to the poisoned host", request=request)
        return await fake.handle(request)

    async with StatusChangesClient(
        client_credentials(),
        transport=httpx.MockTransport(handle),
        clock=clock,
        discovery_cache=DiscoveryFileCache(cache_file, clock),
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) > 0
    assert POISON not in cache_file.read_text() and AA_HOST in cache_file.read_text()
    assert result.warnings == ()


async def test_a_host_outside_liveperson_is_used_with_a_warning() -> None:
    clock = FakeClock(T0 + DAY_MS)
    fake = FakeLivePerson()

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/baseURI.json"):
            service = request.url.path.split("/")[-2]
            return httpx.Response(200, json={"service": service, "baseURI": "data.example.org"})
        return await fake.handle(request)

    async with StatusChangesClient(
        client_credentials(), transport=httpx.MockTransport(handle), clock=clock
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert any("data.example.org, which is not a LivePerson domain" in w for w in result.warnings)


async def test_a_token_that_serves_one_request_is_an_expiry_not_bad_credentials() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(
        World(agent_count=150), clock, faults=FaultPlan(seed=4, expire_token_every=1)
    )
    async with StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        rng=random.Random(3),
        page_size=100,
    ) as client:
        result = await client.fetch(*PAST_DAY)
    assert_complete(result, service, PAST_DAY)
