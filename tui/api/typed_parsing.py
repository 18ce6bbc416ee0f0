"""The fast path for Agent Activity responses: msgspec decodes a page straight into typed structs.

Tiers, fastest first; a page is read by the first that accepts it:

1. Every record exactly as the docs describe it (an ``agentId``, a readable ``time``, a known
   ``statusType``, numbers as numbers, names as text or null): msgspec validates all of it in C
   (:class:`WireRecordStrict`), so a record is only :func:`~tui.core.records.status_record` of its
   fields, the one rule for absent values that every reader uses. Every API response seen so far
   takes this tier.
2. Records of the documented JSON types but not all usable (no ``agentId``, a bad time, an unknown
   type): msgspec decodes them, and one tight loop applies exactly the lenient reader's rules
   (same skips, same reasons) record by record.
3. Anything msgspec refuses (a number sent as text, a record that is not an object, JSON that
   Python's ``json`` reads but msgspec does not, a response of another shape) makes
   :func:`decode_page_typed` return ``None``, and the caller reads the page with the lenient
   per-record reader, which skips and counts bad records one by one.

So the fast path changes how quickly a page is read, never what is read. Times are read by
msgspec, in C, when it reads them exactly as the rule does (:class:`WireRecordTimed`), else as
text. Callers that compute figures only (the export) skip ``prevStatusChangeTime``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import Annotated, Any, Generic, Literal, TypeVar, cast

import msgspec
from msgspec import UNSET, UnsetType

from tui.core.collector import collector_paused
from tui.core.records import (
    SKIP_BAD_TIME,
    SKIP_NO_AGENT_ID,
    SKIP_NO_TIME,
    SKIP_UNKNOWN_TYPE,
    PageFormat,
    StatusRecord,
    StatusType,
    status_record,
)
from tui.core.rfc3339 import fast_time_ms, parse_time_ms
from tui.core.windows import EARLIEST_MS, LATEST_MS

__all__ = ["TypedPage", "decode_page_typed"]

_INT64 = 2**63
"""Numbers must fit the cache's 64-bit columns (as in the lenient reader)."""
_Int64 = Annotated[int, msgspec.Meta(ge=-_INT64, le=_INT64 - 1)]
"""A larger number fails the typed decode, so the page goes to the lenient reader."""
KNOWN_STATUS_TYPES = frozenset(int(member) for member in StatusType)


def time_field(text: str) -> int | None:
    """A time text in any RFC 3339 form, ``None`` when unreadable (as the lenient reader)."""
    try:
        return parse_time_ms(text)
    except ValueError:
        return None


_Text = str | int | None
"""Names and ids the API sends as text; a number is read as its digits (as the lenient reader)."""


class _WireFields(msgspec.Struct, rename="camel", gc=False):
    """The fields of one v2 ``stateChanges[]`` record as the API sends it, but its ``time``
    (fields the docs do not list are ignored); a field with another JSON type fails validation,
    and the page falls back."""

    agent_id: _Int64 | None = None
    status_type: _Int64 | None = None
    status_sub_type: _Int64 | None = None
    sequence_number: _Int64 | None = None
    session_id: _Int64 | None = None
    agent_group_id: _Int64 | None = None
    status_reason_id: _Int64 | None = None
    status_reason_text: _Text = None
    employee_id: _Text = None
    agent_login_name: _Text = None
    agent_user_name: _Text = None


class WireRecordLean(_WireFields, rename="camel", gc=False):
    """One v2 record with its ``time`` as text, without ``prevStatusChangeTime``, which no
    figure needs; :class:`WireRecord` keeps it, for the cache."""

    time: str | None = None


class WireRecordTimed(_WireFields, rename="camel", gc=False):
    """:class:`WireRecordLean` with its ``time`` read by msgspec, in C, as an aware datetime.

    msgspec takes exactly the RFC 3339 forms :func:`~tui.core.rfc3339.parse_time_ms` reads, with
    the same instant, and refuses every other (a leap second, an hour 24, an offset of 24 h or
    with seconds, no offset...: the page then falls back to text times, which skip them as
    today), except one: it rounds a fraction of more than six digits to the microsecond, where
    the rule truncates to the millisecond. So a file whose bytes hold ``.ddd999d`` (a seventh
    digit that could carry) is never read this way (:func:`_carry_risk`); a property test holds
    the two readings to each other."""

    time: Annotated[datetime, msgspec.Meta(tz=True)] | None = None


