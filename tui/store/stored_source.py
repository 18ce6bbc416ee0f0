"""The :class:`~tui.core.source_contract.ActivitySource` the saved account and the demo both
are: a store kept up to date by a :class:`~tui.store.syncer.Syncer` around a fetcher (the API
client, which :mod:`tui.wiring` supplies: this package knows SQLite, not HTTP).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Mapping
from contextlib import suppress
from typing import Protocol

from tui.core.clock import Clock
from tui.core.errors import AgentActivityError
from tui.core.segments import ProductivityLoad
from tui.core.settings import Settings
from tui.core.source_contract import LoadFailure, LoadResult, ProgressCallback
from tui.store.database import ActivityStore, StoreError
from tui.store.group_sync import GroupNameFetcher, GroupNameSync
from tui.store.planning import data_complete_to, last_fetched_at
from tui.store.segment_sync import SegmentFetcher, SegmentSync
from tui.store.syncer import RangeFetcher, Syncer, policy_from_settings


class ClosableFetcher(RangeFetcher, Protocol):
    async def aclose(self) -> None: ...


class StoredSource:
    """An account's stored activity, refreshed from the API on :meth:`load`.

    A result's records are the window's, preceded by the look-back records each agent's state at
    the window start depends on (from its last login or logout before the window on; see
    :meth:`ActivityStore.read_window`), in time order. ``load`` never raises for API, network or
    storage failures: they come back in :attr:`LoadResult.error` beside what the cache holds.
    ``notice`` is set when the cache file was unusable and had to be rebuilt; every result
    carries it (:attr:`LoadResult.notice`) and the UI says it once. ``network_errors`` are the
    client's own exception types that mean "the network failed" (reported, never raised).
    """

    def __init__(
        self,
        store: ActivityStore,
        client: ClosableFetcher,
        clock: Clock,
        settings: Settings,
        *,
        label: str,
        network_errors: tuple[type[Exception], ...] = (),
        segments: SegmentFetcher | None = None,
        groups: GroupNameFetcher | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.settings = settings
        self.syncer = Syncer(store, client, clock, policy_from_settings(settings))
        self._label = label
        self._network_errors = network_errors
        self._sync_lock = asyncio.Lock()
        self.productivity: SegmentSync | None = (
            None
            if segments is None
            else SegmentSync(store.segments, segments, clock, network_errors=network_errors)
        )
        """Conversation segments beside presence (DESIGN.md §5), synced in the same load at
        their own pace; ``None`` for a source without them."""
        self.group_names: GroupNameSync | None = (
            None
            if groups is None
            else GroupNameSync(store.group_names, groups, clock, network_errors=network_errors)
        )
        """Team names (Agent Groups API), synced in the same load every few hours."""

    @property
    def label(self) -> str:
        return self._label

    def request_productivity_refresh(self) -> None:
        """Fetch segments at the next load whatever their interval says (the user's ``r``)."""
        if self.productivity is not None:
            self.productivity.request_refresh()

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
        skipped: Mapping[str, int] = {}
        warnings: tuple[str, ...] = ()
        async with self._sync_lock:
            try:
                if getattr(self.store, "read_only", False):
                    raise StoreError(
                        "the cache is read-only, so nothing new was fetched; showing what it holds"
                    )
                outcome = await self.syncer.sync(start_ms, end_ms, progress=progress)
                skipped = outcome.skipped
                warnings = outcome.warnings
            except AgentActivityError as exc:
                failure = LoadFailure(exc.title, exc.message, self.clock.now_ms())
            except self._network_errors as exc:
                message = (
                    f"the request to the Agent Activity API failed ({type(exc).__name__}: {exc})"
                )
                failure = LoadFailure("Network", message, self.clock.now_ms())
            except sqlite3.Error as exc:
                failure = _storage_failure(exc, self.clock.now_ms())
            if self.productivity is not None and failure is None:
                try:
                    await self.productivity.sync(start_ms, end_ms)
                except sqlite3.Error as exc:
                    failure = _storage_failure(exc, self.clock.now_ms())
            if self.group_names is not None and failure is None:
                try:
                    await self.group_names.sync()
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
            skipped_by_reason=skipped,
            notice=self.notice,
            warnings=warnings,
            productivity=result.productivity,
            group_names=result.group_names,
            group_names_refused=result.group_names_refused,
            in_event_order=result.in_event_order,
        )

    async def aclose(self) -> None:
        try:
            await self.client.aclose()
        finally:
            self.store.close()

    def _read_and_prune(self, start_ms: int, end_ms: int) -> LoadResult:
        """The window from the store; then, in this writing thread, the upkeep: pack the hours
        that complete fetches now hold (so the next reopen reads them fast; see
        :mod:`tui.store.record_packs`) and drop what is past the retention."""
        result = self._read(start_ms, end_ms)
        with suppress(sqlite3.Error):  # a pack is a copy: without it the hour is read row by row
            self.store.pack_complete_hours(self.syncer.policy.lookback_start(start_ms), end_ms)
        self.store.prune()
        return result

    def _read(self, start_ms: int, end_ms: int) -> LoadResult:
        lookback_start = self.syncer.policy.lookback_start(start_ms)
        ranges = self.store.ranges(lookback_start, max(end_ms, lookback_start + 1))
        records = self.store.read_window(start_ms, end_ms, lookback_start)
        productivity: ProductivityLoad | None = None
        if self.productivity is not None:
            productivity = self.productivity.load(start_ms, end_ms)
        return LoadResult(
            start_ms,
            end_ms,
            records,
            data_complete_to(start_ms, ranges),
            last_fetched_at(lookback_start, end_ms, ranges),
            notice=self.notice,
            productivity=productivity,
            group_names={} if self.group_names is None else self.group_names.load(),
            group_names_refused=None if self.group_names is None else self.group_names.refused,
            in_event_order=True,  # read_window: the look-back's records, then the window's in
            # primary-key order (time, agent, sequence, ...)
        )

    def _empty(self, start_ms: int, end_ms: int, failure: LoadFailure) -> LoadResult:
        return LoadResult(start_ms, end_ms, (), None, None, error=failure, notice=self.notice)


def _storage_failure(exc: sqlite3.Error, at_ms: int) -> LoadFailure:
    return LoadFailure("Cache", f"the local cache failed: {exc}", at_ms)
