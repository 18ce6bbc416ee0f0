"""What goes over the wire: times, records as v2/v1 JSON, and the documented query validation.

The simulator owns its serializer (the app only ever parses); field names and quirks follow
DESIGN.md §1: reason fields -1/null unless away, ``sessionId`` -1 where the API sends it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.core.records import StatusRecord, StatusSubType, StatusType
from tui.core.rfc3339 import parse_time_ms

DAY_MS = 86_400_000
MAX_SPAN_MS = 31 * DAY_MS
"""``to - from`` may be at most one month; the simulator accepts up to 31 days."""
MAX_HISTORY_MONTHS = 13
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
V1_CHANGES_PER_AGENT_DAY = 20
"""v1 silently truncates a page to 20 changes × limit × days."""

_SOURCE = re.compile(r"[A-Za-z0-9_]{1,20}")
_FILTERS = ("agentId", "empId", "groupId")


def format_time(time_ms: int) -> str:
    """``2024-06-01T08:03:12.345Z``: RFC 3339, UTC, milliseconds."""
    seconds, millis = divmod(time_ms, 1000)
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{millis:03d}Z"


def months_before(time_ms: int, months: int) -> int:
    """The same UTC instant ``months`` calendar months earlier (day clamped to month length)."""
    moment = datetime.fromtimestamp(time_ms / 1000, tz=UTC)
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    earlier = moment.replace(year=year, month=month + 1, day=day)
    return int(earlier.timestamp() * 1000)


def _change_fields(record: StatusRecord, session_id: int) -> dict[str, Any]:
    away = (
        record.status_type == StatusType.STATE_CHANGE
        and record.status_subtype == StatusSubType.AWAY
    )
    return {
        "time": format_time(record.time_ms),
        "sessionId": session_id,
        "sequenceNumber": record.sequence,
        "statusType": record.status_type,
        "statusSubType": record.status_subtype,
        "statusReasonId": record.reason_id if away and record.reason_id is not None else -1,
        "statusReasonText": record.reason_text if away else None,
        "prevStatusChangeTime": (
            None if record.prev_time_ms is None else format_time(record.prev_time_ms)
        ),
    }


def agent_fields(record: StatusRecord) -> dict[str, Any]:
    return {
        "agentId": record.agent_id,
        "employeeId": record.employee_id,
        "agentLoginName": record.login_name,
        "agentUserName": record.user_name,
        "agentGroupId": record.group_id,
    }


def v2_record(record: StatusRecord) -> dict[str, Any]:
    """One ``stateChanges[]`` entry (``record`` already in its served form)."""
    fields = agent_fields(record)
    fields.update(_change_fields(record, record.session_id))
    return fields


def v1_history_entry(record: StatusRecord) -> dict[str, Any]:
    """One ``statusChangeHistory[]`` entry; the agent's fields live on ``agentsInfo[]``."""
    return _change_fields(record, record.session_id)


def timeframe_json(start_ms: int, end_ms: int) -> dict[str, Any]:
    return {
        "startTime": format_time(start_ms),
        "endTime": format_time(end_ms),
        "startTimeL": start_ms,
        "endTimeL": end_ms,
    }


@dataclass(frozen=True)
class StatusQuery:
    """A validated ``status-changes`` query."""

    start_ms: int
    end_ms: int
    filter_name: str | None
    filter_values: frozenset[str]
    limit: int
    offset: int


class QueryRejected(Exception):
    """The query breaks a documented rule; ``causes`` go back in the 400 body."""

    def __init__(self, causes: list[str]) -> None:
        super().__init__("; ".join(causes))
        self.causes = causes


def _parse_int(params: dict[str, str], name: str, default: int, causes: list[str]) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.strip().isdigit():
        causes.append(f"{name} must be a non-negative integer, got {text!r}")
        return default
    return int(text)


def parse_status_query(params: dict[str, str], now_ms: int) -> StatusQuery:
    """Validate ``source``, ``from``/``to``, the agent filter, ``limit`` and ``offset``.

    Raises :class:`QueryRejected` with every cause found (LivePerson lists them all).
    """
    causes: list[str] = []
    source = params.get("source")
    if not source:
        causes.append("source is required")
    elif not _SOURCE.fullmatch(source):
        causes.append("source must be at most 20 characters of [A-Za-z0-9_]")
    start_text, end_text = params.get("from"), params.get("to")
    start_ms, end_ms = now_ms - DAY_MS, now_ms
    if (start_text is None) != (end_text is None):
        causes.append("from and to must be given together")
    elif start_text is not None and end_text is not None:
        try:
            start_ms, end_ms = parse_time_ms(start_text), parse_time_ms(end_text)
        except ValueError:
            causes.append("from and to must be RFC 3339 date-times")
        else:
            if end_ms <= start_ms:
                causes.append("to must be later than from")
            elif end_ms - start_ms > MAX_SPAN_MS:
                causes.append("the time range from..to must not be longer than one month")
            if start_ms < months_before(now_ms, MAX_HISTORY_MONTHS):
                causes.append("from must not be more than 13 months in the past")
    given = [name for name in _FILTERS if params.get(name)]
    if len(given) > 1:
        causes.append(f"only one of agentId, empId, groupId may be given (got {', '.join(given)})")
    limit = _parse_int(params, "limit", DEFAULT_LIMIT, causes)
    if limit < 1 or limit > MAX_LIMIT:
        causes.append(f"limit must be between 1 and {MAX_LIMIT}")
    offset = _parse_int(params, "offset", 0, causes)
    if causes:
        raise QueryRejected(causes)
    filter_name = given[0] if given else None
    values = frozenset(
        part.strip() for part in (params.get(filter_name, "") if filter_name else "").split(",")
    ) - {""}
    return StatusQuery(start_ms, end_ms, filter_name, values, limit, offset)
