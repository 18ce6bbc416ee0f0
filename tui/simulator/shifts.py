"""One agent's working day: shift, breaks, away reasons, occupied bursts, sessions.

Pure and deterministic given the ``random.Random`` passed in; :mod:`tui.simulator.world` seeds it
per (seed, agent, day). Records come out in their final form, with the API's quirks: login is
statusType 3 with sequenceNumber -1, the default state at the same instant has sequenceNumber 1,
both with sessionId -1; later records carry the real session id and increasing sequence numbers;
login and logout have statusSubType 0; reason fields only on away.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tui.core.records import StatusRecord, StatusSubType, StatusType
from tui.simulator.roster import (
    BREAK,
    COACHING,
    LUNCH,
    MEETING,
    TECHNICAL_ISSUE,
    TRAINING,
    AwayReason,
    SimAgent,
)

_MINUTE = 60_000

DAY_OFF_PROBABILITY = 0.08
LOGIN_LOGOUT_SUBTYPE = 0
"""``statusSubType`` of login and logout records, as in LivePerson's examples."""
LATE_LOGIN_PROBABILITY = 0.15
EARLY_LOGOUT_PROBABILITY = 0.12
DISCONNECT_PROBABILITY = 0.12
MEAN_ONLINE_MS = 3.2 * _MINUTE
MEAN_OCCUPIED_MS = 4.0 * _MINUTE


@dataclass(frozen=True)
class _Absence:
    """A planned away period (``reason``) or, with ``reason`` None, a disconnect and relogin."""

    start_ms: int
    duration_ms: int
    reason: AwayReason | None


class _Session:
    """Builds one session's records with the right sequence numbers and session ids."""

    def __init__(self, agent: SimAgent, session_id: int, out: list[StatusRecord]) -> None:
        self.agent = agent
        self.session_id = session_id
        self.out = out
        self.sequence = 1

    def _add(
        self,
        time_ms: int,
        status_type: int,
        subtype: int | None,
        *,
        sequence: int,
        session_id: int,
        reason: AwayReason | None = None,
    ) -> None:
        prev = self.out[-1].time_ms if self.out else None
        agent = self.agent
        self.out.append(
            StatusRecord(
                agent_id=agent.agent_id,
                time_ms=time_ms,
                status_type=status_type,
                status_subtype=subtype,
                sequence=sequence,
                session_id=session_id,
                group_id=agent.group_id,
                employee_id=agent.employee_id,
                login_name=agent.login_name,
                user_name=agent.user_name,
                reason_id=None if reason is None else reason.reason_id,
                reason_text=None if reason is None else reason.text,
                prev_time_ms=prev,
            )
        )

    def login(self, time_ms: int, default_subtype: int) -> None:
        self._add(time_ms, StatusType.LOGIN, LOGIN_LOGOUT_SUBTYPE, sequence=-1, session_id=-1)
        self._add(time_ms, StatusType.STATE_CHANGE, default_subtype, sequence=1, session_id=-1)

    def change(self, time_ms: int, subtype: int, reason: AwayReason | None = None) -> None:
        self.sequence += 1
        self._add(
            time_ms,
            StatusType.STATE_CHANGE,
            subtype,
            sequence=self.sequence,
            session_id=self.session_id,
            reason=reason,
        )

    def logout(self, time_ms: int) -> None:
        self.sequence += 1
        self._add(
            time_ms,
            StatusType.LOGOUT,
            LOGIN_LOGOUT_SUBTYPE,
            sequence=self.sequence,
            session_id=self.session_id,
        )


