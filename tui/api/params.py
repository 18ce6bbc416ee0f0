"""Query parameters of ``status-changes``, checked against LivePerson's documented rules.

Everything here runs before a request is sent, so a bad range or filter costs no round trip and
the user gets every problem at once (``InvalidQuery.causes``). Ranges longer than the API's
one-month span are split into consecutive chunks rather than refused.

The documented default of the ``v`` parameter is v1 (grouped by agent, ``limit`` counting agents,
pages silently truncated), so every request asks for v2 explicitly. There is no documented group
filter: groups are filtered locally, after the fetch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from tui.api.errors import InvalidQuery

SOURCE_NAME_PATTERN = re.compile(r"[A-Za-z0-9_]{1,20}")
"""``source``: our client's name, 1–20 characters of letters, digits and underscore."""

API_VERSION = "2"
"""Sent as ``v`` on every request: without it LivePerson answers v1."""

DEFAULT_PAGE_SIZE = 1_000
"""Records per page we ask for: v2's documented default ``limit``."""

MAX_PAGE_SIZE = 5_000
"""v2's documented maximum ``limit`` (records)."""

V1_CHANGES_PER_AGENT_DAY = 20
"""v1 pages are cut at 20 state changes × ``limit`` (agents) × query days."""

_LIMIT_MAXIMUM = re.compile(r"\blimit\b\W*must be less than or equal to\s*(\d+)", re.IGNORECASE)

MAX_SPAN_MS = 30 * 86_400_000
"""Longest ``from``–``to`` span per request. The API says "one month"; 30 days fits every month."""

MAX_AGE_MONTHS = 6
"""``from`` may be at most this many calendar months before now."""

DAY_MS = 86_400_000


def format_time(epoch_ms: int) -> str:
    """Epoch ms -> RFC 3339 UTC with milliseconds (``2026-01-31T08:00:00.000Z``)."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def earliest_from_ms(now_ms: int) -> int:
    """The oldest ``from`` the API accepts at ``now_ms``: the same instant 6 calendar months back.

    A day that does not exist in the target month (the 31st) is clamped to that month's last day.
    """
    now = datetime.fromtimestamp(now_ms / 1000, tz=UTC)
    months = now.year * 12 + (now.month - 1) - MAX_AGE_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = now.day
    while True:
        try:
            earliest = now.replace(year=year, month=month, day=day)
            break
        except ValueError:
            day -= 1
    return int(earliest.timestamp() * 1000)


def split_range(
    start_ms: int, end_ms: int, max_span_ms: int = MAX_SPAN_MS
) -> list[tuple[int, int]]:
    """``[start, end)`` as consecutive ``[from, to)`` chunks of at most ``max_span_ms`` each."""
    chunks: list[tuple[int, int]] = []
    cursor = start_ms
    while cursor < end_ms:
        chunk_end = min(end_ms, cursor + max_span_ms)
        chunks.append((cursor, chunk_end))
        cursor = chunk_end
    return chunks


def limit_maximum(causes: Sequence[str]) -> int | None:
    """The maximum a 400's ``causes`` set for ``limit`` ("limit: must be less than or equal to
    100", as on LivePerson's error-codes page), or ``None`` when no cause names one."""
    for cause in causes:
        match = _LIMIT_MAXIMUM.search(cause)
        if match is not None:
            return int(match.group(1))
    return None


def query_days(from_ms: int | None, to_ms: int | None) -> int:
    """Whole days a query spans, at least 1 (the ``days`` of v1's truncation rule).

    Rounded down, so the truncation threshold is the lowest any reading of "query days" gives:
    a page that may have been cut is never missed.
    """
    if from_ms is None or to_ms is None:
        return 1
    return max(1, (to_ms - from_ms) // DAY_MS)


@dataclass(frozen=True)
class StatusChangesQuery:
    """One ``status-changes`` request, minus paging (``offset`` is added per page).

    ``from_ms``/``to_ms`` are both set or both ``None`` (the API then means the last 24 hours);
    at most one of ``agent_id``, ``employee_id`` narrows it. ``limit`` is the page size in
    records (v2).
    """

    source: str
    from_ms: int | None = None
    to_ms: int | None = None
    agent_id: int | None = None
    employee_id: str | None = None
    limit: int = DEFAULT_PAGE_SIZE

    def problems(self, now_ms: int, *, check_span: bool = True) -> list[str]:
        """Every documented rule this query breaks (empty when it may be sent).

        ``check_span=False`` skips the one-month rule, for a range about to be split.
        """
        problems: list[str] = []
        if not SOURCE_NAME_PATTERN.fullmatch(self.source):
            problems.append(
                f"source name {self.source!r} must be 1 to 20 letters, digits or underscores"
            )
        if (self.from_ms is None) != (self.to_ms is None):
            problems.append("'from' and 'to' must be given together or not at all")
        if self.from_ms is not None and self.to_ms is not None:
            if self.from_ms >= self.to_ms:
                problems.append(
                    f"'from' ({format_time(self.from_ms)}) must be before "
                    f"'to' ({format_time(self.to_ms)})"
                )
            elif check_span and self.to_ms - self.from_ms > MAX_SPAN_MS:
                problems.append("the range from 'from' to 'to' must be at most one month")
            earliest = earliest_from_ms(now_ms)
            if self.from_ms < earliest:
                problems.append(
                    f"'from' ({format_time(self.from_ms)}) is older than {MAX_AGE_MONTHS} months; "
                    f"the earliest allowed now is {format_time(earliest)}"
                )
        if self.agent_id is not None and self.employee_id is not None:
            problems.append("at most one of agentId and empId may be given, not both")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            problems.append(f"limit must be between 1 and {MAX_PAGE_SIZE}, not {self.limit}")
        return problems

    def check(self, now_ms: int) -> None:
        """Raise :class:`InvalidQuery` listing every problem, or return when the query is valid."""
        problems = self.problems(now_ms)
        if problems:
            raise InvalidQuery("status-changes request not sent", causes=problems)

    def with_limit(self, limit: int) -> StatusChangesQuery:
        return replace(self, limit=limit)

    @property
    def days(self) -> int:
        return query_days(self.from_ms, self.to_ms)

    def params(self, offset: int = 0) -> dict[str, str]:
        """The query string for the page at ``offset`` (always ``v=2``)."""
        params = {"v": API_VERSION, "source": self.source}
        if self.from_ms is not None and self.to_ms is not None:
            params["from"] = format_time(self.from_ms)
            params["to"] = format_time(self.to_ms)
        if self.agent_id is not None:
            params["agentId"] = str(self.agent_id)
        if self.employee_id is not None:
            params["empId"] = self.employee_id
        params["limit"] = str(self.limit)
        params["offset"] = str(offset)
        return params


def chunked_queries(
    source: str,
    start_ms: int,
    end_ms: int,
    now_ms: int,
    *,
    agent_id: int | None = None,
    employee_id: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> list[StatusChangesQuery]:
    """Valid one-month-or-shorter queries covering ``[start, end)``; raises before any request.

    The whole range is checked first (so an empty or backwards range, a bad source name or two
    filters are reported as the user gave them), then split.
    """
    whole = StatusChangesQuery(
        source, start_ms, end_ms, agent_id=agent_id, employee_id=employee_id, limit=limit
    )
    problems = whole.problems(now_ms, check_span=False)
    if problems:
        raise InvalidQuery("status-changes request not sent", causes=problems)
    queries = [
        replace(whole, from_ms=chunk_start, to_ms=chunk_end)
        for chunk_start, chunk_end in split_range(start_ms, end_ms)
    ]
    for query in queries:
        query.check(now_ms)
    return queries
