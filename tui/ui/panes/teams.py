"""Pane 1, Teams: one row per known team and a totals row, and the highlighted team's staffing
(a strip, or `s` for the numbers per 15/30 minutes)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.analysis.model import StaffingSlot
from tui.ui.activity_view import ActivityView
from tui.ui.messages import TeamSelected
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import LOADING_TEXT, TEAMS
from tui.ui.productivity_text import completeness_text
from tui.ui.team_rows import COLUMN_KEYS, TEAM_COLUMNS, TOTAL_NAME, TOTAL_ROW_KEY, idle_team_cells
from tui.ui.widgets.keyed_table import RowSync, displayed
from tui.ui.widgets.staffing import StaffingStrip
from tui.ui.widgets.staffing_table import StaffingTable

TEXT_COLUMNS = frozenset({"name"})
"""Columns whose first click sorts A to Z; every other column's first click puts the largest
first (what a review looks for)."""


def summed_slots(slot_lists: list[tuple[StaffingSlot, ...]]) -> tuple[StaffingSlot, ...]:
    """Every team's staffing slots added up (the totals row's staffing): the same window and
    slots for each team, so pending and not-yet agree slot by slot."""
    lists = [slots for slots in slot_lists if slots]
    if not lists:
        return ()
    return tuple(
        StaffingSlot(
            start_ms=parts[0].start_ms,
            end_ms=parts[0].end_ms,
            online=sum(part.online for part in parts),
            occupied=sum(part.occupied for part in parts),
            away=sum(part.away for part in parts),
            pending=parts[0].pending,
            not_yet=parts[0].not_yet,
        )
        for parts in zip(*lists, strict=True)
    )


class TeamsPane(Pane):
    """Team summaries for the day; Enter opens the Agents pane filtered to the team (the totals
    row: every agent); `s` shows the highlighted team's staffing as numbers."""

    pane_id = TEAMS.pane_id
    title = TEAMS.title
    short_title = TEAMS.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_team", "Team's agents", id="teams.open"),
        Binding("s", "toggle_staffing", "Staffing", id="teams.staffing"),
        Binding("m", "staffing_minutes", "15/30 min", id="teams.staffing_minutes"),
    ]

    DEFAULT_CSS = """
    TeamsPane #teams-staffing-title { height: 2; padding: 0 1; border-top: solid $panel; }
    TeamsPane #teams-staffing-table { height: 1fr; }
    TeamsPane.-staffing-table #teams-table { height: 1fr; max-height: 12; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._sort_column = "name"
        self._reverse = False
        self._rows: RowSync | None = None
        self.staffing_table_shown = False

    def compose(self) -> ComposeResult:
        """The loading line; the team list and the staffing widgets (the DataTable's styles
        are costly) mount in :meth:`mount_body`, after the first frame."""
        line = Static("", id="teams-productivity", classes="pane-status")
        line.display = False
        yield line
        yield Static("", id="teams-empty", classes="empty-state")

    async def mount_body(self) -> None:
        if self._rows is not None:
            return
        table: DataTable[str] = DataTable(id="teams-table", cursor_type="row", zebra_stripes=True)
        for key, label in TEAM_COLUMNS:
            table.add_column(label, key=key)
        table.display = False
        strip = StaffingStrip(id="teams-staffing")
        strip.display = False
        title = Static("", id="teams-staffing-title")
        title.display = False
        numbers = StaffingTable(id="teams-staffing-table")
        numbers.display = False
        await self.mount(table, strip, title, numbers)
        self._rows = RowSync(table, COLUMN_KEYS, tie_column="name")
        self.update_view(self._view)
        if displayed(self) and self.screen.focused is None:
            # The list takes the focus as it would have had at the screen's start (Textual
            # focuses the first focusable widget then, shown or not): the keys typed while
            # the day loads reach it.
            self.screen.set_focus(table)

    def row_syncs(self) -> list[RowSync]:
        return [] if self._rows is None else [self._rows]

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        empty = self.query_one("#teams-empty", Static)
        if view is None:
            empty.update(LOADING_TEXT)
        elif view.nothing_complete:
            empty.update(
                "Nothing of this day is complete yet: its figures appear as its data is "
                "fetched and arrives (progress in the header)."
            )
        elif not view.report.groups and not view.idle_groups:
            empty.update("No activity on this day: no agent of any team has a status change.")
        has_rows = (
            view is not None
            and not view.nothing_complete
            and bool(view.report.groups or view.idle_groups)
        )
        empty.display = not has_rows
        if self._rows is None:
            return  # the list is not mounted yet: it shows the view when it is (mount_body)
        self.query_one("#teams-table", DataTable).display = has_rows
        self._show_staffing_widgets(has_rows)
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
        for group_id, name in view.idle_groups.items():
            rows[str(group_id)] = idle_team_cells(name)
        if view.report.groups and view.total_row:
            rows[TOTAL_ROW_KEY] = view.total_row
        with self.app.batch_update():
            rows_sync.sync(rows, sort_column=self._sort_column, reverse=self._reverse)

    @on(DataTable.HeaderSelected, "#teams-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Click a heading to sort by it (largest first; names A to Z); again to reverse."""
        column_key = str(event.column_key.value)
        if column_key == self._sort_column:
            self._reverse = not self._reverse
        else:
            self._reverse = column_key not in TEXT_COLUMNS
        self._sort_column = column_key
        self._sync_rows()

    def selected_row_key(self) -> str | None:
        if self._rows is None:
            return None
        table = self.query_one("#teams-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected_group_id(self) -> int | None:
        """The highlighted team (``None`` on the totals row or with no rows)."""
        key = self.selected_row_key()
        return None if key is None or key == TOTAL_ROW_KEY else int(key)

    @on(DataTable.RowHighlighted, "#teams-table")
    def _row_highlighted(self) -> None:
        self._show_staffing()

    @on(DataTable.RowSelected, "#teams-table")
    def _row_selected(self) -> None:
        self.action_open_team()

    def _highlighted_staffing(self) -> tuple[str, tuple[StaffingSlot, ...]] | None:
        """(title, slots) of the highlighted row: a team, or every team on the totals row."""
        view = self._view
        key = self.selected_row_key()
        if view is None or key is None:
            return None
        if key == TOTAL_ROW_KEY:
            return TOTAL_NAME, summed_slots([group.staffing for group in view.report.groups])
        group_id = int(key)
        group = view.groups_by_id.get(group_id)
        if group is None:
            return view.idle_groups.get(group_id, view.group_name(group_id)), ()
        return group.name, group.staffing

    def _show_staffing(self) -> None:
        view = self._view
        shown = self._highlighted_staffing()
        if view is None or shown is None:
            return
        title, slots = shown
        self.query_one(StaffingStrip).show(title, slots, view.timezone, ready=view.detailed)
        numbers = self.query_one(StaffingTable)
        numbers.show(title, slots, view.report.complete_to_ms, view.timezone)
        caption = numbers.caption
        if not view.detailed:
            caption = f"{title} · staffing: summing the day's slots…"
        elif not slots:
            caption = f"{title} · no staffing data on this day"
        self.query_one("#teams-staffing-title", Static).update(
            f"{caption} · m: 15/30 min · s or esc: strip"
        )

    def _show_staffing_widgets(self, has_rows: bool) -> None:
        table_shown = has_rows and self.staffing_table_shown
        self.query_one(StaffingStrip).display = has_rows and not self.staffing_table_shown
        self.query_one("#teams-staffing-title", Static).display = table_shown
        self.query_one(StaffingTable).display = table_shown
        self.set_class(table_shown, "-staffing-table")

    def action_toggle_staffing(self) -> None:
        """`s`: the strip becomes the numbers per slot (with a cursor), and back."""
        if self._rows is None:
            return  # nothing to show the staffing of before the list is mounted
        self.staffing_table_shown = not self.staffing_table_shown
        self.app.refresh_bindings()
        table = self.query_one("#teams-table", DataTable)
        self._show_staffing_widgets(table.display)
        self._show_staffing()
        if self.staffing_table_shown and table.display:
            self.query_one(StaffingTable).focus()
        else:
            table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`m` only while the staffing numbers are shown."""
        if action == "staffing_minutes":
            return self.staffing_table_shown
        return True

    def action_staffing_minutes(self) -> None:
        self.query_one(StaffingTable).toggle_minutes()
        self._show_staffing()

    def step_back(self) -> bool:
        """esc: from the staffing numbers back to the strip and the team list."""
        if self.staffing_table_shown:
            self.action_toggle_staffing()
            return True
        return super().step_back()

    def focus_main_list(self) -> None:
        """The team list (or the staffing numbers, while they are shown)."""
        if (
            self.staffing_table_shown
            and self._rows is not None
            and self.query_one(StaffingTable).display
        ):
            self.query_one(StaffingTable).focus()
        else:
            super().focus_main_list()

    def action_open_team(self) -> None:
        key = self.selected_row_key()
        if key is not None:
            self.post_message(TeamSelected(None if key == TOTAL_ROW_KEY else int(key)))
