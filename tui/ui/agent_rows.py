"""The Agents table's columns and the cells of one agent's row (sortable, escaped text).

Built for every agent when a view is built, in the sync worker's thread, so a 2,000-agent day
costs the event loop nothing to format (:attr:`~tui.ui.activity_view.ActivityView.agent_rows`).
"""

from __future__ import annotations

from tui.analysis.end_state import END_STATE_ORDER, end_state
from tui.analysis.model import ActivityReport, AgentActivity
from tui.analysis.productivity import ProductivityReport
from tui.ui import format as fmt
from tui.ui.end_state_text import class_text, end_state_text
from tui.ui.productivity_text import PRODUCTIVITY_COLUMNS, productivity_cells
from tui.ui.widgets.keyed_table import SortCell, cell, missing

AGENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Agent"),
    ("team", "Team"),
    ("at_end", "At end of data"),
    ("first_login", "First login"),
    ("away", "Away"),
    ("available", "Avail %"),
    ("late_login", "Late login"),
    ("early_logout", "Early logout"),
    ("adherence", "Adherence"),
    ("conformance", "Conformance"),
    ("logged_in", "Logged in"),
    ("online", "Online"),
    ("occupied", "Occupied"),
    ("offline", "Offline"),
    *PRODUCTIVITY_COLUMNS,
    ("sessions", "Sessions"),
    ("last_logout", "Last logout"),
    ("away_classes", "Away by class"),
)
"""The review's columns first (where the agent is, when they came, away, available, and with a
schedule how they kept it), then the rarer ones; the Agent column stays fixed while the table
scrolls sideways."""
COLUMN_KEYS = tuple(key for key, _label in AGENT_COLUMNS)
COLUMN_LABELS = dict(AGENT_COLUMNS)
SCHEDULE_COLUMNS = frozenset({"late_login", "early_logout", "adherence", "conformance"})
"""Shown only with a schedule (without one they could only say "needs schedule")."""

SORT_LETTERS: dict[str, str] = {
    "name": "A",
    "team": "T",
    "at_end": "E",
    "first_login": "F",
    "away": "W",
    "available": "V",
    "late_login": "G",
    "early_logout": "Y",
    "adherence": "R",
    "conformance": "M",
    "logged_in": "L",
    "online": "O",
    "occupied": "P",
    "offline": "N",
    "closed": "C",
    "closed_per_hour": "H",
    "handle_share": "D",
    "sessions": "I",
    "last_logout": "U",
    "away_classes": "B",
}
"""Each column's sort key (shift + the letter underlined in its heading)."""
TEXT_COLUMNS = frozenset({"name", "team"})
"""Columns whose first sort is A to Z; every other column sorts largest first at first."""


def visible_columns(*, has_schedule: bool, team_scoped: bool) -> tuple[str, ...]:
    """The Agents table's columns: no Team column inside one team, schedule columns only
    with a schedule."""
    return tuple(
        key
        for key in COLUMN_KEYS
        if not (key == "team" and team_scoped)
        and not (key in SCHEDULE_COLUMNS and not has_schedule)
    )


_END_STATE_RANK = {state: rank for rank, state in enumerate(END_STATE_ORDER)}


def agent_cells(
    activity: AgentActivity,
    *,
    report: ActivityReport,
    zone: str,
    team: str,
    productivity: ProductivityReport | None,
) -> tuple[SortCell, ...]:
    """One agent's row of ``report``: ``zone`` for the clock times, ``team`` its team's name,
    ``productivity`` the day's conversations (``None`` when the source has none)."""
    totals = activity.totals
    available = totals.available_pct
    schedule = activity.schedule
    unscheduled = missing("not scheduled" if report.has_schedule else "needs schedule")
    if schedule is None:
        late = early = adherence = conformance = unscheduled
    else:
        late = _duration(schedule.late_login_ms)
        early = _duration(schedule.early_logout_ms)
        adherence = _percent(schedule.adherence_pct)
        conformance = _percent(schedule.conformance_pct)
    online, occupied, away, offline, _other, _unknown = fmt.parts_adding_up(
        totals.logged_in_ms,
        totals.parts_ms,
    )
    end = end_state(activity, report.window.start_ms, report.complete_to_ms)
    classes = class_text(activity.reason_class_ms)
    cells = {
        "name": cell(activity.agent.display_name),
        "team": cell(team),
        "at_end": cell(end_state_text(end, zone), (_END_STATE_RANK[end.state], end.since_ms or 0)),
        "logged_in": cell(fmt.duration(totals.logged_in_ms), totals.logged_in_ms),
        "online": cell(fmt.minutes_text(online), totals.online_ms),
        "occupied": cell(fmt.minutes_text(occupied), totals.occupied_ms),
        "away": cell(fmt.minutes_text(away), totals.away_ms),
        "offline": cell(fmt.minutes_text(offline), totals.offline_ms),
        "available": missing() if available is None else cell(f"{available:.0f}%", available),
        "sessions": cell(str(activity.sessions), activity.sessions),
        "first_login": _instant(activity.first_login_ms, zone),
        "last_logout": _instant(activity.last_logout_ms, zone),
        "adherence": adherence,
        "conformance": conformance,
        "late_login": late,
        "early_logout": early,
        "away_classes": cell(classes, totals.away_ms) if classes else missing(),
    }
    figures = None if productivity is None else productivity.agents.get(activity.agent.agent_id)
    agent_figures = None if figures is None else figures.figures
    productivity_row = productivity_cells(agent_figures, productivity)
    for (key, _label), value in zip(PRODUCTIVITY_COLUMNS, productivity_row, strict=True):
        cells[key] = value
    return tuple(cells[key] for key in COLUMN_KEYS)


def _duration(duration_ms: int | None) -> SortCell:
    """A schedule lateness (``—`` when no shift started or ended in the complete data)."""
    return missing() if duration_ms is None else cell(fmt.duration(duration_ms), duration_ms)


def _percent(value: float | None) -> SortCell:
    return missing() if value is None else cell(f"{value:.0f}%", value)


def _instant(epoch_ms: int | None, zone: str) -> SortCell:
    if epoch_ms is None:
        return missing()
    return cell(fmt.clock_time(epoch_ms, zone), epoch_ms)
