"""Status-change records as the API reports them, frozen and typed.

All times are integer milliseconds since the Unix epoch (UTC). Both the v2 and the v1 response
formats parse into the same :class:`StatusRecord`, so analysis never cares where a record came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from functools import lru_cache
from typing import Literal

import msgspec

from tui.core.text import printable

NO_GROUP = -1
"""``agentGroupId`` when the agent belongs to no group."""

NO_SEQUENCE = 0
"""``sequence`` when the API sent no ``sequenceNumber``."""
NO_SESSION = -1
"""``session_id`` when the API sent no ``sessionId``: the API's own stand-in for a session it has
not filled in yet."""


def group_display_name(group_id: int, configured: Mapping[int, str]) -> str:
    """A team's name: the configured one, else ``No group`` / ``Group 12345``."""
    name = configured.get(group_id)
    if name:
        return printable(name)
    return "No group" if group_id == NO_GROUP else f"Group {group_id}"


class StatusType(IntEnum):
    """``statusType``: what kind of record this is."""

    STATE_CHANGE = 1
    LOGIN = 3
    LOGOUT = 4


_EVENT_RANK: dict[int, int] = {
    StatusType.LOGOUT: 0,
    StatusType.LOGIN: 1,
    StatusType.STATE_CHANGE: 2,
}
"""Order of records stamped with the same millisecond (see :meth:`StatusRecord.sort_key`)."""


class StatusSubType(IntEnum):
    """``statusSubType`` of a state change (statusType 1)."""

    OFFLINE = 1
    ONLINE = 2
    OCCUPIED = 3
    AWAY = 4


class State(Enum):
    """What an agent was doing during an interval (DESIGN.md §2).

    ``UNKNOWN`` is logged in with no known state. The others appear only on timelines and never
    count: ``LOGGED_OUT`` (not logged in), ``PENDING`` (after ``data_complete_to``, happened,
    may be incomplete), ``PROVISIONAL`` (pending time that records already arrived for
    describe), ``NOT_YET`` (after now: has not happened).
    """

    ONLINE = "online"
    OCCUPIED = "occupied"
    AWAY = "away"
    OFFLINE = "offline"
    OTHER = "other"
    UNKNOWN = "unknown"
    LOGGED_OUT = "logged_out"
    PENDING = "pending"
    PROVISIONAL = "provisional"
    NOT_YET = "not_yet"


SUBTYPE_STATE: Mapping[int, State] = {
    StatusSubType.OFFLINE: State.OFFLINE,
    StatusSubType.ONLINE: State.ONLINE,
    StatusSubType.OCCUPIED: State.OCCUPIED,
    StatusSubType.AWAY: State.AWAY,
}


def state_of_subtype(subtype: int | None) -> State:
    """The state a type-1 record sets; an unknown subtype is ``OTHER``."""
    if subtype is None:
        return State.OTHER
    return SUBTYPE_STATE.get(subtype, State.OTHER)


@lru_cache(maxsize=4096)
def reason_label(reason_id: int | None, reason_text: str | None) -> str:
    """How an away reason is keyed everywhere: its text (trimmed; blank text is no text),
    ``reason #ID``, or ``(none)``.

    Cached: an account has a handful of reasons, and every away record of a day (a sixth of a
    200k-record file) asks for one of them."""
    text = reason_text.strip() if reason_text else ""
    if text:
        return printable(text)
    if reason_id is not None and reason_id > 0:
        return f"reason #{reason_id}"
    return "(none)"


RecordIdentity = tuple[int, int, int, int, int, int]
"""``(agent_id, time_ms, sequence, status_type, subtype key, reason key)``, from
:meth:`StatusRecord.identity` (the one identity rule)."""

MISSING_KEY = -1
"""Stands for a missing subtype or reason id inside an identity (the cache's primary key holds
the same stand-in: a key cannot hold NULLs that compare equal)."""


