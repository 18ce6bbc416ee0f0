"""Pane 2, Agents: the per-agent breakdown, sortable by any column, with the `/` filter."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.analysis.end_state import END_STATE_ORDER, end_state
from tui.analysis.model import AgentActivity
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView
from tui.ui.end_state_text import class_text, end_state_text
from tui.ui.filtering import NO_FILTER, TextFilter, agent_search_fields
from tui.ui.messages import AgentSelected
from tui.ui.panes.base import Pane
from tui.ui.productivity_text import PRODUCTIVITY_COLUMNS, productivity_cells
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.keyed_table import SortCell, cell, missing, sync_rows

AGENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Agent"),
    ("team", "Team"),
    ("at_end", "At end of data"),
    ("first_login", "First login"),
    ("away", "Away"),
    ("available", "Avail %"),
    ("logged_in", "Logged in"),
    ("online", "Online"),
    ("occupied", "Occupied"),
    ("offline", "Offline"),
    *PRODUCTIVITY_COLUMNS,
    ("sessions", "Sessions"),
    ("last_logout", "Last logout"),
    ("adherence", "Adherence"),
    ("away_classes", "Away by class"),
)
"""The review's columns first (where the agent is, when they came, away, available), then the
rarer ones; the Agent column stays fixed while the table scrolls sideways."""
COLUMN_KEYS = tuple(key for key, _label in AGENT_COLUMNS)
COLUMN_LABELS = dict(AGENT_COLUMNS)
_END_STATE_RANK = {state: rank for rank, state in enumerate(END_STATE_ORDER)}


def agent_cells(activity: AgentActivity, view: ActivityView) -> tuple[SortCell, ...]:
    totals = activity.totals
    zone = view.timezone
    available = totals.available_pct
    schedule = activity.schedule
    if schedule is not None and schedule.adherence_pct is not None:
        adherence = cell(f"{schedule.adherence_pct:.0f}%", schedule.adherence_pct)
    elif view.report.has_schedule:
        adherence = missing("not scheduled")
    else:
        adherence = missing("needs schedule")
    online, occupied, away, offline, _other, _unknown = fmt.parts_adding_up(
        totals.logged_in_ms,
        (
            totals.online_ms,
            totals.occupied_ms,
            totals.away_ms,
            totals.offline_ms,
            totals.other_ms,
            totals.unknown_ms,
        ),
    )
    end = end_state(activity, view.report.window.start_ms, view.report.complete_to_ms)
    classes = class_text(activity.reason_class_ms)
    cells = {
        "name": cell(activity.agent.display_name),
        "team": cell(view.group_name(activity.agent.group_id)),
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
        "away_classes": cell(classes, totals.away_ms) if classes else missing(),
    }
    productivity = agent_productivity_cells(activity, view)
    for (key, _label), value in zip(PRODUCTIVITY_COLUMNS, productivity, strict=True):
        cells[key] = value
    return tuple(cells[key] for key in COLUMN_KEYS)


def agent_productivity_cells(activity: AgentActivity, view: ActivityView) -> tuple[SortCell, ...]:
    """The agent's closed conversations, closed per online hour and handle share."""
    report = view.productivity
    figures = None if report is None else report.agents.get(activity.agent.agent_id)
    return productivity_cells(None if figures is None else figures.figures, report)


def _instant(epoch_ms: int | None, zone: str) -> SortCell:
    if epoch_ms is None:
        return missing()
    return cell(fmt.clock_time(epoch_ms, zone), epoch_ms)


