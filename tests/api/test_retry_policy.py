"""LivePerson's retry policy, timed with a FakeClock: exact waits, typed errors, no retry on 4xx."""

from __future__ import annotations

import random

import httpx
import pytest

from tests.api.fake_liveperson import (
    CLIENT_SECRET,
    T0,
    FakeLivePerson,
    client_credentials,
    json_response,
    make_record,
)
from tui.api.client import StatusChangesClient
from tui.api.concurrency import AdaptiveLimit
from tui.api.errors import (
    BadRequest,
    MalformedResponse,
    NetworkUnreachable,
    ServerUnavailable,
    Throttled,
)
from tui.api.retry import RetryPolicy
from tui.core.clock import FakeClock
from tui.core.errors import AgentActivityError

DAY_MS = 86_400_000


def setup(
    records: int = 50, **kwargs: object
) -> tuple[FakeLivePerson, FakeClock, StatusChangesClient]:
    service = FakeLivePerson([make_record(i) for i in range(records)])
    clock = FakeClock(T0 + DAY_MS)
    # These tests pin one request's schedule; the fetch's longer back-offs have their own tests.
    kwargs.setdefault("policy", RetryPolicy(extended_waits_s=()))
    client = StatusChangesClient(
        client_credentials(),
        transport=service.transport(),
        clock=clock,
        rng=random.Random(7),
        **kwargs,  # type: ignore[arg-type]
    )
    return service, clock, client


def server_error(status: int = 500) -> httpx.Response:
    return json_response(status, {"message": "database on fire", "internalCode": 4711})


async def test_after_the_three_retries_a_working_fetch_backs_off_for_minutes() -> None:
    """LivePerson's schedule per request (5, 10, 15 s), then — the fetch has seen successes
    (discovery, the token) — a 2-minute back-off and the same schedule again: it finishes."""
    service, clock, client = setup(policy=RetryPolicy())
    service.script.extend([server_error(), server_error(503), server_error(), server_error()])
    async with client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 50
    assert clock.sleeps == [5.0, 10.0, 15.0, 120.0]


async def test_5xx_is_retried_after_5_10_15_seconds_then_server_unavailable() -> None:
    service, clock, client = setup(policy=RetryPolicy(extended_waits_s=()))
    service.script.extend([server_error(), server_error(503), server_error(), server_error()])
    async with client:
        with pytest.raises(ServerUnavailable) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == [5.0, 10.0, 15.0]
    assert len(service.status_requests()) == 4
    error = raised.value
    assert error.title == "Server unavailable"
    assert "internal code 4711" in error.message
    assert "failed 4 times" in error.message


async def test_a_5xx_run_shorter_than_the_retries_is_survived() -> None:
    service, clock, client = setup()
    service.script.extend([server_error(503), server_error(502)])
    async with client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 50
    assert clock.sleeps == [5.0, 10.0]


async def test_connection_errors_and_timeouts_retry_like_5xx_then_network_unreachable() -> None:
    service, clock, client = setup()
    service.script.extend(
        [
            httpx.ConnectError("connection refused"),
            httpx.ReadTimeout("read timed out"),
            httpx.ConnectTimeout("connect timed out"),
            httpx.RemoteProtocolError("server disconnected"),
        ]
    )
    async with client:
        with pytest.raises(NetworkUnreachable) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == [5.0, 10.0, 15.0]
    assert raised.value.title == "Network unreachable"
    assert "check the network" in raised.value.message


async def test_a_body_that_is_not_json_is_retried_then_malformed_response() -> None:
    service, clock, client = setup()
    broken = httpx.Response(200, content=b'{"stateChanges": [{"agentId": 1')
    html = httpx.Response(200, content=b"<html>bad gateway</html>")
    service.script.extend([broken, html, html, broken])
    async with client:
        with pytest.raises(MalformedResponse) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == [5.0, 10.0, 15.0]
    assert raised.value.title == "Malformed response"
    assert "bad JSON" in raised.value.message


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (["a", "list"], "the JSON is a list"),
        ({"hello": 1}, "no stateChanges or agentsInfo"),
        ({"stateChanges": {"agentId": 1}}, "'stateChanges' is dict, expected a list"),
    ],
)
async def test_json_of_an_unexpected_shape_is_not_retried_and_says_what_was_unexpected(
    body: object, what: str
) -> None:
    """A well-formed answer of the wrong shape will not change on a retry."""
    service, clock, client = setup()
    service.script.append(json_response(200, body))
    async with client:
        with pytest.raises(MalformedResponse) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == []
    assert len(service.status_requests()) == 1
    assert what in raised.value.message
    assert "unexpected shape" in raised.value.message
    assert "not retried" in raised.value.message.lower()


