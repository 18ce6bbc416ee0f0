"""Fetch what a window is missing and store it page by page, with progress for the UI.

The :class:`Syncer` plans with :func:`tui.store.planning.plan_fetch`, then for each span: records
the range as started (incomplete), writes every page in its own transaction as it arrives, and
finally, in one transaction, stores whatever the fetch returned that no page delivered, removes
stored records of the range the fetch no longer returned, and marks the range complete. An
exception (API failure, cancel) leaves the range incomplete: the next sync fetches it again, and
everything already stored stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from tui.api.records import ParsedPage, RecordIdentity, StatusRecord
from tui.clock import Clock
from tui.settings import Settings
from tui.source import ProgressCallback, SyncProgress
from tui.store.database import ActivityStore
from tui.store.planning import Span, SyncPolicy, plan_fetch


class FetchOutcome(Protocol):
    """What a fetch returns (``tui.api.client.FetchResult``)."""

    @property
    def records(self) -> tuple[StatusRecord, ...]: ...

    @property
    def skipped(self) -> int: ...

    @property
    def pages(self) -> int: ...

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the user must know about the records' completeness (say, a v1 answer that
        may be truncated); empty when there is nothing to say."""
        ...


class RangeFetcher(Protocol):
    """Fetches every record of a range (``tui.api.client.StatusChangesClient``)."""

    async def fetch(
        self,
        start_ms: int,
        end_ms: int,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        on_page: Callable[[ParsedPage], None] | None = None,
    ) -> FetchOutcome: ...


def policy_from_settings(settings: Settings) -> SyncPolicy:
    return SyncPolicy(
        lookback_ms=settings.lookback_s * 1000,
        trailing_refetch_ms=settings.trailing_refetch_s * 1000,
        lag_allowance_ms=settings.lag_allowance_s * 1000,
    )


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync fetched: the spans, their pages, records written and records skipped,
    stored records removed because the API no longer returned them, and the fetches' warnings
    (each once)."""

    spans: tuple[Span, ...]
    pages: int
    records_stored: int
    skipped: int
    records_removed: int = 0
    warnings: tuple[str, ...] = ()


class _ProgressTally:
    """Pages and records across the spans of one sync, reported as :class:`SyncProgress`."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self.pages_before = 0
        self.span_done = 0
        self.span_total: int | None = None
        self.records_stored = 0
        self.removed = 0

    def start_span(self) -> None:
        self.pages_before += self.span_done
        self.span_done = 0
        self.span_total = None

    def pages(self, done: int, total: int | None) -> None:
        self.span_done = max(self.span_done, done)
        self.span_total = total
        self.report()

    def stored(self, count: int) -> None:
        self.records_stored += count
        self.report()

    def report(self) -> None:
        if self._callback is None:
            return
        total = None if self.span_total is None else self.pages_before + self.span_total
        self._callback(SyncProgress(self.pages_before + self.span_done, total, self.records_stored))


class Syncer:
    """Brings the store up to date for a window from one fetcher (one account)."""

    def __init__(
        self, store: ActivityStore, fetcher: RangeFetcher, clock: Clock, policy: SyncPolicy
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.clock = clock
        self.policy = policy

    def plan(self, window_start_ms: int, window_end_ms: int) -> list[Span]:
        """The spans a sync of this window would fetch now."""
        now_ms = self.clock.now_ms()
        lookback_start = window_start_ms - self.policy.lookback_ms
        ranges = self.store.ranges(lookback_start, max(window_end_ms, lookback_start + 1))
        return plan_fetch(
            window_start_ms, window_end_ms, now_ms=now_ms, ranges=ranges, policy=self.policy
        )

    async def sync(
        self,
        window_start_ms: int,
        window_end_ms: int,
        *,
        progress: ProgressCallback | None = None,
    ) -> SyncOutcome:
        """Fetch and store every planned span; raises what the fetcher or the store raises."""
        spans = self.plan(window_start_ms, window_end_ms)
        tally = _ProgressTally(progress)
        pages = skipped = 0
        warnings: dict[str, None] = {}
        for start_ms, end_ms in spans:
            tally.start_span()
            outcome = await self._fetch_span(start_ms, end_ms, tally)
            pages += outcome.pages
            skipped += outcome.skipped
            warnings.update(dict.fromkeys(outcome.warnings))
        return SyncOutcome(
            tuple(spans), pages, tally.records_stored, skipped, tally.removed, tuple(warnings)
        )

    async def _fetch_span(self, start_ms: int, end_ms: int, tally: _ProgressTally) -> FetchOutcome:
        fetched_at_ms = self.clock.now_ms()
        range_id = self.store.begin_range(start_ms, end_ms, fetched_at_ms)
        written: set[RecordIdentity] = set()

        def store_page(page: ParsedPage) -> None:
            tally.stored(self.store.write_records(page.records))
            written.update(record.identity() for record in page.records)

        outcome = await self.fetcher.fetch(
            start_ms, end_ms, progress=tally.pages, on_page=store_page
        )
        returned = {record.identity() for record in outcome.records}
        remaining = [record for record in outcome.records if record.identity() not in written]
        data_complete_to_ms = fetched_at_ms - self.policy.lag_allowance_ms
        completion = self.store.complete_range(
            range_id, data_complete_to_ms, remaining, returned=returned
        )
        if completion.written:
            tally.stored(completion.written)
        tally.removed += completion.removed
        return outcome