class AgentsPane(Pane):
    """Per-agent totals; `s`/`S` sort, `/` filter, Enter drills into the agent."""

    pane_id = "agents"
    title = "Agents"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="agents.filter"),
        Binding("s", "cycle_sort", "Sort", id="agents.sort"),
        Binding("S", "reverse_sort", "Reverse", id="agents.reverse"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._text_filter: TextFilter = NO_FILTER
        self._group_id: int | None = None
        self._sort_column = "name"
        self._reverse = False

    def compose(self) -> ComposeResult:
        yield FilterBar("name, employee id, team or reason (regex; ! inverts)", id="agents-filter")
        yield Static("", id="agents-status", classes="pane-status")
        yield Static("", id="agents-empty", classes="empty-state")
        table: DataTable[str] = DataTable(
            id="agents-table", cursor_type="row", zebra_stripes=True, fixed_columns=1
        )
        for key, label in AGENT_COLUMNS:
            table.add_column(label, key=key)
        yield table

    @property
    def group_filter(self) -> int | None:
        return self._group_id

    @property
    def sort_column(self) -> str:
        return self._sort_column

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        self._refresh_rows()

    def show_team(self, group_id: int | None) -> None:
        """Limit the list to one team (``None`` shows every team)."""
        self._group_id = group_id
        self._refresh_rows()

    def visible_agents(self) -> list[AgentActivity]:
        """The agents that pass the team and text filters, in table order."""
        view = self._view
        if view is None:
            return []
        table = self.query_one("#agents-table", DataTable)
        by_key = {str(activity.agent.agent_id): activity for activity in view.report.agents}
        return [by_key[str(row.key.value)] for row in table.ordered_rows if row.key.value in by_key]

    def _matching(self, view: ActivityView) -> list[AgentActivity]:
        return [
            activity
            for activity in view.report.agents
            if (self._group_id is None or activity.agent.group_id == self._group_id)
            and self._text_filter.matches(agent_search_fields(activity, view))
        ]

    def _refresh_rows(self) -> None:
        view = self._view
        table = self.query_one("#agents-table", DataTable)
        empty = self.query_one("#agents-empty", Static)
        matching = [] if view is None else self._matching(view)
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif not view.report.agents:
            empty.update("No activity on this day: no agent has a status change.")
        elif not matching and self._group_id is not None and not self._text_filter.active:
            empty.update("No activity for this team on this day.")
        elif not matching:
            empty.update("No agent matches the filter (press / to change it).")
        empty.display = not matching
        table.display = bool(matching)
        self._show_status(len(matching), 0 if view is None else len(view.report.agents))
        if view is None:
            table.clear()
            return
        rows = {str(activity.agent.agent_id): agent_cells(activity, view) for activity in matching}
        with self.app.batch_update():
            sync_rows(
                table, COLUMN_KEYS, rows, sort_column=self._sort_column, reverse=self._reverse
            )

    def _show_status(self, shown: int, total: int) -> None:
        parts = [f"{shown} of {total} agents"]
        if self._group_id is not None and self._view is not None:
            parts.append(f"team: {self._view.group_name(self._group_id)} (esc: back)")
        if self._text_filter.active:
            parts.append(self._text_filter.describe())
        if self._view is not None:
            report = self._view.report
            end = fmt.clock_time(report.complete_to_ms, self._view.timezone)
            parts.append(f"at end of data ({end})")
        arrow = "▼" if self._reverse else "▲"
        parts.append(f"sorted by {COLUMN_LABELS[self._sort_column]} {arrow} (s / S)")
        self.query_one("#agents-status", Static).update(" · ".join(parts))

    def action_open_filter(self) -> None:
        self.query_one(FilterBar).open()

    def step_back(self) -> bool:
        """esc: clear the filter; else leave the team scope (the monitor shows Teams)."""
        if super().step_back():
            return True
        if self._group_id is not None:
            self.show_team(None)
        return False

    def action_cycle_sort(self) -> None:
        index = COLUMN_KEYS.index(self._sort_column)
        self.sort_by(COLUMN_KEYS[(index + 1) % len(COLUMN_KEYS)])

    def action_reverse_sort(self) -> None:
        self._reverse = not self._reverse
        self._refresh_rows()

    def sort_by(self, column_key: str, *, reverse: bool | None = None) -> None:
        self._sort_column = column_key
        if reverse is not None:
            self._reverse = reverse
        self._refresh_rows()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._text_filter = event.text_filter
        self._refresh_rows()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one("#agents-table", DataTable).focus()

    @on(DataTable.HeaderSelected, "#agents-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        column_key = str(event.column_key.value)
        if column_key == self._sort_column:
            self.action_reverse_sort()
        else:
            self.sort_by(column_key, reverse=False)

    @on(DataTable.RowSelected, "#agents-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(AgentSelected(int(event.row_key.value)))
