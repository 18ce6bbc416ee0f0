"""The result types of analysis: what every pane, export and test reads.

All durations are integer milliseconds; all instants are epoch milliseconds (UTC). Instances are
frozen so the sync worker can hand them to the UI thread safely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import msgspec

from tui.core.records import NO_GROUP, State
from tui.core.text import printable
from tui.core.windows import Window

LOGGED_IN_STATES = (
    State.ONLINE,
    State.OCCUPIED,
    State.AWAY,
    State.OFFLINE,
    State.OTHER,
    State.UNKNOWN,
)
"""States that count as logged-in time (``LOGGED_OUT``, ``PENDING``, ``PROVISIONAL`` and
``NOT_YET`` never do)."""


class Interval(msgspec.Struct, frozen=True, gc=False):
    """One timeline segment of one agent, clipped to the window.

    ``reason`` is set for ``AWAY`` (the reason) and ``PROVISIONAL`` (what the records that
    already arrived say, e.g. ``away (Lunch)``). Timelines also carry ``LOGGED_OUT``,
    ``PENDING``, ``PROVISIONAL`` and ``NOT_YET`` so a bar covers the whole window with no gaps.

    A frozen msgspec struct, like :class:`~tui.core.records.StatusRecord`: a 2,000-agent day has
    a few hundred thousand, built in C and left out of the garbage collector's scans (it holds
    only numbers, text and a :class:`State`).
    """

    state: State
    start_ms: int
    end_ms: int
    reason: str | None = None

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class StateTotals:
    """Time in each logged-in state; ``logged_in_ms`` is their exact sum (DESIGN.md §2)."""

    online_ms: int = 0
    occupied_ms: int = 0
    away_ms: int = 0
    offline_ms: int = 0
    other_ms: int = 0
    unknown_ms: int = 0
    away_by_reason_ms: Mapping[str, int] = field(default_factory=dict)

    @property
    def parts_ms(self) -> tuple[int, int, int, int, int, int]:
        """The parts of logged-in time: online, occupied, away, offline, other, unknown."""
        return (
            self.online_ms,
            self.occupied_ms,
            self.away_ms,
            self.offline_ms,
            self.other_ms,
            self.unknown_ms,
        )

    @property
    def logged_in_ms(self) -> int:
        return sum(self.parts_ms)

    @property
    def available_pct(self) -> float | None:
        """Online ÷ logged in, as a percentage; ``None`` when the agent was never logged in."""
        logged_in = self.logged_in_ms
        return None if logged_in == 0 else 100.0 * self.online_ms / logged_in


@dataclass(frozen=True)
class AgentInfo:
    """Who an agent is, from their most recent record."""

    agent_id: int
    employee_id: str | None = None
    login_name: str | None = None
    user_name: str | None = None
    group_id: int = NO_GROUP

    @property
    def display_name(self) -> str:
        """The name a lead reads: never a terminal control sequence (:func:`printable`)."""
        return printable(self.user_name or self.login_name or f"Agent {self.agent_id}")


@dataclass(frozen=True)
class AwayEpisodes:
    """Away episodes of one reason for one agent."""

    reason: str
    count: int
    total_ms: int
    longest_ms: int


@dataclass(frozen=True)
class ActivityException:
    """Something a lead should look at: ``kind`` is ``"long_away"`` or ``"short_flip"``."""

    kind: str
    start_ms: int
    end_ms: int
    state: State
    reason: str | None
    detail: str


@dataclass(frozen=True)
class ScheduleFigures:
    """Schedule comparison for one agent; absent (``None`` on the agent) without a schedule."""

    scheduled_ms: int
    late_login_ms: int | None
    early_logout_ms: int | None
    conformance_pct: float | None
    adherence_pct: float | None


@dataclass(frozen=True)
class AgentActivity:
    """Everything known about one agent in the window."""

    agent: AgentInfo
    totals: StateTotals
    timeline: tuple[Interval, ...]
    sessions: int
    state_changes: int
    first_login_ms: int | None
    last_logout_ms: int | None
    logged_in_at_end: bool
    """Logged in where the figures stop (data complete to, or the window end): "in at end of
    data", not "now"."""
    pending_ms: int
    """The pending stretch ``[complete_to, min(window end, now))``; "not yet" is not in it."""
    away_episodes: tuple[AwayEpisodes, ...] = ()
    exceptions: tuple[ActivityException, ...] = ()
    reason_class_ms: Mapping[str, int] = field(default_factory=dict)
    schedule: ScheduleFigures | None = None
    scheduled_spans: tuple[tuple[int, int], ...] = ()
    """The planned work inside the window (shifts minus breaks, epoch ms), whatever the data's
    completeness: timelines draw it as a band beside the state bar. Empty without a schedule."""
    provisional_records: int = 0
    """Records inside the pending stretch that already arrived: shown, never counted."""


@dataclass(frozen=True)
class StaffingSlot:
    """Time-weighted average number of agents in each state during one 15-minute slot."""

    start_ms: int
    end_ms: int
    online: float
    occupied: float
    away: float
    pending: bool = False
    not_yet: bool = False
    """The slot starts at or after now: it has not happened (drawn blank, never pending)."""


@dataclass(frozen=True)
class GroupSummary:
    """One team (``agentGroupId``): sums over its agents."""

    group_id: int
    name: str
    agent_ids: tuple[int, ...]
    totals: StateTotals
    logged_in_at_end: int
    staffing: tuple[StaffingSlot, ...] = ()
    reason_class_ms: Mapping[str, int] = field(default_factory=dict)

    @property
    def agents(self) -> int:
        return len(self.agent_ids)


@dataclass(frozen=True)
class ActivityReport:
    """The analysis of one window: what the app shows and the export writes."""

    window: Window
    data_complete_to_ms: int | None
    skipped_records: int
    agents: tuple[AgentActivity, ...]
    groups: tuple[GroupSummary, ...]
    skipped_by_reason: Mapping[str, int] = field(default_factory=dict)
    has_schedule: bool = False
    now_ms: int | None = None
    """When the analysis ran; ``None``: the whole window has happened."""
    missing: tuple[tuple[int, int], ...] = ()
    """Ranges of the window whose data is not complete because a fetch failed (export
    ``--allow-partial``); empty when nothing failed."""

    @property
    def complete_to_ms(self) -> int:
        """Where figures stop being final: ``min(window end, data_complete_to)``."""
        if self.data_complete_to_ms is None:
            return self.window.end_ms
        return max(self.window.start_ms, min(self.window.end_ms, self.data_complete_to_ms))

    @property
    def pending_end_ms(self) -> int:
        """Where the pending stretch ends and "not yet" begins: ``min(window end, now)``."""
        end = self.window.end_ms if self.now_ms is None else min(self.window.end_ms, self.now_ms)
        return max(self.complete_to_ms, end)

    @property
    def final(self) -> bool:
        """The data is complete to the window end: the figures cannot change."""
        return self.complete_to_ms >= self.window.end_ms

    @property
    def complete(self) -> bool:
        """No range of the window is missing because a fetch failed."""
        return not self.missing
