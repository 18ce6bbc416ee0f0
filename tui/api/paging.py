"""Planning pages from ``_metadata.references`` and merging them without loss or repeats.

After a query's first page, a ``last`` reference tells how many pages there are, so the rest
can be fetched concurrently by offset; without it the pages are followed one ``next`` at a time.
Offsets are read from the references' ``href`` but requests are always rebuilt from our own
query (never sent to an address the server wrote), so credentials only go where discovery said.

A server may cap ``limit`` below what we ask (a 400 whose causes say "limit: must be less than
or equal to N"): the query then starts again at N, and every query of the run that has not
started yet asks for N. A server that answers v1 (``agentsInfo[]``) is read too: its offsets
count agents, and a page that may have been cut by v1's truncation rule is counted.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tui.api.errors import BadRequest, MalformedResponse
from tui.api.params import V1_CHANGES_PER_AGENT_DAY, StatusChangesQuery, limit_maximum
from tui.core.records import ParsedPage, RecordIdentity, StatusRecord


@dataclass(frozen=True)
class FetchedPage:
    """One page as fetched: its content and how many entries its ``offset`` counts (records
    for v2, agents for v1)."""

    page: ParsedPage
    entries: int


PageProgress = Callable[[int, int | None], None]
"""``(pages_done, pages_known_total)``; the total is ``None`` while following ``next``."""
PageCallback = Callable[[ParsedPage], None]
FetchPage = Callable[[StatusChangesQuery, int], Awaitable[FetchedPage]]
"""Fetches the page of a query at an offset (with retries, auth and the in-flight limit)."""
LimitCallback = Callable[[int], None]
"""Told the page size a server capped ``limit`` to, when it did."""


def reference_offset(references: Mapping[str, str], rel: str) -> int | None:
    """The ``offset`` query parameter of the ``rel`` reference; ``None`` if absent/unreadable."""
    href = references.get(rel)
    if href is None:
        return None
    values = parse_qs(urlsplit(href).query).get("offset")
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


def next_offset(fetched: FetchedPage, offset: int, limit: int) -> int | None:
    """Where the page after ``fetched`` (at ``offset``) starts, or ``None`` when it is last.

    A ``next`` without a readable offset means "the following page", ``offset + limit``; an
    offset that does not move forward is ignored, so a confused server cannot loop us. A full
    page with no references at all (no ``_metadata``, as in one of the docs' examples) may have
    a successor, so the following offset is asked for.
    """
    references = fetched.page.references
    if "next" not in references:
        if not references and fetched.entries >= limit:
            return offset + limit
        return None
    following = reference_offset(references, "next")
    if following is None:
        following = offset + limit
    return following if following > offset else None


def planned_offsets(first: FetchedPage, limit: int) -> list[int] | None:
    """Offsets of every page after the first when ``last`` says where the end is, else ``None``."""
    references = first.page.references
    if "next" not in references:
        return None if not references and first.entries >= limit else []
    last = reference_offset(references, "last")
    if last is None or last < limit:
        return None
    offsets = list(range(limit, last + 1, limit))
    if offsets[-1] != last:
        offsets.append(last)
    return offsets


def raw_count(page: ParsedPage) -> int:
    """How many records the server sent on the page (read plus skipped)."""
    return len(page.records) + page.skipped_count


def v1_may_be_truncated(page: ParsedPage, query: StatusChangesQuery) -> bool:
    """Whether a v1 page may have been cut short by v1's documented rule: at most 20 changes ×
    ``limit`` × query days per page. Read per page and per agent (20 × days each), so a page cut
    under either reading is flagged; a v2 page never is."""
    if page.format != "v1":
        return False
    per_agent = V1_CHANGES_PER_AGENT_DAY * query.days
    if raw_count(page) >= per_agent * query.limit:
        return True
    changes = Counter(record.agent_id for record in page.records)
    return any(count >= per_agent for count in changes.values())


@dataclass
class QueryPages:
    """The pages fetched so far for one query, by offset.

    ``generation`` counts restarts: when the server caps ``limit`` the query starts again with
    the smaller page size, and pages asked for before that (whose offsets meant the old size)
    are dropped when they arrive.
    """

    query: StatusChangesQuery
    pages: dict[int, FetchedPage] = field(default_factory=dict)
    queued: set[int] = field(default_factory=set)
    planned: int | None = None
    """How many pages the query has, once known (``None`` while following ``next``)."""
    last_offset: int | None = None
    """The offset of the page ``last`` pointed at, when it did."""
    generation: int = 0

    def restart(self, limit: int) -> None:
        """Forget every page: the query starts again at offset 0 asking for ``limit``."""
        self.query = self.query.with_limit(limit)
        self.pages.clear()
        self.queued.clear()
        self.planned = None
        self.last_offset = None
        self.generation += 1

    def check_complete(self) -> None:
        """Pages start at 0 and each but the final one is full; a gap means missing records."""
        offsets = sorted(self.pages)
        if offsets and offsets[0] != 0:
            raise MalformedResponse("status-changes paging did not start at offset 0")
        unit = "agents" if self.pages and self._format() == "v1" else "records"
        for offset, following in itertools.pairwise(offsets):
            entries = self.pages[offset].entries
            if offset + entries < following:
                raise MalformedResponse(
                    f"status-changes page at offset {offset} held {entries} {unit} "
                    f"but the next page starts at {following}; refusing an incomplete result"
                )

    def _format(self) -> str:
        return next(iter(self.pages.values())).page.format

    def add(self, offset: int, fetched: FetchedPage) -> None:
        """Keep a page; one query's pages must all be v2 or all v1 (their offsets differ)."""
        if self.pages and self._format() != fetched.page.format:
            raise MalformedResponse(
                "status-changes answered pages of one query in both the v1 and the v2 format; "
                "their offsets cannot be combined, so the result would be incomplete"
            )
        self.pages[offset] = fetched


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
    generation: int


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
        on_limit_capped: LimitCallback | None = None,
    ) -> None:
        self.queries = queries
        self._fetch_page = fetch_page
        self._workers = workers
        self._progress = progress
        self._on_page = on_page
        self._on_limit_capped = on_limit_capped
        self._jobs: asyncio.Queue[_Job] = asyncio.Queue()
        self.pages_done = 0
        self.limit_cap: int | None = None
        """The page size the server capped ``limit`` to during this run, if it did."""
        self.v1_pages = 0
        self.truncated_pages = 0
        """v1 pages that may have been cut short (see :func:`v1_may_be_truncated`)."""

    async def execute(self) -> None:
        """Fetch until no job is left; the first error cancels the rest and is raised.

        Only the first query starts at once; the others start when its first page is answered
        (or capped), so a server's ``limit`` cap costs one extra request per fetch, not one per
        month of the range.
        """
        if self.queries:
            self._enqueue(0, self.queries[0], 0, follow=False)
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
        self._jobs.put_nowait(_Job(index, offset, follow, query_pages.generation))

    async def _work(self) -> None:
        while True:
            job = await self._jobs.get()
            try:
                await self._run(job)
            finally:
                self._jobs.task_done()

    async def _run(self, job: _Job) -> None:
        query_pages = self.queries[job.query_index]
        if job.generation != query_pages.generation:
            return  # asked for before the query restarted with a smaller limit
        cap = self.limit_cap
        starting = job.offset == 0 and not query_pages.pages
        if starting and cap is not None and cap < query_pages.query.limit:
            query_pages.query = query_pages.query.with_limit(cap)  # another query met the cap
        query = query_pages.query
        try:
            fetched = await self._fetch_page(query, job.offset)
        except BadRequest as error:
            self._limit_capped(job, query_pages, query, error)
            return
        if job.generation != query_pages.generation:
            return  # its offset counted pages of the old size: the restarted query refetches it
        if job.query_index == 0 and job.offset == 0:
            self._start_other_queries()
        query_pages.add(job.offset, fetched)
        page = fetched.page
        if page.format == "v1":
            self.v1_pages += 1
            if v1_may_be_truncated(page, query):
                self.truncated_pages += 1
        self._plan_following(job, query_pages, fetched)
        self.pages_done += 1
        if self._on_page is not None:
            self._on_page(page)
        self._report()

    def _limit_capped(
        self, job: _Job, query_pages: QueryPages, query: StatusChangesQuery, error: BadRequest
    ) -> None:
        """Restart the query at the maximum a 400 names for ``limit``; any other 400 (or a
        maximum that is not below what we asked, which asking again would not fix) is raised."""
        maximum = limit_maximum(error.causes)
        if maximum is None or not 1 <= maximum < query.limit:
            raise error
        if job.generation != query_pages.generation:
            return  # the query already restarted (another page met the same cap)
        self.limit_cap = maximum if self.limit_cap is None else min(self.limit_cap, maximum)
        if self._on_limit_capped is not None:
            self._on_limit_capped(maximum)
        query_pages.restart(maximum)
        self._enqueue(job.query_index, query_pages, 0, follow=False)
        self._start_other_queries()
        self._report()

    def _start_other_queries(self) -> None:
        for index, query_pages in enumerate(self.queries[1:], start=1):
            if not query_pages.queued and not query_pages.pages:
                self._enqueue(index, query_pages, 0, follow=False)

    def _plan_following(self, job: _Job, query_pages: QueryPages, fetched: FetchedPage) -> None:
        limit = query_pages.query.limit
        following = next_offset(fetched, job.offset, limit)
        if job.offset == 0:
            planned = planned_offsets(fetched, limit)
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

    def _report(self) -> None:
        if self._progress is None:
            return
        totals = [query_pages.planned for query_pages in self.queries]
        known = None if None in totals else sum(total or 0 for total in totals)
        self._progress(self.pages_done, known)
