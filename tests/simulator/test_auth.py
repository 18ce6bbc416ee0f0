"""Domain API, sentinel tokens and OAuth 1.0 signatures."""

from __future__ import annotations

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth1Auth

from tests.simulator.conftest import TOKEN_URL, V2_URL, bearer_headers
from tui.core.account import AppKeys, ClientCredentials, credentials_from_env
from tui.core.clock import FakeClock
from tui.simulator.account import (
    DEMO_ACCESS_TOKEN,
    DEMO_ACCESS_TOKEN_SECRET,
    DEMO_ACCOUNT_ID,
    DEMO_APP_KEY,
    DEMO_APP_SECRET,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    SIM_AGENT_ACTIVITY_HOST,
    SIM_DOMAIN_API,
    SIM_SENTINEL_HOST,
    demo_environment,
)
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World


def _domain_url(account: str, service: str) -> str:
    return f"{SIM_DOMAIN_API}/api/account/{account}/service/{service}/baseURI.json?version=1.0"


@pytest.mark.parametrize(
    ("service_name", "host"),
    [("agentActivityDomain", SIM_AGENT_ACTIVITY_HOST), ("sentinel", SIM_SENTINEL_HOST)],
)
async def test_domain_api_names_the_simulated_hosts(
    client: httpx.AsyncClient, service_name: str, host: str
) -> None:
    response = await client.get(_domain_url(DEMO_ACCOUNT_ID, service_name))
    assert response.status_code == 200
    assert response.json() == {"service": service_name, "account": DEMO_ACCOUNT_ID, "baseURI": host}


async def test_domain_api_unknown_account_or_service(client: httpx.AsyncClient) -> None:
    assert (await client.get(_domain_url("12345", "sentinel"))).status_code == 404
    assert (await client.get(_domain_url(DEMO_ACCOUNT_ID, "msgHist"))).status_code == 404


async def test_token_is_issued_and_opens_the_api(client: httpx.AsyncClient) -> None:
    response = await client.post(
        TOKEN_URL, data={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}
    )
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    headers = {"authorization": f"Bearer {body['access_token']}"}
    assert (await client.get(V2_URL, params={"source": "x"}, headers=headers)).status_code == 200


@pytest.mark.parametrize(
    "form",
    [
        {"client_id": DEMO_CLIENT_ID, "client_secret": "wrong"},
        {"client_id": "someone-else", "client_secret": DEMO_CLIENT_SECRET},
        {},
    ],
)
async def test_bad_client_credentials_get_401(
    client: httpx.AsyncClient, form: dict[str, str]
) -> None:
    response = await client.post(TOKEN_URL, data=form)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_token_endpoint_wants_client_credentials_grant(client: httpx.AsyncClient) -> None:
    url = TOKEN_URL.replace("grant_type=client_credentials", "grant_type=password")
    form = {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}
    assert (await client.post(url, data=form)).status_code == 400


async def test_token_expires_on_the_clock(world: World) -> None:
    clock = FakeClock(1_717_581_000_000)
    service = SimulatedLivePerson(world, clock, token_lifetime_s=120)
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        clock.advance(119)
        assert (
            await client.get(V2_URL, params={"source": "x"}, headers=headers)
        ).status_code == 200
        clock.advance(1)
        expired = await client.get(V2_URL, params={"source": "x"}, headers=headers)
        assert expired.status_code == 401
        fresh = await bearer_headers(client)
        assert (await client.get(V2_URL, params={"source": "x"}, headers=fresh)).status_code == 200
        assert service.stats.tokens_issued == 2


def _app_keys_auth(
    secret: str = DEMO_APP_SECRET, token_secret: str = DEMO_ACCESS_TOKEN_SECRET
) -> OAuth1Auth:
    return OAuth1Auth(DEMO_APP_KEY, secret, token=DEMO_ACCESS_TOKEN, token_secret=token_secret)


async def test_oauth1_signed_request_is_accepted(client: httpx.AsyncClient) -> None:
    params = {
        "v": "2",
        "source": "x",
        "from": "2024-06-04T00:00:00.000Z",
        "to": "2024-06-05T00:00:00.000Z",
    }
    response = await client.get(V2_URL, params=params, auth=_app_keys_auth())
    assert response.status_code == 200
    assert response.json()["stateChanges"]


@pytest.mark.parametrize(
    "auth",
    [
        _app_keys_auth(secret="not-the-secret"),
        _app_keys_auth(token_secret="not-the-token-secret"),
        OAuth1Auth(
            "unknown-key",
            DEMO_APP_SECRET,
            token=DEMO_ACCESS_TOKEN,
            token_secret=DEMO_ACCESS_TOKEN_SECRET,
        ),
    ],
)
async def test_oauth1_bad_signature_is_rejected(
    client: httpx.AsyncClient, auth: OAuth1Auth
) -> None:
    response = await client.get(V2_URL, params={"source": "x"}, auth=auth)
    assert response.status_code == 401


async def test_oauth1_signature_covers_the_query(client: httpx.AsyncClient) -> None:
    signed = _app_keys_auth().auth_flow(httpx.Request("GET", V2_URL, params={"source": "x"}))
    request = next(signed)
    tampered = httpx.Request(
        "GET",
        V2_URL,
        params={"source": "y"},
        headers={"authorization": request.headers["authorization"]},
    )
    assert (await client.send(tampered)).status_code == 401
    assert (await client.send(request)).status_code == 200


def test_demo_environment_is_read_back_as_the_demo_credentials() -> None:
    client_env = credentials_from_env(demo_environment("http://127.0.0.1:8765"))
    assert client_env is not None and client_env.account_id == DEMO_ACCOUNT_ID
    assert client_env.credentials == ClientCredentials(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    keys_env = credentials_from_env(demo_environment("http://127.0.0.1:8765", app_keys=True))
    assert keys_env is not None
    assert keys_env.credentials == AppKeys(
        DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET
    )
