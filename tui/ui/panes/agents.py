"""Pane 2, Agents: the per-agent breakdown, sortable by any column, with the `/` filter.

Each column has a sort key, shift + the letter underlined in its heading (``A`` Agent, ``W``
Away …); the first press (or click) sorts the largest first (names A to Z), the next reverses;
equal values stay in name order. The Team column is left out inside one team, the schedule
columns without a schedule.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.analysis.model import AgentActivity
from tui.ui import format as fmt
from tui.ui.activity_view import AGENT_ROWS_COMING, ActivityView
from tui.ui.agent_rows import (
    COLUMN_KEYS,
    COLUMN_LABELS,
    SORT_LETTERS,
    TEXT_COLUMNS,
    visible_columns,
)
from tui.ui.filtering import NO_FILTER, TextFilter, agent_search_fields
from tui.ui.messages import AgentSelected
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import AGENTS
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.keyed_table import RowSync, SortCell

SORT_GROUP = Binding.Group("Sort", compact=True)


def heading(key: str) -> Text:
    """A column heading with its sort letter underlined (``Away`` with the ``w``)."""
    label = COLUMN_LABELS[key]
    text = Text(label)
    letter = SORT_LETTERS.get(key)
    if letter is not None:
        index = label.find(letter)
        if index < 0:
            index = label.casefold().find(letter.casefold())
        if index >= 0:
            text.stylize("underline", index, index + 1)
    return text


class AgentsPane(Pane):
    """Per-agent totals; `s`/`S` sort, `/` filter, Enter drills into the agent."""

    pane_id = AGENTS.pane_id
    title = AGENTS.title
    short_title = AGENTS.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="agents.filter"),
        Binding("s", "cycle_sort", "Sort", id="agents.sort", group=SORT_GROUP),
        Binding("S", "reverse_sort", "Reverse", id="agents.reverse", group=SORT_GROUP),
        *(
            Binding(
                letter,
                f"sort_key('{key}')",
                f"Sort by {COLUMN_LABELS[key]}",
                id=f"agents.sort.{key}",
                show=False,
            )
            for key, letter in SORT_LETTERS.items()
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._text_filter: TextFilter = NO_FILTER
        self._group_id: int | None = None
        self._sort_column = "name"
        self._reverse = False
        self._rows: RowSync | None = None
        self._columns: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield FilterBar("name, employee id, team or reason (regex; ! inverts)", id="agents-filter")
        yield Static("", id="agents-status", classes="pane-status")
        yield Static("", id="agents-empty", classes="empty-state")
        table: DataTable[str] = DataTable(
            id="agents-table", cursor_type="row", zebra_stripes=True, fixed_columns=1
        )
        self._set_columns(table, visible_columns(has_schedule=False, team_scoped=False))
        yield table

    def _set_columns(self, table: DataTable[str], columns: tuple[str, ...]) -> None:
        """Lay the table out with ``columns`` (rows are filled again by the next sync)."""
        if columns == self._columns:
            return
        self._columns = columns
        if self._rows is not None:
            self._rows.stop()
        table.clear(columns=True)
        for key in columns:
            table.add_column(heading(key), key=key)
        self._rows = RowSync(table, columns, tie_column="name")
        if self._sort_column not in columns:
            self._sort_column, self._reverse = "name", False

    @property
    def columns(self) -> tuple[str, ...]:
        """The keys of the columns shown now."""
        return self._columns

    @property
    def group_filter(self) -> int | None:
        return self._group_id

    @property
    def sort_column(self) -> str:
        return self._sort_column

    def row_syncs(self) -> list[RowSync]:
        return [] if self._rows is None else [self._rows]

    def update_view(self, view: ActivityView | None) -> None:
        shown = self._view
        if (
            view is not None
            and not view.agent_rows_ready
            and shown is not None
            and shown.agent_rows_ready
            and shown.report.window == view.report.window
        ):
            return  # a refresh's figures come before its rows: keep this day's rows until then
        self._view = view
        self._refresh_rows()

    def show_team(self, group_id: int | None) -> None:
        """Limit the list to one team (``None`` shows every team)."""
        self._group_id = group_id
        self._refresh_rows()

    def visible_agents(self) -> list[AgentActivity]:
        """The agents that pass the team and text filters, in table order (also while a big
        table is still filling)."""
        view = self._view
        if view is None or self._rows is None:
            return []
        by_key = {str(activity.agent.agent_id): activity for activity in view.report.agents}
        return [by_key[key] for key in self._rows.ordered_keys() if key in by_key]

    def _matching(self, view: ActivityView) -> list[AgentActivity]:
        return [
            activity
            for activity in view.report.agents
            if (self._group_id is None or activity.agent.group_id == self._group_id)
            and (
                not self._text_filter.active
                or self._text_filter.matches(agent_search_fields(activity, view))
            )
        ]

    def _refresh_rows(self) -> None:
        view = self._view
        table = self.query_one("#agents-table", DataTable)
        has_schedule = view is not None and view.report.has_schedule
        self._set_columns(
            table,
            visible_columns(has_schedule=has_schedule, team_scoped=self._group_id is not None),
        )
        rows_sync = self._rows
        if rows_sync is None:
            return
        empty = self.query_one("#agents-empty", Static)
        matching = [] if view is None else self._matching(view)
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif not view.report.agents:
            empty.update("No activity on this day: no agent has a status change.")
        elif not view.agent_rows_ready:  # formatted in the worker with the details, not here
            empty.update(AGENT_ROWS_COMING)
        elif not matching and self._group_id is not None and not self._text_filter.active:
            empty.update("No activity for this team on this day.")
        elif not matching:
            empty.update("No agent matches the filter (press / to change it).")
        waiting = view is not None and bool(view.report.agents) and not view.agent_rows_ready
        empty.display = waiting or not matching
        table.display = not waiting and bool(matching)
        self._show_status(len(matching), 0 if view is None else len(view.report.agents))
        if view is None or waiting:
            rows_sync.sync({}, sort_column=self._sort_column, reverse=self._reverse)
            return
        shown = [COLUMN_KEYS.index(key) for key in self._columns]
        rows = {
            str(activity.agent.agent_id): _project(view.agent_row(activity), shown)
            for activity in matching
        }
        with self.app.batch_update():
            rows_sync.sync(rows, sort_column=self._sort_column, reverse=self._reverse)

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
        parts.append(f"sorted by {COLUMN_LABELS[self._sort_column]} {arrow} (⇧ letter)")
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
        index = self._columns.index(self._sort_column)
        self.sort_by(self._columns[(index + 1) % len(self._columns)])

    def action_sort_key(self, column_key: str) -> None:
        """A column's sort key: largest first (names A to Z), the same key again reverses."""
        if column_key not in self._columns:
            self.notify(f"No {COLUMN_LABELS[column_key]} column here.", severity="warning")
            return
        if column_key == self._sort_column:
            self.action_reverse_sort()
        else:
            self.sort_by(column_key, reverse=column_key not in TEXT_COLUMNS)

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
        self.action_sort_key(str(event.column_key.value))

    @on(DataTable.RowSelected, "#agents-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(AgentSelected(int(event.row_key.value)))


def _project(cells: tuple[SortCell, ...], indexes: list[int]) -> tuple[SortCell, ...]:
    """The cells of the shown columns, from a row of every column."""
    return tuple(cells[index] for index in indexes)
