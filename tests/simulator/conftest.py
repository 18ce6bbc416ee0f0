"""Shared pieces for the simulator tests: a fixed clock, a service, an in-process client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from tui.core.clock import FakeClock
from tui.simulator.account import (
    DEMO_ACCOUNT_ID,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    SIM_AGENT_ACTIVITY_HOST,
    SIM_SENTINEL_HOST,
)
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

DAY_MS = 86_400_000
NOW_MS = int(datetime(2024, 6, 5, 10, 30, tzinfo=UTC).timestamp() * 1000)
"""10:30 UTC on 2024-06-05: yesterday is complete, today is filling in."""
YESTERDAY_MS = NOW_MS - NOW_MS % DAY_MS - DAY_MS
TODAY_MS = YESTERDAY_MS + DAY_MS
V2_URL = f"https://{SIM_AGENT_ACTIVITY_HOST}/api/v2/account/{DEMO_ACCOUNT_ID}/status-changes"
V1_URL = f"https://{SIM_AGENT_ACTIVITY_HOST}/api/account/{DEMO_ACCOUNT_ID}/status-changes"
TOKEN_URL = (
    f"https://{SIM_SENTINEL_HOST}/sentinel/api/account/{DEMO_ACCOUNT_ID}/app/token"
    "?v=1.0&grant_type=client_credentials"
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW_MS)


@pytest.fixture(scope="session")
def world() -> World:
    return World()


@pytest.fixture
def service(world: World, clock: FakeClock) -> SimulatedLivePerson:
    return SimulatedLivePerson(world, clock)


@pytest.fixture
async def client(service: SimulatedLivePerson) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=service.transport()) as http:
        yield http


async def bearer_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """An ``Authorization`` header with a fresh sentinel token."""
    response = await client.post(
        TOKEN_URL, data={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}
    )
    assert response.status_code == 200
    return {"authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def auth(client: httpx.AsyncClient) -> dict[str, str]:
    return await bearer_headers(client)
