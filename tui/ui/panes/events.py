"""Pane 5, Events: the raw audit log of the day, filterable, oldest first, with follow mode.

Built for 200,000 records: the sorted list comes ready-made in the view (built off the event
loop), the filter decides once per agent, team, state and away reason (not per record), and only
visible lines are formatted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.core.records import (
    SUBTYPE_STATE,
    State,
    StatusRecord,
    StatusSubType,
    StatusType,
)
from tui.core.text import printable
from tui.ui.activity_view import DETAILS_COMING, ActivityView
from tui.ui.filtering import NO_FILTER, TextFilter
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import EVENTS
from tui.ui.widgets.event_log import (
    HEADER_LINE,
    TYPE_LABELS,
    EventLog,
    NameOf,
    type_label,
)
from tui.ui.widgets.filter_bar import FilterBar

_time = attrgetter("time_ms")


def event_names(view: ActivityView) -> NameOf:
    """(agent name, team name) of a record, from the analysed agents where known."""
    agents = view.agents_by_id

    def names(record: StatusRecord) -> tuple[str, str]:
        activity = agents.get(record.agent_id)
        if activity is not None:
            name = activity.agent.display_name
        else:
            name = printable(record.user_name or record.login_name or f"Agent {record.agent_id}")
        return name, view.group_name(record.group_id)

    return names


def filter_events(
    view: ActivityView, text_filter: TextFilter, group_id: int | None = None
) -> Sequence[StatusRecord]:
    """The records the filter keeps (all of them, unfiltered, when the filter is empty), of
    one team when ``group_id`` is given.

    A record is kept when the filter finds its agent (name, login name, employee id), its team,
    or its detail (type, state, away reason). Each of those is decided once per distinct value
    and looked up by plain fields: no tuple is built per record, so a million records filter in
    a few plain dictionary lookups each. An agent's names are those of its first record.
    """
    events: Sequence[StatusRecord] = view.events
    if group_id is not None:
        events = [record for record in events if record.group_id == group_id]
    if not text_filter.active:
        return events
    positive = TextFilter(text_filter.text, text_filter.pattern, inverted=False)
    names = event_names(view)
    keep = not text_filter.inverted
    agent_hits: dict[int, bool] = {}
    team_hits: dict[int, bool] = {}
    type_hits: dict[int, bool] = {}
    state_hits, other_state_hit = _state_hits(positive)
    reason_hits: dict[tuple[int | None, str | None], bool] = {}
    state_change = StatusType.STATE_CHANGE
    kept: list[StatusRecord] = []
    for record in events:
        hit = agent_hits.get(record.agent_id)
        if hit is None:
            agent_name, _ = names(record)
            hit = positive.matches((agent_name, record.login_name, record.employee_id))
            agent_hits[record.agent_id] = hit
        if not hit:
            hit = team_hits.get(record.group_id)
            if hit is None:
                hit = positive.matches((view.group_name(record.group_id),))
                team_hits[record.group_id] = hit
        if not hit:
            status_type = record.status_type
            if status_type == state_change:
                hit = state_hits.get(record.status_subtype, other_state_hit)
                if hit is None:  # an away record that only its reason can match
                    reason_key = (record.reason_id, record.reason_text)
                    hit = reason_hits.get(reason_key)
                    if hit is None:
                        hit = positive.matches((record.reason,))
                        reason_hits[reason_key] = hit
            else:
                hit = type_hits.get(status_type)
                if hit is None:
                    hit = positive.matches((type_label(record),))
                    type_hits[status_type] = hit
        if hit is keep:
            kept.append(record)
    return kept


def _state_hits(positive: TextFilter) -> tuple[dict[int | None, bool | None], bool]:
    """Whether the filter finds a state change by its type label or state: per known subtype,
    and for any other subtype (which sets :data:`State.OTHER`).

    The away subtype maps to ``None`` when neither matches: its reason decides, record by record.
    """
    label_hit = positive.matches((TYPE_LABELS[StatusType.STATE_CHANGE],))
    hits: dict[int | None, bool | None] = {
        subtype: label_hit or positive.matches((state.value,))
        for subtype, state in SUBTYPE_STATE.items()
    }
    if not hits[StatusSubType.AWAY]:
        hits[StatusSubType.AWAY] = None
    return hits, label_hit or positive.matches((State.OTHER.value,))


class EventsPane(Pane):
    """The status changes behind every figure, for checking a number against its records."""

    pane_id = EVENTS.pane_id
    title = EVENTS.title
    short_title = EVENTS.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter", id="events.filter"),
        # In the status line ("f follows the end"), not the footer: every label fits at 80.
        Binding("f", "toggle_follow", "Follow", id="events.follow", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._text_filter: TextFilter = NO_FILTER
        self._shown_version = 0
        self._group_id: int | None = None
        self._shown: Sequence[StatusRecord] = ()

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
        self._apply()

    def _apply(self) -> None:
        view = self._view
        rows: Sequence[StatusRecord] = (
            () if view is None else filter_events(view, self._text_filter, self._group_id)
        )
        self._shown = rows
        total = 0 if view is None else len(view.events)
        empty = self.query_one("#events-empty", Static)
        if view is None:
            empty.update("Loading… (the first fetch of this day can take a few seconds)")
        elif not view.detailed:
            empty.update(DETAILS_COMING)
        elif total == 0:
            empty.update("No status changes on this day yet.")
        elif not rows:
            empty.update("No event matches the filter (press / to change it).")
        has_rows = bool(rows)
        empty.display = not has_rows
        self.query_one("#events-header").display = has_rows
        log = self.event_log
        log.display = has_rows
        self._shown_version += 1
        if view is None:
            log.set_rows((), lambda record: ("", ""), "UTC", self._shown_version)
        else:
            log.set_rows(
                rows,
                event_names(view),
                view.timezone,
                self._shown_version,
                provisional_from_ms=view.report.complete_to_ms,
            )
        self._show_status(len(rows), total)

    def _show_status(self, shown: int, total: int) -> None:
        parts = [f"{shown:,} of {total:,} events, oldest first"]
        view = self._view
        if view is not None:
            complete_to = view.report.complete_to_ms
            events = view.events  # oldest first: the provisional ones are the last
            provisional = len(events) - bisect_left(events, complete_to, key=_time)
            if provisional:
                parts.append(f"~ {provisional:,} provisional (after data complete to, not counted)")
        if self._group_id is not None and self._view is not None:
            parts.append(f"team: {self._view.group_name(self._group_id)} (esc: all)")
        if self._text_filter.active:
            parts.append(self._text_filter.describe())
        parts.append("following (f)" if self.event_log.follow else "f follows the end")
        self.query_one("#events-status", Static).update(" · ".join(parts))

    def show_team(self, group_id: int | None) -> None:
        """Limit the log to one team's records (``None``: every team)."""
        self._group_id = group_id
        self._apply()

    def visible_events(self) -> Sequence[StatusRecord]:
        """The records shown (team scope and filter applied), oldest first."""
        return self._shown

    def step_back(self) -> bool:
        """esc: clear the filter, then the team scope, then the monitor goes up a level."""
        if super().step_back():
            return True
        if self._group_id is not None:
            self.show_team(None)
            return True
        return False

    @classmethod
    def help_bindings(cls) -> list[BindingType]:
        return [*cls.BINDINGS, *EventLog.BINDINGS]

    def action_open_filter(self) -> None:
        self.query_one(FilterBar).open()

    def action_toggle_follow(self) -> None:
        log = self.event_log
        log.follow = not log.follow
        if log.follow:
            log.action_last()
        total = 0 if self._view is None else len(self._view.events)
        self._show_status(log.row_count, total)

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._text_filter = event.text_filter
        self._apply()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.event_log.focus()