async def test_one_malformed_page_is_refetched() -> None:
    service, clock, client = setup()
    service.script.append(httpx.Response(200, content=b'{"stateChanges": ['))
    async with client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 50
    assert clock.sleeps == [5.0]


async def test_429_waits_at_least_a_second_with_jitter_then_succeeds() -> None:
    service, clock, client = setup()
    service.script.append(json_response(429, {"message": "slow down"}))
    async with client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 50
    assert result.throttled == 1
    assert len(clock.sleeps) == 1
    assert 1.0 <= clock.sleeps[0] <= 1.5


async def test_429_honours_retry_after_seconds_and_dates() -> None:
    service, clock, client = setup()
    retry_date = "Tue, 25 Nov 2025 16:00:07 GMT"  # T0 + 1 day + 7 s
    service.script.extend(
        [
            json_response(429, {}, headers={"Retry-After": "4"}),
            json_response(429, {}, headers={"Retry-After": retry_date}),
        ]
    )
    async with client:
        await client.fetch(T0, T0 + DAY_MS)
    first, second = clock.sleeps
    assert 4.0 <= first <= 4.5
    # the second wait counts from after the first: 7 s - first wait, but at least the 2 s back-off
    assert max(2.0, 7.0 - first) <= second <= max(2.0, 7.0 - first) + 0.5


async def test_429_backs_off_doubling_then_gives_up_throttled() -> None:
    service, clock, client = setup(policy=RetryPolicy(throttle_max_retries=4))
    service.script.extend([json_response(429, {}) for _ in range(5)])
    async with client:
        with pytest.raises(Throttled) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    bases = [1.0, 2.0, 4.0, 8.0]
    assert len(clock.sleeps) == 4
    for wait, base in zip(clock.sleeps, bases, strict=True):
        assert base <= wait <= base + 0.5
    assert raised.value.title == "Throttled"


async def test_a_retry_after_beyond_a_minute_gives_up_with_its_figure() -> None:
    service, clock, client = setup()
    service.script.append(json_response(429, {}, headers={"Retry-After": "900"}))
    async with client:
        with pytest.raises(Throttled, match="900 s"):
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == []


@pytest.mark.parametrize("status", [400, 404, 409, 422])
async def test_other_4xx_are_not_retried_and_carry_the_server_causes(status: int) -> None:
    service, clock, client = setup()
    service.script.append(
        json_response(
            status,
            {"message": "Bad input", "causes": ["from is too old", {"message": "limit > 100"}]},
        )
    )
    async with client:
        with pytest.raises(BadRequest) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert len(service.status_requests()) == 1
    assert clock.sleeps == []
    error = raised.value
    assert error.causes == ("from is too old", "limit > 100")
    assert f"HTTP {status}" in error.message
    assert "from is too old; limit > 100" in error.message
    assert error.title == "Bad request"


async def test_error_messages_never_contain_secrets() -> None:
    service, _, client = setup()
    service.script.extend([server_error()] * 4)
    async with client:
        with pytest.raises(AgentActivityError) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    token = service.tokens_issued[0]
    for text in (raised.value.one_line(), repr(raised.value), repr(client)):
        assert CLIENT_SECRET not in text
        assert token not in text


async def test_adaptive_limit_halves_once_per_round_and_creeps_back() -> None:
    clock = FakeClock(T0)
    limit = AdaptiveLimit(6, clock)
    generations = [await limit.acquire() for _ in range(6)]
    for generation in generations:
        limit.release()
        limit.throttled(generation, 1.0)
    assert limit.current == 3  # six 429s of the same round halve once
    next_generation = await limit.acquire()
    assert clock.sleeps == [1.0]  # nobody starts before the server's wait is over
    limit.release()
    limit.throttled(next_generation, 1.0)
    assert limit.current == 1
    for _ in range(20):
        limit.succeeded()
    assert limit.current == 1  # no growth within 5 s of a 429
    clock.advance(5)
    for _ in range(20):
        limit.succeeded()
    assert limit.current == 6
    for _ in range(5):
        limit.succeeded()
    assert limit.current == 6


async def test_a_policy_without_retries_gives_up_at_once_with_a_plain_message() -> None:
    service, clock, client = setup(policy=RetryPolicy(server_error_waits_s=(), extended_waits_s=()))
    service.script.append(server_error(503))
    async with client:
        with pytest.raises(ServerUnavailable) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert clock.sleeps == []
    assert raised.value.message.startswith("status-changes failed: HTTP 503")
