"""The simulated ``agent-segments`` endpoint: query validation, serving order and page bodies.

Validation follows LivePerson's ``get-agent-segments`` page: ``source`` required; ``from``/``to``
(RFC 3339) or ``fromMillis``/``toMillis`` (not both forms), selecting by close time, default the
last 24 hours; ``from`` at most one month back; at most one week per request; ``limit`` 1–500
(default 100); filters ``AgentId``, ``EmployeeId``, ``SkillId``, ``GroupId``, ``ConversationId``.

Pages carry ``pagination`` {count, references}: self, first and last always, next and previous
when there is more than one page — and ``last`` as the docs' own example writes it
(``offset=count-1&limit=1``). The docs disagree about two names: ``segments`` vs ``segment`` for
the list and ``endReason`` vs ``EndReason``; :class:`SegmentDialect` plays either.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tui.core.rfc3339 import parse_time_ms
from tui.core.segments import Segment
from tui.simulator.wire import DAY_MS, QueryRejected, format_time, months_before, timeframe_json

WEEK_MS = 7 * DAY_MS
DEFAULT_SEGMENT_LIMIT = 100
MAX_SEGMENT_LIMIT = 500
SEGMENT_FILTERS = {
    "AgentId": "agent_id",
    "EmployeeId": "employee_id",
    "SkillId": "skill_id",
    "GroupId": "group_id",
    "ConversationId": "conversation_id",
}


@dataclass(frozen=True)
class SegmentDialect:
    """Which of the docs' spellings the simulator answers with."""

    list_key: str = "segments"
    reason_key: str = "endReason"


@dataclass(frozen=True)
class SegmentQuery:
    start_ms: int
    end_ms: int
    filters: tuple[tuple[str, str], ...]
    limit: int
    offset: int


def _int_param(params: dict[str, str], name: str, default: int, causes: list[str]) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.strip().isdigit():
        causes.append(f"{name}: must be a non-negative integer")
        return default
    return int(text)


def _range(params: dict[str, str], now_ms: int, causes: list[str]) -> tuple[int, int]:
    start_ms, end_ms = now_ms - DAY_MS, now_ms
    texts = params.get("from"), params.get("to")
    millis = params.get("fromMillis"), params.get("toMillis")
    if texts[0] is not None and millis[0] is not None:
        causes.append("from: must not be given with fromMillis")
    if texts[1] is not None and millis[1] is not None:
        causes.append("to: must not be given with toMillis")
    try:
        if texts[0] is not None:
            start_ms = parse_time_ms(texts[0])
        elif millis[0] is not None:
            start_ms = int(millis[0])
        if texts[1] is not None:
            end_ms = parse_time_ms(texts[1])
        elif millis[1] is not None:
            end_ms = int(millis[1])
    except ValueError:
        causes.append("from/to: must be RFC 3339 date-times (fromMillis/toMillis: epoch ms)")
    return start_ms, end_ms


def parse_segment_query(
    params: dict[str, str], now_ms: int, *, max_limit: int = MAX_SEGMENT_LIMIT
) -> SegmentQuery:
    """Validate an ``agent-segments`` query; raises :class:`QueryRejected` with every cause.

    ``max_limit`` plays the docs' other reading (their error page's "limit: must be less than
    or equal to 100")."""
    causes: list[str] = []
    source = params.get("source")
    if not source:
        causes.append("source: is required")
    start_ms, end_ms = _range(params, now_ms, causes)
    if end_ms <= start_ms:
        causes.append("to: must be later than from")
    elif end_ms - start_ms > WEEK_MS:
        causes.append("from..to: must not be longer than one week")
    if start_ms < months_before(now_ms, 1):
        causes.append("from: must not be more than 1 month in the past")
    limit = _int_param(params, "limit", DEFAULT_SEGMENT_LIMIT, causes)
    if not 1 <= limit <= max_limit:
        causes.append(f"limit: must be less than or equal to {max_limit}")
    offset = _int_param(params, "offset", 0, causes)
    if causes:
        raise QueryRejected(causes)
    filters = tuple(
        (field_name, params[name].strip())
        for name, field_name in SEGMENT_FILTERS.items()
        if params.get(name)
    )
    return SegmentQuery(start_ms, end_ms, filters, limit, offset)


@dataclass(frozen=True)
class SegmentView:
    """The segments of one query in serving order (by arrival), with their arrival times."""

    segments: tuple[Segment, ...]
    arrivals: tuple[int, ...]

    def visible_count(self, now_ms: int) -> int:
        return bisect.bisect_right(self.arrivals, now_ms)


def build_segment_view(
    segments: list[Segment],
    arrival_of: Callable[[Segment], int],
    filters: tuple[tuple[str, str], ...],
) -> SegmentView:
    """The segments matching ``filters`` in serving order: by arrival, so what arrives later
    sorts after everything already visible and paging never loses or repeats a segment."""
    chosen = [
        segment
        for segment in segments
        if all(str(getattr(segment, name)) == value for name, value in filters)
    ]
    keyed = sorted((arrival_of(segment), segment.segment_id, segment) for segment in chosen)
    return SegmentView(tuple(item[2] for item in keyed), tuple(item[0] for item in keyed))


def segment_json(segment: Segment, dialect: SegmentDialect) -> dict[str, Any]:
    body: dict[str, Any] = {
        "segmentId": segment.segment_id,
        "startTimeL": segment.start_ms,
        "endTimeL": segment.end_ms,
        "conversationId": segment.conversation_id,
        "agentId": segment.agent_id,
        "employeeId": segment.employee_id,
        "skillId": segment.skill_id,
        "groupId": segment.group_id,
        dialect.reason_key: segment.end_reason,
        "totalHandleTimeMillis": segment.handle_ms,
        "endTime": format_time(segment.end_ms),
    }
    if segment.start_ms is not None:
        body["startTime"] = format_time(segment.start_ms)
    return body


def _references(url: httpx.URL, total: int, query: SegmentQuery) -> list[dict[str, str]]:
    limit, offset = query.limit, query.offset

    def at(new_offset: int, new_limit: int = limit) -> str:
        moved = url.copy_set_param("offset", str(new_offset))
        return str(moved.copy_set_param("limit", str(new_limit)))

    references = [{"rel": "self", "href": str(url)}]
    if total > limit:
        if offset + limit < total:
            references.append({"rel": "next", "href": at(offset + limit)})
        if offset > 0:
            references.append({"rel": "previous", "href": at(max(0, offset - limit))})
    references.append({"rel": "last", "href": at(max(0, total - 1), 1)})
    references.append({"rel": "first", "href": at(0)})
    return references


def segment_page_body(
    view: SegmentView,
    query: SegmentQuery,
    now_ms: int,
    url: httpx.URL,
    dialect: SegmentDialect,
) -> dict[str, Any]:
    total = view.visible_count(now_ms)
    low = min(query.offset, total)
    page = view.segments[low : min(low + query.limit, total)]
    return {
        "timeframe": timeframe_json(query.start_ms, query.end_ms),
        dialect.list_key: [segment_json(segment, dialect) for segment in page],
        "pagination": {"count": total, "references": _references(url, total, query)},
    }
