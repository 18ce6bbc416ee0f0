"""Pane 5, Events: the raw audit log of the day, filterable, newest last, with follow mode."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.ui.filtering import NO_FILTER, TextFilter
from tui.ui.panes import Pane
from tui.ui.state import ActivityView
from tui.ui.widgets.event_log import HEADER_LINE, EventLog, EventRow
from tui.ui.widgets.filter_bar import FilterBar


def event_rows(view: ActivityView) -> list[EventRow]:
    """Every record of the window, oldest first, with agent and team names resolved."""
    rows: list[EventRow] = []
    for agent_id, records in view.records_by_agent.items():
        activity = view.agents_by_id.get(agent_id)
        for record in records:
            name = (
                activity.agent.display_name
                if activity is not None
                else record.user_name or record.login_name or f"Agent {agent_id}"
            )
            rows.append(EventRow(record, name, view.group_name(record.group_id)))
    rows.sort(key=lambda row: (row.record.time_ms, row.record.agent_id, row.record.sequence))
    return rows


class EventsPane(Pane):
    """The status changes behind every figure, for checking a number against its records."""

    pane_id = "events"
    title = "Events"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="events.filter"),
        Binding("f", "toggle_follow", "Follow", id="events.follow"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._all_rows: list[EventRow] = []
        self._text_filter: TextFilter = NO_FILTER
        self._shown_version = 0

    def compose(self) -> ComposeResult:
        yield FilterBar("agent, employee id, team, type, state or reason (regex; ! inverts)")
        yield Static("", id="events-status", classes="pane-status")
        yield Static("", id="events-empty", classes="empty-state")
        yield Static(HEADER_LINE, id="events-header", classes="column-header")
        yield EventLog(id="events-log")

    @property
    def event_log(self) -> EventLog:
        return self.query_one(EventLog)

    def update_view(self, view: ActivityView | None) -> None:
        if view is not None and self._view is not None and view.version == self._view.version:
            return
        self._view = view
        self._all_rows = [] if view is None else event_rows(view)
        self._apply()

    def _apply(self) -> None:
        view = self._view
        text_filter = self._text_filter
        if text_filter.active:
            rows = [row for row in self._all_rows if text_filter.matches(row.search_fields())]
        else:
            rows = self._all_rows
        empty = self.query_one("#events-empty", Static)
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif not self._all_rows:
            empty.update("No status changes on this day yet.")
        elif not rows:
            empty.update("No event matches the filter (press / to change it).")
        has_rows = bool(rows)
        empty.display = not has_rows
        self.query_one("#events-header").display = has_rows
        log = self.event_log
        log.display = has_rows
        self._shown_version += 1
        log.set_rows(rows, "UTC" if view is None else view.timezone, self._shown_version)
        self._show_status(len(rows))

    def _show_status(self, shown: int) -> None:
        parts = [f"{shown:,} of {len(self._all_rows):,} events, oldest first"]
        if self._text_filter.active:
            parts.append(self._text_filter.describe())
        parts.append("following (f)" if self.event_log.follow else "f follows the end")
        self.query_one("#events-status", Static).update(" · ".join(parts))

    def action_open_filter(self) -> None:
        self.query_one(FilterBar).open()

    def action_toggle_follow(self) -> None:
        log = self.event_log
        log.follow = not log.follow
        if log.follow:
            log.scroll_end(animate=False)
        self._show_status(log.row_count)

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._text_filter = event.text_filter
        self._apply()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.event_log.focus()
