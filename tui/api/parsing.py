"""Agent Activity API responses (v2 flat pages and v1 per-agent pages) -> :class:`ParsedPage`.

Parsing is forgiving per record and strict per page: a record that cannot be read (not an object,
no ``agentId``, no or bad ``time``) or that has a ``statusType`` we do not understand is skipped
and counted by reason, so one bad record never loses a page; a page that is not an Agent Activity
response at all raises :class:`NotAnApiResponse` naming where it came from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

from tui.api.typed_parsing import KNOWN_STATUS_TYPES, decode_page_typed
from tui.core.errors import InputError
from tui.core.records import (
    SKIP_BAD_TIME,
    SKIP_NO_AGENT_ID,
    SKIP_NO_TIME,
    SKIP_NOT_AN_OBJECT,
    SKIP_UNKNOWN_TYPE,
    ParsedPage,
    StatusRecord,
    Timeframe,
    status_record,
)
from tui.core.rfc3339 import fast_time_ms, parse_time_ms
from tui.core.windows import EARLIEST_MS, LATEST_MS

__all__ = [
    "KNOWN_STATUS_TYPES",
    "SKIP_BAD_TIME",
    "SKIP_NOT_AN_OBJECT",
    "SKIP_NO_AGENT_ID",
    "SKIP_NO_TIME",
    "SKIP_UNKNOWN_TYPE",
    "NotAnApiResponse",
    "decode_page",
    "decode_page_entries",
    "decode_page_entries_leniently",
    "decode_page_entries_typed",
    "parse_page",
    "parse_time_ms",
    "parse_v1_page",
    "parse_v2_page",
]


class NotAnApiResponse(InputError):
    """The JSON is valid but is not an Agent Activity status-changes response."""


_INT64 = 2**63
"""Integer fields must fit the cache's 64-bit columns; larger values make a record bad."""


def _as_int(value: object) -> int | None:
    """An integer field: JSON numbers (integral) or ASCII digit strings, within 64 bits;
    anything else (``"²"``, ``1e400``, a 5,000-digit number) is ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else None
    if isinstance(value, float) and value.is_integer():
        return _as_int(int(value))
    if isinstance(value, str):
        stripped = value.strip()
        digits = stripped[1:] if stripped.startswith("-") else stripped
        if 0 < len(digits) <= 19 and digits.isascii() and digits.isdigit():
            return _as_int(int(stripped))
    return None


def _as_text(value: object) -> str | None:
    """A text field; numbers become text (employee ids may be numeric); ``""`` is ``None``."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _time_field(value: object) -> int | None:
    """A time field in the API's RFC 3339 form; ``None`` when missing or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        return parse_time_ms(value)
    except ValueError:
        return None


class _Skip:
    """Stands in for a record that cannot be used, so decoding can drop its dict at once."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_SKIPS = {
    reason: _Skip(reason)
    for reason in (
        SKIP_NOT_AN_OBJECT,
        SKIP_NO_AGENT_ID,
        SKIP_NO_TIME,
        SKIP_BAD_TIME,
        SKIP_UNKNOWN_TYPE,
    )
}


def _count(skips: dict[str, int], reason: str) -> None:
    skips[reason] = skips.get(reason, 0) + 1


_RECORD_KEYS = (
    "agentId",
    "time",
    "statusType",
    "statusSubType",
    "sequenceNumber",
    "sessionId",
    "agentGroupId",
    "statusReasonId",
    "statusReasonText",
    "employeeId",
    "agentLoginName",
    "agentUserName",
    "prevStatusChangeTime",
)
_record_fields = itemgetter(*_RECORD_KEYS)
"""All fields of a record in one C call; a record missing one falls back to ``dict.get``."""


