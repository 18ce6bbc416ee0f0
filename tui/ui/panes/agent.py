"""Pane 4, Agent: one agent's day — a large timeline bar, figures, and the raw status changes.

The bar is the same :class:`~tui.ui.widgets.timeline.AgentTimeline` as on the Timeline pane (one
row, taller, no name column). Figures come from :mod:`tui.ui.panes.agent_text`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from tui.analysis.model import LOGGED_IN_STATES, AgentActivity
from tui.core.text import printable
from tui.ui import format as fmt
from tui.ui.activity_view import DETAILS_COMING, ActivityView
from tui.ui.panes import agent_text as details
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import AGENT
from tui.ui.productivity_text import (
    completeness_text,
    conversation_lines,
    figures_lines,
)
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline, TimelineData, TimelineRow

NO_AGENT_MESSAGE = "No agent selected: select an agent on the Agents or Timeline pane (Enter)."
CHANGE_COLUMNS = (
    ("time", "Time"),
    ("type", "Type"),
    ("state", "State"),
    ("reason", "Reason"),
    ("session", "Session"),
    ("sequence", "Seq"),
    ("note", "Note"),
)


def first_activity_ms(activity: AgentActivity) -> int | None:
    """Where the agent's day starts: the first logged-in interval of the timeline."""
    for interval in activity.timeline:
        if interval.state in LOGGED_IN_STATES:
            return interval.start_ms
    return None


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([title, *lines])


