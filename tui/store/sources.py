"""The :class:`~tui.source.ActivitySource` implementations: a saved account and the demo.

Both are a :class:`StoredSource`: an :class:`ActivityStore` kept up to date by a
:class:`Syncer` around the real :class:`~tui.api.client.StatusChangesClient`. The demo's client
talks to the simulator in-process and its store lives in memory, so the demo needs no network,
no credentials and leaves no files, yet goes through exactly the code the saved account uses.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from pathlib import Path
from typing import Protocol

import httpx

from tui.api.credentials import ENV_DOMAIN_API, AccountCredentials
from tui.clock import Clock, SystemClock
from tui.errors import AgentActivityError
from tui.paths import cache_dir
from tui.settings import Settings
from tui.source import ActivitySource, LoadFailure, LoadResult, ProgressCallback
from tui.store.database import ActivityStore
from tui.store.planning import data_complete_to, last_fetched_at
from tui.store.sync import RangeFetcher, Syncer, policy_from_settings

DEMO_LABEL = "demo"

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")

_NETWORK_ERRORS = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError)


class ClosableFetcher(RangeFetcher, Protocol):
    async def aclose(self) -> None: ...


class StoredSource:
    """An account's stored activity, refreshed from the API on :meth:`load`.

    A result's records are the window's, preceded by the look-back records each agent's state at
    the window start depends on (from its last login or logout before the window on; see
    :meth:`ActivityStore.read_window`), in time order. ``load`` never raises for API, network or
    storage failures: they come back in :attr:`LoadResult.error` beside what the cache holds.
    ``notice`` is set when the cache file was unusable and had to be rebuilt; every result
    carries it (:attr:`LoadResult.notice`) and the UI says it once.
    """

    def __init__(
        self,
        store: ActivityStore,
        client: ClosableFetcher,
        clock: Clock,
        settings: Settings,
        *,
        label: str,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.settings = settings
        self.syncer = Syncer(store, client, clock, policy_from_settings(settings))
        self._label = label
        self._sync_lock = asyncio.Lock()

    @property
    def label(self) -> str:
        return self._label

    @property
    def notice(self) -> str | None:
        return self.store.notice

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        """What the store holds for the window (and its look-back); no network.

        Blocks while it reads (about 0.4 s for a day of 2,000 agents): call it from a thread
        (``asyncio.to_thread``) in the UI. ``load`` reads in a thread of its own.
        """
        try:
            return self._read(start_ms, end_ms)
        except sqlite3.Error as exc:
            return self._empty(start_ms, end_ms, _storage_failure(exc, self.clock.now_ms()))

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        """Fetch what the window is missing or may still change, then return it from the store."""
        failure: LoadFailure | None = None
        skipped = 0
        warnings: tuple[str, ...] = ()
        async with self._sync_lock:
            try:
                outcome = await self.syncer.sync(start_ms, end_ms, progress=progress)
                skipped = outcome.skipped
                warnings = outcome.warnings
            except AgentActivityError as exc:
                failure = LoadFailure(exc.title, exc.message, self.clock.now_ms())
            except _NETWORK_ERRORS as exc:
                message = (
                    f"the request to the Agent Activity API failed ({type(exc).__name__}: {exc})"
                )
                failure = LoadFailure("Network", message, self.clock.now_ms())
            except sqlite3.Error as exc:
                failure = _storage_failure(exc, self.clock.now_ms())
            try:
                result = await asyncio.to_thread(self._read_and_prune, start_ms, end_ms)
            except sqlite3.Error as exc:
                return self._empty(
                    start_ms, end_ms, failure or _storage_failure(exc, self.clock.now_ms())
                )
        return LoadResult(
            result.start_ms,
            result.end_ms,
            result.records,
            result.data_complete_to_ms,
            result.fetched_at_ms,
            error=failure,
            skipped_records=skipped,
            notice=self.notice,
            warnings=warnings,
        )

    async def aclose(self) -> None:
        try:
            await self.client.aclose()
        finally:
            self.store.close()

    def _read_and_prune(self, start_ms: int, end_ms: int) -> LoadResult:
        result = self._read(start_ms, end_ms)
        self.store.prune()
        return result

    def _read(self, start_ms: int, end_ms: int) -> LoadResult:
        lookback_start = start_ms - self.settings.lookback_s * 1000
        ranges = self.store.ranges(lookback_start, max(end_ms, lookback_start + 1))
        records = self.store.read_window(start_ms, end_ms, lookback_start)
        return LoadResult(
            start_ms,
            end_ms,
            records,
            data_complete_to(start_ms, ranges),
            last_fetched_at(lookback_start, end_ms, ranges),
            notice=self.notice,
        )

    def _empty(self, start_ms: int, end_ms: int, failure: LoadFailure) -> LoadResult:
        return LoadResult(start_ms, end_ms, (), None, None, error=failure, notice=self.notice)


def _storage_failure(exc: sqlite3.Error, at_ms: int) -> LoadFailure:
    return LoadFailure("Cache", f"the local cache failed: {exc}", at_ms)


def store_path(settings: Settings, account_id: str) -> Path:
    """The cache file of one account under one profile."""
    profile = _UNSAFE_NAME.sub("_", settings.profile.name) or "default"
    account = _UNSAFE_NAME.sub("_", account_id) or "account"
    return cache_dir() / f"activity-{profile}-{account}.sqlite3"


def account_source(
    settings: Settings, account: AccountCredentials, *, clock: Clock | None = None
) -> ActivitySource:
    """The saved account: the real API (domain from settings or ``AGENT_ACTIVITY_DOMAIN_API``)
    and the account's cache file. Raises :class:`~tui.store.database.StoreError` when the cache
    cannot be opened, :class:`~tui.api.errors.ApiError` for an address that is not allowed."""
    from tui.api.client import StatusChangesClient
    from tui.api.discovery import DiscoveryFileCache

    clock = clock or SystemClock()
    domain_api = os.environ.get(ENV_DOMAIN_API, "").strip() or settings.domain_api
    store = ActivityStore.open(
        store_path(settings, account.account_id),
        clock=clock,
        retention_days=settings.retention_days,
    )
    try:
        client = StatusChangesClient(
            account,
            domain_api=domain_api,
            source_name=settings.profile.source_name,
            clock=clock,
            max_in_flight=settings.max_in_flight,
            page_size=settings.page_size,
            discovery_cache=DiscoveryFileCache.default(clock),
        )
    except BaseException:
        store.close()
        raise
    return StoredSource(store, client, clock, settings, label=account.account_id)


def demo_source(
    *,
    clock: Clock | None = None,
    seed: int | None = None,
    settings: Settings | None = None,
) -> ActivitySource:
    """The simulated demo account in-process, behind the real client, with an in-memory store."""
    from tui.api.client import StatusChangesClient
    from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
    from tui.simulator.service import SimulatedLivePerson
    from tui.simulator.world import DEFAULT_SEED, World

    clock = clock or SystemClock()
    settings = settings or Settings()
    service = SimulatedLivePerson(World(DEFAULT_SEED if seed is None else seed), clock)
    client = StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
        max_in_flight=settings.max_in_flight,
        page_size=settings.page_size,
    )
    store = ActivityStore.in_memory(clock=clock, retention_days=settings.retention_days)
    return StoredSource(store, client, clock, settings, label=DEMO_LABEL)
