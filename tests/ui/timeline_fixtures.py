"""Hand-made activity for the timeline and agent pane tests (no analysis, no simulator needed).

An agent's day is written as changes ``(minute of the day, state, reason)``; the helpers turn
them into a timeline that covers the whole window (logged out before, pending after
*data complete to*), the totals, away episodes and the raw records the API would have sent.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget

from tui.analysis.model import (
    ActivityException,
    ActivityReport,
    AgentActivity,
    AgentInfo,
    AwayEpisodes,
    GroupSummary,
    Interval,
    StateTotals,
)
from tui.core.records import State, StatusRecord, StatusSubType, StatusType
from tui.core.source_contract import LoadResult
from tui.core.windows import Window
from tui.ui.activity_view import ActivityView
from tui.ui.themes import STATE_VARIABLE_DEFAULTS, load_theme_file, shipped_themes_dir

MINUTE = 60_000
ZONE = "Europe/Paris"
DAY_START_MS = int(datetime(2026, 11, 24, tzinfo=ZoneInfo(ZONE)).timestamp() * 1000)
DAY_END_MS = DAY_START_MS + 24 * 60 * MINUTE
WINDOW = Window(DAY_START_MS, DAY_END_MS, ZONE)
COMPLETE_TO_MS = DAY_START_MS + (15 * 60 + 30) * MINUTE
"""Data complete to 15:30 local: the rest of the day is pending."""

Change = tuple[int, State, str | None]

_SUBTYPES = {
    State.ONLINE: StatusSubType.ONLINE,
    State.OCCUPIED: StatusSubType.OCCUPIED,
    State.AWAY: StatusSubType.AWAY,
    State.OFFLINE: StatusSubType.OFFLINE,
}


def at(hour: int, minute: int = 0) -> int:
    """Epoch ms of ``hour:minute`` on the test day (local)."""
    return DAY_START_MS + (hour * 60 + minute) * MINUTE


def timeline_from(
    changes: Sequence[Change], *, window: Window = WINDOW, complete_to_ms: int = COMPLETE_TO_MS
) -> tuple[Interval, ...]:
    """Intervals over the whole window: logged out before the first change, pending at the end."""
    intervals: list[Interval] = []
    cursor = window.start_ms
    state, reason = State.LOGGED_OUT, None
    limit = min(window.end_ms, complete_to_ms)
    for minute, next_state, next_reason in changes:
        time_ms = window.start_ms + minute * MINUTE
        if time_ms >= limit:
            break
        if time_ms > cursor:
            intervals.append(Interval(state, cursor, time_ms, reason))
            cursor = time_ms
        state, reason = next_state, next_reason if next_state is State.AWAY else None
    if limit > cursor:
        intervals.append(Interval(state, cursor, limit, reason))
    if window.end_ms > limit:
        intervals.append(Interval(State.PENDING, limit, window.end_ms))
    return tuple(intervals)


def totals_of(timeline: Sequence[Interval]) -> StateTotals:
    spent: dict[State, int] = {}
    by_reason: dict[str, int] = {}
    for interval in timeline:
        spent[interval.state] = spent.get(interval.state, 0) + interval.duration_ms
        if interval.state is State.AWAY:
            key = interval.reason or "(none)"
            by_reason[key] = by_reason.get(key, 0) + interval.duration_ms
    return StateTotals(
        online_ms=spent.get(State.ONLINE, 0),
        occupied_ms=spent.get(State.OCCUPIED, 0),
        away_ms=spent.get(State.AWAY, 0),
        offline_ms=spent.get(State.OFFLINE, 0),
        other_ms=spent.get(State.OTHER, 0),
        unknown_ms=spent.get(State.UNKNOWN, 0),
        away_by_reason_ms=by_reason,
    )


def episodes_of(timeline: Sequence[Interval]) -> tuple[AwayEpisodes, ...]:
    grouped: dict[str, list[int]] = {}
    for interval in timeline:
        if interval.state is State.AWAY:
            grouped.setdefault(interval.reason or "(none)", []).append(interval.duration_ms)
    return tuple(
        AwayEpisodes(reason, len(durations), sum(durations), max(durations))
        for reason, durations in sorted(grouped.items())
    )


class _AgentFields(TypedDict):
    """The fields every record of one agent shares."""

    agent_id: int
    group_id: int
    employee_id: str | None
    login_name: str | None
    user_name: str | None


def records_from(agent: AgentInfo, changes: Sequence[Change]) -> tuple[StatusRecord, ...]:
    """The raw records behind ``changes`` (login before the first state, logout at logged out)."""
    records: list[StatusRecord] = []
    logged_in = False
    session = 9000 + agent.agent_id
    sequence = 0
    for minute, state, reason in changes:
        time_ms = DAY_START_MS + minute * MINUTE
        common: _AgentFields = {
            "agent_id": agent.agent_id,
            "group_id": agent.group_id,
            "employee_id": agent.employee_id,
            "login_name": agent.login_name,
            "user_name": agent.user_name,
        }
        if state is State.LOGGED_OUT:
            sequence += 1
            records.append(
                StatusRecord(
                    time_ms=time_ms,
                    status_type=StatusType.LOGOUT,
                    status_subtype=None,
                    sequence=sequence,
                    session_id=session,
                    **common,
                )
            )
            logged_in = False
            session += 1
            continue
        if not logged_in:
            records.append(
                StatusRecord(
                    time_ms=time_ms,
                    status_type=StatusType.LOGIN,
                    status_subtype=None,
                    sequence=-1,
                    **common,
                )
            )
            logged_in = True
            sequence = 0
        sequence += 1
        records.append(
            StatusRecord(
                time_ms=time_ms,
                status_type=StatusType.STATE_CHANGE,
                status_subtype=_SUBTYPES.get(state, 9),
                sequence=sequence,
                session_id=-1 if sequence == 1 else session,
                reason_id=None if reason is None else 3100 + len(reason),
                reason_text=reason,
                **common,
            )
        )
    return tuple(records)


def activity_from(
    agent: AgentInfo,
    changes: Sequence[Change],
    *,
    exceptions: tuple[ActivityException, ...] = (),
    complete_to_ms: int = COMPLETE_TO_MS,
) -> AgentActivity:
    timeline = timeline_from(changes, complete_to_ms=complete_to_ms)
    logins = sum(
        1
        for before, after in zip(
            (State.LOGGED_OUT, *(c[1] for c in changes)), changes, strict=False
        )
        if before is State.LOGGED_OUT and after[1] is not State.LOGGED_OUT
    )
    logouts = [DAY_START_MS + m * MINUTE for m, s, _ in changes if s is State.LOGGED_OUT]
    firsts = [DAY_START_MS + m * MINUTE for m, s, _ in changes if s is not State.LOGGED_OUT]
    return AgentActivity(
        agent=agent,
        totals=totals_of(timeline),
        timeline=timeline,
        sessions=logins,
        state_changes=len(changes),
        first_login_ms=firsts[0] if firsts else None,
        last_logout_ms=logouts[-1] if logouts else None,
        logged_in_at_end=bool(changes) and changes[-1][1] is not State.LOGGED_OUT,
        pending_ms=sum(i.duration_ms for i in timeline if i.state is State.PENDING),
        away_episodes=episodes_of(timeline),
        exceptions=exceptions,
    )


ANA = AgentInfo(101, "E-0101", "ana.silva", "Ana Silva", 7)
BEN = AgentInfo(102, "E-0102", "ben.okafor", "Ben Okafor", 7)
CHLOE = AgentInfo(201, "E-0201", "chloe.martin", "Chloé Martin", 8)

ANA_DAY: tuple[Change, ...] = (
    (8 * 60, State.ONLINE, None),
    (9 * 60 + 30, State.OCCUPIED, None),
    (10 * 60 + 15, State.AWAY, "Break"),
    (10 * 60 + 30, State.ONLINE, None),
    (12 * 60, State.AWAY, "Lunch"),
    (12 * 60 + 45, State.ONLINE, None),
    (14 * 60, State.AWAY, "Technical issue"),
    (14 * 60 + 50, State.OFFLINE, None),
    (15 * 60, State.ONLINE, None),
)
BEN_DAY: tuple[Change, ...] = (
    (7 * 60, State.ONLINE, None),
    (11 * 60, State.AWAY, None),
    (11 * 60 + 20, State.OCCUPIED, None),
    (13 * 60, State.LOGGED_OUT, None),
    (14 * 60, State.ONLINE, None),
)
CHLOE_DAY: tuple[Change, ...] = (
    (9 * 60, State.ONLINE, None),
    (10 * 60, State.AWAY, "Meeting"),
    (11 * 60, State.ONLINE, None),
    (11 * 60 + 1, State.OCCUPIED, None),
    (12 * 60, State.LOGGED_OUT, None),
)

LONG_LUNCH = ActivityException(
    "long_away",
    at(14),
    at(14, 50),
    State.AWAY,
    "Technical issue",
    "away (Technical issue) for 50.0 min, over 30.0 min",
)


def small_view(version: int = 1) -> ActivityView:
    """Three agents in two teams, data complete to 15:30."""
    activities = (
        activity_from(ANA, ANA_DAY, exceptions=(LONG_LUNCH,)),
        activity_from(BEN, BEN_DAY),
        activity_from(CHLOE, CHLOE_DAY),
    )
    records = {
        ANA.agent_id: records_from(ANA, ANA_DAY),
        BEN.agent_id: records_from(BEN, BEN_DAY),
        CHLOE.agent_id: records_from(CHLOE, CHLOE_DAY),
    }
    return view_of(activities, records, version=version, names={7: "Support", 8: "Sales"})


def view_of(
    activities: Sequence[AgentActivity],
    records: dict[int, tuple[StatusRecord, ...]] | None = None,
    *,
    version: int = 1,
    names: dict[int, str] | None = None,
    complete_to_ms: int = COMPLETE_TO_MS,
) -> ActivityView:
    group_ids = sorted({a.agent.group_id for a in activities if a.agent.group_id >= 0})
    groups = tuple(
        GroupSummary(
            group_id,
            (names or {}).get(group_id, f"Group {group_id}"),
            tuple(a.agent.agent_id for a in activities if a.agent.group_id == group_id),
            StateTotals(),
            0,
        )
        for group_id in group_ids
    )
    report = ActivityReport(WINDOW, complete_to_ms, 0, tuple(activities), groups)
    load = LoadResult(WINDOW.start_ms, WINDOW.end_ms, (), complete_to_ms, complete_to_ms)
    return ActivityView(
        report=report,
        load=load,
        version=version,
        now_ms=complete_to_ms + 60 * MINUTE,
        records_by_agent=records or {},
        source_label="test",
        timezone=ZONE,
        agents_by_id={a.agent.agent_id: a for a in activities},
        groups_by_id={g.group_id: g for g in groups},
    )


def random_changes(rng: random.Random, max_gap_min: int = 40) -> tuple[Change, ...]:
    """A plausible shift: login 06–10 h, a change every 2–``max_gap_min`` min, lunch, logout."""
    start = rng.randrange(6 * 60, 10 * 60)
    end = start + rng.randrange(6 * 60, 10 * 60)
    changes: list[Change] = []
    minute = start
    lunch_done = False
    reasons = ("Break", "Meeting", "Training", "Coaching", "Technical issue", None)
    while minute < end:
        roll = rng.random()
        if not lunch_done and minute > start + 4 * 60:
            changes.append((minute, State.AWAY, "Lunch"))
            minute += rng.randrange(30, 60)
            lunch_done = True
            continue
        if roll < 0.55:
            changes.append((minute, State.ONLINE, None))
        elif roll < 0.85:
            changes.append((minute, State.OCCUPIED, None))
        elif roll < 0.95:
            changes.append((minute, State.AWAY, rng.choice(reasons)))
        else:
            changes.append((minute, State.OFFLINE, None))
        minute += rng.randrange(2, max_gap_min)
    changes.append((end, State.LOGGED_OUT, None))
    return tuple(changes)


def generated_view(
    agent_count: int, *, teams: int = 4, seed: int = 5, max_gap_min: int = 40
) -> ActivityView:
    """``agent_count`` agents with random but deterministic days, spread over ``teams``."""
    rng = random.Random(seed)
    activities = []
    for number in range(agent_count):
        info = AgentInfo(
            1000 + number,
            f"E-{1000 + number}",
            f"agent{number:04d}",
            f"Agent {number:04d}",
            10 + number % teams,
        )
        activities.append(activity_from(info, random_changes(rng, max_gap_min)))
    return view_of(activities, names={10 + t: f"Team {chr(65 + t)}" for t in range(teams)})


class PaneHarness(App[None]):
    """A bare app that mounts one pane with the shipped dark theme and records messages."""

    CSS = "Screen { layout: vertical; }"
    AUTO_FOCUS = "AgentTimeline"  # as the app does: the pane's bars, not the hidden filter input

    def __init__(self, pane: Widget, view: ActivityView | None = None) -> None:
        super().__init__()
        self.pane = pane
        self.initial_view = view
        self.messages: list[Message] = []

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(STATE_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_mount(self) -> None:
        theme = load_theme_file(shipped_themes_dir() / "agent-activity-dark.toml")
        self.register_theme(theme)
        self.theme = theme.name
        update = getattr(self.pane, "update_view", None)
        if update is not None:
            update(self.initial_view)