def _plan_absences(rng: random.Random, start: int, end: int) -> list[_Absence]:
    """Breaks, lunch, occasional meetings/training/coaching/technical issues, maybe a disconnect;
    sorted and pushed apart so they never overlap."""
    length = end - start
    wanted: list[_Absence] = []

    def at(fraction: float, spread_min: float, minutes: float, reason: AwayReason | None) -> None:
        when = start + int(length * fraction + rng.uniform(-spread_min, spread_min) * _MINUTE)
        wanted.append(_Absence(when, int(minutes * _MINUTE), reason))

    at(0.25, 20, rng.uniform(12, 18), BREAK)
    at(0.5, 30, rng.uniform(30, 45), LUNCH)
    at(0.75, 20, rng.uniform(12, 18), BREAK)
    if rng.random() < 0.25:
        at(rng.uniform(0.1, 0.9), 0, 30, MEETING)
    if rng.random() < 0.10:
        at(rng.uniform(0.1, 0.8), 0, 60, TRAINING)
    if rng.random() < 0.12:
        at(rng.uniform(0.1, 0.9), 0, 20, COACHING)
    if rng.random() < 0.08:
        at(rng.uniform(0.05, 0.95), 0, rng.uniform(3, 15), TECHNICAL_ISSUE)
    if rng.random() < DISCONNECT_PROBABILITY:
        at(rng.uniform(0.1, 0.9), 0, rng.uniform(1, 8), None)
    wanted.sort(key=lambda absence: absence.start_ms)
    placed: list[_Absence] = []
    free_from = start + 5 * _MINUTE
    for absence in wanted:
        begin = max(absence.start_ms, free_from)
        if begin + absence.duration_ms >= end - 5 * _MINUTE:
            continue
        placed.append(_Absence(begin, absence.duration_ms, absence.reason))
        free_from = begin + absence.duration_ms + 2 * _MINUTE
    return placed


def _work(rng: random.Random, session: _Session, start: int, until: int) -> int:
    """Online with occupied bursts from ``start`` (agent is online) to ``until``; returns the
    state's subtype at ``until``."""
    now = start
    subtype: int = StatusSubType.ONLINE
    while True:
        mean = MEAN_ONLINE_MS if subtype == StatusSubType.ONLINE else MEAN_OCCUPIED_MS
        now += 20_000 + int(rng.expovariate(1.0 / mean))
        if now >= until:
            return subtype
        subtype = (
            StatusSubType.OCCUPIED if subtype == StatusSubType.ONLINE else StatusSubType.ONLINE
        )
        session.change(now, subtype)


def _new_session_id(rng: random.Random) -> int:
    return rng.randrange(10_000_000_000, 99_999_999_999)


def generate_agent_day(
    agent: SimAgent, day_start_ms: int, rng: random.Random
) -> list[StatusRecord]:
    """Every record of ``agent``'s shift that starts on the day at ``day_start_ms``."""
    if rng.random() < DAY_OFF_PROBABILITY:
        return []
    start = day_start_ms + agent.shift_start_minute * _MINUTE + rng.randint(-300_000, 300_000)
    if rng.random() < LATE_LOGIN_PROBABILITY:
        start += rng.randint(5, 45) * _MINUTE + rng.randint(0, 59_999)
    end = (
        day_start_ms
        + (agent.shift_start_minute + agent.shift_minutes) * _MINUTE
        + rng.randint(-300_000, 600_000)
    )
    if rng.random() < EARLY_LOGOUT_PROBABILITY:
        end -= rng.randint(15, 90) * _MINUTE + rng.randint(0, 59_999)
    records: list[StatusRecord] = []
    if end - start < 60 * _MINUTE:
        return records
    absences = _plan_absences(rng, start, end)
    session = _Session(agent, _new_session_id(rng), records)
    cursor = _begin_session(rng, session, start)
    for absence in absences:
        leave = max(absence.start_ms, cursor + 10_000)
        _work(rng, session, cursor, leave)
        back = leave + absence.duration_ms + rng.randint(0, 59_999)
        if absence.reason is None:
            session.logout(leave)
            session = _Session(agent, _new_session_id(rng), records)
            cursor = _begin_session(rng, session, back)
        else:
            session.change(leave, StatusSubType.AWAY, absence.reason)
            session.change(back, StatusSubType.ONLINE)
            cursor = back
    end = max(end, cursor + 60_000)
    _work(rng, session, cursor, end)
    if rng.random() < 0.3:
        offline_at = max(end - rng.randint(20_000, 180_000), records[-1].time_ms + 1_000)
        session.change(offline_at, StatusSubType.OFFLINE)
        end = max(end, offline_at + 1_000)
    session.logout(end)
    return records


def _begin_session(rng: random.Random, session: _Session, at_ms: int) -> int:
    """Log in at ``at_ms`` (default state online, or offline for a minute or three); returns
    when the agent is online and working."""
    if rng.random() < 0.7:
        session.login(at_ms, StatusSubType.ONLINE)
        return at_ms
    session.login(at_ms, StatusSubType.OFFLINE)
    online_at = at_ms + rng.randint(30_000, 180_000)
    session.change(online_at, StatusSubType.ONLINE)
    return online_at
