"""Fetch what a window is missing and store it page by page, with progress for the UI.

The :class:`Syncer` plans with :func:`tui.store.planning.plan_fetch`, then for each span: records
the range as started (incomplete), writes the pages as they arrive, and finally, in one
transaction, stores whatever the fetch returned that no page delivered, removes stored records of
the range the fetch no longer returned, and marks the range complete. An exception (API failure,
cancel) leaves the range incomplete: the next sync fetches it again, and everything already
stored stays.

Nothing here blocks the event loop the fetch runs on: every SQLite call and the completion scan
(an identity set of every record returned) run in a thread (:func:`asyncio.to_thread`). Pages are
written by one background writer, in arrival order, one transaction per batch of the pages that
arrived while the previous batch was being written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tui.core.clock import Clock
from tui.core.collector import collector_paused, release_in_steps
from tui.core.records import ParsedPage, RecordIdentity, StatusRecord
from tui.core.settings import Settings
from tui.core.source_contract import RETRY_LISTENER, ProgressCallback, RetryNotice, SyncProgress
from tui.store.database import ActivityStore, RangeCompletion
from tui.store.planning import Span, SyncPolicy, plan_fetch


class FetchOutcome(Protocol):
    """What a fetch returns (``tui.api.client.FetchResult``)."""

    @property
    def records(self) -> tuple[StatusRecord, ...]: ...

    @property
    def skipped(self) -> Mapping[str, int]:
        """Records the parser could not use, per reason."""
        ...

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
    """What one sync fetched: the spans, their pages, records written, records the parser
    skipped (per reason), stored records removed because the API no longer returned them, and the
    fetches' warnings (each once)."""

    spans: tuple[Span, ...]
    pages: int
    records_stored: int
    skipped: Mapping[str, int]
    records_removed: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())


