"""The Agent Activity API client: discovery, auth, bounded concurrent paging, retries.

``StatusChangesClient(account).fetch(start_ms, end_ms)`` returns every status change in the
range exactly once. Every request asks for v2 (``v=2``; the documented default is v1) with
``page_size`` records per page (v2's default, 1,000). Ranges longer than a month become
consecutive queries; each query's first page tells (``last``) how many pages follow, which are
then fetched by offset with at most ``max_in_flight`` requests in flight (fewer while LivePerson
throttles us). A server that caps ``limit`` lower gets its maximum for the rest of the fetch,
remembered for the account beside the discovered hosts; a server that answers v1 anyway is
read, and pages v1 may have truncated are reported in :attr:`FetchResult.warnings`.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Literal
from urllib.parse import quote

import httpx

from tui.api.agent_groups import (
    AGENT_GROUPS_VERSION,
    agent_groups_refused,
    decode_agent_groups,
)
from tui.api.auth import (
    AppKeysAuth,
    BearerToken,
    ClientCredentialsAuth,
    RequestAuth,
    UnreadableBody,
    token_from_json,
)
from tui.api.concurrency import AdaptiveLimit
from tui.api.discovery import (
    DEFAULT_DOMAIN_API,
    SERVICE_ACCOUNT_CONFIG,
    SERVICE_AGENT_ACTIVITY,
    SERVICE_SENTINEL,
    Discovery,
    DiscoveryFileCache,
    ServiceHosts,
    parse_domain_api,
)
from tui.api.errors import (
    ApiError,
    BadCredentials,
    DiscoveryFailed,
    InsecureEndpoint,
    MalformedResponse,
    NetworkUnreachable,
)
from tui.api.http import http_client
from tui.api.paging import (
    FetchedPage,
    MergedRecords,
    PageCallback,
    PageFetchRun,
    PageProgress,
    QueryPages,
)
from tui.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    V1_CHANGES_PER_AGENT_DAY,
    StatusChangesQuery,
    chunked_queries,
)
from tui.api.parsing import NotAnApiResponse, decode_page_entries
from tui.api.retry import FetchBudget, RetryingSender, RetryPolicy, SenderStats
from tui.api.segment_fetch import (
    NOT_ENABLED_STATUSES,
    SegmentFetch,
    SegmentPageCallback,
    SegmentsNotEnabled,
    fetch_segments,
)
from tui.api.segment_parsing import NotASegmentsResponse, SegmentPage, decode_segment_page
from tui.core.account import AccountCredentials, AppKeys
from tui.core.clock import Clock, SystemClock
from tui.core.collector import collector_paused, release_in_steps, settle_long_lived
from tui.core.records import StatusRecord

DEFAULT_SOURCE_NAME = "agentactivitytui"
DEFAULT_MAX_IN_FLIGHT = 6
V1_TRUNCATION_WARNING = (
    "LivePerson answered in the v1 format although v2 was asked for, and some pages may be "
    f"truncated (v1 answer): v1 keeps at most {V1_CHANGES_PER_AGENT_DAY} state changes per agent "
    "and day, so busy agents may be missing changes and their figures may be wrong"
)


@dataclass(frozen=True)
class FetchResult:
    """Every status change of a fetch, once each, in page order.

    ``skipped`` counts records the parser could not use, per reason; ``duplicates`` counts
    repeats dropped across pages; ``throttled`` counts 429s met on the way.
    ``page_size`` is the ``limit`` the pages were fetched with (below the asked size when the
    server capped it). ``v1_pages`` counts pages the server answered in the v1 format although
    v2 was asked for, ``truncated_pages`` those of them that may have been cut short.
    """

    records: tuple[StatusRecord, ...]
    skipped: Mapping[str, int]
    pages: int
    duplicates: int = 0
    throttled: int = 0
    page_size: int = DEFAULT_PAGE_SIZE
    v1_pages: int = 0
    truncated_pages: int = 0
    host_warnings: tuple[str, ...] = ()
    """Discovered hosts outside LivePerson's domains (and where they came from)."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the user must know about these records' completeness (empty when complete).

        The text is the same whatever the counts, so a monitor can say it once per run."""
        if not self.truncated_pages:
            return self.host_warnings
        return (V1_TRUNCATION_WARNING, *self.host_warnings)

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())


def _decode_status_changes(content: bytes) -> FetchedPage:
    """A v2 page, or a v1 page from a server that ignored ``v=2`` (read, not refused)."""
    try:
        page, entries = decode_page_entries(content, origin="status-changes")
    except NotAnApiResponse as error:
        raise UnreadableBody(error.message.removeprefix("status-changes: ")) from error
    return FetchedPage(page, entries)


class StatusChangesClient:
    """A client for one account's v2 ``status-changes``; use as ``async with``."""

    def __init__(
        self,
        account: AccountCredentials,
        *,
        domain_api: str | None = None,
        source_name: str = DEFAULT_SOURCE_NAME,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        page_size: int = DEFAULT_PAGE_SIZE,
        policy: RetryPolicy | None = None,
        hosts: ServiceHosts | None = None,
        discovery_cache: DiscoveryFileCache | Literal["auto"] | None = "auto",
        rng: random.Random | None = None,
    ) -> None:
        """``domain_api`` defaults to LivePerson's (settings carry the user's choice); ``hosts``
        replaces discovery; ``discovery_cache`` remembers discovered hosts (and a page size the
        server capped ``limit`` to) across runs — ``"auto"`` means the user cache dir when
        talking to a real network (no ``transport`` given, Domain API not on loopback), ``None``
        means memory only. ``page_size`` is the ``limit`` asked for (1 to 5,000 records).
        Raises :class:`ApiError` for an address that is not allowed (plain http off loopback)
        before anything is sent."""
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
        self.account_id = account.account_id
        self.source_name = source_name
        self._clock: Clock = clock or SystemClock()
        self._domain_api = parse_domain_api(domain_api or DEFAULT_DOMAIN_API)
        if discovery_cache == "auto":
            real_network = transport is None and not self._domain_api.loopback
            discovery_cache = DiscoveryFileCache.default(self._clock) if real_network else None
        self._discovery = Discovery(self._domain_api, file_cache=discovery_cache)
        self._file_cache = discovery_cache
        self._page_size = page_size
        self._limit_cap: int | None = None
        """A page size the server capped ``limit`` to, learnt by this client."""
        self._hosts = hosts
        pool = max_in_flight + 2
        self._http = http_client(self._domain_api, transport=transport, pool=pool)
        self._limit = AdaptiveLimit(max_in_flight, self._clock)
        self._sender = RetryingSender(self._http, self._clock, self._limit, policy=policy, rng=rng)
        self._auth = self._make_auth(account)

    def _make_auth(self, account: AccountCredentials) -> RequestAuth:
        credentials = account.credentials
        if isinstance(credentials, AppKeys):
            return AppKeysAuth(credentials)
        client_id, client_secret = credentials.client_id, credentials.client_secret

        async def fetch_token() -> BearerToken:
            sentinel = await self._base_url(SERVICE_SENTINEL)
            url = f"{sentinel}/sentinel/api/account/{quote(self.account_id, safe='')}/app/token"
            return await self._sender.call(
                "POST",
                url,
                label="token request (sentinel)",
                params={"v": "1.0", "grant_type": "client_credentials"},
                data={"client_id": client_id, "client_secret": client_secret},
                decode=lambda content: token_from_json(json.loads(content), self._clock.now_ms()),
                client_error=_token_refused,
            )

        return ClientCredentialsAuth(credentials, self._clock, fetch_token)

    def __repr__(self) -> str:
        return f"StatusChangesClient(account={self.account_id!r}, auth={self._auth!r})"

    @property
    def stats(self) -> SenderStats:
        """Requests, 429s, retries seen by this client so far."""
        return self._sender.stats

    @property
    def peak_in_flight(self) -> int:
        return self._limit.peak_in_flight

    @property
    def in_flight_limit(self) -> int:
        """Requests allowed in flight now (below ``max_in_flight`` while throttled)."""
        return self._limit.current

    async def __aenter__(self) -> StatusChangesClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _fetch_json(self, url: str, label: str) -> object:
        return await self._sender.call("GET", url, label=label, decode=json.loads)

    async def _base_url(self, service: str) -> str:
        if self._hosts is not None:
            configured = {
                SERVICE_AGENT_ACTIVITY: self._hosts.agent_activity,
                SERVICE_SENTINEL: self._hosts.sentinel,
                SERVICE_ACCOUNT_CONFIG: self._hosts.account_config,
            }.get(service)
            if configured is not None:
                return configured.rstrip("/")
        return await self._discovery.base_url(self.account_id, service, self._fetch_json)

    async def _status_changes_url(self) -> str:
        base = await self._base_url(SERVICE_AGENT_ACTIVITY)
        return f"{base}/api/v2/account/{quote(self.account_id, safe='')}/status-changes"

    async def _page(self, url: str, query: StatusChangesQuery, offset: int) -> FetchedPage:
        return await self._sender.call(
            "GET",
            url,
            label="status-changes",
            params=query.params(offset),
            decode=_decode_status_changes,
            auth=self._auth,
        )

    @property
    def page_size(self) -> int:
        """The ``limit`` the next fetch asks for: the configured size, or less when this
        account's server capped it (learnt now, or remembered from an earlier run)."""
        cap = self._limit_cap
        if cap is None and self._file_cache is not None:
            cap = self._file_cache.page_limit(self._domain_api.base_url, self.account_id)
        return self._page_size if cap is None else min(self._page_size, cap)

    def _remember_limit_cap(self, maximum: int) -> None:
        self._limit_cap = maximum if self._limit_cap is None else min(self._limit_cap, maximum)
        if self._file_cache is not None:
            self._file_cache.put_page_limit(
                self._domain_api.base_url, self.account_id, self._limit_cap
            )

    async def validate(self) -> None:
        """One cheap authenticated request (last minute, one record); raises :class:`ApiError`."""
        now_ms = self._clock.now_ms()
        query = StatusChangesQuery(self.source_name, now_ms - 60_000, now_ms, limit=1)
        query.check(now_ms)
        await self._page(await self._status_changes_url(), query, 0)

    async def fetch(
        self,
        start_ms: int,
        end_ms: int,
        *,
        progress: PageProgress | None = None,
        on_page: PageCallback | None = None,
        agent_id: int | None = None,
        employee_id: str | None = None,
    ) -> FetchResult:
        """Every status change with time in ``[start_ms, end_ms)``, each exactly once.

        Parameters are checked before any request (:class:`InvalidQuery`). ``on_page`` gets each
        page as it arrives (pages arrive out of order); ``progress`` gets pages done and the
        total once known. There is no group filter (the API documents none): filter
        ``StatusRecord.group_id`` afterwards.
        """
        self._sender.budget = FetchBudget(self._sender.policy)
        try:
            try:
                result = await self._fetch(
                    start_ms,
                    end_ms,
                    progress=progress,
                    on_page=on_page,
                    agent_id=agent_id,
                    employee_id=employee_id,
                )
            except (
                NetworkUnreachable,
                DiscoveryFailed,
                InsecureEndpoint,
                MalformedResponse,
            ) as error:
                cache = self._discovery.forget_cached()
                if cache is None:
                    raise
                # A remembered host failed: it may be stale or poisoned. Ask the Domain API again.
                try:
                    result = await self._fetch(
                        start_ms,
                        end_ms,
                        progress=progress,
                        on_page=on_page,
                        agent_id=agent_id,
                        employee_id=employee_id,
                    )
                except ApiError as again:
                    raise type(again)(
                        f"{again.message} (the hosts first came from {cache}; they were asked "
                        "for again; delete that file to clear them)"
                    ) from error
            warnings = tuple(self._discovery.warnings)
            return replace(result, host_warnings=warnings) if warnings else result
        finally:
            self._sender.budget = None

    async def _fetch(
        self,
        start_ms: int,
        end_ms: int,
        *,
        progress: PageProgress | None = None,
        on_page: PageCallback | None = None,
        agent_id: int | None = None,
        employee_id: str | None = None,
    ) -> FetchResult:
        """Every status change with time in ``[start_ms, end_ms)``, each exactly once.

        Parameters are checked before any request (:class:`InvalidQuery`). ``on_page`` gets each
        page as it arrives (pages arrive out of order); ``progress`` gets pages done and the
        total once known. There is no group filter (the API documents none): filter
        ``StatusRecord.group_id`` afterwards.
        """
        page_size = self.page_size
        queries = chunked_queries(
            self.source_name,
            start_ms,
            end_ms,
            self._clock.now_ms(),
            agent_id=agent_id,
            employee_id=employee_id,
            limit=page_size,
        )
        throttled_before = self.stats.throttled
        # Discovery of both services and the token request overlap instead of queueing.
        url = await _both(self._status_changes_url(), self._auth.prepare())

        async def fetch_page(query: StatusChangesQuery, offset: int) -> FetchedPage:
            return await self._page(url, query, offset)

        run = PageFetchRun(
            [QueryPages(query) for query in queries],
            fetch_page,
            workers=2 * self._limit.maximum,
            progress=progress,
            on_page=on_page,
            on_limit_capped=self._remember_limit_cap,
        )
        await run.execute()
        merged = await asyncio.to_thread(_merge_pages, run.queries)
        return FetchResult(
            records=merged.records,
            skipped=merged.skipped,
            pages=merged.pages,
            duplicates=merged.duplicates,
            throttled=self.stats.throttled - throttled_before,
            page_size=page_size if run.limit_cap is None else min(page_size, run.limit_cap),
            v1_pages=run.v1_pages,
            truncated_pages=run.truncated_pages,
        )

    async def fetch_segments(
        self,
        start_ms: int,
        end_ms: int,
        *,
        on_page: SegmentPageCallback | None = None,
        agent_id: int | None = None,
        group_id: int | None = None,
    ) -> SegmentFetch:
        """Every conversation segment closed in ``[start_ms, end_ms)`` that LivePerson still
        serves (the Actual Handle Time API, DESIGN.md §5): same host, auth and retries as
        status changes. Raises :class:`SegmentsNotEnabled` on 401/403/404."""
        base, _ = await asyncio.gather(self._base_url(SERVICE_AGENT_ACTIVITY), self._auth.prepare())
        url = f"{base}/api/account/{quote(self.account_id, safe='')}/agent-segments"

        async def get_page(params: Mapping[str, str]) -> SegmentPage:
            return await self._sender.call(
                "GET",
                url,
                label="agent-segments",
                params=params,
                decode=_decode_segment_page,
                auth=self._auth,
                client_error=_segments_not_enabled,
            )

        return await fetch_segments(
            get_page,
            self.source_name,
            start_ms,
            end_ms,
            self._clock.now_ms(),
            on_page=on_page,
            agent_id=agent_id,
            group_id=group_id,
        )

    async def fetch_agent_groups(self) -> dict[int, str]:
        """Group id -> name from LivePerson's Agent Groups API (host ``accountConfigReadOnly``
        from the Domain API; same auth and retries as status changes). Raises
        :class:`~tui.api.agent_groups.AgentGroupsRefused` on 401/403 (the key lacks the
        permission)."""
        base, _ = await asyncio.gather(self._base_url(SERVICE_ACCOUNT_CONFIG), self._auth.prepare())
        account = quote(self.account_id, safe="")
        url = f"{base}/api/account/{account}/configuration/le-users/agentGroups"
        return await self._sender.call(
            "GET",
            url,
            label="agentGroups",
            params={"v": AGENT_GROUPS_VERSION},
            decode=decode_agent_groups,
            auth=self._auth,
            client_error=agent_groups_refused,
        )


