"""Pane 1, Teams: one row per group, and the staffing strip of the highlighted team."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.ui.activity_view import ActivityView
from tui.ui.messages import TeamSelected
from tui.ui.panes.base import Pane
from tui.ui.productivity_text import completeness_text
from tui.ui.team_rows import COLUMN_KEYS, TEAM_COLUMNS
from tui.ui.widgets.keyed_table import RowSync
from tui.ui.widgets.staffing import StaffingStrip


class TeamsPane(Pane):
    """Team summaries for the day; Enter opens the Agents pane filtered to the team."""

    pane_id = "teams"
    title = "Teams"
    short_title = "Team"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_team", "Team's agents", id="teams.open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._sort_column = "name"
        self._reverse = False
        self._rows: RowSync | None = None

    def compose(self) -> ComposeResult:
        line = Static("", id="teams-productivity", classes="pane-status")
        line.display = False
        yield line
        yield Static("", id="teams-empty", classes="empty-state")
        table: DataTable[str] = DataTable(id="teams-table", cursor_type="row", zebra_stripes=True)
        for key, label in TEAM_COLUMNS:
            table.add_column(label, key=key)
        self._rows = RowSync(table, COLUMN_KEYS)
        yield table
        yield StaffingStrip(id="teams-staffing")

    def row_syncs(self) -> list[RowSync]:
        return [] if self._rows is None else [self._rows]

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        table = self.query_one("#teams-table", DataTable)
        empty = self.query_one("#teams-empty", Static)
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif view.nothing_complete:
            empty.update(
                "Nothing of this day is complete yet: its figures appear as its data is "
                "fetched and arrives (progress in the header)."
            )
        elif not view.report.groups:
            empty.update("No activity on this day: no agent of any team has a status change.")
        has_rows = view is not None and not view.nothing_complete and bool(view.report.groups)
        empty.display = not has_rows
        table.display = has_rows
        self.query_one(StaffingStrip).display = has_rows
        if view is None:
            if self._rows is not None:
                self._rows.sync({}, sort_column=self._sort_column, reverse=self._reverse)
            return
        line = self.query_one("#teams-productivity", Static)
        line.update(completeness_text(view.productivity, view.timezone))
        line.display = view.productivity is not None
        self._sync_rows()
        self._show_staffing()

    def _sync_rows(self) -> None:
        view = self._view
        rows_sync = self._rows
        if view is None or rows_sync is None:
            return
        rows = {str(group.group_id): view.team_row(group) for group in view.report.groups}
        with self.app.batch_update():
            rows_sync.sync(rows, sort_column=self._sort_column, reverse=self._reverse)

    @on(DataTable.HeaderSelected, "#teams-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Click a heading to sort by it; again to reverse."""
        column_key = str(event.column_key.value)
        self._reverse = not self._reverse if column_key == self._sort_column else False
        self._sort_column = column_key
        self._sync_rows()

    def selected_group_id(self) -> int | None:
        table = self.query_one("#teams-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return None if row_key.value is None else int(row_key.value)

    @on(DataTable.RowHighlighted, "#teams-table")
    def _row_highlighted(self) -> None:
        self._show_staffing()

    @on(DataTable.RowSelected, "#teams-table")
    def _row_selected(self) -> None:
        self.action_open_team()

    def _show_staffing(self) -> None:
        view = self._view
        group_id = self.selected_group_id()
        if view is None or group_id is None:
            return
        group = view.groups_by_id.get(group_id)
        if group is None:
            return
        self.query_one(StaffingStrip).show(group.name, group.staffing, view.timezone)

    def action_open_team(self) -> None:
        group_id = self.selected_group_id()
        if group_id is not None:
            self.post_message(TeamSelected(group_id))