class StatusRecord(msgspec.Struct, frozen=True, gc=False):
    """One status change of one agent.

    A frozen msgspec struct: built in C (a cached day is a million of them), and left out of the
    cyclic garbage collector's scans (``gc=False``: it holds only numbers, text and ``None``, so
    it can never be part of a cycle).

    ``session_id`` is -1 on the first two records of a session (the API fills it in later), so it
    is *not* part of :meth:`identity`; ``reason_id``/``reason_text`` are ``None`` when the API sent
    -1/null or 0/"" (no reason).
    """

    agent_id: int
    time_ms: int
    status_type: int
    status_subtype: int | None
    sequence: int
    session_id: int = NO_SESSION
    group_id: int = NO_GROUP
    employee_id: str | None = None
    login_name: str | None = None
    user_name: str | None = None
    reason_id: int | None = None
    reason_text: str | None = None
    prev_time_ms: int | None = None

    def identity(self) -> RecordIdentity:
        """The key that names this record across pages, refetches and formats.

        The one identity rule, for pages, refetches, formats and the cache alike: stable when the
        API later fills in ``sessionId`` or renames the agent; two records with the same identity
        are the same event.
        """
        subtype = self.status_subtype
        reason_id = self.reason_id
        return (
            self.agent_id,
            self.time_ms,
            self.sequence,
            self.status_type,
            MISSING_KEY if subtype is None else subtype,
            MISSING_KEY if reason_id is None else reason_id,
        )

    def sort_key(self) -> tuple[int, int, int]:
        """Order within one agent: time; at equal times a logout first, then a login, then state
        changes by sequence number (a disconnect and reconnect stamped with the same
        millisecond end the old session before the new one starts)."""
        return (self.time_ms, _EVENT_RANK.get(self.status_type, 3), self.sequence)

    @property
    def state(self) -> State | None:
        """The state this record sets, or ``None`` for logins, logouts and unknown types."""
        if self.status_type == StatusType.STATE_CHANGE:
            return state_of_subtype(self.status_subtype)
        return None

    @property
    def reason(self) -> str | None:
        """The away reason label when this record sets the away state, else ``None``."""
        if (
            self.status_type == StatusType.STATE_CHANGE
            and self.status_subtype == StatusSubType.AWAY
        ):
            return reason_label(self.reason_id, self.reason_text)
        return None


def status_record(  # noqa: PLR0917 - positional: once per record of every reader
    agent_id: int,
    time_ms: int,
    status_type: int,
    subtype: int | None,
    sequence: int | None,
    session_id: int | None,
    group_id: int | None,
    employee_id: str | None,
    login_name: str | None,
    user_name: str | None,
    reason_id: int | None,
    reason_text: str | None,
    prev_time_ms: int | None = None,
) -> StatusRecord:
    """The record of one status change from its values as read (``None``: absent or null).

    The one rule for what the API leaves out, shared by every reader (the typed fast path, its
    per-record fallback and the lenient reader): no ``sequenceNumber`` is :data:`NO_SEQUENCE`,
    no ``sessionId`` :data:`NO_SESSION`, no ``agentGroupId`` :data:`NO_GROUP`; a reason id of 0
    or less is no reason id, and an empty text is no text.
    """
    return StatusRecord(
        agent_id,
        time_ms,
        status_type,
        subtype,
        NO_SEQUENCE if sequence is None else sequence,
        NO_SESSION if session_id is None else session_id,
        NO_GROUP if group_id is None else group_id,
        employee_id or None,
        login_name or None,
        user_name or None,
        reason_id if reason_id is not None and reason_id > 0 else None,
        reason_text or None,
        prev_time_ms,
    )


@dataclass(frozen=True, slots=True)
class Timeframe:
    """The ``[start, end)`` range a response says it covers."""

    start_ms: int
    end_ms: int


PageFormat = Literal["v2", "v1"]

SKIP_NOT_AN_OBJECT = "not an object"
SKIP_NO_AGENT_ID = "no agentId"
SKIP_NO_TIME = "no time"
SKIP_BAD_TIME = "bad time"
SKIP_UNKNOWN_TYPE = "unknown statusType"
"""Why a record is skipped: the keys of :attr:`ParsedPage.skipped`, and of the per-reason counts
every layer passes on (fetch, sync, load, report, export, the monitor)."""


@dataclass(frozen=True)
class ParsedPage:
    """The readable content of one API response page.

    ``skipped`` counts unreadable or not-understood records by reason (e.g. ``"no agentId"``);
    ``references`` maps ``rel`` -> ``href`` from ``_metadata.references`` (v2 only).
    """

    format: PageFormat
    records: tuple[StatusRecord, ...]
    skipped: Mapping[str, int] = field(default_factory=dict)
    timeframe: Timeframe | None = None
    references: Mapping[str, str] = field(default_factory=dict)

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())
