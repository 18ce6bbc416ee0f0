"""Fetching every segment closed in a range from ``agent-segments``.

LivePerson's rules (Actual Handle Time API, ``get-agent-segments``): at most one week between
``from`` and ``to`` per request, ``from`` at most one month back, ``limit`` up to 500, pages by
``offset``. A range is cut into week-long queries; each query's first page tells
``pagination.count``, from which the remaining offsets are planned with our own ``limit`` (the
docs' own ``last`` link carries ``limit=1``, so its numbers are not trusted) and fetched
concurrently (the sender's in-flight limit bounds them). Without a count, ``next`` is followed.
Segments are keyed by ``segmentId``: a segment met twice is kept once.

A query is *consistent* when every page agreed on the count and the distinct segments read plus
the skipped ones reach it; segments that arrived while we paged can shift pages under us, so an
inconsistent result is returned but must not mark its range complete.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from tui.api.errors import ApiError, BadRequest, InvalidQuery
from tui.api.params import SOURCE_NAME_PATTERN, format_time, limit_maximum, split_range
from tui.api.segment_parsing import SegmentPage
from tui.core.segments import NOT_ENABLED_FIX, ProductivityNotEnabled, Segment

SEGMENTS_PAGE_LIMIT = 500
"""Segments per page: the documented maximum (the default is 100)."""

MAX_SEGMENT_SPAN_MS = 7 * 86_400_000
"""At most one week from ``from`` to ``to`` in one request."""

NOT_ENABLED_STATUSES = frozenset({401, 403, 404})

GetPage = Callable[[Mapping[str, str]], Awaitable[SegmentPage]]
"""Sends one ``agent-segments`` request with these query parameters (retries, auth, limit)."""
SegmentPageCallback = Callable[[SegmentPage], None]


class SegmentsNotEnabled(ApiError, ProductivityNotEnabled):
    """``agent-segments`` answered 401/403/404: the Actual Handle Time API is not enabled for
    this account (or the key lacks its permission). Not a failure of the monitor."""

    title = "Productivity not enabled"

    def __init__(self, status: int) -> None:
        super().__init__(
            f"LivePerson's Actual Handle Time API answered HTTP {status}: it is not enabled for "
            f"this account. To see conversations and handle time, {NOT_ENABLED_FIX}."
        )
        self.status = status


def earliest_segments_from_ms(now_ms: int) -> int:
    """The oldest ``from`` the API accepts: one calendar month before ``now_ms`` (a day the
    month lacks is clamped to its last day), plus a minute so a request in flight stays valid."""
    now = datetime.fromtimestamp(now_ms / 1000, tz=UTC)
    year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    day = now.day
    while True:
        try:
            earliest = now.replace(year=year, month=month, day=day)
            break
        except ValueError:
            day -= 1
    return int(earliest.timestamp() * 1000) + 60_000


@dataclass(frozen=True)
class SegmentsQuery:
    """One ``agent-segments`` request minus its offset."""

    source: str
    from_ms: int
    to_ms: int
    limit: int = SEGMENTS_PAGE_LIMIT
    agent_id: int | None = None
    group_id: int | None = None

    def params(self, offset: int) -> dict[str, str]:
        params = {
            "source": self.source,
            "from": format_time(self.from_ms),
            "to": format_time(self.to_ms),
            "limit": str(self.limit),
            "offset": str(offset),
        }
        if self.agent_id is not None:
            params["AgentId"] = str(self.agent_id)
        if self.group_id is not None:
            params["GroupId"] = str(self.group_id)
        return params


def segment_queries(
    source: str,
    start_ms: int,
    end_ms: int,
    now_ms: int,
    *,
    limit: int = SEGMENTS_PAGE_LIMIT,
    agent_id: int | None = None,
    group_id: int | None = None,
) -> list[SegmentsQuery]:
    """Week-long (or shorter) queries covering ``[max(start, a month ago), min(end, now))``.

    Raises :class:`InvalidQuery` for a bad source name or limit; a range entirely older than a
    month or in the future gives no query (nothing can be fetched for it).
    """
    problems = []
    if not SOURCE_NAME_PATTERN.fullmatch(source):
        problems.append(f"source name {source!r} must be 1 to 20 letters, digits or underscores")
    if not 1 <= limit <= SEGMENTS_PAGE_LIMIT:
        problems.append(f"limit must be between 1 and {SEGMENTS_PAGE_LIMIT}, not {limit}")
    if problems:
        raise InvalidQuery("agent-segments request not sent", causes=problems)
    start = max(start_ms, earliest_segments_from_ms(now_ms))
    end = min(end_ms, now_ms)
    return [
        SegmentsQuery(source, lo, hi, limit, agent_id, group_id)
        for lo, hi in split_range(start, end, MAX_SEGMENT_SPAN_MS)
    ]


def _next_offset(page: SegmentPage, offset: int, limit: int) -> int | None:
    href = page.references.get("next")
    if href is None:
        return None
    values = parse_qs(urlsplit(href).query).get("offset")
    following = int(values[0]) if values and values[0].isdigit() else offset + limit
    return following if following > offset else None


@dataclass
class SegmentFetch:
    """Every segment of a fetch once each (by ``segmentId``), and what happened on the way."""

    segments: dict[str, Segment] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    duplicates: int = 0
    consistent: bool = True
    limit: int | None = None
    """A lower page size the server asked for (a 400 naming a limit maximum), once met."""
    covered: tuple[int, int] | None = None
    """``[from, to)`` the queries covered (the asked range clipped to the last month and now);
    ``None`` when nothing of it could be asked for."""

    def add(self, page: SegmentPage) -> None:
        self.pages += 1
        for reason, count in page.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + count
        for segment in page.segments:
            if segment.segment_id in self.segments:
                self.duplicates += 1
            self.segments[segment.segment_id] = segment


async def _fetch_query(
    get_page: GetPage,
    query: SegmentsQuery,
    result: SegmentFetch,
    on_page: SegmentPageCallback | None,
) -> None:
    limit = query.limit
    seen_ids: set[str] = set()
    skipped = 0

    def take(page: SegmentPage) -> None:
        nonlocal skipped
        result.add(page)
        seen_ids.update(segment.segment_id for segment in page.segments)
        skipped += sum(page.skipped.values())
        if on_page is not None:
            on_page(page)

    first = await get_page(query.params(0))
    take(first)
    counts = {first.count}
    if first.count is not None and first.raw_count >= min(limit, first.count):
        offsets = range(limit, first.count, limit)
        pages = await asyncio.gather(*(get_page(query.params(offset)) for offset in offsets))
        for page in pages:
            counts.add(page.count)
            take(page)
            await asyncio.sleep(0)  # a day's pages merge on the loop: let it run between them
        # A page that grew a ``next`` beyond the planned end: more arrived; follow it.
        last = pages[-1] if pages else first
        offset = offsets[-1] if offsets else 0
        following = _next_offset(last, offset, limit)
        while following is not None and following >= first.count:
            page = await get_page(query.params(following))
            counts.add(page.count)
            take(page)
            following = _next_offset(page, following, limit)
    else:
        page, offset = first, 0
        following = _next_offset(page, offset, limit)
        while following is not None:
            page = await get_page(query.params(following))
            counts.add(page.count)
            take(page)
            offset, following = following, _next_offset(page, following, limit)
    expected = max((count for count in counts if count is not None), default=None)
    if len(counts) > 1 or (expected is not None and len(seen_ids) + skipped < expected):
        result.consistent = False


async def fetch_segments(
    get_page: GetPage,
    source: str,
    start_ms: int,
    end_ms: int,
    now_ms: int,
    *,
    on_page: SegmentPageCallback | None = None,
    limit: int = SEGMENTS_PAGE_LIMIT,
    agent_id: int | None = None,
    group_id: int | None = None,
) -> SegmentFetch:
    """Every segment closed in ``[start_ms, end_ms)`` that LivePerson can still serve.

    Queries run one after another (a week each), the pages of each concurrently. Raises what
    ``get_page`` raises (:class:`SegmentsNotEnabled` for 401/403/404).
    """
    queries = segment_queries(
        source, start_ms, end_ms, now_ms, limit=limit, agent_id=agent_id, group_id=group_id
    )
    result = SegmentFetch()
    if queries:
        result.covered = (queries[0].from_ms, queries[-1].to_ms)
    for asked in queries:
        query = asked
        if result.limit is not None and result.limit < asked.limit:
            query = replace(asked, limit=result.limit)
        try:
            await _fetch_query(get_page, query, result, on_page)
        except BadRequest as error:
            # LivePerson's own error page shows "limit: must be less than or equal to 100": a
            # server may hold a lower cap than the documented 500. Adopt it and ask again, once.
            maximum = limit_maximum(error.causes)
            if maximum is None or not 1 <= maximum < query.limit:
                raise
            result.limit = maximum
            await _fetch_query(get_page, replace(query, limit=maximum), result, on_page)
    return result