def _decode_segment_page(content: bytes) -> SegmentPage:
    try:
        return decode_segment_page(content, origin="agent-segments")
    except NotASegmentsResponse as error:
        raise UnreadableBody(error.message) from error


def _segments_not_enabled(response: httpx.Response) -> ApiError | None:
    """401 (after a fresh token), 403, 404 from ``agent-segments``: not enabled here."""
    if response.status_code in NOT_ENABLED_STATUSES:
        return SegmentsNotEnabled(response.status_code)
    return None


@dataclass(frozen=True)
class _MergedPages:
    """The fetch's records, each event once, and what merging them found."""

    records: tuple[StatusRecord, ...]
    skipped: dict[str, int]
    pages: int
    duplicates: int


def _merge_pages(queries: list[QueryPages]) -> _MergedPages:
    """Every complete query's pages in page order, each event once. Runs in a thread (a
    2,000-agent day is 200k identities to compare), with no garbage collection meanwhile (the
    identities hold no cycles); the identity index is freed here too, a slice at a time."""
    merged = MergedRecords()
    pages = 0
    with collector_paused():
        for query_pages in queries:
            query_pages.check_complete()
            for offset in sorted(query_pages.pages):
                merged.add_page(query_pages.pages[offset].page)
                pages += 1
        records = merged.records()
        release_in_steps(merged.by_identity)
        settle_long_lived(len(records))  # kept until the fetch's result is stored
    return _MergedPages(records, dict(merged.skipped), pages, merged.duplicates)


async def _both(value: Awaitable[str], side: Awaitable[None]) -> str:
    """Await both concurrently, returning the first's result; when one fails the other is
    cancelled rather than left running."""
    tasks = (asyncio.ensure_future(value), asyncio.ensure_future(side))
    try:
        result = await tasks[0]
        await tasks[1]
        return result
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _token_refused(response: httpx.Response) -> ApiError | None:
    """Sentinel's 400/401/403 all mean the client id or secret is not accepted."""
    if response.status_code in (400, 401, 403):
        return BadCredentials(
            f"sentinel refused the OAuth 2.0 client id and secret (HTTP {response.status_code}); "
            "check both values and that the client belongs to this account"
        )
    return None
