"""End to end over a real 127.0.0.1 socket: the simulator's server, our client, plain http.

Short and bounded (a few hundred requests at most, each test under a hard timeout).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from tui.api.client import StatusChangesClient
from tui.api.retry import RetryPolicy
from tui.config.loading import load_settings
from tui.core.account import AccountCredentials, credentials_from_env
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.simulator.account import demo_app_keys, demo_client_credentials, demo_environment
from tui.simulator.faults import FaultPlan
from tui.simulator.server import serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
NOW = 1_764_072_000_000  # 2025-11-25T12:00:00Z


def ordered(records: Iterable[StatusRecord]) -> list[StatusRecord]:
    return sorted(records, key=lambda r: (r.agent_id, r.time_ms, r.sequence))


@pytest.mark.parametrize("account", [demo_client_credentials(), demo_app_keys()])
async def test_a_day_over_the_socket_with_each_auth_method(account: AccountCredentials) -> None:
    service = SimulatedLivePerson(World(agent_count=150), FakeClock(NOW), latency_s=0.002)
    window = (NOW - DAY_MS, NOW)
    async with (
        asyncio.timeout(30),
        serve_on_loopback(service) as server,
        StatusChangesClient(account, domain_api=server.base_url, clock=FakeClock(NOW)) as client,
    ):
        result = await client.fetch(*window)
    assert ordered(result.records) == service.visible_records(*window)
    assert result.pages > 10
    assert result.page_size == 1000
    assert service.stats.max_in_flight > 1


async def test_the_printed_environment_is_all_a_client_needs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    service = SimulatedLivePerson(World(), FakeClock(NOW))
    async with asyncio.timeout(30), serve_on_loopback(service) as server:
        for name, value in demo_environment(server.base_url).items():
            monkeypatch.setenv(name, value)
        account = credentials_from_env()
        assert account is not None
        settings = load_settings(tmp_path / "no-config.toml")
        async with StatusChangesClient(
            account, domain_api=settings.domain_api, clock=FakeClock(NOW)
        ) as client:
            await client.validate()
            result = await client.fetch(NOW - 2 * HOUR_MS, NOW)
    assert ordered(result.records) == service.visible_records(NOW - 2 * HOUR_MS, NOW)


async def test_dropped_connections_and_errors_over_the_socket_are_survived() -> None:
    plan = FaultPlan(seed=4, drop_rate=0.1, server_error_rate=0.05, malformed_rate=0.05)
    service = SimulatedLivePerson(World(), FakeClock(NOW), faults=plan)
    window = (NOW - DAY_MS, NOW)
    client_clock = FakeClock(NOW)
    async with (
        asyncio.timeout(30),
        serve_on_loopback(service) as server,
        StatusChangesClient(
            demo_client_credentials(),
            domain_api=server.base_url,
            clock=client_clock,
            rng=random.Random(1),
            page_size=100,  # about 40 requests, so the faults are met
        ) as client,
    ):
        result = await client.fetch(*window)
    assert ordered(result.records) == service.visible_records(*window)
    assert service.stats.dropped > 0
    assert client.stats.network_errors == service.stats.dropped
    # The documented 5/10/15 s retries; a request that meets four faults in a row (it happens:
    # the faults fall on requests in the order the concurrent pages reach the server) waits the
    # documented long back-off and starts again.
    policy = RetryPolicy()
    assert set(client_clock.sleeps) <= {*policy.server_error_waits_s, *policy.extended_waits_s}
    assert 5.0 in client_clock.sleeps
