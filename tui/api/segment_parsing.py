"""``agent-segments`` responses (Actual Handle Time API) -> :class:`SegmentPage`.

The docs disagree with themselves: the table names the list ``segment`` and the end reason
``EndReason``, the example says ``segments`` and ``endReason``. Both readings are accepted, and
every field name is read without regard to letter case. Times come as epoch ms (``endTimeL``,
numbers or numeric strings) or RFC 3339 (``endTime``).

A page goes through a typed msgspec decode first (the documented shape, fast); a page that does not
fit it exactly takes the lenient path, which reads each segment on its own: a segment that cannot
be used (not an object, no ``segmentId``, no ``agentId``, no close time) is skipped and counted
by reason, so one bad record never loses a page. A body that is not an ``agent-segments``
response at all raises :class:`NotASegmentsResponse` naming where it came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from tui.core.errors import InputError
from tui.core.records import Timeframe
from tui.core.rfc3339 import parse_time_ms
from tui.core.segments import Segment, end_reason

SKIP_NOT_AN_OBJECT = "segment not an object"
SKIP_NO_SEGMENT_ID = "segment without segmentId"
SKIP_NO_AGENT_ID = "segment without agentId"
SKIP_NO_END_TIME = "segment without a readable endTime"
"""The reasons a segment is skipped; keys of :attr:`SegmentPage.skipped`."""

LIST_KEYS = ("segments", "segment")


class NotASegmentsResponse(InputError):
    """The JSON is valid but is not an ``agent-segments`` response."""


@dataclass(frozen=True)
class SegmentPage:
    """The readable content of one ``agent-segments`` page.

    ``count`` is ``pagination.count`` (every segment of the query), ``None`` when absent;
    ``references`` maps ``rel`` -> ``href``.
    """

    segments: tuple[Segment, ...]
    skipped: Mapping[str, int] = field(default_factory=dict)
    count: int | None = None
    references: Mapping[str, str] = field(default_factory=dict)
    timeframe: Timeframe | None = None

    @property
    def raw_count(self) -> int:
        """Entries the server sent on this page, read or skipped."""
        return len(self.segments) + sum(self.skipped.values())


class _WireSegment(msgspec.Struct):
    """A segment exactly as the docs' example spells it: every field present (``null`` allowed
    where it may be unknown), so a page spelled otherwise takes the lenient path instead of
    losing a field silently."""

    segmentId: str
    agentId: int
    endTimeL: int
    startTimeL: int | None
    conversationId: str | None
    employeeId: str | None
    skillId: int | None
    groupId: int | None
    endReason: str | None
    totalHandleTimeMillis: int


class _WireReference(msgspec.Struct):
    rel: str
    href: str


class _WirePagination(msgspec.Struct):
    count: int | None = None
    references: list[_WireReference] = []


class _WireTimeframe(msgspec.Struct):
    """Epoch ms as numbers (the AHT docs' example) or numeric strings (as the status-changes
    docs show them); anything else there sends the page down the lenient path."""

    startTimeL: int | str
    endTimeL: int | str


class _WirePage(msgspec.Struct):
    segments: list[_WireSegment]
    pagination: _WirePagination
    timeframe: _WireTimeframe | None = None


_typed_decoder = msgspec.json.Decoder(_WirePage)


def _typed(content: bytes | str) -> SegmentPage | None:
    """The documented shape, decoded straight into structs; ``None`` when the page differs."""
    try:
        wire = _typed_decoder.decode(content)
    except msgspec.DecodeError:
        return None
    segments = []
    for item in wire.segments:
        if not item.segmentId:
            return None
        segments.append(
            Segment(
                segment_id=item.segmentId,
                agent_id=item.agentId,
                end_ms=item.endTimeL,
                start_ms=item.startTimeL,
                conversation_id=item.conversationId or None,
                employee_id=item.employeeId or None,
                skill_id=item.skillId,
                group_id=item.groupId,
                end_reason=end_reason(item.endReason),
                handle_ms=max(0, item.totalHandleTimeMillis),
            )
        )
    references: dict[str, str] = {}
    for reference in wire.pagination.references:
        references.setdefault(reference.rel, reference.href)
    frame = wire.timeframe
    timeframe = None
    if frame is not None:
        start, end = _as_int(frame.startTimeL), _as_int(frame.endTimeL)
        if start is None or end is None:
            return None
        if start <= end:
            timeframe = Timeframe(start, end)
    return SegmentPage(tuple(segments), {}, wire.pagination.count, references, timeframe)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _time(millis: object, text: object) -> int | None:
    value = _as_int(millis)
    if value is not None:
        return value
    if isinstance(text, str):
        try:
            return parse_time_ms(text.strip())
        except ValueError:
            return None
    return None


def _lower_keys(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Keys in lower case; the first spelling met wins when two differ only in case."""
    lowered: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(key, str):
            lowered.setdefault(key.lower(), value)
    return lowered


