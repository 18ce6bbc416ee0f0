"""The network checks of ``agent-activity doctor``: Domain API lookup, token, one API call.

Each step runs on its own so a failure names the step that broke (an unknown account id fails the
lookup; a wrong secret fails the token; a missing permission fails the call). Retries are cut
short: the doctor reports a problem instead of waiting minutes. Tokens are never shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

import httpx

from tui.api.auth import UnreadableBody, token_from_json
from tui.api.discovery import (
    SERVICE_AGENT_ACTIVITY,
    SERVICE_SENTINEL,
    Discovery,
    DomainApi,
    parse_domain_api,
)
from tui.api.errors import ApiError, BadCredentials, MissingPermission
from tui.api.http import http_client
from tui.commands.doctor_checks import Check, Level
from tui.core.account import AccountCredentials, ClientCredentials
from tui.core.clock import Clock, SystemClock
from tui.core.settings import Settings

HTTP_TIMEOUT_S = 10.0
Timer = Callable[[], float]


class _StepFailed(Exception):
    """A doctor step failed; ``check`` is the line to print."""

    def __init__(self, check: Check) -> None:
        super().__init__(check.detail)
        self.check = check


async def check_api(
    account: AccountCredentials,
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    timer: Timer = time.perf_counter,
) -> list[Check]:
    """The Domain API, token and API-call lines, stopping at the first failure."""
    checks: list[Check] = []
    try:
        domain = parse_domain_api(settings.domain_api)
    except ApiError as error:
        return [Check(Level.FAIL, "domain api", error.message, "fix domain_api in the config")]
    try:
        client = http_client(domain, transport=transport, read_timeout_s=HTTP_TIMEOUT_S)
    except ApiError as error:
        return [Check(Level.FAIL, "domain api", error.message, "fix SSL_CERT_FILE / SSL_CERT_DIR")]
    async with client as http:
        try:
            sentinel = await _lookup(http, domain, account, checks, timer)
            credentials = account.credentials
            if isinstance(credentials, ClientCredentials):
                token = await _token(
                    http, sentinel, account.account_id, credentials, clock=clock, timer=timer
                )
                checks.append(token)
            else:
                checks.append(Check(Level.OK, "token", "not needed: App Keys sign every request"))
        except _StepFailed as failed:
            checks.append(failed.check)
            return checks
    checks.append(await _api_call(account, settings, transport, clock, timer))
    return checks


async def _lookup(
    http: httpx.AsyncClient,
    domain: DomainApi,
    account: AccountCredentials,
    checks: list[Check],
    timer: Timer,
) -> str:
    """Discover the hosts; returns sentinel's base URL ("" for App Keys)."""
    discovery = Discovery(domain)
    services = [SERVICE_AGENT_ACTIVITY]
    if isinstance(account.credentials, ClientCredentials):
        services.append(SERVICE_SENTINEL)

    async def fetch_json(url: str, label: str) -> object:
        response = await http.get(url)
        if response.status_code != 200:
            raise _StepFailed(
                Check(
                    Level.FAIL,
                    "domain api",
                    f"{domain.base_url} answered HTTP {response.status_code} for {label}",
                    "check the account id (run `agent-activity login` again) and domain_api",
                )
            )
        return response.json()

    started = timer()
    found: dict[str, str] = {}
    try:
        for service in services:
            found[service] = await discovery.base_url(account.account_id, service, fetch_json)
    except ApiError as error:
        raise _StepFailed(
            Check(Level.FAIL, "domain api", error.message, "check domain_api and the account id")
        ) from None
    except (httpx.HTTPError, ValueError) as error:
        raise _StepFailed(_unreachable("domain api", domain.base_url, error)) from None
    hosts = ", ".join(f"{service} → {url}" for service, url in found.items())
    checks.append(
        Check(Level.OK, "domain api", f"{domain.base_url}: {hosts} ({timer() - started:.2f} s)")
    )
    return found.get(SERVICE_SENTINEL, "")


async def _token(
    http: httpx.AsyncClient,
    sentinel: str,
    account_id: str,
    credentials: ClientCredentials,
    *,
    clock: Clock | None,
    timer: Timer,
) -> Check:
    clock = clock or SystemClock()
    url = f"{sentinel}/sentinel/api/account/{quote(account_id, safe='')}/app/token"
    started = timer()
    try:
        response = await http.post(
            url,
            params={"v": "1.0", "grant_type": "client_credentials"},
            data={"client_id": credentials.client_id, "client_secret": credentials.client_secret},
        )
    except httpx.HTTPError as error:
        raise _StepFailed(_unreachable("token", sentinel, error)) from None
    elapsed = timer() - started
    if response.status_code in (400, 401, 403):
        raise _StepFailed(
            Check(
                Level.FAIL,
                "token",
                f"sentinel refused the client id and secret (HTTP {response.status_code})",
                "check both values in LivePerson, then run `agent-activity login` again",
            )
        )
    try:
        if response.status_code != 200:
            raise UnreadableBody(f"HTTP {response.status_code}")
        token = token_from_json(response.json(), clock.now_ms())
    except (UnreadableBody, ValueError) as error:
        raise _StepFailed(
            Check(Level.FAIL, "token", f"sentinel gave no usable token ({error})", "try later")
        ) from None
    lifetime_s = (token.expires_at_ms - clock.now_ms()) // 1000
    return Check(
        Level.OK,
        "token",
        f"bearer token received, valid {lifetime_s} s, kept in memory only ({elapsed:.2f} s)",
    )


async def _api_call(
    account: AccountCredentials,
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None,
    clock: Clock | None,
    timer: Timer,
) -> Check:
    from tui.api.retry import RetryPolicy
    from tui.wiring.clients import status_changes_client

    started = timer()
    try:
        async with status_changes_client(
            settings,
            account,
            transport=transport,
            clock=clock,
            policy=RetryPolicy(server_error_waits_s=(), throttle_max_retries=1),
        ) as client:
            await client.validate()
    except BadCredentials as error:
        return Check(
            Level.FAIL, "api call", error.message, "run `agent-activity login` with valid keys"
        )
    except MissingPermission as error:
        return Check(Level.FAIL, "api call", error.message, "grant the permission in LivePerson")
    except ApiError as error:
        return Check(Level.FAIL, "api call", error.one_line(), "check the network; try later")
    return Check(Level.OK, "api call", f"status-changes answered in {timer() - started:.2f} s")


def _unreachable(step: str, where: str, error: Exception) -> Check:
    return Check(
        Level.FAIL,
        step,
        f"cannot reach {where}: {type(error).__name__}",
        "check the network, proxy (HTTPS_PROXY) and domain_api",
    )