class _ProgressTally:
    """Pages and records across the spans of one sync, reported as :class:`SyncProgress`."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self.pages_before = 0
        self.span_done = 0
        self.span_total: int | None = None
        self.records_stored = 0
        self.removed = 0
        self.retry: RetryNotice | None = None

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

    def retrying(self, notice: RetryNotice) -> None:
        """A request is waiting to be retried: say so until the next page arrives."""
        self.retry = notice
        self.report()

    def report(self) -> None:
        if self._callback is None:
            return
        total = None if self.span_total is None else self.pages_before + self.span_total
        retry, self.retry = self.retry, None
        self._callback(
            SyncProgress(self.pages_before + self.span_done, total, self.records_stored, retry)
        )


class _PageWriter:
    """Stores a fetch's pages in a thread while the fetch goes on, in the order they arrived.

    :meth:`add` is the fetch's page callback: it only queues the page (and raises a failed
    write's error, which stops the fetch as a failing callback would). :meth:`finish` waits until
    every queued page is stored and returns the identities written.
    """

    def __init__(self, store: ActivityStore, tally: _ProgressTally) -> None:
        self._store = store
        self._tally = tally
        self._queued: list[ParsedPage] = []
        self._arrived = asyncio.Event()
        self._closing = False
        self._failure: BaseException | None = None
        self.written: set[RecordIdentity] = set()
        self._task = asyncio.create_task(self._run())

    def add(self, page: ParsedPage) -> None:
        if self._failure is not None:
            raise self._failure
        self._queued.append(page)
        self._arrived.set()

    async def _run(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            while self._queued and self._failure is None:
                batch, self._queued = self._queued, []
                try:
                    count = await asyncio.to_thread(self._write, batch)
                except Exception as error:  # kept, and raised to the fetch (add) or at finish
                    self._failure = error
                    break
                self._tally.stored(count)
            if self._closing:
                return

    def _write(self, batch: Sequence[ParsedPage]) -> int:
        """In the writer thread: one transaction for the batch, then note what it held."""
        records = [record for page in batch for record in page.records]
        self._store.write_records(records)
        self.written.update(record.identity() for record in records)
        return len(records)

    async def finish(self) -> set[RecordIdentity]:
        """Wait for every queued page to be stored (also when the fetch failed or was
        cancelled: what arrived is kept); raises a write's error."""
        self._closing = True
        self._arrived.set()
        await asyncio.shield(self._task)
        if self._failure is not None:
            raise self._failure
        return self.written


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
        """The spans a sync of this window would fetch now (reads the store: call in a thread)."""
        now_ms = self.clock.now_ms()
        lookback_start = self.policy.lookback_start(window_start_ms)
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
        spans = await asyncio.to_thread(self.plan, window_start_ms, window_end_ms)
        tally = _ProgressTally(progress)
        RETRY_LISTENER.set(tally.retrying)  # this task's fetches report their retries here
        pages = 0
        skipped: dict[str, int] = {}
        warnings: dict[str, None] = {}
        for start_ms, end_ms in spans:
            tally.start_span()
            span = await self._fetch_span(start_ms, end_ms, tally)
            pages += span.pages
            for reason, count in span.skipped.items():
                skipped[reason] = skipped.get(reason, 0) + count
            warnings.update(dict.fromkeys(span.warnings))
        return SyncOutcome(
            tuple(spans), pages, tally.records_stored, skipped, tally.removed, tuple(warnings)
        )

    async def _fetch_span(self, start_ms: int, end_ms: int, tally: _ProgressTally) -> _SpanDone:
        fetched_at_ms = self.clock.now_ms()
        range_id = await asyncio.to_thread(self.store.begin_range, start_ms, end_ms, fetched_at_ms)
        writer = _PageWriter(self.store, tally)
        try:
            outcome = await self.fetcher.fetch(
                start_ms, end_ms, progress=tally.pages, on_page=writer.add
            )
        finally:
            written = await writer.finish()
        data_complete_to_ms = fetched_at_ms - self.policy.lag_allowance_ms
        handover = _Handover(outcome, written)
        del outcome, written, writer  # the completion thread holds the last references
        span = await asyncio.to_thread(self._complete, range_id, data_complete_to_ms, handover)
        if span.completion.written:
            tally.stored(span.completion.written)
        tally.removed += span.completion.removed
        return span

    def _complete(self, range_id: int, data_complete_to_ms: int, handover: _Handover) -> _SpanDone:
        """In a thread: store what no page delivered, drop what the fetch no longer returned,
        mark the range complete; then free the fetch's records and identities, a slice at a
        time (freed at once, 200k objects hold the GIL, and so the event loop, for 40+ ms)."""
        outcome, written = handover.take()
        pages, skipped, warnings = outcome.pages, dict(outcome.skipped), tuple(outcome.warnings)
        records = list(outcome.records)
        del outcome
        returned: set[RecordIdentity] = set()
        remaining: list[StatusRecord] = []
        with collector_paused():  # 200k identity tuples, no cycles among them
            # One Python-level pass (not set(list)): a single C call over 200k tuples would hold
            # the GIL for tens of milliseconds too.
            for record in records:
                identity = record.identity()
                returned.add(identity)
                if identity not in written:
                    remaining.append(record)
            completion = self.store.complete_range(
                range_id, data_complete_to_ms, remaining, returned=returned
            )
            release_in_steps(remaining, returned, written, records)
        return _SpanDone(completion, pages, skipped, warnings)


class _Handover:
    """A finished fetch's result and the identities its pages wrote, passed to the completion
    thread so the last references to them are dropped there."""

    def __init__(self, outcome: FetchOutcome, written: set[RecordIdentity]) -> None:
        self._parts: list[tuple[FetchOutcome, set[RecordIdentity]]] = [(outcome, written)]

    def take(self) -> tuple[FetchOutcome, set[RecordIdentity]]:
        return self._parts.pop()


@dataclass(frozen=True)
class _SpanDone:
    """What completing one span did, and what its fetch counted."""

    completion: RangeCompletion
    pages: int
    skipped: Mapping[str, int]
    warnings: tuple[str, ...]
