"""Both auth methods: App Keys signatures, bearer tokens refreshed before expiry and after a 401."""

from __future__ import annotations

import httpx
import pytest

from tests.api.fake_liveperson import (
    ACCOUNT,
    CLIENT_SECRET,
    SENTINEL_HOST,
    T0,
    FakeLivePerson,
    app_keys,
    client_credentials,
    json_response,
    make_record,
)
from tui.api.client import StatusChangesClient
from tui.api.errors import OAUTH2_SCOPE, BadCredentials, BadRequest, MissingPermission
from tui.api.http import USER_AGENT
from tui.core.account import AccountCredentials, AppKeys, ClientCredentials
from tui.core.clock import FakeClock
from tui.simulator.oauth1 import verify_oauth1_request

DAY_MS = 86_400_000


def make_client(
    service: FakeLivePerson, account: AccountCredentials, clock: FakeClock
) -> StatusChangesClient:
    return StatusChangesClient(account, transport=service.transport(), clock=clock)


async def test_app_keys_sign_every_request_with_hmac_sha1() -> None:
    service = FakeLivePerson([make_record(i) for i in range(2500)])
    account = app_keys()
    async with make_client(service, account, FakeClock(T0 + DAY_MS)) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 2500
    requests = service.status_requests()
    assert len(requests) == 3
    assert isinstance(account.credentials, AppKeys)
    for request in requests:
        assert 'oauth_signature_method="HMAC-SHA1"' in request.headers["Authorization"]
        assert verify_oauth1_request(request, account.credentials)
    # App Keys never need sentinel
    assert not any(r.url.path.endswith("/app/token") for r in service.requests)


async def test_app_keys_signature_does_not_verify_with_other_secrets() -> None:
    service = FakeLivePerson([make_record(0)])
    async with make_client(service, app_keys(), FakeClock(T0 + DAY_MS)) as client:
        await client.fetch(T0, T0 + DAY_MS)
    wrong = AppKeys("consumer-key", "other", "access-TOKEN", "token-SECRET")
    assert not verify_oauth1_request(service.status_requests()[0], wrong)


async def test_app_keys_401_is_bad_credentials_without_a_retry() -> None:
    service = FakeLivePerson()
    service.script.append(json_response(401, {"message": "signature invalid"}))
    async with make_client(service, app_keys(), FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(BadCredentials) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert len(service.status_requests()) == 1
    assert "clock" in raised.value.message
    for secret in ("consumer-SECRET", "access-TOKEN", "token-SECRET"):
        assert secret not in raised.value.one_line()
        assert secret not in repr(client)


async def test_client_credentials_token_is_fetched_once_and_shared() -> None:
    service = FakeLivePerson([make_record(i) for i in range(700)], page_delay_s=0.001)
    async with make_client(service, client_credentials(), FakeClock(T0 + DAY_MS)) as client:
        await client.fetch(T0, T0 + DAY_MS)
    token_requests = [r for r in service.requests if r.url.path.endswith("/app/token")]
    assert len(token_requests) == 1
    request = token_requests[0]
    assert request.method == "POST"
    assert request.url.host == SENTINEL_HOST
    assert request.url.path == f"/sentinel/api/account/{ACCOUNT}/app/token"
    assert request.url.params["grant_type"] == "client_credentials"
    assert request.url.params["v"] == "1.0"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert all(r.headers["Authorization"] == "Bearer token-1" for r in service.status_requests())
    assert all(r.headers["User-Agent"] == USER_AGENT for r in service.requests)


async def test_token_is_refreshed_a_minute_before_it_expires() -> None:
    service = FakeLivePerson([make_record(0)], token_lifetime_s=600)
    clock = FakeClock(T0 + DAY_MS)
    async with make_client(service, client_credentials(), clock) as client:
        await client.fetch(T0, T0 + DAY_MS)
        clock.advance(530)  # 70 s left: still used
        await client.fetch(T0, T0 + DAY_MS)
        clock.advance(20)  # 50 s left: replaced first
        await client.fetch(T0, T0 + DAY_MS)
    used = [r.headers["Authorization"] for r in service.status_requests()]
    assert used == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


async def test_a_401_fetches_a_new_token_once_and_retries() -> None:
    service = FakeLivePerson([make_record(i) for i in range(30)])
    clock = FakeClock(T0 + DAY_MS)
    async with make_client(service, client_credentials(), clock) as client:
        await client.fetch(T0, T0 + DAY_MS)
        service.revoked_tokens.add("token-1")
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 30
    used = [r.headers["Authorization"] for r in service.status_requests()]
    assert used == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]
    assert clock.sleeps == []


async def test_a_second_401_is_bad_credentials() -> None:
    service = FakeLivePerson()
    service.script.extend([json_response(401, {}), json_response(401, {})])
    async with make_client(service, client_credentials(), FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(BadCredentials) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert len(service.tokens_issued) == 2
    assert len(service.status_requests()) == 2
    assert raised.value.title == "Bad credentials"
    assert CLIENT_SECRET not in raised.value.one_line()


async def test_sentinel_refusing_the_secret_is_bad_credentials() -> None:
    service = FakeLivePerson()
    account = AccountCredentials(ACCOUNT, ClientCredentials("client-id-1", "wrong-secret"))
    async with make_client(service, account, FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(BadCredentials, match="sentinel refused") as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert service.status_requests() == []
    assert "wrong-secret" not in raised.value.one_line()


@pytest.mark.parametrize(
    ("account", "needed"),
    [
        (client_credentials(), OAUTH2_SCOPE),
        (app_keys(), "Data → Workforce Management → Agent Status Changes"),
    ],
)
async def test_403_names_the_missing_permission(account: AccountCredentials, needed: str) -> None:
    service = FakeLivePerson()
    service.script.append(json_response(403, {"message": "forbidden"}))
    async with make_client(service, account, FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(MissingPermission) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert needed in raised.value.message
    assert raised.value.title == "Missing permission"
    assert len(service.status_requests()) == 1


async def test_validate_makes_one_cheap_authenticated_call() -> None:
    service = FakeLivePerson()
    async with make_client(service, client_credentials(), FakeClock(T0 + DAY_MS)) as client:
        await client.validate()
    (request,) = service.status_requests()
    assert request.url.params["limit"] == "1"
    assert request.headers["Authorization"].startswith("Bearer ")


async def test_validate_raises_the_api_error() -> None:
    service = FakeLivePerson()
    service.script.append(json_response(403, {}))
    async with make_client(service, app_keys(), FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(MissingPermission):
            await client.validate()


def test_token_is_never_in_a_repr() -> None:
    from tui.api.auth import BearerToken

    assert "abc123" not in repr(BearerToken("abc123", 1, 1))


async def test_no_request_follows_a_redirect() -> None:
    service = FakeLivePerson()
    service.script.append(httpx.Response(302, headers={"Location": "https://evil.example/"}))
    async with make_client(service, client_credentials(), FakeClock(T0 + DAY_MS)) as client:
        with pytest.raises(BadRequest, match="HTTP 302"):
            await client.fetch(T0, T0 + DAY_MS)
    assert all(r.url.host != "evil.example" for r in service.requests)
