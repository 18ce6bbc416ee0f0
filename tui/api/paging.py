"""Planning v2 pages from ``_metadata.references`` and merging them without loss or repeats.

After a query's first page, a ``last`` reference tells how many pages there are, so the rest
can be fetched concurrently by offset; without it the pages are followed one ``next`` at a time.
Offsets are read from the references' ``href`` but requests are always rebuilt from our own
query (never sent to an address the server wrote), so credentials only go where discovery said.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tui.api.errors import MalformedResponse
from tui.api.params import StatusChangesQuery
from tui.core.records import ParsedPage, RecordIdentity, StatusRecord

PageProgress = Callable[[int, int | None], None]
"""``(pages_done, pages_known_total)``; the total is ``None`` while following ``next``."""
PageCallback = Callable[[ParsedPage], None]
FetchPage = Callable[[StatusChangesQuery, int], Awaitable[ParsedPage]]
"""Fetches the page of a query at an offset (with retries, auth and the in-flight limit)."""


def reference_offset(references: Mapping[str, str], rel: str) -> int | None:
    """The ``offset`` query parameter of the ``rel`` reference; ``None`` if absent/unreadable."""
    href = references.get(rel)
    if href is None:
        return None
    values = parse_qs(urlsplit(href).query).get("offset")
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


def next_offset(page: ParsedPage, offset: int, limit: int) -> int | None:
    """Where the page after ``page`` (fetched at ``offset``) starts, or ``None`` when it is last.

    A ``next`` without a readable offset means "the following page", ``offset + limit``; an
    offset that does not move forward is ignored, so a confused server cannot loop us.
    """
    if "next" not in page.references:
        return None
    following = reference_offset(page.references, "next")
    if following is None:
        following = offset + limit
    return following if following > offset else None


def planned_offsets(first: ParsedPage, limit: int) -> list[int] | None:
    """Offsets of every page after the first when ``last`` says where the end is, else ``None``."""
    if "next" not in first.references:
        return []
    last = reference_offset(first.references, "last")
    if last is None or last < limit:
        return None
    offsets = list(range(limit, last + 1, limit))
    if offsets[-1] != last:
        offsets.append(last)
    return offsets


def raw_count(page: ParsedPage) -> int:
    """How many entries the server sent on the page (read plus skipped)."""
    return len(page.records) + page.skipped_count


@dataclass
class QueryPages:
    """The pages fetched so far for one query, by offset."""

    query: StatusChangesQuery
    pages: dict[int, ParsedPage] = field(default_factory=dict)
    queued: set[int] = field(default_factory=set)
    planned: int | None = None
    """How many pages the query has, once known (``None`` while following ``next``)."""
    last_offset: int | None = None
    """The offset of the page ``last`` pointed at, when it did."""

    def check_complete(self) -> None:
        """Pages start at 0 and each but the final one is full; a gap means missing records."""
        offsets = sorted(self.pages)
        if offsets and offsets[0] != 0:
            raise MalformedResponse("status-changes paging did not start at offset 0")
        for offset, following in itertools.pairwise(offsets):
            page = self.pages[offset]
            if offset + raw_count(page) < following:
                raise MalformedResponse(
                    f"status-changes page at offset {offset} held {raw_count(page)} records "
                    f"but the next page starts at {following}; refusing an incomplete result"
                )


@dataclass
class MergedRecords:
    """Records from every page in page order, each event once.

    When the same event arrives twice (pages shifted while fetching), the copy that knows its
    ``sessionId`` wins over one that still says -1.
    """

    by_identity: dict[RecordIdentity, StatusRecord] = field(default_factory=dict)
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def add_page(self, page: ParsedPage) -> None:
        for reason, count in page.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + count
        known = self.by_identity
        for record in page.records:
            key = record.identity()
            seen = known.get(key)
            if seen is None:
                known[key] = record
                continue
            self.duplicates += 1
            if seen.session_id == -1 and record.session_id != -1:
                known[key] = record

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())

    def records(self) -> tuple[StatusRecord, ...]:
        return tuple(self.by_identity.values())


@dataclass(frozen=True)
class _Job:
    """One page to fetch; ``follow`` pages were announced by ``next`` rather than ``last``."""

    query_index: int
    offset: int
    follow: bool


class PageFetchRun:
    """Fetches every page of some queries: a queue of page jobs worked by a few tasks.

    The workers outnumber the in-flight limit so that while some parse a page, others already
    hold a built request and take a freed slot at once; the limit itself (inside
    ``fetch_page``) bounds the requests in flight.
    """

    def __init__(
        self,
        queries: list[QueryPages],
        fetch_page: FetchPage,
        *,
        workers: int,
        progress: PageProgress | None = None,
        on_page: PageCallback | None = None,
    ) -> None:
        self.queries = queries
        self._fetch_page = fetch_page
        self._workers = workers
        self._progress = progress
        self._on_page = on_page
        self._jobs: asyncio.Queue[_Job] = asyncio.Queue()
        self.pages_done = 0

    async def execute(self) -> None:
        """Fetch until no job is left; the first error cancels the rest and is raised."""
        for index, query_pages in enumerate(self.queries):
            self._enqueue(index, query_pages, 0, follow=False)
        tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]
        finished = asyncio.create_task(self._jobs.join())
        try:
            done, _ = await asyncio.wait([finished, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not finished:
                    task.result()  # a worker only ends by raising: re-raise its error
        finally:
            for task in [finished, *tasks]:
                task.cancel()
            await asyncio.gather(finished, *tasks, return_exceptions=True)

    def _enqueue(self, index: int, query_pages: QueryPages, offset: int, *, follow: bool) -> None:
        if offset in query_pages.queued:
            return
        query_pages.queued.add(offset)
        self._jobs.put_nowait(_Job(index, offset, follow))

    async def _work(self) -> None:
        while True:
            job = await self._jobs.get()
            try:
                await self._run(job)
            finally:
                self._jobs.task_done()

    async def _run(self, job: _Job) -> None:
        query_pages = self.queries[job.query_index]
        limit = query_pages.query.limit
        page = await self._fetch_page(query_pages.query, job.offset)
        query_pages.pages[job.offset] = page
        following = next_offset(page, job.offset, limit)
        if job.offset == 0:
            planned = planned_offsets(page, limit)
            if planned is None:
                if following is not None:
                    self._enqueue(job.query_index, query_pages, following, follow=True)
            else:
                query_pages.planned = 1 + len(planned)
                query_pages.last_offset = planned[-1] if planned else 0
                for offset in planned:
                    self._enqueue(job.query_index, query_pages, offset, follow=False)
        elif job.follow or job.offset == query_pages.last_offset:
            # Following ``next``, or the announced last page grew a ``next`` (new records
            # arrived while we fetched): keep going until a page has no ``next``.
            if following is not None and following not in query_pages.queued:
                if query_pages.planned is not None:
                    query_pages.planned += 1
                self._enqueue(job.query_index, query_pages, following, follow=True)
            elif following is None and query_pages.planned is None:
                query_pages.planned = len(query_pages.queued)
        self.pages_done += 1
        if self._on_page is not None:
            self._on_page(page)
        self._report()

    def _report(self) -> None:
        if self._progress is None:
            return
        totals = [query_pages.planned for query_pages in self.queries]
        known = None if None in totals else sum(total or 0 for total in totals)
        self._progress(self.pages_done, known)