class AgentPane(Pane):
    """One agent: header, timeline with cursor, totals, sessions, away, exceptions, changes."""

    pane_id = AGENT.pane_id
    title = AGENT.title
    short_title = AGENT.short_title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_body(-1)", "Scroll up", id="agent.scroll_up", show=False),
        Binding("down,j", "scroll_body(1)", "Scroll down", id="agent.scroll_down", show=False),
        Binding("pageup", "page_body(-1)", "Page up", id="agent.page_up", show=False),
        Binding("pagedown", "page_body(1)", "Page down", id="agent.page_down", show=False),
    ]

    DEFAULT_CSS = """
    AgentPane {
        layout: vertical;
        #agent-header { height: 1; text-style: bold; }
        #agent-timeline { height: 4; }
        #agent-info { height: 1; background: $boost; }
        #agent-body { height: 1fr; }
        #agent-figures { height: auto; }
        #agent-figures > Static { width: 1fr; height: auto; padding: 0 1 0 0; }
        #agent-conversations-title { height: auto; margin-top: 1; text-style: bold; }
        #agent-conversations { height: auto; }
        #agent-changes-title { height: 1; margin-top: 1; text-style: bold; }
        #agent-changes { height: auto; }
        #agent-empty { height: auto; color: $text-muted; padding: 1 2; display: none; }
        &.-empty #agent-empty { display: block; }
        &.-empty #agent-header, &.-empty #agent-timeline, &.-empty #agent-info,
        &.-empty #agent-body { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: ActivityView | None = None
        self._agent_id: int | None = None
        self._shown: tuple[int | None, int | None] = (None, None)

    @property
    def agent_id(self) -> int | None:
        """The agent shown (or asked for, when the current view does not have it)."""
        return self._agent_id

    def compose(self) -> ComposeResult:
        yield Static(NO_AGENT_MESSAGE, id="agent-empty")
        yield Static("", id="agent-header")
        yield AgentTimeline(
            id="agent-timeline", row_height=3, show_names=False, open_on_enter=False
        )
        yield Static("", id="agent-info")
        with VerticalScroll(id="agent-body", can_focus=False):
            with Horizontal(id="agent-figures"):
                yield Static("", id="agent-figures-left")
                yield Static("", id="agent-figures-right")
            yield Static("", id="agent-conversations-title")
            yield Static("", id="agent-conversations")
            yield Static("", id="agent-changes-title")
            table: DataTable[str] = DataTable(
                id="agent-changes", cursor_type="none", zebra_stripes=True
            )
            for key, label in CHANGE_COLUMNS:
                table.add_column(label, key=key)
            yield table

    @classmethod
    def help_bindings(cls) -> list[BindingType]:
        bar_keys = [
            binding
            for binding in AgentTimeline.BINDINGS
            if isinstance(binding, Binding) and binding.action != "open_agent"
        ]
        return [*cls.BINDINGS, *bar_keys]

    def on_mount(self) -> None:
        self._refresh()

    def update_view(self, view: ActivityView | None) -> None:
        self._view = view
        if self.is_mounted:
            self._refresh()

    def show_agent(self, agent_id: int, at_ms: int | None = None) -> None:
        """Show ``agent_id`` (kept across refreshes and day changes).

        The bar starts at whole-day zoom with the cursor at ``at_ms``, else at the agent's first
        activity in the window (not at midnight).
        """
        self._agent_id = agent_id
        if self.is_mounted:
            self.apply_deferred_view()  # the view it kept while hidden holds the agent's day
            self._refresh()
            activity = self._activity()
            if activity is not None:
                moment = at_ms if at_ms is not None else first_activity_ms(activity)
                if moment is not None:
                    self.query_one("#agent-timeline", AgentTimeline).point_at(moment)

    def _activity(self) -> AgentActivity | None:
        if self._view is None or self._agent_id is None:
            return None
        return self._view.agents_by_id.get(self._agent_id)

    def _refresh(self) -> None:
        view = self._view
        activity = self._activity()
        if view is None or activity is None:
            self._show_empty(view)
            return
        self.remove_class("-empty")
        info = activity.agent
        zone = view.timezone
        header = [info.display_name, f"agent {info.agent_id}"]
        if info.employee_id:
            header.append(f"employee {printable(info.employee_id)}")
        if info.login_name and printable(info.login_name) != info.display_name:
            header.append(f"login {printable(info.login_name)}")
        header.append(view.group_name(info.group_id))
        self.query_one("#agent-header", Static).update(Text(" · ".join(header)))
        productivity = view.productivity
        figures = None if productivity is None else productivity.agents.get(info.agent_id)
        closes = () if figures is None else tuple(s.end_ms for s in figures.segments)
        timeline = self.query_one("#agent-timeline", AgentTimeline)
        timeline.set_data(
            TimelineData(
                rows=(
                    TimelineRow(
                        info.display_name,
                        info.agent_id,
                        activity.timeline,
                        closes,
                        scheduled=activity.scheduled_spans,
                    ),
                ),
                window=view.report.window,
                complete_to_ms=view.report.complete_to_ms,
                version=view.version,
                bands=view.report.has_schedule,
            )
        )
        timeline.styles.height = 1 + timeline.row_height  # the axis, then the agent's row
        window_start = view.report.window.start_ms
        left = [
            _section("Totals", details.totals_lines(activity)),
            _section("Schedule", details.schedule_lines(activity, view.report.has_schedule, zone)),
        ]
        right = [
            _section(
                f"Sessions · {activity.sessions} login{'' if activity.sessions == 1 else 's'}",
                details.session_lines(activity, window_start, zone),
            ),
            _section("Away by reason", details.away_lines(activity)),
            _section("Exceptions", details.exception_lines(activity, zone)),
        ]
        if figures is not None and productivity is not None and productivity.available:
            left.append(_section("Conversations (by close time)", figures_lines(figures.figures)))
        self.query_one("#agent-figures-left", Static).update(Text("\n\n".join(left)))
        self.query_one("#agent-figures-right", Static).update(Text("\n\n".join(right)))
        self._fill_conversations(view, info.agent_id)
        self._fill_changes(view, info.agent_id)

    def _fill_conversations(self, view: ActivityView, agent_id: int) -> None:
        """The segments the agent closed in the window, and how complete they are."""
        report = view.productivity
        title = self.query_one("#agent-conversations-title", Static)
        body = self.query_one("#agent-conversations", Static)
        figures = None if report is None else report.agents.get(agent_id)
        if report is None or figures is None or not report.available:
            title.update(completeness_text(report, view.timezone))
            title.display = report is not None
            body.display = False
            return
        title.display = body.display = True
        title.update(
            f"Conversation segments ended in this window ({len(figures.segments)}) · "
            + completeness_text(report, view.timezone)
        )
        body.update(conversation_lines(figures.segments, report, view.timezone))

    def _fill_changes(self, view: ActivityView, agent_id: int) -> None:
        shown = (agent_id, view.version)
        if shown == self._shown:
            return
        self._shown = shown
        records = view.records_by_agent.get(agent_id, ())
        self.query_one("#agent-changes-title", Static).update(
            f"Status changes in this window ({len(records)})"
            if view.detailed
            else f"Status changes in this window: {DETAILS_COMING}"
        )
        table: DataTable[str] = self.query_one("#agent-changes", DataTable)
        table.clear()
        table.add_rows(
            details.record_cells(record, view.timezone, provisional=view.provisional(record))
            for record in records
        )

    def _show_empty(self, view: ActivityView | None) -> None:
        if self._agent_id is None:
            message = NO_AGENT_MESSAGE
        elif view is None:
            message = f"Agent {self._agent_id}: waiting for this window's data (sync running)."
        elif self._agent_id in view.records_by_agent:
            records = view.records_by_agent[self._agent_id]
            message = (
                f"Agent {self._agent_id}: only provisional records in this window ({len(records)}, "
                f"from {fmt.clock_time(records[0].time_ms, view.timezone, seconds=True)}): they "
                "arrived after data complete to and are not counted yet (Events lists them)."
            )
        else:
            message = (
                f"Agent {self._agent_id} has no activity in this window. "
                "Select another agent on the Agents or Timeline pane."
            )
        self.query_one("#agent-empty", Static).update(message)
        self.add_class("-empty")
        self._shown = (None, None)

    @on(AgentTimeline.CursorMoved)
    def _cursor_moved(self, event: AgentTimeline.CursorMoved) -> None:
        event.stop()
        self.query_one("#agent-info", Static).update(
            Text(event.timeline.cursor_description()), layout=False
        )

    def action_scroll_body(self, lines: int) -> None:
        body = self.query_one("#agent-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)

    def action_page_body(self, pages: int) -> None:
        body = self.query_one("#agent-body", VerticalScroll)
        body.scroll_relative(y=pages * max(1, body.size.height - 1), animate=False)