class WireRecord(WireRecordLean, rename="camel", gc=False):
    """:class:`WireRecordLean` with ``prevStatusChangeTime`` (any JSON type: never validated)."""

    prev_status_change_time: Any = None


_Time = Annotated[datetime, msgspec.Meta(tz=True)]
"""A time msgspec reads in C (see :class:`WireRecordTimed` for when it reads it as the rule)."""


class WireRecordStrict(msgspec.Struct, rename="camel", gc=False):
    """One v2 record exactly as the docs describe it: an ``agentId``, a ``time`` msgspec reads
    (as :class:`WireRecordTimed`), a known ``statusType``, names and reasons as text or null.

    A page of such records (every API response seen so far) is the fast path's fast path: no
    field needs a check in Python, so each record is :func:`~tui.core.records.status_record` of
    its fields (:func:`_strict_records`). Any other page fails validation and is read by the
    per-record tiers below, which skip and count what is bad.
    """

    agent_id: _Int64
    time: _Time
    status_type: Literal[1, 3, 4]
    status_sub_type: _Int64 | None = None
    sequence_number: _Int64 | None = None
    session_id: _Int64 | None = None
    agent_group_id: _Int64 | None = None
    status_reason_id: _Int64 | None = None
    status_reason_text: str | None = None
    employee_id: str | None = None
    agent_login_name: str | None = None
    agent_user_name: str | None = None


class WireRecordStrictPrev(WireRecordStrict, rename="camel", gc=False):
    """:class:`WireRecordStrict` with ``prevStatusChangeTime`` read by msgspec (for the cache)."""

    prev_status_change_time: _Time | None = None


_R = TypeVar("_R", bound=msgspec.Struct)


class WireV1Change(msgspec.Struct, rename="camel", gc=False):
    """One v1 ``statusChangeHistory[]`` entry: its own fields win over the agent's."""

    agent_id: _Int64 | UnsetType | None = UNSET
    time: str | None = None
    status_type: _Int64 | None = None
    status_sub_type: _Int64 | None = None
    sequence_number: _Int64 | None = None
    session_id: _Int64 | None = None
    agent_group_id: _Int64 | UnsetType | None = UNSET
    status_reason_id: _Int64 | None = None
    status_reason_text: _Text = None
    employee_id: _Text | UnsetType = UNSET
    agent_login_name: _Text | UnsetType = UNSET
    agent_user_name: _Text | UnsetType = UNSET
    prev_status_change_time: Any = None


class WireV1Agent(msgspec.Struct, rename="camel", gc=False):
    """One v1 ``agentsInfo[]`` entry: the agent's fields and their history."""

    agent_id: _Int64 | None = None
    employee_id: _Text = None
    agent_login_name: _Text = None
    agent_user_name: _Text = None
    agent_group_id: _Int64 | None = None
    status_change_history: list[WireV1Change] | None = None


class WirePage(msgspec.Struct, Generic[_R]):
    """A response of either version; ``UNSET`` tells an absent key from ``null``."""

    state_changes: list[_R] | UnsetType | None = msgspec.field(name="stateChanges", default=UNSET)
    agents_info: list[WireV1Agent] | UnsetType | None = msgspec.field(
        name="agentsInfo", default=UNSET
    )
    metadata: Any = msgspec.field(name="_metadata", default=None)
    metadata_v1: Any = msgspec.field(name="metadata", default=None)
    timeframe: Any = None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_CARRY_RISK_BYTES = re.compile(rb"\.[0-9]{3}999[0-9]")
