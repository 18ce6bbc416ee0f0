"""What goes over the wire: times, records as v2/v1 JSON, and the documented query validation.

The simulator owns its serializer (the app only ever parses); field names and quirks follow
LivePerson's method page: one path for both versions, ``v`` picking the version (default v1);
``limit`` counting agents in v1 (default 50, at most 100) and records in v2 (default 1,000, at
most 5,000); login/logout with statusSubType 0 and reason 0/"" (as in the docs' example), other
records without a reason -1/null; ``sessionId`` -1 where the API sends it; the timeframe's
``startTimeL``/``endTimeL`` as strings (as in the docs' example); and one field the docs do not
list on every record, which clients must ignore.
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
MAX_HISTORY_MONTHS = 6
DEFAULT_LIMIT = {1: 50, 2: 1_000}
"""``limit`` when none is given, by version (agents in v1, records in v2)."""
MAX_LIMIT = {1: 100, 2: 5_000}
V1_CHANGES_PER_AGENT_DAY = 20
"""v1 silently truncates a page to 20 changes × limit × days."""
BAD_REQUEST_MESSAGE = (
    "The server cannot or will not process the request due to something that is perceived to be "
    "a client error (e.g., malformed request syntax). Please fix the issues detailed in `causes` "
    "and try again"
)
"""The ``message`` of a 400, as on LivePerson's error-codes page."""
UNDOCUMENTED_FIELD = "extraInfo"
"""A field LivePerson's docs do not list, sent on every record: clients must ignore it."""

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


def _reason(record: StatusRecord) -> tuple[int, str | None]:
    """``statusReasonId``/``statusReasonText``: the away reason; 0/"" on login and logout (the
    docs' example), -1/null on other records (the docs' table)."""
    if record.status_type in (StatusType.LOGIN, StatusType.LOGOUT):
        return 0, ""
    away = StatusType.STATE_CHANGE, StatusSubType.AWAY
    if (record.status_type, record.status_subtype) == away:
        return (-1 if record.reason_id is None else record.reason_id), record.reason_text
    return -1, None


def _change_fields(record: StatusRecord, session_id: int) -> dict[str, Any]:
    reason_id, reason_text = _reason(record)
    return {
        "time": format_time(record.time_ms),
        "sessionId": session_id,
        "sequenceNumber": record.sequence,
        "statusType": record.status_type,
        "statusSubType": record.status_subtype,
        "statusReasonId": reason_id,
        "statusReasonText": reason_text,
        "prevStatusChangeTime": (
            None if record.prev_time_ms is None else format_time(record.prev_time_ms)
        ),
        UNDOCUMENTED_FIELD: {"origin": "simulator", "channel": "messaging"},
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
    """``timeframe``, its epoch-ms fields as strings like the docs' example."""
    return {
        "startTime": format_time(start_ms),
        "endTime": format_time(end_ms),
        "startTimeL": str(start_ms),
        "endTimeL": str(end_ms),
    }


@dataclass(frozen=True)
class StatusQuery:
    """A validated ``status-changes`` query; ``version`` is the answer's format (1 or 2)."""

    start_ms: int
    end_ms: int
    filter_name: str | None
    filter_values: frozenset[str]
    limit: int
    offset: int
    version: int = 2


class QueryRejected(Exception):
    """The query breaks a documented rule; ``causes`` go back in the 400 body."""

    def __init__(self, causes: list[str]) -> None:
        super().__init__("; ".join(causes))
        self.causes = causes


def _parse_int(params: dict[str, str], name: str, default: int, causes: list[str]) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    try:
        return int(text.strip())
    except ValueError:
        causes.append(f"{name}: must be an integer, got {text!r}")
        return default


def _version(params: dict[str, str], forced: int | None, causes: list[str]) -> int:
    """``v``: "1" or "2", v1 when absent (the documented default); ``forced`` plays a server
    that ignores ``v``."""
    if forced is not None:
        return forced
    text = params.get("v")
    if text is None or text == "":
        return 1
    if text.strip() in ("1", "2"):
        return int(text)
    causes.append(f"v: must be 1 or 2, got {text!r}")
    return 1


def parse_status_query(
    params: dict[str, str],
    now_ms: int,
    *,
    limit_cap: int | None = None,
    forced_version: int | None = None,
) -> StatusQuery:
    """Validate ``v``, ``source``, ``from``/``to``, the agent filter, ``limit`` and ``offset``.

    ``limit_cap`` plays a server that allows less than the documented maximum (its cause reads
    "limit: must be less than or equal to N", as on the error-codes page). Raises
    :class:`QueryRejected` with every cause found (LivePerson lists them all).
    """
    causes: list[str] = []
    version = _version(params, forced_version, causes)
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
                causes.append(f"from must not be more than {MAX_HISTORY_MONTHS} months in the past")
    given = [name for name in _FILTERS if params.get(name)]
    if len(given) > 1:
        causes.append(f"only one of agentId, empId, groupId may be given (got {', '.join(given)})")
    maximum = MAX_LIMIT[version] if limit_cap is None else min(MAX_LIMIT[version], limit_cap)
    limit = _parse_int(params, "limit", min(DEFAULT_LIMIT[version], maximum), causes)
    if limit < 1:
        causes.append("limit: must be greater than or equal to 1")
    elif limit > maximum:
        causes.append(f"limit: must be less than or equal to {maximum}")
    offset = _parse_int(params, "offset", 0, causes)
    if offset < 0:
        causes.append("offset: must be greater than or equal to 0")
    if causes:
        raise QueryRejected(causes)
    filter_name = given[0] if given else None
    values = frozenset(
        part.strip() for part in (params.get(filter_name, "") if filter_name else "").split(",")
    ) - {""}
    return StatusQuery(start_ms, end_ms, filter_name, values, limit, offset, version)