def read_segment(obj: object) -> Segment | str:
    """One segment object -> :class:`Segment`, or the skip reason."""
    if not isinstance(obj, dict):
        return SKIP_NOT_AN_OBJECT
    fields = _lower_keys(obj)
    segment_id = _as_text(fields.get("segmentid"))
    if segment_id is None:
        return SKIP_NO_SEGMENT_ID
    agent_id = _as_int(fields.get("agentid"))
    if agent_id is None:
        return SKIP_NO_AGENT_ID
    end_ms = _time(fields.get("endtimel"), fields.get("endtime"))
    if end_ms is None:
        return SKIP_NO_END_TIME
    reason = fields.get("endreason")
    handle = _as_int(fields.get("totalhandletimemillis"))
    return Segment(
        segment_id=segment_id,
        agent_id=agent_id,
        end_ms=end_ms,
        start_ms=_time(fields.get("starttimel"), fields.get("starttime")),
        conversation_id=_as_text(fields.get("conversationid")),
        employee_id=_as_text(fields.get("employeeid")),
        skill_id=_as_int(fields.get("skillid")),
        group_id=_as_int(fields.get("groupid")),
        end_reason=end_reason(reason if isinstance(reason, str) else None),
        handle_ms=max(0, handle or 0),
    )


def _references(pagination: object) -> dict[str, str]:
    references: dict[str, str] = {}
    if not isinstance(pagination, dict):
        return references
    entries = _lower_keys(pagination).get("references")
    if not isinstance(entries, list):
        return references
    for entry in entries:
        if isinstance(entry, dict):
            rel, href = entry.get("rel"), entry.get("href")
            if isinstance(rel, str) and isinstance(href, str):
                references.setdefault(rel, href)
    return references


def _timeframe(frame: object) -> Timeframe | None:
    if not isinstance(frame, dict):
        return None
    fields = _lower_keys(frame)
    start = _time(fields.get("starttimel"), fields.get("starttime"))
    end = _time(fields.get("endtimel"), fields.get("endtime"))
    if start is None or end is None or start > end:
        return None
    return Timeframe(start, end)


_LIST_KEY = re.compile(r'"segments?"\s*:', re.IGNORECASE)


def looks_like_segments(text: str) -> bool:
    """Whether a saved response is an ``agent-segments`` page rather than a status-changes one
    (no ``stateChanges``/``agentsInfo``, a ``segments``/``segment`` key): a quick look at the
    text, so a large status-changes file is not decoded twice."""
    if '"stateChanges"' in text or '"agentsInfo"' in text:
        return False
    return _LIST_KEY.search(text) is not None


def parse_segment_page(obj: object, *, origin: str = "response") -> SegmentPage:
    """A decoded JSON value -> :class:`SegmentPage`, reading each segment on its own."""
    if not isinstance(obj, dict):
        raise NotASegmentsResponse(
            f"{origin}: not an agent-segments response (a {type(obj).__name__}, not an object)"
        )
    fields = _lower_keys(obj)
    entries: list[Any] | None = None
    for key in LIST_KEYS:
        value = fields.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise NotASegmentsResponse(
                f"{origin}: '{key}' is {type(value).__name__}, expected a list of segments"
            )
        entries = value if entries is None else entries + value
    pagination = fields.get("pagination")
    if entries is None and not isinstance(pagination, dict):
        raise NotASegmentsResponse(
            f"{origin}: not an agent-segments response (no 'segments' list, no 'pagination')"
        )
    segments: list[Segment] = []
    skipped: dict[str, int] = {}
    for entry in entries or []:
        read = read_segment(entry)
        if isinstance(read, str):
            skipped[read] = skipped.get(read, 0) + 1
        else:
            segments.append(read)
    count = _as_int(_lower_keys(pagination).get("count")) if isinstance(pagination, dict) else None
    return SegmentPage(
        tuple(segments),
        dict(sorted(skipped.items())),
        count,
        _references(pagination),
        _timeframe(fields.get("timeframe")),
    )


def decode_segment_page(content: bytes | str, *, origin: str = "response") -> SegmentPage:
    """Bytes of a page -> :class:`SegmentPage`: the typed fast path, else the lenient reader.

    Raises :class:`json.JSONDecodeError` (a ``ValueError``) for text that is not JSON and
    :class:`NotASegmentsResponse` for JSON of another shape.
    """
    typed = _typed(content)
    if typed is not None:
        return typed
    return parse_segment_page(json.loads(content), origin=origin)