_CARRY_RISK_TEXT = re.compile(r"\.[0-9]{3}999[0-9]")
_ESCAPED_BYTES = re.compile(rb"\\u00(?:3[0-9]|2[eE])")
_ESCAPED_TEXT = re.compile(r"\\u00(?:3[0-9]|2[eE])")
_SLICE = 4096
"""Wire records read (and then freed) at a time by :func:`_v2_records`."""
_STRICT_DECODER = msgspec.json.Decoder(WirePage[WireRecordStrict])
_STRICT_PREV_DECODER = msgspec.json.Decoder(WirePage[WireRecordStrictPrev])
_DECODER = msgspec.json.Decoder(WirePage[WireRecord])
_LEAN_DECODER = msgspec.json.Decoder(WirePage[WireRecordLean])
_TIMED_DECODER = msgspec.json.Decoder(WirePage[WireRecordTimed])


def _carry_risk(text: str | bytes) -> bool:
    """Whether ``text`` holds ``.ddd999`` and a seventh digit: a time whose microsecond rounding
    could carry into its milliseconds (then its times are read as text). A JSON escape of a
    digit or a dot could hide one: any such escape counts as a risk too."""
    if isinstance(text, bytes):
        if text.find(b"\\") != -1 and _ESCAPED_BYTES.search(text) is not None:
            return True
        return _CARRY_RISK_BYTES.search(text) is not None
    if text.find("\\") != -1 and _ESCAPED_TEXT.search(text) is not None:
        return True
    return _CARRY_RISK_TEXT.search(text) is not None


def _instant_ms(instant: datetime) -> int | None:
    """A time msgspec read (:class:`WireRecordTimed`) in epoch ms; ``None`` outside 1970..9998
    (a bad time, as in the lenient reader)."""
    time_ms: int = (instant - _EPOCH) // _MS
    return time_ms if EARLIEST_MS <= time_ms < LATEST_MS else None


class _Converter:
    """Wire values -> :class:`StatusRecord`, with the lenient reader's rules for every value.

    Texts that repeat (names, reasons) share one string object, and a time text seen before
    (``prevStatusChangeTime`` is usually the previous record's ``time``) is not parsed again.
    """

    __slots__ = ("_texts", "_times", "skipped")

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._times: dict[str, int | None] = {}
        self.skipped: dict[str, int] = {}

    def _skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def _time(self, text: str) -> int | None:
        times = self._times
        time_ms = times.get(text, UNSET)
        if time_ms is UNSET:
            time_ms = fast_time_ms(text)
            if time_ms is None:
                time_ms = time_field(text)
            if time_ms is not None and not EARLIEST_MS <= time_ms < LATEST_MS:
                time_ms = None  # outside 1970..9998: a bad time, as in the lenient reader
            times[text] = time_ms
        return time_ms

    def _text(self, value: _Text | UnsetType) -> str | None:
        if type(value) is str:
            return self._texts.setdefault(value, value) if value else None
        if type(value) is int:
            return str(value)
        return None

    def record(  # noqa: PLR0917 - positional: called once per record
        self,
        agent_id: int | None,
        time_text: str | datetime | None,
        status_type: int | None,
        subtype: int | None,
        sequence: int | None,
        session_id: int | None,
        group_id: int | None,
        reason_id: int | None,
        reason_text: _Text,
        employee_id: _Text | UnsetType,
        login_name: _Text | UnsetType,
        user_name: _Text | UnsetType,
        prev_text: Any,
    ) -> StatusRecord | None:
        """The record, or ``None`` after counting why it was skipped."""
        if agent_id is None or not -_INT64 <= agent_id < _INT64:
            self._skip(SKIP_NO_AGENT_ID)
            return None
        if not time_text:
            self._skip(SKIP_NO_TIME)
            return None
        time_ms = self._time(time_text) if isinstance(time_text, str) else _instant_ms(time_text)
        if time_ms is None:
            self._skip(SKIP_BAD_TIME)
            return None
        if status_type not in KNOWN_STATUS_TYPES:
            self._skip(SKIP_UNKNOWN_TYPE)
            return None
        numbers = (subtype or 0, sequence or 0, session_id or 0, group_id or 0, reason_id or 0)
        if min(numbers) < -_INT64 or max(numbers) >= _INT64:  # read as missing, as the lenient
            subtype, sequence, session_id, group_id, reason_id = (
                None if value is not None and not -_INT64 <= value < _INT64 else value
                for value in (subtype, sequence, session_id, group_id, reason_id)
            )
        return status_record(
            agent_id,
            time_ms,
            status_type,
            subtype,
            sequence,
            session_id,
            group_id,
            self._text(employee_id),
            self._text(login_name),
            self._text(user_name),
            reason_id,
            self._text(reason_text),
            self._time(prev_text) if type(prev_text) is str else None,
        )


