"""Conversation segments consistent with an agent's day of status changes.

Pure and deterministic given the agent's records and a ``random.Random``. Conversations happen
only while the agent is logged in and working: each occupied burst carries one to three
concurrent conversations (the agent is occupied *because* of them); a conversation may wait
through an online stretch for the consumer and close in a later burst, and every conversation
closes inside an occupied burst before a break or logout; now and then a short one is handled
and closed while the agent shows online. Handle time is the
part of a segment the agent actively worked on it — concurrent conversations share the burst, so
their handle times together never exceed it. End reasons follow a realistic mix (most closed by
the consumer or the agent, some transfers, some back to the queue).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from tui.core.records import StatusRecord, StatusSubType, StatusType
from tui.core.segments import (
    AGENT_TRANSFER,
    BACK_TO_QUEUE,
    CLOSED_BY_AGENT,
    CLOSED_BY_CONSUMER,
    CLOSED_BY_SYSTEM,
    OTHER,
    SKILL_TRANSFER,
    Segment,
)
from tui.simulator.roster import SimAgent

END_REASON_WEIGHTS: tuple[tuple[str, float], ...] = (
    (CLOSED_BY_CONSUMER, 0.46),
    (CLOSED_BY_AGENT, 0.29),
    (CLOSED_BY_SYSTEM, 0.07),
    (AGENT_TRANSFER, 0.06),
    (SKILL_TRANSFER, 0.05),
    (BACK_TO_QUEUE, 0.05),
    (OTHER, 0.02),
)
_REASONS = tuple(reason for reason, _ in END_REASON_WEIGHTS)
_WEIGHTS = tuple(weight for _, weight in END_REASON_WEIGHTS)

ONLINE_CONVERSATION_PROBABILITY = 0.05
"""Chance that an online stretch of at least two minutes holds a quick conversation."""
CLOSE_IN_BURST_PROBABILITY = 0.33
"""Chance an open conversation closes in the occupied burst at hand (else the consumer is still
typing: it stays open through the online stretch that follows, into a later burst)."""
MIN_SEGMENT_MS = 15_000


def skill_of(group_id: int) -> int:
    """The skill the team's conversations come in on (one per team)."""
    return 400_000_000 + group_id % 100_000_000


def _stretches(records: Sequence[StatusRecord]) -> list[tuple[int, int, int | None]]:
    """``(start, end, subtype)`` between consecutive records; ``None`` when not working
    (logged out, or a state other than online/occupied)."""
    stretches: list[tuple[int, int, int | None]] = []
    ordered = sorted(records, key=lambda r: (r.time_ms, r.sequence))
    since: int | None = None
    subtype: int | None = None
    for record in ordered:
        if since is not None and record.time_ms > since:
            stretches.append((since, record.time_ms, subtype))
        since = record.time_ms
        if record.status_type == StatusType.STATE_CHANGE and record.status_subtype in (
            StatusSubType.ONLINE,
            StatusSubType.OCCUPIED,
        ):
            subtype = int(record.status_subtype)
        elif record.status_type == StatusType.LOGIN:
            subtype = None  # unknown until the default state, at the same instant
        else:
            subtype = None
    return stretches


def _break_follows(stretches: list[tuple[int, int, int | None]], index: int) -> bool:
    """Whether the agent stops working before their next occupied burst."""
    for _start, _end, subtype in stretches[index + 1 :]:
        if subtype == StatusSubType.OCCUPIED:
            return False
        if subtype is None:
            return True
    return True


def _conversation_id(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def agent_day_segments(
    agent: SimAgent, records: Sequence[StatusRecord], rng: random.Random, *, account: str
) -> list[Segment]:
    """The segments ``agent`` closed during the day whose ``records`` are given."""
    segments: list[Segment] = []
    skill = skill_of(agent.group_id)

    def add(start: int, end: int, handle: int) -> None:
        reason = rng.choices(_REASONS, _WEIGHTS)[0]
        conversation = _conversation_id(rng)
        segments.append(
            Segment(
                segment_id=f"{account}:{agent.agent_id}:{conversation}:{len(segments)}",
                agent_id=agent.agent_id,
                end_ms=end,
                start_ms=start,
                conversation_id=conversation,
                employee_id=agent.employee_id,
                skill_id=skill,
                group_id=agent.group_id,
                end_reason=reason,
                handle_ms=handle,
            )
        )

    stretches = _stretches(records)
    open_since: list[int] = []  # start of each open conversation
    handled: dict[int, int] = {}  # open conversation start -> handle time so far
    for index, (start, end, subtype) in enumerate(stretches):
        length = end - start
        if subtype == StatusSubType.OCCUPIED:
            wanted = 1 + (rng.random() < 0.4) + (rng.random() < 0.1)
            while length >= MIN_SEGMENT_MS and len(open_since) < wanted:
                begin = start + int(rng.uniform(0.0, 0.3) * length)
                while begin in handled:
                    begin += 1
                open_since.append(begin)
                handled[begin] = 0
            for begin in open_since:
                worked = end - max(begin, start)
                handled[begin] += int(worked * rng.uniform(0.55, 0.95) / len(open_since))
            closing_all = _break_follows(stretches, index)
            still_open = []
            for begin in open_since:
                if closing_all or rng.random() < CLOSE_IN_BURST_PROBABILITY:
                    close = max(begin + 1, end - int(rng.uniform(0.0, 0.2) * (end - begin)))
                    close = max(close, start + 1)
                    add(begin, close, min(handled.pop(begin), close - begin))
                else:
                    still_open.append(begin)
            open_since = still_open
        elif (
            subtype == StatusSubType.ONLINE
            and length >= 120_000
            and rng.random() < ONLINE_CONVERSATION_PROBABILITY
        ):
            begin = start + int(rng.uniform(0.1, 0.5) * length)
            close = begin + int(rng.uniform(0.2, 0.45) * length)
            add(begin, close, int((close - begin) * rng.uniform(0.5, 0.9)))
    return segments
