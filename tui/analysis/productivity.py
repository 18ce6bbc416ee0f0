"""Productivity beside presence (DESIGN.md §5): segments closed in the window, per agent and team.

Pure functions over :class:`~tui.core.segments.Segment` s and an :class:`ActivityReport`. A
segment counts in the window when it **closed** inside it (``window.start <= end < window.end``),
whenever it started; its whole handle time is booked there. The ratios:

- closed per online hour = closed ÷ ((online + occupied) ms / 3,600,000)
- handle share = handle time of every counted segment ÷ logged-in time (a fraction; above 1 is a
  data inconsistency, flagged and never clipped)
- average handle time = handle time of the closed segments ÷ closed

A ratio whose denominator is 0 is ``None``. A team's figures are the sums of its agents' and the
ratios of those sums (never an average of ratios). Productivity lags by up to 24 hours: segments
closed at or after ``complete_to_ms`` (last fetch − 24 h) are provisional — counted, and marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from tui.analysis.model import (
    ActivityReport,
    AgentActivity,
    AgentInfo,
    GroupSummary,
    Interval,
    StateTotals,
)
from tui.core.records import NO_GROUP, State, group_display_name
from tui.core.segments import ProductivityLoad, ProductivityStatus, Segment
from tui.core.windows import Window

MS_PER_HOUR = 3_600_000


@dataclass(frozen=True)
class ProductivityFigures:
    """Counts and time of the segments closed in the window, beside the presence they divide by.

    ``online_ms`` is online + occupied (time available for or in conversations).
    """

    closed: int = 0
    transfers: int = 0
    back_to_queue: int = 0
    other: int = 0
    handle_ms: int = 0
    closed_handle_ms: int = 0
    online_ms: int = 0
    logged_in_ms: int = 0
    provisional: int = 0
    """How many of the counted segments closed after ``complete_to`` (may still change)."""

    @property
    def segments(self) -> int:
        return self.closed + self.transfers + self.back_to_queue + self.other

    @property
    def closed_per_online_hour(self) -> float | None:
        if self.online_ms <= 0:
            return None
        return self.closed * MS_PER_HOUR / self.online_ms

    @property
    def handle_share(self) -> float | None:
        """Handle time ÷ logged-in time, a fraction (may exceed 1: see :attr:`inconsistent`)."""
        if self.logged_in_ms <= 0:
            return None
        return self.handle_ms / self.logged_in_ms

    @property
    def avg_handle_ms(self) -> float | None:
        if self.closed <= 0:
            return None
        return self.closed_handle_ms / self.closed

    @property
    def inconsistent(self) -> bool:
        """More handle time than logged-in time: the two APIs disagree (shown, flagged)."""
        share = self.handle_share
        return share is not None and share > 1.0

    def plus(self, other: ProductivityFigures) -> ProductivityFigures:
        return ProductivityFigures(
            self.closed + other.closed,
            self.transfers + other.transfers,
            self.back_to_queue + other.back_to_queue,
            self.other + other.other,
            self.handle_ms + other.handle_ms,
            self.closed_handle_ms + other.closed_handle_ms,
            self.online_ms + other.online_ms,
            self.logged_in_ms + other.logged_in_ms,
            self.provisional + other.provisional,
        )


@dataclass(frozen=True)
class AgentProductivity:
    """One agent's figures and the segments behind them (by close time)."""

    agent_id: int
    figures: ProductivityFigures
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class GroupProductivity:
    group_id: int
    figures: ProductivityFigures


@dataclass(frozen=True)
class ProductivityReport:
    """Productivity of one window; ``status`` says whether there is any (see
    :data:`~tui.core.segments.ProductivityStatus`)."""

    window: Window
    status: ProductivityStatus
    complete_to_ms: int | None
    agents: Mapping[int, AgentProductivity] = field(default_factory=dict)
    groups: Mapping[int, GroupProductivity] = field(default_factory=dict)
    message: str | None = None
    skipped_by_reason: Mapping[str, int] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        """Whether figures can be shown (segments were fetched or read for this window)."""
        return self.status in ("ok", "failed") and self.complete_to_ms is not None

    @property
    def provisional(self) -> bool:
        """Whether segments may still arrive for part of the window."""
        return self.complete_to_ms is None or self.complete_to_ms < self.window.end_ms

    def is_provisional(self, segment: Segment) -> bool:
        return self.complete_to_ms is None or segment.end_ms >= self.complete_to_ms


