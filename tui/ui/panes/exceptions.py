"""Pane 6, Exceptions: every exception of the day for the scope, newest first, one line each.

The rows come ready-made from :func:`tui.analysis.review.review_exceptions` (in the view, built
off the event loop). ``/`` filters on agent, team, kind and detail; Enter opens the agent at the
moment of the exception; ``e`` exports exactly the rows shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.ui import format as fmt
from tui.ui.activity_view import DETAILS_COMING, ActivityView
from tui.ui.exception_rows import EXCEPTION_COLUMNS
from tui.ui.filtering import NO_FILTER, TextFilter
from tui.ui.messages import AgentSelected
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import EXCEPTIONS
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.keyed_table import RowSync

if TYPE_CHECKING:  # the review module loads in the sync thread, after the first frame
    from tui.analysis.review import ReviewException


class ExceptionsPane(Pane):
    """What a lead should look at today: late, absent, away too long, flapping, still in."""

    pane_id = EXCEPTIONS.pane_id
    title = EXCEPTIONS.title
    short_title = EXCEPTIONS.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="exceptions.filter"),
        Binding("enter", "open_agent", "Open agent", id="exceptions.open", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._text_filter: TextFilter = NO_FILTER
        self._group_id: int | None = None
        self._shown: tuple[ReviewException, ...] = ()
        self._rows: RowSync | None = None

    def compose(self) -> ComposeResult:
        yield FilterBar("agent, team, kind or detail (regex; ! inverts)", id="exceptions-filter")
        yield Static("", id="exceptions-status", classes="pane-status")
        yield Static("", id="exceptions-empty", classes="empty-state")
        table: DataTable[Text] = DataTable(
            id="exceptions-table", cursor_type="row", zebra_stripes=True
        )
        for key, label in EXCEPTION_COLUMNS:
            table.add_column(label, key=key)
        self._rows = RowSync(table, [key for key, _label in EXCEPTION_COLUMNS])
        yield table

    @property
    def group_filter(self) -> int | None:
        return self._group_id

    @property
    def has_filter(self) -> bool:
        return self._text_filter.active

    def visible_exceptions(self) -> tuple[ReviewException, ...]:
        """The rows shown (scope and filter applied), newest first."""
        return self._shown

    def row_syncs(self) -> list[RowSync]:
        return [] if self._rows is None else [self._rows]

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        self._refresh_rows()

    def show_team(self, group_id: int | None) -> None:
        self._group_id = group_id
        self._refresh_rows()

    def step_back(self) -> bool:
        """esc: clear the filter, then the team scope, then the monitor goes up a level."""
        if super().step_back():
            return True
        if self._group_id is not None:
            self.show_team(None)
            return True
        return False

    def _matching(self, view: ActivityView) -> tuple[int, ...]:
        """The indices in ``view.exceptions`` of the rows in scope and matching the filter."""
        if self._group_id is None and not self._text_filter.active:
            return tuple(range(len(view.exceptions)))  # thousands on a big day: no test per row
        return tuple(
            index
            for index, row in enumerate(view.exceptions)
            if (self._group_id is None or row.group_id == self._group_id)
            and (
                not self._text_filter.active
                or self._text_filter.matches(
                    (row.agent_name, view.group_name(row.group_id), row.kind.value, row.detail)
                )
            )
        )

    def _refresh_rows(self) -> None:
        view = self._view
        table: DataTable[Text] = self.query_one("#exceptions-table", DataTable)
        empty = self.query_one("#exceptions-empty", Static)
        indices = () if view is None else self._matching(view)
        rows: tuple[ReviewException, ...] = ()
        if view is not None:
            every = len(indices) == len(view.exceptions)
            rows = view.exceptions if every else tuple(map(view.exceptions.__getitem__, indices))
        self._shown = rows
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif not view.detailed:
            empty.update(DETAILS_COMING)
        elif not view.exceptions:
            empty.update("No exceptions on this day: nobody late, away too long or flapping.")
        elif not rows and self._text_filter.active:
            empty.update("No exception matches the filter (press / to change it, esc clears).")
        elif not rows:
            empty.update("No exceptions for this team on this day.")
        empty.display = not rows
        table.display = bool(rows)
        with self.app.batch_update():
            table.clear()
            cells: dict[str, tuple[Text, ...]] = {}
            if view is not None:
                # Rows formatted in the worker; filled a step per refresh (thousands on a big day).
                cells = {
                    str(position): view.exception_row(index)
                    for position, index in enumerate(indices)
                }
            if self._rows is not None:
                self._rows.sync(cells, sort_column=None)
        self._show_status(view, len(rows))

    def _show_status(self, view: ActivityView | None, shown: int) -> None:
        if view is None:
            self.query_one("#exceptions-status", Static).update("")
            return
        total = len(view.exceptions)
        parts = [f"{shown} of {total} exceptions, newest first"]
        if self._group_id is not None:
            parts.append(f"team: {view.group_name(self._group_id)} (esc: all)")
        if self._text_filter.active:
            parts.append(self._text_filter.describe())
        parts.append(
            f"at end of data ({fmt.clock_time(view.report.complete_to_ms, view.timezone)})"
        )
        parts.append("⏎ opens the agent there")
        self.query_one("#exceptions-status", Static).update(Text(" · ".join(parts)))

    def action_open_filter(self) -> None:
        self.query_one(FilterBar).open()

    def action_open_agent(self) -> None:
        table: DataTable[Text] = self.query_one("#exceptions-table", DataTable)
        if table.row_count == 0 or not self._shown:
            return
        row = self._shown[min(table.cursor_row, len(self._shown) - 1)]
        if row.agent_id is None:
            self.notify(f"{row.agent_name} has no activity on this day to open.")
            return
        self.post_message(AgentSelected(row.agent_id, at_ms=row.at_ms))

    @on(DataTable.RowSelected, "#exceptions-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_agent()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._text_filter = event.text_filter
        self._refresh_rows()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one("#exceptions-table", DataTable).focus()
