"""Pane 7, Week: a range of days (7 by default, up to 31) for the scope, day by day.

Top to bottom: the range and how far it has loaded ("4 of 7 days loaded"); the range against the
previous range of the same length ("vs previous 7 days", with deltas); the scope's figures per
day; then, for every team, a team-by-day table of logged-in time, or, in a team's or an agent's
scope (and after ``a``), one row per agent per day with a ``vs mean`` mark (▲ / ▼: logged in at
least 10% above / below the agent's own mean over the range's final days).

A day that is not final (today, or a day whose fetch failed or has not run yet) is marked in its
row, never shown as final. Enter on a day opens it in the day view; on a team, scopes the week
to it; esc widens the scope again (agent → team → everyone). Figures come ready-made from
:mod:`tui.analysis.day_range` (the view is built off the event loop).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from tui.core.records import group_display_name
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView
from tui.ui.messages import DaySelected
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import WEEK
from tui.ui.widgets.keyed_table import RowSync

if TYPE_CHECKING:  # loaded with the first range, off the start-up path
    from tui.analysis.day_range import RangeDay, RangeFigures, TeamDay
    from tui.analysis.model import StateTotals
    from tui.ui.range_view import RangeView

DAY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("day", "Day"),
    ("agents", "Agents"),
    ("logged_in", "Logged in"),
    ("available", "Avail"),
    ("away", "Away"),
    ("sessions", "Sessions"),
    ("data", "Data"),
)
AGENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("agent", "Agent"),
    ("day", "Day"),
    ("logged_in", "Logged in"),
    ("available", "Avail"),
    ("away", "Away"),
    ("first_login", "First in"),
    ("last_logout", "Last out"),
    ("trend", "vs mean"),
)


def available(totals: StateTotals) -> str:
    """Available % as every pane writes it: online ÷ logged in."""
    return fmt.percent(totals.online_ms, totals.logged_in_ms)


def signed_duration(delta_ms: int) -> str:
    """``+2h05`` / ``−42m`` / ``±0m``: a change in time, to the nearest minute."""
    minutes = round(delta_ms / 60_000)
    if minutes == 0:
        return "±0m"
    sign = "+" if minutes > 0 else "−"
    return sign + fmt.minutes_text(abs(minutes))


def signed_count(delta: int) -> str:
    return "±0" if delta == 0 else f"{delta:+d}".replace("-", "−")


def signed_points(current: float | None, previous: float | None) -> str:
    if current is None or previous is None:
        return ""
    delta = round(current - previous)
    return "±0 pts" if delta == 0 else f"{delta:+d} pts".replace("-", "−")


def comparison_text(current: RangeFigures, previous: RangeFigures, *, of_days: int) -> str:
    """``vs prev. 7 days: logged in 312h40 +12h05 · avail 61% −3 pts · …`` over the days
    compared (``of_days`` in the range; fewer when only its final days are compared, which it
    says); says when the previous range is not final (its sums may still grow)."""
    now, before = current.totals, previous.totals
    parts = [
        f"logged in {fmt.duration(now.logged_in_ms)} "
        f"{signed_duration(now.logged_in_ms - before.logged_in_ms)}",
        f"avail {available(now)} {signed_points(now.available_pct, before.available_pct) or 'n/a'}",
        f"away {fmt.duration(now.away_ms)} {signed_duration(now.away_ms - before.away_ms)}",
        f"sessions {current.sessions} {signed_count(current.sessions - previous.sessions)}",
        f"agents {current.agents} {signed_count(current.agents - previous.agents)}",
    ]
    if current.days < of_days:
        text = f"{current.days} final days vs the same {previous.days} before: "
    else:
        text = f"vs prev. {previous.days} days: "
    text += " · ".join(parts)
    notes = []
    if not current.final:
        notes.append(f"{current.final_days} of {current.days} days final")
    if not previous.final:
        notes.append(f"previous: {previous.final_days} of {previous.days} final")
    if notes:
        text += " · partial (" + ", ".join(notes) + ")"
    return text


def day_state(range_day: RangeDay, zone: str, *, waiting: bool = False) -> str:
    """``final``, ``to 14:42`` (complete to), ``fetch failed`` or ``loading…`` (``waiting``:
    its fetch has not run yet)."""
    report = range_day.report
    if report is None or (waiting and not range_day.final):
        return "loading…"
    if range_day.failed and not range_day.final:
        return "fetch failed"
    if range_day.final:
        return "final"
    if report.complete_to_ms <= report.window.start_ms:
        return "nothing yet"
    return f"to {fmt.clock_time(report.complete_to_ms, zone)}"


def clock_on(instant_ms: int | None, zone: str, day: date) -> str:
    """``07:03``, or ``07:03+1`` when the instant falls on the next calendar day (a shift
    day's night), ``—`` when unknown."""
    if instant_ms is None:
        return "—"
    local = fmt.local_datetime(instant_ms, zone)
    offset = (local.date() - day).days
    return local.strftime("%H:%M") + (f"{offset:+d}" if offset else "")


def agent_rows(
    range_days: tuple[RangeDay, ...], group_id: int | None, agent_id: int | None, zone: str
) -> list[tuple[str, date, tuple[str, ...], bool]]:
    """(row key, day, cells, final) per agent per day for the scope (pure; runs in a thread)."""
    from tui.analysis.day_range import agent_ranges

    rows: list[tuple[str, date, tuple[str, ...], bool]] = []
    for agent in agent_ranges(range_days, group_id=group_id, agent_id=agent_id):
        for row in agent.days:
            activity = row.activity
            totals = activity.totals
            cells = (
                agent.info.display_name,
                f"{row.day:%a %d}",
                fmt.duration(totals.logged_in_ms),
                available(totals),
                fmt.duration(totals.away_ms),
                clock_on(activity.first_login_ms, zone, row.day),
                clock_on(activity.last_logout_ms, zone, row.day),
                row.trend or "partial",
            )
            rows.append((f"{agent.info.agent_id}-{row.day.isoformat()}", row.day, cells, row.final))
    return rows


class WeekPane(Pane):
    """How the week went: the range day by day, and against the range before it."""

    pane_id = WEEK.pane_id
    title = WEEK.title
    short_title = WEEK.short_title
    help_note = (
        "vs mean: ▲ / ▼ a day's logged-in time 10% or more above / below the agent's own mean "
        "over the range's final days; * a day not final yet"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "toggle_detail", "Agents/teams", id="week.detail"),
        Binding("enter", "open_row", "Open day / team", id="week.open", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._range: RangeView | None = None
        self._group_id: int | None = None
        self._agent_id: int | None = None
        self._agents_detail = False
        self._day_keys: tuple[date, ...] = ()
        self._team_keys: tuple[int, ...] = ()
        self._agent_days: dict[str, date] = {}
        """Agents table row key -> its day (Enter opens it)."""
        self._rows_worker: Worker[None] | None = None
        self._agent_sync: RowSync | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="week-status", classes="pane-status")
        yield Static("", id="week-compare")
        yield Static("", id="week-empty", classes="empty-state")
        days: DataTable[Text] = DataTable(id="week-days", cursor_type="row", zebra_stripes=True)
        for key, label in DAY_COLUMNS:
            days.add_column(label, key=key)
        yield days
        yield DataTable(id="week-teams", cursor_type="row", zebra_stripes=True)
        agents: DataTable[Text] = DataTable(id="week-agents", cursor_type="row", zebra_stripes=True)
        for key, label in AGENT_COLUMNS:
            agents.add_column(label, key=key)
        yield agents

    def row_syncs(self) -> list[RowSync]:
        return [] if self._agent_sync is None else [self._agent_sync]

    def on_mount(self) -> None:
        self._agent_sync = RowSync(
            self.query_one("#week-agents", DataTable), [key for key, _ in AGENT_COLUMNS]
        )

    # -- what the monitor calls -----------------------------------------------------------------

    @property
    def range_view(self) -> RangeView | None:
        return self._range

    @property
    def scope(self) -> tuple[int | None, int | None]:
        """(team id, agent id) the week is narrowed to (``None``: not narrowed)."""
        return self._group_id, self._agent_id

    def update_view(self, view: ActivityView | None) -> None:
        """The day view's data is not this pane's: it shows :meth:`update_range`'s."""

    def update_range(self, range_view: RangeView | None) -> None:
        self._range = range_view
        self._refresh()

    def show_team(self, group_id: int | None) -> None:
        self._group_id = group_id
        self._agent_id = None
        self._refresh()

    def show_agent(self, agent_id: int | None, group_id: int | None = None) -> None:
        self._agent_id = agent_id
        if group_id is not None:
            self._group_id = group_id
        self._refresh()

    def step_back(self) -> bool:
        """esc: agent → team → every team, then the monitor goes up a level."""
        if self._agent_id is not None:
            self.show_agent(None)
            return True
        if self._group_id is not None:
            self.show_team(None)
            return True
        return False

    # -- rendering ------------------------------------------------------------------------------

    def _refresh(self) -> None:
        from tui.analysis.day_range import like_for_like, range_figures, scope_days

        range_view = self._range
        empty = self.query_one("#week-empty", Static)
        days_table: DataTable[Text] = self.query_one("#week-days", DataTable)
        teams: DataTable[Text] = self.query_one("#week-teams", DataTable)
        agents: DataTable[Text] = self.query_one("#week-agents", DataTable)
        status = self.query_one("#week-status", Static)
        compare = self.query_one("#week-compare", Static)
        loaded = range_view is not None and range_view.report.loaded_days > 0
        by_team = self._agent_id is None and self._group_id is None and not self._agents_detail
        empty.display = not loaded
        days_table.display = compare.display = loaded
        teams.display = loaded and by_team
        agents.display = loaded and not by_team
        if agents.display and self._agent_sync is not None:
            self._agent_sync.resume()  # rows a hidden table left for later
        if range_view is None:
            status.update("")
            empty.update("Loading the week… (each day is read from the cache, then fetched)")
            return
        report = range_view.report
        zone = report.day_range.timezone
        names = report.group_names()
        scope = self._scope_text(names)
        status.update(Text(f"{scope} · * not final"))
        if not loaded:
            empty.update(f"Loading {report.day_range.days} days… {range_view.progress_text()}")
            return
        group_id, agent_id = self._group_id, self._agent_id
        compared, before = like_for_like(report.days, report.previous)
        current = range_figures(compared, group_id=group_id, agent_id=agent_id)
        previous = range_figures(before, group_id=group_id, agent_id=agent_id)
        if not compared:
            compare.update(
                Text(f"vs prev. {len(report.previous)} days: no final day in this range yet")
            )
        elif any(day.day in range_view.waiting or not day.loaded for day in before):
            waiting = sum(1 for day in before if day.day in range_view.waiting or not day.loaded)
            compare.update(Text(f"vs prev. {len(before)} days: {waiting} of them still loading…"))
        else:
            compare.update(Text(comparison_text(current, previous, of_days=report.day_range.days)))
        with self.app.batch_update():
            self._fill_days(
                days_table,
                report.days,
                scope_days(report.days, group_id=group_id, agent_id=agent_id),
                zone,
                range_view.waiting,
            )
            if by_team:
                self._fill_teams(teams, report.days, names)
            else:
                self._fill_agents(report.days, zone)
        focused = self.screen.focused
        if self.display and (focused is None or self not in focused.ancestors_with_self):
            self.focus_main_list()  # the tables were hidden while nothing was loaded

    def _scope_text(self, names: Mapping[int, str]) -> str:
        if self._agent_id is not None:
            return f"agent {self._agent_name()} (esc: wider)"
        if self._group_id is not None:
            return f"team {group_display_name(self._group_id, names)} (esc: all)"
        return "all teams · ⏎ opens a day · a: agents"

    def _agent_name(self) -> str:
        range_view = self._range
        if range_view is not None:
            for range_day in reversed(range_view.report.days):
                if range_day.report is None:
                    continue
                for activity in range_day.report.agents:
                    if activity.agent.agent_id == self._agent_id:
                        return activity.agent.display_name
        return f"Agent {self._agent_id}"

    def _fill_days(
        self,
        table: DataTable[Text],
        range_days: tuple[RangeDay, ...],
        rows: tuple[TeamDay, ...],
        zone: str,
        waiting: frozenset[date],
    ) -> None:
        by_day = {row.day: row for row in rows}
        cursor = table.cursor_row
        table.clear()
        keys: list[date] = []
        for range_day in range_days:
            row = by_day.get(range_day.day)
            state = day_state(range_day, zone, waiting=range_day.day in waiting)
            style = "" if range_day.final else "italic"
            day_text = f"{range_day.day:%a %d %b}" + ("" if range_day.final else "*")
            if row is None:
                cells = [day_text, "", "", "", "", "", state]
            else:
                totals = row.totals
                cells = [
                    day_text,
                    str(row.agents),
                    fmt.duration(totals.logged_in_ms),
                    available(totals),
                    fmt.duration(totals.away_ms),
                    str(row.sessions),
                    state,
                ]
            table.add_row(*(Text(cell, style=style) for cell in cells), key=str(range_day.day))
            keys.append(range_day.day)
        self._day_keys = tuple(keys)
        if keys:
            table.move_cursor(row=min(cursor, len(keys) - 1), animate=False)

    def _fill_teams(
        self, table: DataTable[Text], range_days: tuple[RangeDay, ...], names: Mapping[int, str]
    ) -> None:
        """Teams down, days across: logged-in time per day (the day view's team totals), then
        the range's total and available %."""
        from tui.analysis.day_range import add_totals

        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("Team", key="team")
        for range_day in range_days:
            label = f"{range_day.day:%a %d}" + ("" if range_day.final else "*")
            table.add_column(label, key=f"d{range_day.day.isoformat()}")
        table.add_column("Total", key="total")
        table.add_column("Avail", key="available")
        by_day = [
            {}
            if range_day.report is None
            else {group.group_id: group for group in range_day.report.groups}
            for range_day in range_days
        ]
        keys: list[int] = []
        for group_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            cells = [Text(name)]
            totals = []
            for range_day, groups in zip(range_days, by_day, strict=True):
                group = groups.get(group_id)
                if group is not None:
                    totals.append(group.totals)
                text = "" if group is None else fmt.duration(group.totals.logged_in_ms)
                cells.append(Text(text, style="" if range_day.final else "italic"))
            whole = add_totals(totals)
            cells.append(Text(fmt.duration(whole.logged_in_ms)))
            cells.append(Text(available(whole)))
            table.add_row(*cells, key=f"team-{group_id}")
            keys.append(group_id)
        self._team_keys = tuple(keys)
        if keys:
            table.move_cursor(row=min(cursor, len(keys) - 1), animate=False)

    def _fill_agents(self, range_days: tuple[RangeDay, ...], zone: str) -> None:
        """One row per agent per day (agents by name, days oldest first), with the trend mark:
        the rows are built in a thread, then the table takes them a step per frame
        (:class:`RowSync`: thousands of agents make tens of thousands of rows)."""
        self._rows_worker = self._build_agent_rows(range_days, self._group_id, self._agent_id, zone)

    # A description, so Textual does not repr() the arguments (a week of reports) to make one.
    @work(exclusive=True, group="week-rows", exit_on_error=False, description="build agent rows")
    async def _build_agent_rows(
        self,
        range_days: tuple[RangeDay, ...],
        group_id: int | None,
        agent_id: int | None,
        zone: str,
    ) -> None:
        rows = await asyncio.to_thread(agent_rows, range_days, group_id, agent_id, zone)
        self._agent_days = {key: day for key, day, _cells, _final in rows}
        cells = {
            key: [Text(cell, style="" if final else "italic") for cell in texts]
            for key, _day, texts, final in rows
        }
        if self._agent_sync is not None:
            self._agent_sync.sync(cells, sort_column=None)

    async def wait_for_rows(self) -> None:
        """Until the agent rows being built are all in the table (tests, screenshots)."""
        worker = self._rows_worker
        if worker is not None and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            await worker.wait()
        while self._agent_sync is not None and not self._agent_sync.done:
            await asyncio.sleep(0.01)

    # -- keys -----------------------------------------------------------------------------------

    def action_toggle_detail(self) -> None:
        """``a``: every agent day by day instead of the teams (in the all-teams scope)."""
        self._agents_detail = not self._agents_detail
        self._refresh()

    def action_open_row(self) -> None:
        focused = self.app.focused
        if focused is not None and focused.id == "week-teams":
            teams: DataTable[Text] = self.query_one("#week-teams", DataTable)
            if self._team_keys:
                self.show_team(self._team_keys[min(teams.cursor_row, len(self._team_keys) - 1)])
            return
        if focused is not None and focused.id == "week-agents":
            agents: DataTable[Text] = self.query_one("#week-agents", DataTable)
            if agents.row_count:
                row_key, _column = agents.coordinate_to_cell_key(agents.cursor_coordinate)
                day = self._agent_days.get(str(row_key.value))
                if day is not None:
                    self.post_message(DaySelected(day))
            return
        days: DataTable[Text] = self.query_one("#week-days", DataTable)
        if self._day_keys:
            self.post_message(
                DaySelected(self._day_keys[min(days.cursor_row, len(self._day_keys) - 1)])
            )

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_row()