class _RecordReader:
    """Turns record objects into :class:`StatusRecord` s, sharing what repeats between them.

    Names and reason texts repeat on every record of an agent: one string object serves them all
    (a 200k-record file then costs tens of MB less). ``prevStatusChangeTime`` is usually the time
    of the agent's previous record, so it is looked up rather than parsed again.
    """

    __slots__ = ("_last_time", "_texts")

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._last_time: dict[int, tuple[str, int]] = {}

    def read(self, raw: object) -> StatusRecord | _Skip:
        """One status change, or the :class:`_Skip` saying why it cannot be used.

        Hot path: the common JSON types are tested with ``type() is`` before falling back to
        the lenient converters.
        """
        if type(raw) is not dict:
            return _SKIPS[SKIP_NOT_AN_OBJECT]
        try:
            fields = _record_fields(raw)
        except KeyError:  # a field is missing: the slower, lenient lookup
            fields = tuple(map(raw.get, _RECORD_KEYS))
        (
            agent_id,
            time_text,
            status_type,
            subtype,
            sequence,
            session_id,
            group_id,
            reason_id,
            reason_text,
            employee_id,
            login_name,
            user_name,
            prev_text,
        ) = fields
        if type(agent_id) is not int or not -_INT64 <= agent_id < _INT64:
            agent_id = _as_int(agent_id)
            if agent_id is None:
                return _SKIPS[SKIP_NO_AGENT_ID]
        if time_text is None or time_text == "":
            return _SKIPS[SKIP_NO_TIME]
        time_ms = fast_time_ms(time_text) if type(time_text) is str else None
        if time_ms is None:
            time_ms = _time_field(time_text)
            if time_ms is None:
                return _SKIPS[SKIP_BAD_TIME]
        if not EARLIEST_MS <= time_ms < LATEST_MS:
            return _SKIPS[SKIP_BAD_TIME]
        if type(status_type) is not int or not -_INT64 <= status_type < _INT64:
            status_type = _as_int(status_type)
        if status_type not in KNOWN_STATUS_TYPES:
            return _SKIPS[SKIP_UNKNOWN_TYPE]
        if type(subtype) is not int or not -_INT64 <= subtype < _INT64:
            subtype = _as_int(subtype)
        if type(sequence) is not int or not -_INT64 <= sequence < _INT64:
            sequence = _as_int(sequence)
        if type(session_id) is not int or not -_INT64 <= session_id < _INT64:
            session_id = _as_int(session_id)
        if type(group_id) is not int or not -_INT64 <= group_id < _INT64:
            group_id = _as_int(group_id)
        if type(reason_id) is not int or not -_INT64 <= reason_id < _INT64:
            reason_id = _as_int(reason_id)
        texts = self._texts
        if type(reason_text) is str:
            reason_text = texts.setdefault(reason_text, reason_text) if reason_text else None
        elif reason_text is not None:
            reason_text = _as_text(reason_text)
        if type(employee_id) is str:
            employee_id = texts.setdefault(employee_id, employee_id) if employee_id else None
        elif employee_id is not None:
            employee_id = _as_text(employee_id)
        if type(login_name) is str:
            login_name = texts.setdefault(login_name, login_name) if login_name else None
        elif login_name is not None:
            login_name = _as_text(login_name)
        if type(user_name) is str:
            user_name = texts.setdefault(user_name, user_name) if user_name else None
        elif user_name is not None:
            user_name = _as_text(user_name)
        prev_time_ms = None
        if type(prev_text) is str:
            last = self._last_time.get(agent_id)
            if last is not None and last[0] == prev_text:
                prev_time_ms = last[1]
            else:
                prev_time_ms = fast_time_ms(prev_text)
                if prev_time_ms is None:
                    prev_time_ms = _time_field(prev_text)
                if prev_time_ms is not None and not EARLIEST_MS <= prev_time_ms < LATEST_MS:
                    prev_time_ms = None  # outside 1970..9998: no time, as every reader reads it
        if type(time_text) is str:
            self._last_time[agent_id] = (time_text, time_ms)
        return status_record(
            agent_id,
            time_ms,
            status_type,
            subtype,
            sequence,
            session_id,
            group_id,
            employee_id,
            login_name,
            user_name,
            reason_id,
            reason_text,
            prev_time_ms,
        )