def segment_figures(
    segments: Iterable[Segment],
    *,
    online_ms: int,
    logged_in_ms: int,
    complete_to_ms: int | None,
) -> ProductivityFigures:
    """The figures of some segments (already chosen by close time) beside presence times."""
    closed = transfers = back = other = handle = closed_handle = provisional = 0
    for segment in segments:
        handle += segment.handle_ms
        if segment.closed:
            closed += 1
            closed_handle += segment.handle_ms
        elif segment.transferred:
            transfers += 1
        elif segment.back_to_queue:
            back += 1
        else:
            other += 1
        if complete_to_ms is None or segment.end_ms >= complete_to_ms:
            provisional += 1
    return ProductivityFigures(
        closed, transfers, back, other, handle, closed_handle, online_ms, logged_in_ms, provisional
    )


def _presence_only(agent_id: int, window: Window, segments: tuple[Segment, ...]) -> AgentActivity:
    """An agent known only from segments: presence figures 0, a logged-out bar."""
    latest = max(segments, key=lambda segment: segment.end_ms)
    info = AgentInfo(
        agent_id=agent_id,
        employee_id=latest.employee_id,
        group_id=latest.group_id if latest.group_id is not None else NO_GROUP,
    )
    return AgentActivity(
        agent=info,
        totals=StateTotals(),
        timeline=(Interval(State.LOGGED_OUT, window.start_ms, window.end_ms),),
        sessions=0,
        state_changes=0,
        first_login_ms=None,
        last_logout_ms=None,
        logged_in_at_end=False,
        pending_ms=0,
    )


def _with_agents(
    report: ActivityReport, extra: list[AgentActivity], group_names: Mapping[int, str]
) -> ActivityReport:
    """``report`` with presence-less agents listed and counted in their teams."""
    if not extra:
        return report
    agents = tuple(sorted((*report.agents, *extra), key=lambda a: a.agent.agent_id))
    groups = {group.group_id: group for group in report.groups}
    for activity in extra:
        group_id = activity.agent.group_id
        group = groups.get(group_id)
        if group is None:
            groups[group_id] = GroupSummary(
                group_id=group_id,
                name=group_display_name(group_id, group_names),
                agent_ids=(activity.agent.agent_id,),
                totals=StateTotals(),
                logged_in_at_end=0,
            )
        else:
            groups[group_id] = replace(
                group, agent_ids=tuple(sorted((*group.agent_ids, activity.agent.agent_id)))
            )
    return replace(report, agents=agents, groups=tuple(groups[key] for key in sorted(groups)))


def analyze_productivity(
    report: ActivityReport,
    load: ProductivityLoad | None,
    *,
    group_names: Mapping[int, str] | None = None,
) -> tuple[ActivityReport, ProductivityReport]:
    """Join segments to presence: per agent and team figures, and the report with every agent
    that closed a segment in the window listed (presence-less ones with zero presence).

    Without segments for the window (``load`` is ``None`` or not ``ok``/``failed`` with data),
    ``report`` comes back unchanged beside a report that says why there is nothing.
    """
    window = report.window
    if load is None:
        return report, ProductivityReport(window, "not_fetched", None)
    if load.status in ("not_enabled", "not_fetched") or load.complete_to_ms is None:
        return report, ProductivityReport(
            window,
            load.status if load.status != "ok" else "not_fetched",
            load.complete_to_ms,
            message=load.message,
            skipped_by_reason=load.skipped_by_reason,
        )
    complete_to = load.complete_to_ms
    by_agent: dict[int, list[Segment]] = {}
    for segment in load.segments:
        if window.start_ms <= segment.end_ms < window.end_ms:
            by_agent.setdefault(segment.agent_id, []).append(segment)
    known = {activity.agent.agent_id for activity in report.agents}
    extra = [
        _presence_only(agent_id, window, tuple(segments))
        for agent_id, segments in sorted(by_agent.items())
        if agent_id not in known
    ]
    report = _with_agents(report, extra, group_names or {})
    agents: dict[int, AgentProductivity] = {}
    for activity in report.agents:
        agent_id = activity.agent.agent_id
        segments = tuple(sorted(by_agent.get(agent_id, ()), key=lambda s: (s.end_ms, s.segment_id)))
        totals = activity.totals
        figures = segment_figures(
            segments,
            online_ms=totals.online_ms + totals.occupied_ms,
            logged_in_ms=totals.logged_in_ms,
            complete_to_ms=complete_to,
        )
        agents[agent_id] = AgentProductivity(agent_id, figures, segments)
    groups: dict[int, GroupProductivity] = {}
    for group in report.groups:
        figures = ProductivityFigures()
        for agent_id in group.agent_ids:
            member = agents.get(agent_id)
            if member is not None:
                figures = figures.plus(member.figures)
        groups[group.group_id] = GroupProductivity(group.group_id, figures)
    return report, ProductivityReport(
        window,
        load.status,
        complete_to,
        agents,
        groups,
        message=load.message,
        skipped_by_reason=load.skipped_by_reason,
    )