def _v2_records(
    changes: list[WireRecord] | list[WireRecordLean] | list[WireRecordTimed],
    converter: _Converter,
    *,
    prev_times: bool,
) -> list[StatusRecord]:
    """The hot loop of a 200k-record file: :meth:`_Converter.record` inlined for the common case
    (an agent id, a time in the API's own format, a known type); anything else goes through it.

    An agent's names are mostly their record before's: equal texts become that record's (already
    read) objects. ``prev_times`` reads ``prevStatusChangeTime`` (``changes`` are then
    :class:`WireRecord` s), usually the agent's record before's ``time``, read already. Times
    msgspec read (:class:`WireRecordTimed`) are converted, not parsed.

    ``changes`` is emptied a slice at a time as it is read, so the records take the memory of the
    wire structs just read (a 200k-record file: some 25 MB less at the peak, and as many fewer
    fresh pages for the kernel to hand out).
    """
    convert = converter.record
    make = status_record
    texts = converter._texts.setdefault
    records: list[StatusRecord] = []
    append = records.append
    known = KNOWN_STATUS_TYPES
    fast_time = fast_time_ms
    epoch, one_ms = _EPOCH, _MS
    last: dict[int, StatusRecord] = {}  # agent id -> their last record
    last_of = last.get
    last_texts: dict[int, str] = {}  # agent id -> their last record's time text (prev_times)
    prev_ms: int | None = None
    changes.reverse()  # so that each slice is taken off the end
    while changes:
        chunk = changes[-_SLICE:]
        del changes[-_SLICE:]
        chunk.reverse()
        for wire in chunk:
            agent_id = wire.agent_id
            time_text = wire.time
            status_type = wire.status_type
            if isinstance(time_text, str):
                time_ms = fast_time(time_text) if time_text else None
            else:  # a datetime msgspec read, or None
                time_ms = None if time_text is None else (time_text - epoch) // one_ms
            if (
                agent_id is None
                or time_ms is None
                or not EARLIEST_MS <= time_ms < LATEST_MS
                or status_type not in known
            ):
                record = convert(
                    agent_id,
                    time_text,
                    status_type,
                    wire.status_sub_type,
                    wire.sequence_number,
                    wire.session_id,
                    wire.agent_group_id,
                    wire.status_reason_id,
                    wire.status_reason_text,
                    wire.employee_id,
                    wire.agent_login_name,
                    wire.agent_user_name,
                    getattr(wire, "prev_status_change_time", None),  # absent when lean
                )
                if record is not None:
                    append(record)
                continue
            employee_id = wire.employee_id
            login_name = wire.agent_login_name
            user_name = wire.agent_user_name
            before = last_of(agent_id)
            if (
                before is not None
                and employee_id == before.employee_id
                and login_name == before.login_name
                and user_name == before.user_name
            ):  # raw values equal to read ones were read the same: share those objects
                employee_id = before.employee_id
                login_name = before.login_name
                user_name = before.user_name
            else:  # the one string object of each distinct value; "" is none, a number its digits
                if type(employee_id) is str:
                    employee_id = texts(employee_id, employee_id) if employee_id else None
                elif employee_id is not None:
                    employee_id = str(employee_id)
                if type(login_name) is str:
                    login_name = texts(login_name, login_name) if login_name else None
                elif login_name is not None:
                    login_name = str(login_name)
                if type(user_name) is str:
                    user_name = texts(user_name, user_name) if user_name else None
                elif user_name is not None:
                    user_name = str(user_name)
            reason_text = wire.status_reason_text
            if type(reason_text) is str:
                reason_text = texts(reason_text, reason_text) if reason_text else None
            elif reason_text is not None:
                reason_text = str(reason_text)
            if prev_times:
                prev_text = wire.prev_status_change_time  # type: ignore[union-attr]
                prev_ms = None
                if type(prev_text) is str:
                    if before is not None and last_texts[agent_id] == prev_text:
                        prev_ms = before.time_ms  # usually the record before's time: read already
                    else:
                        prev_ms = fast_time(prev_text)
                        if prev_ms is None or not EARLIEST_MS <= prev_ms < LATEST_MS:
                            prev_ms = converter._time(prev_text)  # other forms; out of range: None
                last_texts[agent_id] = time_text  # type: ignore[assignment]  # a time was read
            record = make(
                agent_id,
                time_ms,
                status_type,
                wire.status_sub_type,
                wire.sequence_number,
                wire.session_id,
                wire.agent_group_id,
                employee_id,
                login_name,
                user_name,
                wire.status_reason_id,
                reason_text,
                prev_ms,
            )
            last[agent_id] = record
            append(record)
    return records


