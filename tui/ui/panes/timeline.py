"""Pane 3, Timeline: every visible agent as a bar over the day, grouped by team.

The bars are one :class:`~tui.ui.widgets.timeline.agent_timeline.AgentTimeline`; around it: a
status line (counts, zoom, filter), the segment under the cursor and the legend. ``/`` filters
agents with the same rules and fields as the Agents pane; Enter on a bar opens that agent.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.ui.activity_view import ActivityView
from tui.ui.filtering import NO_FILTER, TextFilter, agent_search_fields
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import TIMELINE
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.keyed_table import displayed
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline, TimelineData, TimelineRow
from tui.ui.widgets.timeline.model import ZOOM_NAMES

NO_DATA_MESSAGE = "No data loaded yet: the first sync is still running (or failed, see above)."
NO_AGENTS_MESSAGE = "No agent activity in this window: nobody logged in or changed state."
NO_MATCH_MESSAGE = "No agent matches the filter (press / to change it)."
KEYS_HINT = "↑↓ agent  ←→ time  h/l pan  +/- zoom  0 day  / filter  ⏎ open agent"


def timeline_rows(
    view: ActivityView, text_filter: TextFilter, group_id: int | None = None
) -> tuple[TimelineRow, ...]:
    """Team headings, each followed by its matching agents sorted by name; empty teams drop."""
    by_group: dict[int, list[TimelineRow]] = {}
    for activity in view.report.agents:
        info = activity.agent
        if group_id is not None and info.group_id != group_id:
            continue
        if text_filter.active and not text_filter.matches(agent_search_fields(activity, view)):
            continue
        by_group.setdefault(info.group_id, []).append(
            TimelineRow(
                info.display_name,
                info.agent_id,
                activity.timeline,
                scheduled=activity.scheduled_spans,
            )
        )
    rows: list[TimelineRow] = []
    # Teams by name; agents without a team (NO_GROUP) last.
    for group in sorted(by_group, key=lambda g: (g < 0, view.group_name(g).casefold(), g)):
        agents = sorted(by_group[group], key=lambda row: (row.label.casefold(), row.agent_id))
        noun = "agent" if len(agents) == 1 else "agents"
        rows.append(TimelineRow(f"{view.group_name(group)} · {len(agents)} {noun}"))
        rows.extend(agents)
    return tuple(rows)


class TimelinePane(Pane):
    """All visible agents as state bars; the cursor's segment and the legend below."""

    pane_id = TIMELINE.pane_id
    title = TIMELINE.title
    short_title = TIMELINE.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        # In the keys line above the bars, not the footer: every label fits at 80 columns.
        Binding("slash", "open_filter", "Filter", id="timeline.filter", show=False),
    ]

    DEFAULT_CSS = """
    TimelinePane {
        layout: vertical;
        #timeline-status { height: 1; color: $text-muted; }
        #timeline-info { height: 1; background: $boost; }
        #timeline-legend { height: auto; max-height: 3; color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._stale = False
        self._text_filter: TextFilter = NO_FILTER
        self._group_id: int | None = None
        self._shown_agents = 0
        self._status_text = ""

    def compose(self) -> ComposeResult:
        yield FilterBar(
            "name, employee id, team or reason (regex; ! inverts)", id="timeline-filter"
        )
        yield Static("", id="timeline-status")
        yield AgentTimeline(id="timeline-bars", empty_message=NO_DATA_MESSAGE)
        yield Static("", id="timeline-info")
        yield Static("", id="timeline-legend")

    @property
    def timeline(self) -> AgentTimeline:
        return self.query_one("#timeline-bars", AgentTimeline)

    def on_mount(self) -> None:
        self._refresh_rows()

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        if not self.is_mounted:
            return
        if view is not None and not displayed(self):
            # Sorting 2,000 agents into teams takes tens of ms on the loop: done when shown.
            self._stale = True
            return
        self._refresh_rows()

    def shown(self) -> None:
        if self._stale:
            self._refresh_rows()

    def show_team(self, group_id: int | None) -> None:
        """Limit the bars to one team (``None`` shows every team)."""
        self._group_id = group_id
        self._refresh_rows()

    def _refresh_rows(self) -> None:
        self._stale = False
        view = self._view
        timeline = self.timeline
        if view is None:
            timeline.set_data(None, empty_message=NO_DATA_MESSAGE)
            self._shown_agents = 0
        else:
            rows = timeline_rows(view, self._text_filter, self._group_id)
            self._shown_agents = sum(1 for row in rows if row.agent_id is not None)
            if not view.report.agents:
                message = NO_AGENTS_MESSAGE
            elif not rows:
                message = NO_MATCH_MESSAGE
            else:
                message = ""
            timeline.set_data(
                TimelineData(
                    rows=rows,
                    window=view.report.window,
                    complete_to_ms=view.report.complete_to_ms,
                    version=view.version,
                    bands=view.report.has_schedule,
                ),
                empty_message=message,
            )
        self._show_status()
        self._show_legend()

    def _show_legend(self) -> None:
        legend = self.query_one("#timeline-legend", Static)
        legend.update(self.timeline.legend(self.size.width or None))

    def on_resize(self) -> None:
        self._show_legend()

    def _show_status(self) -> None:
        view = self._view
        parts: list[str] = []
        if view is not None:
            total = len(view.report.agents)
            shown = self._shown_agents
            parts.append(f"{shown} of {total} agents" if shown != total else f"{total} agents")
            if self._group_id is not None:
                parts.append(f"team: {view.group_name(self._group_id)} (esc: all)")
            if self._text_filter.active:
                parts.append(self._text_filter.describe())
            parts.append(f"zoom {ZOOM_NAMES[self.timeline.zoom]}")
        parts.append(KEYS_HINT)
        status = " · ".join(parts)
        if status != self._status_text:
            self._status_text = status
            self.query_one("#timeline-status", Static).update(Text(status), layout=False)

    @on(AgentTimeline.CursorMoved)
    def _cursor_moved(self, event: AgentTimeline.CursorMoved) -> None:
        event.stop()
        self.query_one("#timeline-info", Static).update(
            Text(event.timeline.cursor_description()), layout=False
        )
        self._show_status()

    def action_open_filter(self) -> None:
        self.query_one(FilterBar).open()

    def step_back(self) -> bool:
        """esc: clear the filter, then the team scope, then the monitor goes up a level."""
        if super().step_back():
            return True
        if self._group_id is not None:
            self.show_team(None)
            return True
        return False

    def visible_agent_ids(self) -> tuple[int, ...]:
        """The agents drawn (team scope and filter applied), top to bottom."""
        data = self.timeline.data
        if data is None:
            return ()
        return tuple(row.agent_id for row in data.rows if row.agent_id is not None)

    @classmethod
    def help_bindings(cls) -> list[BindingType]:
        return [*cls.BINDINGS, *AgentTimeline.BINDINGS]

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._text_filter = event.text_filter
        self._refresh_rows()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        self.timeline.focus()
