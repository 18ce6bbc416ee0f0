"""Bearer tokens expiring under load: six requests in flight meet an expired token together.

The simulator expires a token once it has served N requests, so every request still carrying
it gets 401 at once. The client must refresh once per expiry (single flight), retry the whole
burst with the new token, and never mistake an expiry for bad credentials.
"""

from __future__ import annotations

import asyncio
import json
import random

import httpx
import pytest

from tests.api.fake_liveperson import T0, FakeLivePerson, client_credentials, make_record
from tui.api.auth import AfterUnauthorized, BearerToken, ClientCredentialsAuth
from tui.api.client import StatusChangesClient
from tui.api.concurrency import AdaptiveLimit
from tui.api.errors import BadCredentials
from tui.api.retry import RetryingSender
from tui.core.account import ClientCredentials
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

DAY_MS = 86_400_000
NOW = 1_764_072_000_000  # 2025-11-25T12:00:00Z
LATENCY_S = 0.005
"""Real simulated latency, so six requests are truly in flight when a token runs out."""


def ordered(records: tuple[StatusRecord, ...] | list[StatusRecord]) -> list[StatusRecord]:
    return sorted(records, key=lambda r: (r.agent_id, r.time_ms, r.sequence))


@pytest.mark.parametrize("quota", [25, 7])
async def test_a_day_with_six_in_flight_survives_tokens_expiring(quota: int) -> None:
    plan = FaultPlan(seed=3, expire_token_every=quota)
    service = SimulatedLivePerson(World(), FakeClock(NOW), faults=plan, latency_s=LATENCY_S)
    window = (NOW - DAY_MS, NOW)
    async with StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=FakeClock(NOW),
        rng=random.Random(3),
        max_in_flight=6,
        page_size=100,  # about 40 requests for the day, so tokens expire several times
    ) as client:
        result = await client.fetch(*window)
    assert ordered(result.records) == service.visible_records(*window)
    stats = service.stats
    assert stats.max_in_flight == 6
    assert stats.tokens_expired >= result.pages // quota - 1
    # single flight: one sentinel request at the start and one per expired token, however
    # many requests the expiry refused at once
    assert stats.tokens_issued == stats.tokens_expired + 1
    # bursts: an expiry meets several requests at once. How many depends on the scheduler (on
    # a loaded machine a request may finish before the next one leaves), so only "more than one
    # per expiry on the whole" is certain; single flight above is what the burst must not break.
    assert stats.by_status[401] > stats.tokens_expired
    # only requests already in flight when the token expired are refused: those still waiting
    # for a slot go out with the new token
    assert stats.by_status[401] <= 6 * stats.tokens_expired
    assert client.stats.reauthorized == stats.by_status[401]


class Sentinel:
    """Hands out token-1, token-2, ... whenever the gate is open."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.gate.set()
        self.issued = 0

    async def __call__(self) -> BearerToken:
        await self.gate.wait()
        self.issued += 1
        return BearerToken(f"token-{self.issued}", NOW + 3_600_000, NOW + 3_540_000)


def bare_request() -> httpx.Request:
    return httpx.Request("GET", "https://example.test/")


async def test_a_burst_of_401s_fetches_one_token_and_retries_with_it() -> None:
    sentinel = Sentinel()
    auth = ClientCredentialsAuth(ClientCredentials("id", "secret"), FakeClock(NOW), sentinel)
    burst = [await auth.authorize(bare_request()) for _ in range(6)]
    auth.answered(burst[0], 200)
    sentinel.gate.clear()
    for request in burst:
        auth.answered(request, 401)
    verdicts = [await auth.after_unauthorized(request) for request in burst]
    assert verdicts == [AfterUnauthorized.RETRY_EXPIRED] * 6  # token-1 had worked: an expiry
    assert all(auth.outdated(request) for request in burst)
    retries = [asyncio.create_task(auth.authorize(bare_request())) for _ in burst]
    await asyncio.sleep(0)  # every retry is now waiting for the one fetch
    sentinel.gate.set()
    retried = await asyncio.gather(*retries)
    assert {request.headers["Authorization"] for request in retried} == {"Bearer token-2"}
    assert sentinel.issued == auth.tokens_fetched == 2
    # a late 401 on token-1 (sent before the refresh) must not retire token-2
    auth.answered(burst[0], 401)
    assert await auth.after_unauthorized(burst[0]) is AfterUnauthorized.RETRY_EXPIRED
    assert not auth.outdated(retried[0])
    # token-2 was never accepted: its 401 counts against the credentials
    auth.answered(retried[0], 401)
    assert await auth.after_unauthorized(retried[0]) is AfterUnauthorized.RETRY_ONCE


async def test_a_request_queued_with_a_refused_token_is_sent_with_the_new_one() -> None:
    """Two requests in flight when token-1 expires get 401; the third, still waiting for a
    slot, must go out with token-2 rather than collect a 401 of its own."""
    refused = asyncio.Event()
    sent: list[tuple[str, str]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        used = request.headers["Authorization"].removeprefix("Bearer ")
        sent.append((request.url.path, used))
        if used == "token-1" and request.url.path != "/warm-up":
            await refused.wait()
            return httpx.Response(401)
        return httpx.Response(200, json={"ok": True})

    clock = FakeClock(NOW)
    sentinel = Sentinel()
    auth = ClientCredentialsAuth(ClientCredentials("id", "secret"), clock, sentinel)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        sender = RetryingSender(http, clock, AdaptiveLimit(2, clock))

        async def call(path: str) -> object:
            url = f"https://example.test{path}"
            return await sender.call("GET", url, label=path, decode=json.loads, auth=auth)

        await call("/warm-up")  # token-1 works
        calls = [asyncio.create_task(call(path)) for path in ("/a", "/b", "/queued")]
        for _ in range(5):
            await asyncio.sleep(0)
        assert sender.limit.in_flight == 2
        refused.set()
        assert await asyncio.gather(*calls) == [{"ok": True}] * 3
    assert sorted(sent) == [
        ("/a", "token-1"),
        ("/a", "token-2"),
        ("/b", "token-1"),
        ("/b", "token-2"),
        ("/queued", "token-2"),
        ("/warm-up", "token-1"),
    ]
    assert sentinel.issued == 2
    assert sender.stats.reauthorized == 2
    assert clock.sleeps == []


async def test_credentials_revoked_mid_run_are_still_bad_credentials() -> None:
    service = FakeLivePerson([make_record(i) for i in range(30)])
    clock = FakeClock(T0 + DAY_MS)
    async with StatusChangesClient(
        client_credentials(), transport=service.transport(), clock=clock
    ) as client:
        assert len((await client.fetch(T0, T0 + DAY_MS)).records) == 30
        service.revoked_tokens.update(f"token-{n}" for n in range(1, 10))
        with pytest.raises(BadCredentials):
            await client.fetch(T0, T0 + DAY_MS)
    # token-1 had worked (an expiry: retried); token-2 never did (retried once); token-3 ends it
    assert service.tokens_issued == ["token-1", "token-2", "token-3"]
    assert clock.sleeps == []