def _pick(own: Any, agents: Any) -> Any:
    return agents if own is UNSET else own


def _v1_records(agents: list[WireV1Agent], converter: _Converter) -> list[StatusRecord]:
    convert = converter.record
    records = []
    for agent in agents:
        history = agent.status_change_history
        if type(history) is not list:
            continue
        for change in history:
            record = convert(
                _pick(change.agent_id, agent.agent_id),
                change.time,
                change.status_type,
                change.status_sub_type,
                change.sequence_number,
                change.session_id,
                _pick(change.agent_group_id, agent.agent_group_id),
                change.status_reason_id,
                change.status_reason_text,
                _pick(change.employee_id, agent.employee_id),
                _pick(change.agent_login_name, agent.agent_login_name),
                _pick(change.agent_user_name, agent.agent_user_name),
                change.prev_status_change_time,
            )
            if record is not None:
                records.append(record)
    return records


@dataclass(frozen=True, slots=True)
class TypedPage:
    """What the fast path read: the records, the skips per reason, the entries ``offset``
    counts, and the page's metadata objects (``_metadata``, ``metadata``, ``timeframe``) for
    the one reader of timeframes and references in :mod:`tui.api.parsing`."""

    format: PageFormat
    records: tuple[StatusRecord, ...]
    skipped: dict[str, int]
    entries: int
    frame: dict[str, Any]


_Page = (
    WirePage[WireRecord]
    | WirePage[WireRecordLean]
    | WirePage[WireRecordTimed]
    | WirePage[WireRecordStrict]
    | WirePage[WireRecordStrictPrev]
)
_time_ms = attrgetter("time_ms")


def _strict_records(
    changes: list[WireRecordStrict] | list[WireRecordStrictPrev], *, prev_times: bool
) -> list[StatusRecord] | None:
    """The records of a page msgspec read as :class:`WireRecordStrict` s: one C-built record
    per wire record, by the one rule (:func:`~tui.core.records.status_record`); ``None`` when
    a time lies outside 1970..9998 (the per-record tiers then skip it as a bad time).

    ``changes`` is emptied a slice at a time as it is read (as in :func:`_v2_records`).
    """
    make = status_record
    epoch, one_ms = _EPOCH, _MS
    records: list[StatusRecord] = []
    changes.reverse()  # so that each slice is taken off the end
    while changes:
        chunk = changes[-_SLICE:]
        del changes[-_SLICE:]
        chunk.reverse()
        if prev_times:
            records += [
                make(
                    wire.agent_id,
                    (wire.time - epoch) // one_ms,
                    wire.status_type,
                    wire.status_sub_type,
                    wire.sequence_number,
                    wire.session_id,
                    wire.agent_group_id,
                    wire.employee_id,
                    wire.agent_login_name,
                    wire.agent_user_name,
                    wire.status_reason_id,
                    wire.status_reason_text,
                    None
                    if (prev := wire.prev_status_change_time) is None
                    else (prev - epoch) // one_ms,
                )
                for wire in cast("list[WireRecordStrictPrev]", chunk)
            ]
            continue
        records += [
            make(
                wire.agent_id,
                (wire.time - epoch) // one_ms,
                wire.status_type,
                wire.status_sub_type,
                wire.sequence_number,
                wire.session_id,
                wire.agent_group_id,
                wire.employee_id,
                wire.agent_login_name,
                wire.agent_user_name,
                wire.status_reason_id,
                wire.status_reason_text,
            )
            for wire in chunk
        ]
    if records:
        times = list(map(_time_ms, records))
        if prev_times:
            times += [record.prev_time_ms for record in records if record.prev_time_ms is not None]
        if min(times) < EARLIEST_MS or max(times) >= LATEST_MS:
            return None
    return records


