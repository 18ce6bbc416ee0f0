"""One agent's records -> logged-in segments: the state machine of DESIGN.md §2.

The walk is the hot loop of every analysis (200k records per export), so it works on plain
tuples and locals and builds no objects per record beyond the segments it emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from tui.core.records import State, StatusRecord, StatusType, reason_label

Segment = tuple[int, int, State, str | None]
"""``(start_ms, end_ms, state, away reason)``: one logged-in stretch in one state, clipped."""

_LOGIN = int(StatusType.LOGIN)
_LOGOUT = int(StatusType.LOGOUT)
_STATE_CHANGE = int(StatusType.STATE_CHANGE)
_KNOWN_TYPES = frozenset((_LOGIN, _LOGOUT, _STATE_CHANGE))
_AWAY = State.AWAY
_UNKNOWN = State.UNKNOWN
_OTHER = State.OTHER
_SUBTYPE_STATES = (State.OTHER, State.OFFLINE, State.ONLINE, State.OCCUPIED, State.AWAY)
"""State by ``statusSubType`` 1-4 (index 0 unused), see
:func:`~tui.core.records.state_of_subtype`."""


def order_key(record: StatusRecord) -> tuple[object, ...]:
    """:meth:`StatusRecord.sort_key` refined by :meth:`StatusRecord.identity`.

    Records that tie on (time, sequence) still sort the same way whatever order they came in, and
    exact duplicates end up next to each other, so dropping them needs only the previous record.
    """
    return (*record.sort_key(), *record.identity())


_time_and_sequence = attrgetter("time_ms", "sequence")


@dataclass(slots=True)
class AgentWalk:
    """What the state machine found for one agent inside ``[window start, complete_to)``."""

    segments: list[Segment] = field(default_factory=list)
    sessions: int = 0
    state_changes: int = 0
    first_login_ms: int | None = None
    last_logout_ms: int | None = None
    logged_in_at_end: bool = False
    short_flips: list[Segment] = field(default_factory=list)
    unknown_type_records: int = 0
    has_record_in_window: bool = False
    latest_record: StatusRecord | None = None
    """The agent's last record before the window end (else their last record): who they are."""


def walk_agent(
    records: list[StatusRecord],
    start_ms: int,
    end_ms: int,
    complete_to_ms: int,
    *,
    short_flip_ms: int,
) -> AgentWalk:
    """Run the §2 state machine over one agent's records (sorted here, in place).

    ``complete_to_ms`` is ``min(window end, data_complete_to)``: open intervals end there, and
    records at or after it are not counted (their time is pending). Records before the window only
    set the state carried into it. When there are none and the agent's first record is a state
    change or logout, the agent was already logged in: *unknown* from the window start.
    """
    times_and_sequences = list(map(_time_and_sequence, records))
    if len(set(times_and_sequences)) == len(times_and_sequences):
        records.sort(key=_time_and_sequence)  # no ties: the C key gives the same order, faster
    else:
        records.sort(key=order_key)
    walk = AgentWalk()
    segments = walk.segments
    append_segment = segments.append
    logged_in = False
    state = _UNKNOWN
    reason: str | None = None
    state_set_at: int | None = None  # time of the state change that set ``state`` (for flips)
    segment_start = start_ms
    previous: StatusRecord | None = None
    seen_first = False
    unknown_types = sessions = state_changes = 0
    first_login_ms: int | None = None
    last_logout_ms: int | None = None
    in_window = False
    latest: StatusRecord | None = None

    for record in records:
        if (
            previous is not None
            and previous.time_ms == record.time_ms
            and previous.identity() == record.identity()
        ):
            continue
        previous = record
        status_type = record.status_type
        if status_type not in _KNOWN_TYPES:
            unknown_types += 1
            continue
        time_ms = record.time_ms
        if time_ms < end_ms:
            latest = record
        if not seen_first:
            seen_first = True
            if time_ms >= start_ms and status_type != _LOGIN:
                logged_in = True
        if time_ms >= complete_to_ms:
            in_window = in_window or start_ms <= time_ms < end_ms
            continue
        if status_type == _STATE_CHANGE:
            subtype = record.status_subtype
            new_state = (
                _SUBTYPE_STATES[subtype] if subtype is not None and 0 < subtype < 5 else _OTHER
            )
            new_reason = (
                reason_label(record.reason_id, record.reason_text) if new_state is _AWAY else None
            )
            if time_ms < start_ms:
                logged_in, state, reason = True, new_state, new_reason
                continue
            in_window = True
            state_changes += 1
            if logged_in:
                if new_state is state and new_reason == reason:
                    continue
                if time_ms > segment_start:
                    if segments and segments[-1][1] == segment_start:
                        _emit(segments, segment_start, time_ms, state, reason)
                    else:
                        append_segment((segment_start, time_ms, state, reason))
                if state_set_at is not None and 0 < time_ms - state_set_at < short_flip_ms:
                    walk.short_flips.append((state_set_at, time_ms, state, reason))
            logged_in, state, reason = True, new_state, new_reason
            segment_start = state_set_at = time_ms
            continue
        if time_ms < start_ms:
            logged_in, state, reason = status_type == _LOGIN, _UNKNOWN, None
            continue
        in_window = True
        if logged_in and time_ms > segment_start:
            _emit(segments, segment_start, time_ms, state, reason)
        if status_type == _LOGIN:
            sessions += 1
            if first_login_ms is None:
                first_login_ms = time_ms
            logged_in = True
        else:
            last_logout_ms = time_ms
            logged_in = False
        state, reason = _UNKNOWN, None
        segment_start = time_ms
        state_set_at = None

    if logged_in and complete_to_ms > segment_start:
        _emit(segments, segment_start, complete_to_ms, state, reason)
    walk.sessions = sessions
    walk.state_changes = state_changes
    walk.first_login_ms = first_login_ms
    walk.last_logout_ms = last_logout_ms
    walk.has_record_in_window = in_window
    walk.logged_in_at_end = logged_in
    walk.unknown_type_records = unknown_types
    walk.latest_record = latest if latest is not None else previous
    return walk


def _emit(
    segments: list[Segment], start_ms: int, end_ms: int, state: State, reason: str | None
) -> None:
    """Append a segment, merging it into the previous one when it simply continues it."""
    if segments:
        last_start, last_end, last_state, last_reason = segments[-1]
        if last_end == start_ms and last_state is state and last_reason == reason:
            segments[-1] = (last_start, end_ms, state, reason)
            return
    segments.append((start_ms, end_ms, state, reason))