def _metadata(obj: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """``_metadata`` (v2's example), else ``metadata`` (the name in the docs' v1 table)."""
    found = [obj.get(key) for key in ("_metadata", "metadata")]
    return next((metadata for metadata in found if isinstance(metadata, dict)), None)


def _timeframe(obj: Mapping[str, Any]) -> Timeframe | None:
    """``_metadata.timeframe`` or a top-level ``timeframe``: ``startTimeL``/``endTimeL`` (epoch
    ms, as numbers or numeric strings) preferred, else ``startTime``/``endTime`` (RFC 3339)."""
    metadata = _metadata(obj)
    candidates = []
    if metadata is not None:
        candidates.append(metadata.get("timeframe"))
    candidates.append(obj.get("timeframe"))
    for frame in candidates:
        if not isinstance(frame, dict):
            continue
        start = _as_int(frame.get("startTimeL"))
        end = _as_int(frame.get("endTimeL"))
        if start is None:
            start = _time_field(frame.get("startTime"))
        if end is None:
            end = _time_field(frame.get("endTime"))
        if start is not None and end is not None and EARLIEST_MS <= start <= end <= LATEST_MS:
            return Timeframe(start_ms=start, end_ms=end)
    return None


def _references(obj: Mapping[str, Any]) -> dict[str, str]:
    """``(_)metadata.references[]`` as rel -> href (first wins on repeats)."""
    metadata = _metadata(obj)
    references: dict[str, str] = {}
    if metadata is None:
        return references
    entries = metadata.get("references")
    if not isinstance(entries, list):
        return references
    for entry in entries:
        if isinstance(entry, dict):
            rel, href = entry.get("rel"), entry.get("href")
            if isinstance(rel, str) and isinstance(href, str):
                references.setdefault(rel, href)
    return references


def _require_list(obj: Mapping[str, Any], key: str, origin: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise NotAnApiResponse(f"{origin}: '{key}' is {type(value).__name__}, expected a list")
    return value


def parse_v2_page(
    obj: Mapping[str, Any], *, origin: str = "response", reader: _RecordReader | None = None
) -> ParsedPage:
    """A v2 page: flat ``stateChanges[]`` plus ``_metadata`` (references, timeframe)."""
    reader = reader or _RecordReader()
    read = reader.read
    skips: dict[str, int] = {}
    records: list[StatusRecord] = []
    append = records.append
    for raw in _require_list(obj, "stateChanges", origin):
        item = raw if type(raw) is StatusRecord or type(raw) is _Skip else read(raw)
        if type(item) is StatusRecord:
            append(item)
        else:
            assert isinstance(item, _Skip)
            _count(skips, item.reason)
    return ParsedPage(
        format="v2",
        records=tuple(records),
        skipped=skips,
        timeframe=_timeframe(obj),
        references=_references(obj),
    )


_V1_AGENT_FIELDS = ("agentId", "employeeId", "agentLoginName", "agentUserName", "agentGroupId")


def parse_v1_page(obj: Mapping[str, Any], *, origin: str = "response") -> ParsedPage:
    """A v1 page: ``agentsInfo[]``, each agent's fields plus ``statusChangeHistory[]``."""
    read = _RecordReader().read
    skips: dict[str, int] = {}
    records: list[StatusRecord] = []
    for agent in _require_list(obj, "agentsInfo", origin):
        if not isinstance(agent, dict):
            _count(skips, SKIP_NOT_AN_OBJECT)
            continue
        history = agent.get("statusChangeHistory")
        if not isinstance(history, list):
            continue
        agent_fields = {key: agent[key] for key in _V1_AGENT_FIELDS if key in agent}
        for entry in history:
            item = read({**agent_fields, **entry} if type(entry) is dict else entry)
            if isinstance(item, StatusRecord):
                records.append(item)
            else:
                _count(skips, item.reason)
    return ParsedPage(
        format="v1",
        records=tuple(records),
        skipped=skips,
        timeframe=_timeframe(obj),
        references=_references(obj),
    )


def parse_page(obj: object, *, origin: str = "response") -> ParsedPage:
    """Detect the format of one decoded JSON response and parse it.

    ``stateChanges`` means v2, ``agentsInfo`` means v1; a bare ``_metadata`` or ``timeframe``
    with no records is an empty v2 page (the docs' v2 example has no ``_metadata``). Anything
    else raises :class:`NotAnApiResponse` naming ``origin``.
    """
    if not isinstance(obj, dict):
        kind = "a list" if isinstance(obj, list) else type(obj).__name__
        raise NotAnApiResponse(
            f"{origin}: not an Agent Activity response (the JSON is {kind}, expected an object "
            "with stateChanges or agentsInfo)"
        )
    if "stateChanges" in obj:
        return parse_v2_page(obj, origin=origin)
    if "agentsInfo" in obj:
        return parse_v1_page(obj, origin=origin)
    if isinstance(obj.get("_metadata"), dict) or isinstance(obj.get("timeframe"), dict):
        return parse_v2_page(obj, origin=origin)
    raise NotAnApiResponse(
        f"{origin}: not an Agent Activity response (no stateChanges or agentsInfo)"
    )


def decode_page(text: str | bytes, *, origin: str = "response") -> ParsedPage:
    """Decode one response body and parse it (see :func:`decode_page_entries`)."""
    return decode_page_entries(text, origin=origin)[0]


def decode_page_entries(text: str | bytes, *, origin: str = "response") -> tuple[ParsedPage, int]:
    """One response body, parsed, and how many entries its ``offset`` counts: records for v2
    (read or skipped), ``agentsInfo[]`` agents for v1.

    A page of the documented types takes the typed fast path (:mod:`tui.api.typed_parsing`);
    any other is read by :func:`decode_page_entries_leniently`, record by record. Both give the
    same result for every page the fast path accepts (a property test holds them to it).
    """
    if isinstance(text, str) and text.startswith("\ufeff"):
        text = text[1:]
    elif isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    typed = decode_page_entries_typed(text)
    if typed is not None:
        return typed
    return decode_page_entries_leniently(text, origin=origin)


def decode_status_bytes(data: bytes, *, prev_times: bool = True) -> ParsedPage | None:
    """A saved status-changes response read straight from its bytes by the typed fast path
    (``prev_times``: as :func:`~tui.api.typed_parsing.decode_page_typed`).

    ``None`` unless the bytes are UTF-8 naming ``stateChanges`` or ``agentsInfo`` and the fast
    path reads them; the caller then decodes the text and reads it as :func:`decode_page` does
    (which names what is wrong). Saves decoding a large file to text before msgspec reads it.
    """
    if b'"stateChanges"' not in data and b'"agentsInfo"' not in data:
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")  # msgspec need not check bytes it skips
        except UnicodeDecodeError:
            return None
    typed = decode_page_entries_typed(data, prev_times=prev_times)
    return None if typed is None else typed[0]


def decode_page_entries_typed(
    text: str | bytes, *, prev_times: bool = True
) -> tuple[ParsedPage, int] | None:
    """:func:`decode_page_entries` by the typed fast path alone; ``None`` when it cannot."""
    typed = decode_page_typed(text, prev_times=prev_times)
    if typed is None:
        return None
    page = ParsedPage(
        format=typed.format,
        records=typed.records,
        skipped=typed.skipped,
        timeframe=_timeframe(typed.frame),
        references=_references(typed.frame),
    )
    return page, typed.entries


def decode_page_entries_leniently(
    text: str | bytes, *, origin: str = "response"
) -> tuple[ParsedPage, int]:
    """:func:`decode_page_entries` by the lenient per-record reader.

    v2 record objects are turned into records while the JSON is decoded, so a 200k-record file
    never exists as 200k dicts at once. Raises :class:`ValueError` (``json.JSONDecodeError``) for
    text that is not JSON, and :class:`NotAnApiResponse` for JSON that is not a response.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    elif text.startswith("\ufeff"):
        text = text[1:]
    if '"agentsInfo"' in text:
        obj = json.loads(text)
        page = parse_page(obj, origin=origin)  # raises unless obj is a dict
        if page.format == "v1" and isinstance(obj["agentsInfo"], list):
            return page, len(obj["agentsInfo"])
        return page, len(page.records) + page.skipped_count
    read = _RecordReader().read

    def record_or_dict(obj: dict[str, Any]) -> Any:
        if "statusType" in obj and "time" in obj and "agentId" in obj:
            return read(obj)
        return obj

    decoded = json.loads(text, object_hook=record_or_dict)
    page = parse_page(decoded, origin=origin)
    return page, len(page.records) + page.skipped_count