def _wire_readings(text: str | bytes, *, prev_times: bool) -> Iterator[_Page]:
    """The page as wire structs, by each tier msgspec accepts it in, fastest first: every
    field as documented (:class:`WireRecordStrict`), then (without ``prev_times``) times read
    by msgspec when it reads them as the rule does (:class:`WireRecordTimed`), then times as
    text. None: msgspec refuses the page (wrong types, not JSON, another shape)."""
    decoders: list[msgspec.json.Decoder[Any]] = [_DECODER if prev_times else _LEAN_DECODER]
    if not _carry_risk(text):  # a time msgspec would round: read them as text
        if not prev_times:
            decoders.insert(0, _TIMED_DECODER)
        decoders.insert(0, _STRICT_PREV_DECODER if prev_times else _STRICT_DECODER)
    for decoder in decoders:
        try:
            with collector_paused():
                wire: _Page = decoder.decode(text)
        except msgspec.DecodeError:  # includes ValidationError
            continue
        yield wire


def _decode_wire(text: str | bytes, *, prev_times: bool) -> _Page | None:
    """The page as wire structs of the fastest tier that reads it (:func:`_wire_readings`);
    ``None``: msgspec refuses the page."""
    return next(_wire_readings(text, prev_times=prev_times), None)


def decode_page_typed(text: str | bytes, *, prev_times: bool = True) -> TypedPage | None:
    """The page read through msgspec, or ``None`` when only the lenient reader can read it
    (including a body that is not a response at all: the lenient reader names what is wrong).

    ``prev_times=False`` leaves :attr:`StatusRecord.prev_time_ms` of v2 records ``None`` (msgspec
    skips the field): for callers that only compute figures, which never use it.
    """
    converter = _Converter()
    page_format: PageFormat
    for wire in _wire_readings(text, prev_times=prev_times):
        changes = wire.state_changes
        if isinstance(changes, list) and changes and isinstance(changes[0], WireRecordStrict):
            with collector_paused():
                strict = _strict_records(changes, prev_times=prev_times)
            if strict is None:
                continue  # a time out of range: a slower tier skips it
            page_format, records = "v2", strict
            break
        with collector_paused():
            if changes is not UNSET:
                page_format = "v2"
                per_record = cast("list[WireRecord] | list[WireRecordLean] | None", changes)
                records = _v2_records(per_record or [], converter, prev_times=prev_times)
            elif wire.agents_info is not UNSET:
                page_format = "v1"
                records = _v1_records(wire.agents_info or [], converter)
            else:
                return None  # a page without records: rare, and the lenient reader's to judge
        break
    else:
        return None
    entries = len(records) + sum(converter.skipped.values())
    if page_format == "v1" and wire.agents_info:
        entries = len(wire.agents_info)
    return TypedPage(
        format=page_format,
        records=tuple(records),
        skipped=converter.skipped,
        entries=entries,
        frame={
            "_metadata": wire.metadata,
            "metadata": wire.metadata_v1,
            "timeframe": wire.timeframe,
        },
    )
