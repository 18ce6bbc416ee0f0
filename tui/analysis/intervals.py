"""One agent's records -> logged-in segments: the state machine of docs/semantics.md.

The walk is the hot loop of every analysis (200k records per export), so it works on plain
tuples and locals and builds no objects per record beyond the segments it emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, count, islice
from operator import attrgetter, eq, le, lt

from tui.core.records import RecordIdentity, State, StatusRecord, StatusType, reason_label

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
TOTALS_ORDER = (
    State.ONLINE,
    State.OCCUPIED,
    State.AWAY,
    State.OFFLINE,
    State.OTHER,
    State.UNKNOWN,
)
"""The states :attr:`AgentWalk.spent_ms` sums, in its order."""
_SUBTYPE_SLOTS = (4, 3, 0, 1, 2)
"""Where the state of ``statusSubType`` 1-4 is summed in :attr:`AgentWalk.spent_ms`."""
_OTHER_SLOT = 4
_UNKNOWN_SLOT = 5
_AWAY_SLOT = 2


_time = attrgetter("time_ms")
_NO_LIMIT = 2**63


def order_key(record: StatusRecord) -> tuple[object, ...]:
    """:meth:`StatusRecord.sort_key` refined by :meth:`StatusRecord.identity`.

    Records that tie on the sort key still sort the same way whatever order they came in, and
    copies of one event end up next to each other (in the order they were fetched: the sort is
    stable), so dropping them needs only the run of equal identities.
    """
    return (*record.sort_key(), *record.identity())


def same_event(kept: StatusRecord, record: StatusRecord) -> bool:
    """Two records of equal identity are one event unless both carry different real sessionIds
    (the API fills sessionId in later, so -1 matches any)."""
    return kept.session_id in (record.session_id, -1) or record.session_id == -1


def _distinct_run(run: list[StatusRecord]) -> list[StatusRecord]:
    """Records of one instant, in :func:`order_key` order with copies of one event dropped."""
    run.sort(key=order_key)
    result: list[StatusRecord] = []
    run_start = 0  # where the records with the last record's identity begin in ``result``
    run_identity: RecordIdentity | None = None
    for record in run:
        identity = record.identity()
        if identity != run_identity:
            run_identity = identity
            run_start = len(result)
            result.append(record)
            continue
        for index in range(run_start, len(result)):
            kept = result[index]
            if same_event(kept, record):
                if record.session_id != -1 or kept.session_id == -1:
                    result[index] = record
                break
        else:
            result.append(record)
    return result


def distinct_events(records: list[StatusRecord]) -> list[StatusRecord]:
    """One record per event, in :func:`order_key` order (DESIGN §2 duplicates).

    Of the copies of one event the one with a real sessionId is kept, else the one fetched last
    (the later one in ``records``). Copies share their instant, so only records that share one
    need more than the time: the list is sorted by time (C keys; nothing to do when the rows
    already come in order, as the cache's do) and each instant held by several records is put
    in order and rid of copies on its own. ``records`` may be sorted in place.
    """
    times = [record.time_ms for record in records]  # cheaper than map(attrgetter) here
    if all(map(lt, times, islice(times, 1, None))):
        return records  # strictly increasing: in order, no two records share an instant
    if not all(map(le, times, islice(times, 1, None))):
        records.sort(key=_time)  # stable: records of one instant keep the order they came in
        times = [record.time_ms for record in records]
    shared = list(compress(count(1), map(eq, times, islice(times, 1, None))))
    if not shared:
        return records
    result: list[StatusRecord] = []
    done = 0  # records[:done] are in result
    position = 0
    while position < len(shared):
        end = shared[position]
        start = end - 1
        while position < len(shared) and shared[position] == end:
            end += 1
            position += 1
        result.extend(records[done:start])
        result.extend(_distinct_run(records[start:end]))
        done = end
    result.extend(records[done:])
    return result


@dataclass(slots=True)
class AgentWalk:
    """What the state machine found for one agent inside ``[window start, complete_to)``.

    ``provisional`` are the segments the records after ``complete_to`` (still arriving) describe
    up to ``pending_end``: shown as such, never counted.
    """

    segments: list[Segment] = field(default_factory=list)
    provisional: list[Segment] = field(default_factory=list)
    provisional_records: int = 0
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
    spent_ms: list[int] = field(default_factory=lambda: [0] * len(TOTALS_ORDER))
    """Counted time per state of :data:`TOTALS_ORDER`, summed while the segments are found."""
    away_ms: dict[str, int] = field(default_factory=dict)
    """Counted away time per reason label."""


def walk_agent(
    records: list[StatusRecord],
    start_ms: int,
    end_ms: int,
    complete_to_ms: int,
    *,
    short_flip_ms: int,
    pending_end_ms: int | None = None,
    data_complete_to_ms: int | None = None,
    keep_segments: bool = True,
) -> AgentWalk:
    """Run the §2 state machine over one agent's records (deduplicated and sorted here).

    ``complete_to_ms`` is ``min(window end, data_complete_to)``: open intervals end there, and
    records at or after it are not counted; those before ``pending_end_ms`` (``min(window end,
    now)``, the window end when not given) are *provisional*: the walk goes on over them into
    :attr:`AgentWalk.provisional` only. Records before the window only set the state carried
    into it. When there are none and the agent's first record is a state change or logout known
    to be complete (before ``data_complete_to_ms``, unclipped; ``None``: all are), the agent
    was already logged in: *unknown* from the window start.

    ``keep_segments=False`` only sums the counted segments (:attr:`AgentWalk.spent_ms`,
    :attr:`AgentWalk.away_ms`) and leaves :attr:`AgentWalk.segments` empty: for callers that
    print totals only (an export without a schedule), saving a tuple per state change.
    """
    pending_end = end_ms if pending_end_ms is None else max(complete_to_ms, pending_end_ms)
    known_to = _NO_LIMIT if data_complete_to_ms is None else data_complete_to_ms
    records = distinct_events(records)
    walk = AgentWalk()
    segments: list[Segment] | None = walk.segments if keep_segments else None
    spent: _Spent | None = (walk.spent_ms, walk.away_ms)  # None once only provisional is drawn
    logged_in = False
    state = _UNKNOWN
    slot = _UNKNOWN_SLOT  # where ``state``'s time is summed
    reason: str | None = None
    state_set_at: int | None = None  # time of the state change that set ``state`` (for flips)
    segment_start = start_ms
    seen_first = False
    unknown_types = sessions = state_changes = 0
    first_login_ms: int | None = None
    last_logout_ms: int | None = None
    in_window = False
    latest: StatusRecord | None = None
    counting = True  # before complete_to; afterwards the walk only draws provisional segments
    provisional_records = 0

    for record in records:
        status_type = record.status_type
        if status_type not in _KNOWN_TYPES:
            unknown_types += 1
            continue
        time_ms = record.time_ms
        if time_ms < end_ms:
            latest = record
        if not seen_first:
            seen_first = True
            if time_ms >= start_ms and status_type != _LOGIN and time_ms < known_to:
                logged_in = True  # the first record says the agent was logged in already
        if time_ms >= complete_to_ms:
            if time_ms >= pending_end:
                continue
            if counting:
                # close what is counted at complete_to; what follows is provisional
                counting = False
                if logged_in and complete_to_ms > segment_start:
                    _emit(segments, spent, segment_start, complete_to_ms, state, slot, reason)
                walk.logged_in_at_end = logged_in
                segments = walk.provisional
                spent = None
                segment_start = time_ms
            provisional_records += 1
        if status_type == _STATE_CHANGE:
            subtype = record.status_subtype
            if subtype is not None and 0 < subtype < 5:
                new_state, new_slot = _SUBTYPE_STATES[subtype], _SUBTYPE_SLOTS[subtype]
            else:
                new_state, new_slot = _OTHER, _OTHER_SLOT
            new_reason = (
                reason_label(record.reason_id, record.reason_text) if new_state is _AWAY else None
            )
            if time_ms < start_ms:
                logged_in, state, slot, reason = True, new_state, new_slot, new_reason
                continue
            if counting:
                in_window = True
                state_changes += 1
            if logged_in:
                if new_state is state and new_reason == reason:
                    continue
                if time_ms > segment_start:
                    _emit(segments, spent, segment_start, time_ms, state, slot, reason)
                if (
                    counting
                    and state_set_at is not None
                    and 0 < time_ms - state_set_at < short_flip_ms
                ):
                    walk.short_flips.append((state_set_at, time_ms, state, reason))
            logged_in, state, slot, reason = True, new_state, new_slot, new_reason
            segment_start = state_set_at = time_ms
            continue
        if time_ms < start_ms:
            logged_in, state, slot, reason = status_type == _LOGIN, _UNKNOWN, _UNKNOWN_SLOT, None
            continue
        if logged_in and time_ms > segment_start:
            _emit(segments, spent, segment_start, time_ms, state, slot, reason)
        if status_type == _LOGIN:
            if counting:
                in_window = True
                sessions += 1
                if first_login_ms is None:
                    first_login_ms = time_ms
            logged_in = True
        else:
            if counting:
                in_window = True
                last_logout_ms = time_ms
            logged_in = False
        state, slot, reason = _UNKNOWN, _UNKNOWN_SLOT, None
        segment_start = time_ms
        state_set_at = None

    if counting:
        if logged_in and complete_to_ms > segment_start:
            _emit(segments, spent, segment_start, complete_to_ms, state, slot, reason)
        walk.logged_in_at_end = logged_in
    elif logged_in and pending_end > segment_start:
        _emit(segments, spent, segment_start, pending_end, state, slot, reason)
    walk.sessions = sessions
    walk.state_changes = state_changes
    walk.first_login_ms = first_login_ms
    walk.last_logout_ms = last_logout_ms
    walk.has_record_in_window = in_window
    walk.unknown_type_records = unknown_types
    walk.provisional_records = provisional_records
    walk.latest_record = latest if latest is not None else (records[-1] if records else None)
    return walk


_Spent = tuple[list[int], dict[str, int]]
"""An :class:`AgentWalk`'s ``spent_ms`` and ``away_ms``: where counted segments are summed."""


def _emit(  # noqa: PLR0917 - positional: once per segment, the walk's hot path
    segments: list[Segment] | None,
    spent: _Spent | None,
    start_ms: int,
    end_ms: int,
    state: State,
    slot: int,
    reason: str | None,
) -> None:
    """Append a segment, merging it into the previous one when it simply continues it; a
    counted one (``spent`` given) adds its time to the sums (``slot``: ``state`` 's place);
    ``segments=None`` keeps only the sums."""
    if spent is not None:
        duration = end_ms - start_ms
        spent[0][slot] += duration
        if slot == _AWAY_SLOT:
            by_reason = spent[1]
            label = reason or "(none)"
            by_reason[label] = by_reason.get(label, 0) + duration
    if segments is None:
        return
    if segments:
        last_start, last_end, last_state, last_reason = segments[-1]
        if last_end == start_ms and last_state is state and last_reason == reason:
            segments[-1] = (last_start, end_ms, state, reason)
            return
    segments.append((start_ms, end_ms, state, reason))
