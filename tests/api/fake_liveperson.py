"""A tiny scripted LivePerson for unit tests of the client, served by ``httpx.MockTransport``.

It answers the Domain API, sentinel and v2 ``status-changes`` (offset paging with references),
records every request, counts requests in flight, and lets a test queue canned answers
(``script``) that replace the next status-changes responses.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx

from tui.api.params import format_time
from tui.core.account import AccountCredentials, AppKeys, ClientCredentials

ACCOUNT = "12345678"
CLIENT_ID = "client-id-1"
CLIENT_SECRET = "s3cr3t-client-secret"
DOMAIN_API = "https://api.liveperson.net"
AA_HOST = "va.agentactivity.liveperson.net"
SENTINEL_HOST = "va.sentinel.liveperson.net"
T0 = 1_764_000_000_000  # 2025-11-24T16:00:00Z

Scripted = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


def client_credentials() -> AccountCredentials:
    return AccountCredentials(ACCOUNT, ClientCredentials(CLIENT_ID, CLIENT_SECRET))


def app_keys() -> AccountCredentials:
    return AccountCredentials(
        ACCOUNT, AppKeys("consumer-key", "consumer-SECRET", "access-TOKEN", "token-SECRET")
    )


def make_record(index: int, *, agent_id: int | None = None) -> dict[str, Any]:
    """A readable v2 state change; ``index`` makes it unique (time and agent)."""
    return {
        "agentId": agent_id if agent_id is not None else 1000 + index % 7,
        "employeeId": f"E{index % 7}",
        "agentLoginName": f"agent{index % 7}",
        "agentUserName": f"Agent {index % 7}",
        "agentGroupId": 10,
        "time": format_time(T0 + index * 1000),
        "sessionId": 555,
        "sequenceNumber": index + 2,
        "statusType": 1,
        "statusSubType": 2,
        "statusReasonId": -1,
        "statusReasonText": None,
        "prevStatusChangeTime": None,
    }


def json_response(
    status: int, body: object, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)


class FakeLivePerson:
    """The fake service; ``records`` are served in order, ``page_delay_s`` is real asyncio time."""

    def __init__(
        self,
        records: list[dict[str, Any]] | None = None,
        *,
        with_last: bool = True,
        page_delay_s: float = 0.0,
        token_lifetime_s: int = 3600,
    ) -> None:
        self.records = records if records is not None else [make_record(i) for i in range(250)]
        self.with_last = with_last
        self.page_delay_s = page_delay_s
        self.token_lifetime_s = token_lifetime_s
        self.requests: list[httpx.Request] = []
        self.script: deque[Scripted] = deque()
        self.tokens_issued: list[str] = []
        self.revoked_tokens: set[str] = set()
        self.in_flight = 0
        self.peak_in_flight = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def status_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/status-changes")]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path.endswith("/baseURI.json"):
            service = path.split("/")[-2]
            host = AA_HOST if service == "agentActivityDomain" else SENTINEL_HOST
            return json_response(200, {"service": service, "account": ACCOUNT, "baseURI": host})
        if path.endswith("/app/token"):
            return self._token(request)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.page_delay_s)
            if self.script:
                scripted = self.script.popleft()
                if isinstance(scripted, Exception):
                    raise scripted
                if isinstance(scripted, httpx.Response):
                    return scripted
                return scripted(request)
            return self._page(request)
        finally:
            self.in_flight -= 1

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
            return json_response(401, {"error": "invalid_client"})
        token = f"token-{len(self.tokens_issued) + 1}"
        self.tokens_issued.append(token)
        return json_response(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime_s},
        )

    def _page(self, request: httpx.Request) -> httpx.Response:
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ")
            if token not in self.tokens_issued or token in self.revoked_tokens:
                return json_response(401, {"message": "expired"})
        elif not authorization.startswith("OAuth "):
            return json_response(401, {"message": "no credentials"})
        params = request.url.params
        limit = int(params.get("limit", "50"))
        offset = int(params.get("offset", "0"))
        total = len(self.records)
        base = f"https://{AA_HOST}{request.url.path}?source={params.get('source')}&limit={limit}"
        references = [{"rel": "self", "href": f"{base}&offset={offset}"}]
        if total > limit:
            references.append({"rel": "first", "href": f"{base}&offset=0"})
            if offset + limit < total:
                references.append({"rel": "next", "href": f"{base}&offset={offset + limit}"})
            if offset > 0:
                references.append({"rel": "previous", "href": f"{base}&offset={offset - limit}"})
            if self.with_last:
                last = (total - 1) // limit * limit
                references.append({"rel": "last", "href": f"{base}&offset={last}"})
        body = {
            "_metadata": {"references": references},
            "stateChanges": self.records[offset : offset + limit],
        }
        return json_response(200, body)
