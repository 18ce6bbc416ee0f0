"""Conversation segments of LivePerson's Actual Handle Time API (``agent-segments``).

A segment is one agent's part of one conversation, from assignment to close or transfer; it is
booked at its **close** time (``end_ms``), which is also what the API selects by. This module is
shared vocabulary: the client parses into :class:`Segment`, the store keeps them, the simulator
serves them, the analysis counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from tui.core.errors import AgentActivityError

CLOSED_BY_CONSUMER = "closedByConsumer"
CLOSED_BY_AGENT = "closedByAgent"
CLOSED_BY_SYSTEM = "closedBySystem"
AGENT_TRANSFER = "agentTransfer"
SKILL_TRANSFER = "skillTransfer"
BACK_TO_QUEUE = "backToQueue"
OTHER = "other"

END_REASONS: tuple[str, ...] = (
    CLOSED_BY_CONSUMER,
    CLOSED_BY_AGENT,
    CLOSED_BY_SYSTEM,
    AGENT_TRANSFER,
    SKILL_TRANSFER,
    BACK_TO_QUEUE,
    OTHER,
)
"""The documented ``endReason`` values, spelled as LivePerson spells them."""

CLOSED_REASONS = frozenset({CLOSED_BY_CONSUMER, CLOSED_BY_AGENT, CLOSED_BY_SYSTEM})
"""End reasons that count as a closed conversation."""
TRANSFER_REASONS = frozenset({AGENT_TRANSFER, SKILL_TRANSFER})

_BY_LOWER = {reason.lower(): reason for reason in END_REASONS}

PRODUCTIVITY_LAG_MS = 24 * 3_600_000
"""LivePerson makes a segment available within 24 hours of its close."""

NOT_ENABLED_FIX = (
    "ask your LivePerson account team to enable the Actual Handle Time API for this account, "
    "and give the API key the Data → Workforce Management → Agent Activity API permission "
    "(OAuth 2.0: scope wfm.actual.handle.time.read.external)"
)
"""What a user does when ``agent-segments`` answers 401/403/404."""


def end_reason(value: str | None) -> str:
    """The documented spelling of an end reason read in any letter case; unknown -> ``other``."""
    if value is None:
        return OTHER
    return _BY_LOWER.get(value.strip().lower(), OTHER)


class Segment(msgspec.Struct, frozen=True, gc=False):
    """One agent's segment of one conversation, booked at its close (``end_ms``).

    A frozen msgspec struct left out of the cyclic garbage collector's scans (``gc=False``: it
    holds only numbers and text, so it can never be part of a cycle): a refetch decodes tens of
    thousands, which a full collection in the segment writer's thread used to scan whole, 15-40 ms
    holding the GIL the event loop waits for.
    """

    segment_id: str
    agent_id: int
    end_ms: int
    start_ms: int | None = None
    conversation_id: str | None = None
    employee_id: str | None = None
    skill_id: int | None = None
    group_id: int | None = None
    end_reason: str = OTHER
    handle_ms: int = 0

    @property
    def closed(self) -> bool:
        return self.end_reason in CLOSED_REASONS

    @property
    def transferred(self) -> bool:
        return self.end_reason in TRANSFER_REASONS

    @property
    def back_to_queue(self) -> bool:
        return self.end_reason == BACK_TO_QUEUE


ProductivityStatus = Literal["ok", "not_enabled", "failed", "not_fetched"]
"""``ok``: segments fetched; ``not_enabled``: the account has no Actual Handle Time API (a
401/403/404, remembered for the session); ``failed``: the last productivity fetch failed (what
is stored is shown); ``not_fetched``: no productivity data for the window yet (files without
segments, or before the first sync)."""


@dataclass(frozen=True)
class ProductivityLoad:
    """The segments closed in a window and how far they can be trusted.

    ``complete_to_ms`` is the last complete productivity fetch minus the 24 h lag (``None`` when
    none covered the window): segments closed after it are provisional.
    """

    segments: tuple[Segment, ...] = ()
    status: ProductivityStatus = "not_fetched"
    complete_to_ms: int | None = None
    fetched_at_ms: int | None = None
    message: str | None = None
    skipped_by_reason: Mapping[str, int] = field(default_factory=dict)


class ProductivityNotEnabled(AgentActivityError):
    """``agent-segments`` answered 401/403/404: the Actual Handle Time API is not enabled for
    this account (or the credentials lack its permission). Not a failure of the monitor."""

    title = "Productivity not enabled"
