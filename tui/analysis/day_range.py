"""A range of days, day by day: per agent and per team one row per day, and the range against
the range before it ("vs last week").

Each day's figures are its own :class:`~tui.analysis.model.ActivityReport`, made by
:func:`~tui.analysis.report.analyze` for that day's window exactly as the day view makes it, so a
day's row here is the day view's row. This module only arranges and sums them:

* a day is *final* when its report is (data complete to the day's end) and its fetch did not
  fail; a day not loaded yet has no report. Range totals over days that are not all final are
  *partial* and say so (:attr:`RangeFigures.final_days` < :attr:`RangeFigures.days`).
* the **trend mark** of an agent's day compares the day's logged-in time with the agent's own
  mean over the range's final days on which they logged in: ``▲`` at least
  :data:`TREND_BAND_PCT` % above it, ``▼`` at least that much below, ``·`` in between; a day that is
  not final gets no mark (its figure may still grow).
* the comparison sums the same scope (everyone, a team, an agent) over this range and the
  previous one of the same length.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from tui.analysis.model import ActivityReport, AgentActivity, AgentInfo, StateTotals
from tui.core.day_range import DayRange

TREND_BAND_PCT = 10
"""How far (a percentage of the agent's mean) a day must be from it to earn ▲ or ▼."""
TREND_UP = "▲"
TREND_DOWN = "▼"
TREND_LEVEL = "·"


@dataclass(frozen=True)
class RangeDay:
    """One day of a range: its report once loaded (``None`` before), and whether its last fetch
    failed (the report then holds what the cache had: never final)."""

    day: date
    report: ActivityReport | None = None
    failed: bool = False

    @property
    def loaded(self) -> bool:
        return self.report is not None

    @property
    def final(self) -> bool:
        """Complete to the day's end, and not from a failed fetch: cannot change."""
        return self.report is not None and self.report.final and not self.failed


@dataclass(frozen=True)
class AgentDay:
    """One agent on one day: the day view's figures, and the trend mark (empty when the day is
    not final)."""

    day: date
    activity: AgentActivity
    final: bool
    trend: str = ""


@dataclass(frozen=True)
class AgentRange:
    """One agent over the range: a row per day they were listed on (oldest first)."""

    info: AgentInfo
    days: tuple[AgentDay, ...]
    mean_logged_in_ms: int | None
    """Mean logged-in time over the final days they logged in on (the trend's reference)."""


@dataclass(frozen=True)
class TeamDay:
    """One team on one day: the day view's team totals."""

    day: date
    agents: int
    totals: StateTotals
    sessions: int
    final: bool


@dataclass(frozen=True)
class RangeFigures:
    """A scope's sums over a range: times, sessions, distinct agents, agent-days; how many of
    its days are loaded and final."""

    days: int
    loaded_days: int
    final_days: int
    totals: StateTotals = field(default_factory=StateTotals)
    sessions: int = 0
    agents: int = 0
    agent_days: int = 0

    @property
    def final(self) -> bool:
        return self.final_days == self.days

    @property
    def mean_logged_in_per_agent_day_ms(self) -> int | None:
        if not self.agent_days:
            return None
        return self.totals.logged_in_ms // self.agent_days


def add_totals(totals: Iterable[StateTotals]) -> StateTotals:
    """The sum of several :class:`StateTotals` (away by reason summed per reason)."""
    online = occupied = away = offline = other = unknown = 0
    by_reason: dict[str, int] = {}
    for item in totals:
        online += item.online_ms
        occupied += item.occupied_ms
        away += item.away_ms
        offline += item.offline_ms
        other += item.other_ms
        unknown += item.unknown_ms
        for reason, duration in item.away_by_reason_ms.items():
            by_reason[reason] = by_reason.get(reason, 0) + duration
    return StateTotals(
        online_ms=online,
        occupied_ms=occupied,
        away_ms=away,
        offline_ms=offline,
        other_ms=other,
        unknown_ms=unknown,
        away_by_reason_ms=dict(sorted(by_reason.items())),
    )


def trend_mark(logged_in_ms: int, mean_ms: int | None) -> str:
    """``▲`` / ``▼`` / ``·`` for a day's logged-in time against the agent's mean."""
    if mean_ms is None or mean_ms <= 0:
        return TREND_LEVEL
    if logged_in_ms * 100 >= mean_ms * (100 + TREND_BAND_PCT):
        return TREND_UP
    if logged_in_ms * 100 <= mean_ms * (100 - TREND_BAND_PCT):
        return TREND_DOWN
    return TREND_LEVEL


def _in_scope(activity: AgentActivity, group_id: int | None, agent_id: int | None) -> bool:
    if agent_id is not None:
        return activity.agent.agent_id == agent_id
    return group_id is None or activity.agent.group_id == group_id


def range_figures(
    days: Sequence[RangeDay], *, group_id: int | None = None, agent_id: int | None = None
) -> RangeFigures:
    """The scope's sums over ``days`` (the loaded ones; the counts say how many that is)."""
    totals: list[StateTotals] = []
    sessions = 0
    agents: set[int] = set()
    agent_days = 0
    for range_day in days:
        if range_day.report is None:
            continue
        for activity in range_day.report.agents:
            if not _in_scope(activity, group_id, agent_id):
                continue
            totals.append(activity.totals)
            sessions += activity.sessions
            agents.add(activity.agent.agent_id)
            if activity.totals.logged_in_ms > 0:
                agent_days += 1
    return RangeFigures(
        days=len(days),
        loaded_days=sum(1 for range_day in days if range_day.loaded),
        final_days=sum(1 for range_day in days if range_day.final),
        totals=add_totals(totals),
        sessions=sessions,
        agents=len(agents),
        agent_days=agent_days,
    )


def like_for_like(
    days: Sequence[RangeDay], previous: Sequence[RangeDay]
) -> tuple[tuple[RangeDay, ...], tuple[RangeDay, ...]]:
    """The days to compare a range with the one before it: when some of this range's days are
    not final (today, say), only its final days and the same days of the previous range (by
    position: the 3rd day against the 3rd day), so half a day is never set against a whole one.
    """
    if all(day.final for day in days) or len(days) != len(previous):
        return tuple(days), tuple(previous)
    kept = [index for index, day in enumerate(days) if day.final]
    return tuple(days[i] for i in kept), tuple(previous[i] for i in kept)


def scope_days(
    days: Sequence[RangeDay], *, group_id: int | None = None, agent_id: int | None = None
) -> tuple[TeamDay, ...]:
    """The scope's figures per loaded day, oldest first: everyone's, a team's (the day view's
    team totals) or one agent's."""
    rows: list[TeamDay] = []
    for range_day in days:
        report = range_day.report
        if report is None:
            continue
        members = [a for a in report.agents if _in_scope(a, group_id, agent_id)]
        rows.append(
            TeamDay(
                day=range_day.day,
                agents=len(members),
                totals=add_totals(a.totals for a in members),
                sessions=sum(a.sessions for a in members),
                final=range_day.final,
            )
        )
    return tuple(rows)


def agent_ranges(
    days: Sequence[RangeDay], *, group_id: int | None = None, agent_id: int | None = None
) -> tuple[AgentRange, ...]:
    """Per agent in scope, a row per day they are listed on, with trend marks; agents by name.

    The team an agent counts in is their team on each day (as the day view has it); the
    agent's name is from their latest day.
    """
    by_agent: dict[int, list[tuple[RangeDay, AgentActivity]]] = {}
    for range_day in days:
        if range_day.report is None:
            continue
        for activity in range_day.report.agents:
            if _in_scope(activity, group_id, agent_id):
                by_agent.setdefault(activity.agent.agent_id, []).append((range_day, activity))
    ranges: list[AgentRange] = []
    for entries in by_agent.values():
        final_logged = [
            activity.totals.logged_in_ms
            for range_day, activity in entries
            if range_day.final and activity.totals.logged_in_ms > 0
        ]
        mean = sum(final_logged) // len(final_logged) if final_logged else None
        rows = tuple(
            AgentDay(
                day=range_day.day,
                activity=activity,
                final=range_day.final,
                trend=trend_mark(activity.totals.logged_in_ms, mean) if range_day.final else "",
            )
            for range_day, activity in entries
        )
        ranges.append(AgentRange(info=entries[-1][1].agent, days=rows, mean_logged_in_ms=mean))
    ranges.sort(key=lambda item: (item.info.display_name.casefold(), item.info.agent_id))
    return tuple(ranges)


@dataclass(frozen=True)
class RangeReport:
    """A range's days and the previous range's (same length), as loaded so far."""

    day_range: DayRange
    days: tuple[RangeDay, ...]
    previous: tuple[RangeDay, ...]

    @property
    def loaded_days(self) -> int:
        return sum(1 for day in self.days if day.loaded)

    @property
    def final(self) -> bool:
        return all(day.final for day in self.days)

    def group_names(self) -> Mapping[int, str]:
        """Every team seen in the range (the latest day's name wins), by id."""
        names: dict[int, str] = {}
        for range_day in (*self.previous, *self.days):
            if range_day.report is not None:
                for group in range_day.report.groups:
                    names[group.group_id] = group.name
        return names


def empty_range_report(day_range: DayRange) -> RangeReport:
    """A range with nothing loaded yet."""
    return RangeReport(
        day_range,
        tuple(RangeDay(day) for day in day_range.dates()),
        tuple(RangeDay(day) for day in day_range.previous().dates()),
    )
