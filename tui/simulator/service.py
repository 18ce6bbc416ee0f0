"""The simulated LivePerson account behind the real HTTP surface, as one async httpx handler.

Served in-process through :meth:`SimulatedLivePerson.transport` (an ``httpx.MockTransport``) and
on a loopback socket by :mod:`tui.simulator.server`. Endpoints: the Domain API, sentinel's token
endpoint, and ``status-changes`` on LivePerson's one documented path, answering v1 unless the
request says ``v=2`` (the documented default). Records become visible only after their arrival
lag (:meth:`World.arrival_ms`), judged against the injected clock.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import httpx

from tui.core.account import AppKeys
from tui.core.clock import Clock
from tui.core.records import StatusRecord
from tui.simulator.account import (
    DEMO_ACCESS_TOKEN,
    DEMO_ACCESS_TOKEN_SECRET,
    DEMO_ACCOUNT_ID,
    DEMO_APP_KEY,
    DEMO_APP_SECRET,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    SIM_ACCOUNT_CONFIG_HOST,
    SIM_AGENT_ACTIVITY_HOST,
    SIM_DOMAIN_API,
    SIM_SENTINEL_HOST,
    demo_app_keys,
    demo_client_credentials,
    demo_environment,
)
from tui.simulator.faults import Fault, FaultInjector, FaultPlan
from tui.simulator.oauth1 import verify_oauth1_request
from tui.simulator.segments_wire import (
    MAX_SEGMENT_LIMIT,
    SegmentDialect,
    SegmentView,
    build_segment_view,
    parse_segment_query,
    segment_page_body,
)
from tui.simulator.views import RecordView, build_view, v1_page_body, v2_page_body
from tui.simulator.wire import (
    BAD_REQUEST_MESSAGE,
    QueryRejected,
    StatusQuery,
    parse_status_query,
)
from tui.simulator.world import World

__all__ = [
    "DEMO_ACCESS_TOKEN",
    "DEMO_ACCESS_TOKEN_SECRET",
    "DEMO_ACCOUNT_ID",
    "DEMO_APP_KEY",
    "DEMO_APP_SECRET",
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "SIM_AGENT_ACTIVITY_HOST",
    "SIM_DOMAIN_API",
    "SIM_SENTINEL_HOST",
    "ServiceStats",
    "SimulatedLivePerson",
    "demo_app_keys",
    "demo_client_credentials",
    "demo_environment",
]

DEFAULT_TOKEN_LIFETIME_S = 3600

_DOMAIN = re.compile(r"/api/account/([^/]+)/service/([^/]+)/baseURI\.json")
_TOKEN = re.compile(r"/sentinel/api/account/([^/]+)/app/token")
_STATUS_CHANGES = re.compile(r"/api/v2/account/([^/]+)/status-changes")
_SEGMENTS = re.compile(r"/api/account/([^/]+)/agent-segments")
_AGENT_GROUPS = re.compile(r"/api/account/([^/]+)/configuration/le-users/agentGroups")
_SERVICES = ("agentActivityDomain", "sentinel", "accountConfigReadOnly")
_CACHED_VIEWS = 8


@dataclass
class ServiceStats:
    """What the service has seen: request count, peak concurrency, responses by status."""

    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    dropped: int = 0
    malformed: int = 0
    tokens_issued: int = 0
    segment_requests: int = 0
    """Requests to ``agent-segments`` (the productivity API)."""
    group_requests: int = 0
    """Requests to ``agentGroups`` (team names)."""
    tokens_expired: int = 0
    """Tokens the fault plan expired (each refused at least one request)."""

    @property
    def throttled(self) -> int:
        return self.by_status[429]


def _json_response(
    status: int, body: object, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = json.dumps(body, separators=(",", ":")).encode()
    merged = {"content-type": "application/json"}
    merged.update(headers or {})
    return httpx.Response(status, content=content, headers=merged)


def _error(status: int, message: str, **extra: object) -> httpx.Response:
    return _json_response(status, {"message": message, **extra})


class SimulatedLivePerson:
    """The demo account's API: Domain API, sentinel, v2/v1 status-changes, faults on demand.

    ``latency_s`` delays every response by real time (``asyncio.sleep``, independent of
    ``clock``) and the fault plan's page cost delays each page of status changes by its size,
    so benchmarks can measure concurrency and page sizes; the clock decides which records are
    visible and when tokens expire.
    """

    def __init__(
        self,
        world: World,
        clock: Clock,
        *,
        faults: FaultPlan | None = None,
        latency_s: float = 0.0,
        token_lifetime_s: int = DEFAULT_TOKEN_LIFETIME_S,
        productivity_enabled: bool = True,
        segment_dialect: SegmentDialect | None = None,
        group_names_enabled: bool = True,
    ) -> None:
        self.world = world
        self.clock = clock
        self.faults = faults or FaultPlan()
        self.latency_s = latency_s
        self.token_lifetime_s = token_lifetime_s
        self.stats = ServiceStats()
        self.public_host: str | None = None
        """``host:port`` the Domain API hands out; set by the loopback server."""
        self.app_keys: AppKeys = AppKeys(
            DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET
        )
        self._injector = FaultInjector(self.faults)
        self._tokens: dict[str, int] = {}
        self._views: OrderedDict[tuple[object, ...], RecordView] = OrderedDict()
        self._segment_views: OrderedDict[tuple[object, ...], SegmentView] = OrderedDict()
        self.productivity_enabled = productivity_enabled
        """``False``: ``agent-segments`` answers 403, as on an account without the Actual
        Handle Time API."""
        self.segment_dialect = segment_dialect or SegmentDialect()
        self.segment_limit_cap = MAX_SEGMENT_LIMIT
        """The largest ``limit`` ``agent-segments`` accepts (400 above it, naming it)."""
        self.segments_unavailable = False
        self.group_names_enabled = group_names_enabled
        """``False``: ``agentGroups`` answers 403, as for a key without the Account
        Configuration permission."""
        """``True``: ``agent-segments`` answers 503 to everything (an outage of that API only)."""

    def set_faults(self, faults: FaultPlan | None) -> None:
        """Switch faults on or off while serving (an outage in the middle of a sync, say)."""
        self.faults = faults or FaultPlan()
        self._injector = FaultInjector(self.faults)

    def transport(self) -> httpx.AsyncBaseTransport:
        """An in-process transport: every request, whatever its host, reaches :meth:`handle`."""
        return httpx.MockTransport(self.handle)

    def visible_records(self, start_ms: int, end_ms: int) -> list[StatusRecord]:
        """Exactly the records a complete fetch of ``[start_ms, end_ms)`` returns at clock now,
        in their served form (a ``sessionId`` may still be -1), ordered by agent and time."""
        now = self.clock.now_ms()
        view = self._view(start_ms, end_ms, None, frozenset())
        served = view.served(0, view.visible_count(now), now)
        served.sort(key=lambda r: (r.agent_id, r.time_ms, r.sequence))
        return served

    def base_uri(self, service: str) -> str:
        if self.public_host is not None:
            return self.public_host
        if service == "sentinel":
            return SIM_SENTINEL_HOST
        if service == "accountConfigReadOnly":
            return SIM_ACCOUNT_CONFIG_HOST
        return SIM_AGENT_ACTIVITY_HOST

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as LivePerson would (or fail it as the fault plan says)."""
        stats = self.stats
        stats.requests += 1
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        try:
            response = await self._answer(request)
        except httpx.TransportError:
            stats.dropped += 1
            raise
        finally:
            stats.in_flight -= 1
        stats.by_status[response.status_code] += 1
        return response

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        is_data = _STATUS_CHANGES.fullmatch(path) is not None or bool(_SEGMENTS.fullmatch(path))
        fault = (
            self._injector.before(self.clock.now_ms(), self.stats.in_flight) if is_data else None
        )
        delay = self.latency_s + (self._injector.extra_delay_s() if is_data else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is Fault.DROP:
            self._drop(request)
        if fault is Fault.THROTTLE:
            retry_after = self._injector.retry_after()
            headers = {} if retry_after is None else {"retry-after": str(retry_after)}
            return _json_response(429, {"message": "Too many requests"}, headers)
        if fault is Fault.SERVER_ERROR:
            return _error(500, "Internal server error", internalCode=self._request_code(request))
        if fault is Fault.UNAVAILABLE:
            return _error(503, "Service unavailable")
        response, served = self._route(request)
        if is_data and response.status_code == 200:
            cost_s = self.faults.page_cost_s(served)
            if cost_s > 0:
                await asyncio.sleep(cost_s)
            broken = self._injector.corrupt(response.content)
            if broken is not None:
                self.stats.malformed += 1
                return httpx.Response(
                    200, content=broken, headers={"content-type": "application/json"}
                )
        return response

    def _drop(self, request: httpx.Request) -> None:
        if self.stats.dropped % 2:
            raise httpx.ReadError("Connection reset by peer", request=request)
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )

    def _request_code(self, request: httpx.Request) -> int:
        """A five-digit ``internalCode`` that differs from request to request."""
        digest = hashlib.sha256(f"{self.stats.requests}{request.url}".encode()).hexdigest()
        return int(digest[:6], 16) % 90_000 + 10_000

    def _route(self, request: httpx.Request) -> tuple[httpx.Response, int]:
        """The response, and how many status changes it serves (for the page cost)."""
        path = request.url.path
        if match := _DOMAIN.fullmatch(path):
            return self._domain(request, match.group(1), match.group(2)), 0
        if match := _TOKEN.fullmatch(path):
            return self._token(request, match.group(1)), 0
        if match := _STATUS_CHANGES.fullmatch(path):
            return self._status_changes(request, match.group(1))
        if match := _SEGMENTS.fullmatch(path):
            return self._agent_segments(request, match.group(1))
        if match := _AGENT_GROUPS.fullmatch(path):
            return self._agent_groups(request, match.group(1)), 0
        return _error(404, f"No such resource: {path}"), 0

    def _domain(self, request: httpx.Request, account: str, service: str) -> httpx.Response:
        if request.method != "GET":
            return _error(405, "Method not allowed")
        if account != DEMO_ACCOUNT_ID:
            return _error(404, f"Account {account} not found")
        if service not in _SERVICES:
            return _error(404, f"Service {service} not found")
        return _json_response(
            200, {"service": service, "account": account, "baseURI": self.base_uri(service)}
        )

    def _token(self, request: httpx.Request, account: str) -> httpx.Response:
        if request.method != "POST":
            return _error(405, "Method not allowed")
        if request.url.params.get("grant_type") != "client_credentials":
            return _json_response(400, {"error": "unsupported_grant_type"})
        form = dict(parse_qsl(request.content.decode("utf-8", "replace")))
        if (
            account != DEMO_ACCOUNT_ID
            or form.get("client_id") != DEMO_CLIENT_ID
            or form.get("client_secret") != DEMO_CLIENT_SECRET
        ):
            return _json_response(401, {"error": "invalid_client"})
        self.stats.tokens_issued += 1
        token = hashlib.sha256(
            f"{self.world.seed}/{self.stats.tokens_issued}/{self.clock.now_ms()}".encode()
        ).hexdigest()
        self._tokens[token] = self.clock.now_ms() + self.token_lifetime_s * 1000
        return _json_response(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime_s},
        )

    def _authorized(self, request: httpx.Request) -> httpx.Response | None:
        """``None`` when the request is authenticated, else the 401 to send."""
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            token = header[7:].strip()
            expiry = self._tokens.get(token)
            if expiry is None or expiry <= self.clock.now_ms():
                return _json_response(
                    401, {"error": "invalid_token", "message": "Token expired or unknown"}
                )
            if not self._injector.token_serves(token):
                self._tokens[token] = self.clock.now_ms()  # expired now, for every later request
                self.stats.tokens_expired += 1
                return _json_response(401, {"error": "invalid_token", "message": "Token expired"})
            return None
        if header[:6].lower() == "oauth ":
            if verify_oauth1_request(request, self.app_keys):
                return None
            return _json_response(
                401, {"error": "invalid_signature", "message": "Bad OAuth signature"}
            )
        return _json_response(401, {"error": "unauthorized", "message": "Authentication required"})

    def _status_changes(self, request: httpx.Request, account: str) -> tuple[httpx.Response, int]:
        if request.method != "GET":
            return _error(405, "Method not allowed"), 0
        denied = self._authorized(request)
        if denied is not None:
            return denied, 0
        if account != DEMO_ACCOUNT_ID:
            return _error(403, f"Not authorized for account {account}"), 0
        now = self.clock.now_ms()
        params = dict(request.url.params.multi_items())
        try:
            query = parse_status_query(
                params, now, limit_cap=self.faults.limit_cap, forced_version=self.faults.version
            )
        except QueryRejected as rejected:
            refusal = {"causes": rejected.causes, "message": BAD_REQUEST_MESSAGE}
            return _json_response(400, refusal), 0
        view = self._query_view(query)
        if query.version == 1:
            body = v1_page_body(view, query, now, request.url)
            served = sum(len(agent["statusChangeHistory"]) for agent in body["agentsInfo"])
        else:
            body = v2_page_body(view, query, now, request.url)
            served = len(body["stateChanges"])
        return _json_response(200, body), served

    def _agent_groups(self, request: httpx.Request, account: str) -> httpx.Response:
        """The Agent Groups API: the root group and every team, as LivePerson's v2.0 array
        (403 when switched off, as for a key without the permission)."""
        self.stats.group_requests += 1
        if request.method != "GET":
            return _error(405, "Method not allowed")
        denied = self._authorized(request)
        if denied is not None:
            return denied
        if account != DEMO_ACCOUNT_ID or not self.group_names_enabled:
            return _error(403, "Not authorized to read the account configuration")
        if request.url.params.get("v") != "2.0":
            return _error(400, "Unsupported version; use v=2.0")
        root = {"id": -1, "name": "Main Group", "parentGroupId": None, "isEnabled": True}
        teams = [
            {
                "id": team.group_id,
                "name": team.name,
                "parentGroupId": -1,
                "isEnabled": True,
                "deleted": False,
            }
            for team in self.world.teams
        ]
        return _json_response(200, [{**root, "deleted": False}, *teams])

    def _agent_segments(self, request: httpx.Request, account: str) -> tuple[httpx.Response, int]:
        """The Actual Handle Time API's ``agent-segments`` (403 when switched off), and how many
        segments it serves (for the page cost)."""
        self.stats.segment_requests += 1
        if self.segments_unavailable:
            return _error(503, "Service unavailable"), 0
        if request.method != "GET":
            return _error(405, "Method not allowed"), 0
        denied = self._authorized(request)
        if denied is not None:
            return denied, 0
        if account != DEMO_ACCOUNT_ID or not self.productivity_enabled:
            return _error(403, "The Actual Handle Time API is not enabled for this account"), 0
        now = self.clock.now_ms()
        params = dict(request.url.params.multi_items())
        try:
            query = parse_segment_query(params, now, max_limit=self.segment_limit_cap)
        except QueryRejected as rejected:
            return _json_response(400, {"causes": rejected.causes, "message": "Bad request"}), 0
        key = (query.start_ms, query.end_ms, query.filters)
        view = self._segment_views.get(key)
        if view is None:
            view = build_segment_view(
                self.world.segments(query.start_ms, query.end_ms),
                self.world.segment_arrival_ms,
                query.filters,
            )
            self._segment_views[key] = view
            while len(self._segment_views) > _CACHED_VIEWS:
                self._segment_views.popitem(last=False)
        body = segment_page_body(view, query, now, request.url, self.segment_dialect)
        return _json_response(200, body), len(body[self.segment_dialect.list_key])

    def _query_view(self, query: StatusQuery) -> RecordView:
        return self._view(query.start_ms, query.end_ms, query.filter_name, query.filter_values)

    def _view(
        self, start_ms: int, end_ms: int, filter_name: str | None, values: frozenset[str]
    ) -> RecordView:
        key = (start_ms, end_ms, filter_name, values)
        view = self._views.get(key)
        if view is None:
            view = build_view(self.world, start_ms, end_ms, filter_name, values)
            self._views[key] = view
            while len(self._views) > _CACHED_VIEWS:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(key)
        return view
