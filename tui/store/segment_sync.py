"""Keeping the cache's conversation segments up to date, at productivity's own pace.

Segments arrive up to 24 hours after they close, so they are fetched less often than status
changes: when the window's last productivity fetch is older than the refresh interval (30 min by
default), or when the user asks (:meth:`SegmentSync.request_refresh`, the monitor's ``r``).
Only the stretch that is not final yet is fetched again: from where every close time has been
covered by a complete fetch made at least 24 hours later, up to now.

"Not enabled" (the API answered 401/403/404) is remembered for the session: nothing more is
asked, and the result says so with the fix — never as a failure of the monitor.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Mapping
from typing import Protocol

from tui.core.clock import Clock
from tui.core.errors import AgentActivityError
from tui.core.segments import (
    PRODUCTIVITY_LAG_MS,
    ProductivityLoad,
    ProductivityNotEnabled,
    ProductivityStatus,
    Segment,
)
from tui.store.segment_table import SegmentTable, covered_to, final_to

PRODUCTIVITY_REFRESH_MS = 30 * 60_000
"""How often a window's segments are fetched again without being asked (they lag up to 24 h)."""

OLDER_THAN_A_MONTH = (
    "LivePerson serves agent segments for the last month only: no productivity for this window"
)


class SegmentFetchOutcome(Protocol):
    """What a segments fetch returns (``tui.api.segment_fetch.SegmentFetch``)."""

    @property
    def segments(self) -> Mapping[str, Segment]: ...

    @property
    def skipped(self) -> Mapping[str, int]: ...

    @property
    def consistent(self) -> bool: ...

    @property
    def covered(self) -> tuple[int, int] | None: ...


class SegmentFetcher(Protocol):
    """Fetches the segments closed in a range (``tui.api.client.StatusChangesClient``)."""

    async def fetch_segments(
        self, start_ms: int, end_ms: int, *, on_page: Callable[[object], None] | None = None
    ) -> SegmentFetchOutcome: ...


class SegmentSync:
    """Fetches and stores one account's segments; one instance per session."""

    def __init__(
        self,
        table: SegmentTable,
        fetcher: SegmentFetcher,
        clock: Clock,
        *,
        refresh_ms: int = PRODUCTIVITY_REFRESH_MS,
        network_errors: tuple[type[Exception], ...] = (),
    ) -> None:
        self.table = table
        self.fetcher = fetcher
        self.clock = clock
        self.refresh_ms = refresh_ms
        self._network_errors = network_errors
        self.not_enabled: str | None = None
        """The not-enabled message, once the API said so (then nothing more is asked)."""
        self._last_attempt: dict[tuple[int, int], int] = {}
        self._failures: dict[tuple[int, int], str] = {}
        self._older: set[tuple[int, int]] = set()
        self._refresh_requested = False
        self.fetches = 0

    def request_refresh(self) -> None:
        """Fetch at the next sync whatever the interval says (the user pressed ``r``)."""
        self._refresh_requested = True

    def due(self, start_ms: int, end_ms: int) -> bool:
        if self.not_enabled is not None:
            return False
        last = self._last_attempt.get((start_ms, end_ms))
        return (
            self._refresh_requested or last is None or self.clock.now_ms() - last >= self.refresh_ms
        )

    async def sync(self, start_ms: int, end_ms: int) -> None:
        """Fetch what is not final yet for the window, when due; failures are kept for
        :meth:`load` (a failed productivity fetch never fails the presence load)."""
        if not self.due(start_ms, end_ms):
            return
        key = (start_ms, end_ms)
        now_ms = self.clock.now_ms()
        self._refresh_requested = False
        self._last_attempt[key] = now_ms
        ranges = await asyncio.to_thread(self.table.ranges, start_ms, end_ms)
        fetch_from = final_to(start_ms, ranges, PRODUCTIVITY_LAG_MS)
        fetch_to = min(end_ms, now_ms)
        if fetch_from >= fetch_to:
            return
        arrived: list[Segment] = []

        def keep(page: object) -> None:
            arrived.extend(getattr(page, "segments", ()))

        self.fetches += 1
        failures: tuple[type[Exception], ...] = (AgentActivityError, *self._network_errors)
        try:
            outcome = await self.fetcher.fetch_segments(fetch_from, fetch_to, on_page=keep)
        except ProductivityNotEnabled as error:
            self.not_enabled = error.message
            return
        except failures as error:
            message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
            self._failures[key] = message
            if arrived:  # keep what arrived; the range stays incomplete, so it is fetched again
                await asyncio.to_thread(self.table.write, arrived)
            return
        self._failures.pop(key, None)
        if outcome.covered is None:
            self._older.add(key)
            return
        self._older.discard(key)
        low, high = outcome.covered
        range_id = await asyncio.to_thread(self.table.begin_range, low, high, now_ms)
        complete = range_id if outcome.consistent else None
        await asyncio.to_thread(
            self.table.write, list(outcome.segments.values()), complete_range=complete
        )

    def load(self, start_ms: int, end_ms: int) -> ProductivityLoad:
        """What the cache holds for the window and how final it is (blocking: call in a thread)."""
        if self.not_enabled is not None:
            return ProductivityLoad(status="not_enabled", message=self.not_enabled)
        key = (start_ms, end_ms)
        try:
            ranges = self.table.ranges(start_ms, end_ms)
            covered = covered_to(start_ms, ranges)
            segments = self.table.read(start_ms, end_ms) if covered > start_ms else ()
        except sqlite3.Error as error:
            return ProductivityLoad(status="failed", message=f"the local cache failed: {error}")
        failure = self._failures.get(key)
        if covered <= start_ms:
            if failure is not None:
                return ProductivityLoad(status="failed", message=failure)
            message = OLDER_THAN_A_MONTH if key in self._older else None
            return ProductivityLoad(status="not_fetched", message=message)
        final = final_to(start_ms, ranges, PRODUCTIVITY_LAG_MS)
        fetched_at = max(r.fetched_at_ms for r in ranges if r.complete)
        status: ProductivityStatus = "failed" if failure is not None else "ok"
        return ProductivityLoad(
            segments=segments,
            status=status,
            complete_to_ms=min(final, covered),
            fetched_at_ms=fetched_at,
            message=failure,
        )
