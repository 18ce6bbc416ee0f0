"""The monitor: five panes under one freshness header, fed by one sync worker.

The panes live in a ``ContentSwitcher`` (not Textual modes) so the header, the footer and the
worker's state are shared by all of them: switching panes never refetches or loses the data.
Data flows one way: the exclusive ``sync`` worker posts messages (``ActivityLoaded``,
``LoadFailed``, ``SyncProgressed``...); the handlers here only change this screen's reactive
state, and watchers push it on — ``view`` to every pane, the computed ``freshness`` and the
active pane to the header (``data_bind``). A message that arrives while the app shuts down
changes nothing (the widgets it would reach are being removed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static
from textual.worker import Worker, WorkerState

from tui.core.clock import Clock
from tui.core.collector import hold as hold_collector
from tui.core.collector import settle_start_up
from tui.core.day_range import DayRange, week_ending
from tui.core.settings import Settings
from tui.core.text import printable
from tui.core.windows import today
from tui.core.zones import working_zone, zone_cycle
from tui.ui.freshness import Freshness, partial_text
from tui.ui.gil_share import GilShare
from tui.ui.messages import (
    ActivityLoaded,
    AgentSelected,
    CredentialsDescribed,
    DaySelected,
    ExportFailed,
    ExportWritten,
    LoadFailed,
    LoginNeeded,
    RangeLoaded,
    SourceNoticed,
    SyncFinished,
    SyncProgressed,
    SyncStarted,
    TeamSelected,
)
from tui.ui.palette import monitor_commands
from tui.ui.panes.catalogue import (
    AGENT,
    AGENTS,
    EVENTS,
    EXCEPTIONS,
    LOADING_TEXT,
    PANE_IDS,
    PANES,
    PANES_BY_ID,
    TEAMS,
    TIMELINE,
    WEEK,
    pane_class,
)
from tui.ui.widgets.header import FreshnessHeader

if TYPE_CHECKING:  # the week's loader, the dialogs and the hidden panes load after the first frame
    from tui.analysis.review import ReviewException
    from tui.analysis.schedule import Schedule
    from tui.core.records import StatusRecord
    from tui.core.source_contract import ActivitySource, LoadFailure, SyncProgress
    from tui.ui.activity_view import ActivityView
    from tui.ui.panes.agent import AgentPane
    from tui.ui.panes.agents import AgentsPane
    from tui.ui.panes.base import Pane
    from tui.ui.panes.events import EventsPane
    from tui.ui.panes.exceptions import ExceptionsPane
    from tui.ui.panes.timeline import TimelinePane
    from tui.ui.panes.week import WeekPane
    from tui.ui.range_loop import RangeLoop
    from tui.ui.range_view import RangeView
    from tui.ui.sync_loop import SyncLoop, SyncRequest

FIRST_FRAME_ID = "first-frame"
"""The loading line the first frame shows where the pane will be (it is built after it)."""

NARROW_WIDTH = 100
"""Below this many columns the footer is compact."""

PAINT_WAIT_S = 0.5
"""The longest the sync worker waits for a view it posted to be painted, and the collector
rests for that frame (a frame takes tens of milliseconds; a view the screen drops is never
painted)."""

PAINT_SETTLE_S = 0.05
"""How long after the refresh that shows a new view its frames are taken as painted: three
frames at Textual's 60 per second."""

CLOCK_TICK_S = 30
"""How often the header's "N min ago" ages."""


class MonitorScreen(Screen[None]):
    """The monitor for one :class:`ActivitySource` (an account or the demo)."""

    day: var[date] = var(date.min, init=False)
    """The day shown (a change reloads the panes)."""
    zone_index: var[int] = var(0, init=False)
    """Which of :attr:`zones` days are read in (``z`` steps; a change reloads)."""
    view: var[ActivityView | None] = var(None, init=False)
    """The analysed data every pane shows; ``None`` until the day's first load."""
    current_pane: var[str] = var(PANE_IDS[0], init=False, always_update=True)
    """The pane shown (choosing it again focuses its main list again)."""
    paused: var[bool] = var(False)
    fetching: var[bool] = var(False)
    progress: var[SyncProgress | None] = var(None)
    failure: var[LoadFailure | None] = var(None)
    next_refresh_ms: var[int | None] = var(None)
    now_ms: var[int] = var(0)
    """Moves every :data:`CLOCK_TICK_S` seconds, so everything that says "ago" ages."""
    login_needed: var[str | None] = var(None)
    """Why there is no account to show (no credentials were found), once known."""
    credentials_line: var[str | None] = var(None)
    """Where the credentials come from (for help), once the thread worker has found out."""
    week: var[RangeView | None] = var(None, init=False)
    """The week pane's range as loaded so far; ``None`` until it is first opened."""
    freshness: var[Freshness] = var(Freshness("", date.min, "UTC", 0, 0))
    """What the header says (computed from the state above)."""

    def __init__(
        self,
        source: ActivitySource,
        settings: Settings,
        *,
        clock: Clock,
        initial_date: date | None = None,
        schedule: Schedule | None = None,
        describe_credentials: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock
        self.source_label = source.label
        self.day_start = settings.day_start
        self.zones = zone_cycle(working_zone(None, settings.timezone))
        self.set_reactive(
            MonitorScreen.day, initial_date or today(self.zones[0], clock, settings.day_start)
        )
        self.set_reactive(MonitorScreen.now_ms, clock.now_ms())
        self._sync_loop: SyncLoop | None = None
        self._paint_waiters: list[asyncio.Future[None]] = []
        """The sync worker waiting for the view it posted to be painted (:meth:`_view_shown`)."""
        self._collector_holds: list[Callable[[], None]] = []
        """How to resume the collector held for each view not painted yet."""
        self._source = source
        self._schedule = schedule
        self._range_loop: RangeLoop | None = None
        self.week_range: DayRange | None = None
        """The range the week pane shows (kept while other panes are open)."""
        self._syncing_range = False
        """Whether the sync worker is loading the week's range (else the day)."""
        self.describe_credentials = describe_credentials
        self.sync_generation = 0
        self._sync_changed = asyncio.Event()
        self.last_export: tuple[Path, ...] = ()
        self._panes: dict[str, Pane] = {}
        """The panes built so far (the shown one at start, the others after the first frame)."""
        self._gil_share = GilShare()
        self.pane_history: list[str] = []
        """Panes left by a drill-down (Enter), most recent last: esc goes back through them."""

    @property
    def sync_loop(self) -> SyncLoop:
        """The day's loader, built with the first sync (after the first frame)."""
        if self._sync_loop is None:
            from tui.analysis.options import AnalysisOptions
            from tui.ui.sync_loop import SyncLoop

            self._sync_loop = SyncLoop(
                self._source,
                clock=self.clock,
                options=AnalysisOptions.from_settings(self.settings, schedule=self._schedule),
                refresh_interval_s=self.settings.refresh_interval_s,
                view_shown=self._view_shown,
            )
        return self._sync_loop

    @property
    def range_loop(self) -> RangeLoop:
        """The week's loader, built when the week pane first loads (off the start-up path)."""
        if self._range_loop is None:
            from tui.analysis.options import AnalysisOptions
            from tui.ui.range_loop import RangeLoop

            self._range_loop = RangeLoop(
                self._source,
                clock=self.clock,
                options=AnalysisOptions.from_settings(self.settings, schedule=self._schedule),
                refresh_interval_s=self.settings.refresh_interval_s,
            )
        return self._range_loop

    @property
    def timezone(self) -> str:
        return self.zones[self.zone_index]

    @property
    def current_pane_id(self) -> str:
        return self.current_pane

    def panes(self) -> list[Pane]:
        """The panes built so far (every pane, once the first frame is on the terminal)."""
        return list(self._panes.values())

    def pane(self, pane_id: str) -> Pane:
        """The pane ``pane_id`` (built, not mounted, when first asked for)."""
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = self._panes[pane_id] = pane_class(PANES_BY_ID[pane_id])()
        return pane

    @property
    def agents_pane(self) -> AgentsPane:
        return cast("AgentsPane", self.pane(AGENTS.pane_id))

    @property
    def agent_pane(self) -> AgentPane:
        return cast("AgentPane", self.pane(AGENT.pane_id))

    @property
    def timeline_pane(self) -> TimelinePane:
        return cast("TimelinePane", self.pane(TIMELINE.pane_id))

    @property
    def events_pane(self) -> EventsPane:
        return cast("EventsPane", self.pane(EVENTS.pane_id))

    @property
    def exceptions_pane(self) -> ExceptionsPane:
        return cast("ExceptionsPane", self.pane(EXCEPTIONS.pane_id))

    @property
    def week_pane(self) -> WeekPane:
        return cast("WeekPane", self.pane(WEEK.pane_id))

    def compose(self) -> ComposeResult:
        tabs = [(pane.pane_id, pane.title, pane.short_title) for pane in PANES]
        yield FreshnessHeader(tabs, id="header").data_bind(
            MonitorScreen.freshness, active_pane=MonitorScreen.current_pane
        )
        yield Static("", id="partial-banner")
        with ContentSwitcher(initial=FIRST_FRAME_ID, id="panes"):
            # The pane's own loading state, drawn without the pane: the panes and the analysis
            # types and row builders they import load after the first frame.
            yield Static(LOADING_TEXT, id=FIRST_FRAME_ID, classes="empty-state")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """A narrow terminal gets the compact footer without the palette hint (help lists
        ctrl+p), so every key label fits at 80 columns."""
        footer = self.query_one(Footer)
        narrow = event.size.width < NARROW_WIDTH
        footer.compact = narrow
        footer.show_command_palette = not narrow

    def on_mount(self) -> None:
        self._gil_share.begin()  # the loop gets the GIL back from the workers sooner
        self.set_interval(CLOCK_TICK_S, self._tick)
        if self.describe_credentials is not None:
            self._find_credentials_line(self.describe_credentials)

    async def after_first_frame(self) -> None:
        """Mount what the first frame left out: the shown pane in place of its loading line
        (with its tables), then the hidden panes, then start the sync: every pane is there
        before any data or navigation reaches it (keys wait for this). The app calls this once
        the first frame is on the terminal."""
        if not self._live():
            return
        switcher = self.query_one("#panes", ContentSwitcher)
        # The panes' modules (and the widgets, row builders and analysis they import) take
        # tens of ms to import: a worker thread does it while the loop keeps drawing.
        await asyncio.to_thread(_import_panes, (self.current_pane,))
        if not self._live():
            return
        shown = self.pane(self.current_pane)
        shown.display = False  # until the switcher shows it in the loading line's place
        await switcher.mount(shown)
        shown.update_view(self.view)
        switcher.current = shown.id
        await shown.mount_body()
        await self.query_one(f"#{FIRST_FRAME_ID}").remove()
        await asyncio.to_thread(_import_panes, PANE_IDS)
        if not self._live():
            return
        for pane in [self.pane(pane_id) for pane_id in PANE_IDS]:
            if pane.parent is not None:
                continue
            pane.display = False  # as the switcher keeps every pane but the current one
            await switcher.mount(pane)  # one at a time: frames get in between (keys wait)
            await pane.mount_body()
            pane.receive_view(self.view)  # kept for when it is shown
        # Start-up is over: what it built (modules, panes) lives until exit, out of the
        # collector's scans; until now no collection ran between two frames (a full one over
        # the fresh modules took 30 ms on the loop).
        settle_start_up()
        self.call_after_refresh(self.start_sync)

    def _live(self) -> bool:
        """Whether new state may reach the widgets: not once the app is shutting down."""
        return self.is_attached and self.app.is_running

    def _tick(self) -> None:
        if self._live():
            self.now_ms = self.clock.now_ms()

    def compute_freshness(self) -> Freshness:
        load = None if self.view is None else self.view.load
        in_week = self.current_pane == WEEK.pane_id and self.week_range is not None
        range_status = None
        if in_week and self.week is not None:
            final = sum(1 for day in self.week.report.days if day.final)
            range_status = f"{self.week.progress_text()} · {final} final"
        elif in_week:
            range_status = "loading the days…"
        return Freshness(
            range_text=(
                None if not in_week or self.week_range is None else self.week_range.short_label()
            ),
            range_status=range_status,
            source_label=self.source_label,
            day=self.day,
            timezone=self.timezone,
            day_start=self.day_start,
            now_ms=self.clock.now_ms(),
            refresh_interval_s=self.settings.refresh_interval_s,
            data_complete_to_ms=None if load is None else load.data_complete_to_ms,
            fetched_at_ms=None if load is None else load.fetched_at_ms,
            next_refresh_ms=self.next_refresh_ms,
            paused=self.paused,
            fetching=self.fetching,
            progress=self.progress,
            failure=self.failure,
            skipped_records=0 if self.view is None else self.view.report.skipped_records,
            final=self.view is not None and self.view.report.final,
            partial=self.view is not None and self.view.partial,
        )

    # -- state -> widgets -------------------------------------------------------------------------

    def watch_view(self, view: ActivityView | None) -> None:
        with self.app.batch_update():
            self._show_partial(view)
            for pane in self.panes():
                if pane.parent is not None:  # a pane still to mount gets the view then
                    pane.receive_view(view)  # a hidden pane shows it when it is shown

    def _show_partial(self, view: ActivityView | None) -> None:
        """Figures that may still change while the day loads are marked (dimmed, labelled)."""
        in_week = self.current_pane == WEEK.pane_id  # the week marks its own days
        partial = view is not None and view.partial and not in_week
        banner = self.query_one("#partial-banner", Static)
        banner.display = partial
        self.query_one("#panes").set_class(partial, "-partial")
        if view is not None and partial:
            banner.update(partial_text(view, self.fetching))

    def watch_current_pane(self, pane_id: str) -> None:
        self.query_one("#panes", ContentSwitcher).current = pane_id
        pane = self.pane(pane_id)
        pane.catch_up()
        pane.focus_main_list()
        self.app.refresh_bindings()
        in_week = pane_id == WEEK.pane_id
        self._show_partial(self.view)
        if in_week and self.week_range is None:
            self.week_range = week_ending(self.day, self.timezone, self.day_start)
        if in_week != self._syncing_range:
            self.start_sync()  # the week pane loads its range; the others the day

    def watch_week(self, week: RangeView | None) -> None:
        self.week_pane.update_range(week)

    def watch_day(self) -> None:
        self._reset_view()

    def watch_zone_index(self) -> None:
        self.notify(f"Day boundaries now in {self.timezone}.")
        if self.week_range is not None:
            self.week_range = replace(self.week_range, timezone=self.timezone)
            self.week = None
        self._reset_view()

    def watch_login_needed(self, message: str | None) -> None:
        if message is not None:
            from tui.ui.screens.login_needed import LoginNeededScreen

            self.app.push_screen(LoginNeededScreen(message))

    def _reset_view(self) -> None:
        """Open another day or zone: panes empty-but-explained until its data arrives."""
        self._replace_view(None)
        self.failure = None
        self.start_sync()

    def _replace_view(self, view: ActivityView | None) -> None:
        """Show ``view``; the one it replaces is freed in a worker thread, a slice at a time
        (this list holds its last reference once the panes show the new one), from when the new
        one's first frames are painted: freeing 200k records while they render would take
        the GIL from the loop at its busiest moment."""
        retired = [self.view]
        self.view = view
        if retired[0] is not None:
            self._after_paint(self._release_views, retired)

    def _after_paint(self, callback: Callable[..., object], *args: object) -> None:
        """Call ``callback`` once a new view is painted: :data:`PAINT_SETTLE_S` after the
        refresh that shows it (a table measures its new cells when its own queue is next idle,
        and is painted again a frame or two later)."""
        self.call_after_refresh(self.set_timer, PAINT_SETTLE_S, partial(callback, *args))

    # A description, so Textual does not repr() the arguments (200k records) to make one.
    @work(thread=True, group="release", exit_on_error=False, description="free replaced view")
    def _release_views(self, retired: list[ActivityView | None]) -> None:
        from tui.ui.activity_view import release_retired

        views = [view for view in retired if view is not None]
        retired.clear()
        release_retired(views)

    # -- the sync worker ------------------------------------------------------------------------

    def start_sync(self) -> None:
        """(Re)start the sync worker for the current day and zone (cancels a running one), or,
        while the week pane is open, for its range."""
        from tui.ui.sync_loop import SyncRequest  # with the first sync, after the first frame

        self.next_refresh_ms = None
        if self.current_pane == WEEK.pane_id and self.week_range is not None:
            self._syncing_range = True
            self._range_worker(self.week_range)
            return
        self._syncing_range = False
        self._sync_worker(SyncRequest(self.day, self.timezone, self.day_start))

    @work(exclusive=True, group="sync", exit_on_error=False, description="load the week")
    async def _range_worker(self, day_range: DayRange) -> None:
        await self.range_loop.run(day_range, self.post_message, is_paused=lambda: self.paused)

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def _sync_worker(self, request: SyncRequest) -> None:
        await self.sync_loop.run(request, self.post_message, is_paused=lambda: self.paused)

    @work(thread=True, group="about", exit_on_error=False)
    def _find_credentials_line(self, describe: Callable[[], str]) -> None:
        """Ask the credential store (may block on D-Bus) where the secrets come from."""
        self.post_message(CredentialsDescribed(describe()))

    async def wait_for_sync(self, after_generation: int) -> None:
        """Wait until a refresh cycle newer than ``after_generation`` has been handled (tests)."""
        while self.sync_generation <= after_generation:
            self._sync_changed.clear()
            await self._sync_changed.wait()

    def _cycle_ended(self) -> None:
        self.sync_generation += 1
        self._sync_changed.set()

    @on(SyncStarted)
    def _sync_started(self) -> None:
        if self._live():
            self.fetching = True
            self.progress = None

    def watch_fetching(self) -> None:
        self._show_partial(self.view)

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        if self._live():
            self.progress = message.progress

    @on(ActivityLoaded)
    def receive_view(self, message: ActivityLoaded) -> None:
        """Show a new analysed view, unless the app is shutting down or the user has left its
        day or zone meanwhile. The collector rests until its first frames are painted
        (:func:`tui.core.collector.hold`), and the worker waits for them too."""
        view = message.view
        if not self._live() or view.day != self.day or view.timezone != self.timezone:
            self._painted()  # shutting down, or a late result for a day the user has left
            return
        resume_collector = hold_collector()
        self._collector_holds.append(resume_collector)
        asyncio.get_running_loop().call_later(PAINT_WAIT_S, resume_collector)  # at the latest
        self._after_paint(self._painted, resume_collector)
        if view.load.error is None:
            self.failure = None
        self._replace_view(view)

    def _painted(self, resume_collector: Callable[[], None] | None = None) -> None:
        """A view's first frames are on screen: the collector and the sync worker go on."""
        if resume_collector is not None:
            resume_collector()
            if resume_collector in self._collector_holds:
                self._collector_holds.remove(resume_collector)
        waiters, self._paint_waiters = self._paint_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _view_shown(self) -> None:
        """Return once the view the sync worker just posted is painted (at most
        :data:`PAINT_WAIT_S` later: a view the screen drops is never painted)."""
        waiter = asyncio.get_running_loop().create_future()
        self._paint_waiters.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter, PAINT_WAIT_S)

    @on(RangeLoaded)
    def _range_loaded(self, message: RangeLoaded) -> None:
        """Show the week's newest figures, unless the user has since asked for another range."""
        if self._live() and message.view.day_range == self.week_range:
            self.week = message.view

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if self._live():
            self.failure = message.failure

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        if self._live():
            self.fetching = False
            self.progress = None
            self.next_refresh_ms = message.next_refresh_ms
        self._cycle_ended()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "sync" or event.state != WorkerState.ERROR:
            return
        if self._live():
            self.fetching = False
            from tui.ui.sync_loop import worker_failure

            self.failure = worker_failure(event.worker.error, self.clock.now_ms())
        self._cycle_ended()

    @on(LoginNeeded)
    def _login_needed(self, message: LoginNeeded) -> None:
        if self._live() and self.login_needed is None:
            self.login_needed = message.message

    @on(SourceNoticed)
    def _source_noticed(self, message: SourceNoticed) -> None:
        if self._live():
            # Notices quote servers and config snippets ("[groups]"): text, never markup.
            self.notify(
                printable(message.notice, keep_newlines=True),
                title=message.title,
                severity="warning",
                timeout=15,
                markup=False,
            )

    @on(CredentialsDescribed)
    def _credentials_described(self, message: CredentialsDescribed) -> None:
        self.credentials_line = message.line

    # -- navigation -----------------------------------------------------------------------------

    def show_pane(self, pane_id: str) -> None:
        """Switch panes by key, tab or palette (a fresh start: esc then leads to Teams)."""
        if pane_id in PANE_IDS and self.app.screen is self:
            self.pane_history.clear()
            self.current_pane = pane_id

    def _drill_to(self, pane_id: str) -> None:
        """Open ``pane_id`` from the current pane, which esc returns to."""
        if self.app.screen is not self:
            return
        if pane_id != self.current_pane:
            self.pane_history.append(self.current_pane)
        self.current_pane = pane_id

    def go_back(self) -> None:
        """esc: the pane clears its filter (or team scope) first, else one level up."""
        if self.app.screen is not self:
            return
        if self.pane(self.current_pane).step_back():
            return
        if self.pane_history:
            self.current_pane = self.pane_history.pop()
        elif self.current_pane != TEAMS.pane_id:
            self.current_pane = TEAMS.pane_id

    def cycle_pane(self, step: int) -> None:
        if self.app.screen is self:
            index = PANE_IDS.index(self.current_pane)
            self.show_pane(PANE_IDS[(index + step) % len(PANE_IDS)])

    @on(TeamSelected)
    def _team_selected(self, message: TeamSelected) -> None:
        """Agents, Timeline, Events and Exceptions follow the chosen team (esc: every team)."""
        if self._live():
            self.agents_pane.show_team(message.group_id)
            self.timeline_pane.show_team(message.group_id)
            self.exceptions_pane.show_team(message.group_id)
            self.events_pane.show_team(message.group_id)
            self.week_pane.show_team(message.group_id)
            self._drill_to(AGENTS.pane_id)

    @on(DaySelected)
    def _day_selected(self, message: DaySelected) -> None:
        """A day of the week view: open it (in the team's Agents, or the Teams pane)."""
        if not self._live():
            return
        group_id, agent_id = self.week_pane.scope
        self.day = message.day
        if agent_id is not None:
            self.agent_pane.show_agent(agent_id)
            self._drill_to(AGENT.pane_id)
        else:
            self._drill_to(AGENTS.pane_id if group_id is not None else TEAMS.pane_id)

    @on(AgentSelected)
    def _agent_selected(self, message: AgentSelected) -> None:
        if self._live():
            self.agent_pane.show_agent(message.agent_id, message.at_ms)
            self._drill_to(AGENT.pane_id)

    # -- day, zone, refresh -----------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        """Open another day (its panes fill when its data arrives)."""
        self.day = day

    def step_day(self, days: int) -> None:
        if self.current_pane == WEEK.pane_id and self.week_range is not None:
            self._step_range(days)
            return
        target = self.day + timedelta(days=days)
        if target > today(self.timezone, self.clock, self.day_start):
            self.notify("That day has not happened yet.", severity="warning")
            return
        self.show_day(target)

    def show_today(self) -> None:
        current = today(self.timezone, self.clock, self.day_start)
        if self.current_pane == WEEK.pane_id and self.week_range is not None:
            self.show_range(self.week_range.ending(current))
            return
        self.show_day(current)

    # -- the week -------------------------------------------------------------------------------

    def show_range(self, day_range: DayRange) -> None:
        """Open the week pane on ``day_range`` (its days load one by one)."""
        if self.app.screen is not self:
            return
        if day_range != self.week_range:
            self.week_range = day_range
            self.week = None
        if self.current_pane == WEEK.pane_id:
            self.start_sync()
        else:
            self._drill_to(WEEK.pane_id)

    def toggle_week(self) -> None:
        """``w``: the seven days up to the day shown, for the scope in view (the agent open in
        the Agent pane, else the team chosen); again: back where ``w`` was pressed."""
        if self.app.screen is not self:
            return
        if self.current_pane == WEEK.pane_id:
            self.current_pane = self.pane_history.pop() if self.pane_history else PANE_IDS[0]
            return
        week = self.week_pane
        agent_id = self.agent_pane.agent_id
        if self.current_pane == AGENT.pane_id and agent_id is not None:
            group = self.view.agents_by_id.get(agent_id) if self.view is not None else None
            week.show_agent(agent_id, None if group is None else group.agent.group_id)
        else:
            week.show_team(self.agents_pane.group_filter)
        self.show_range(week_ending(self.day, self.timezone, self.day_start))

    def _step_range(self, steps: int) -> None:
        """``[`` / ``]`` in the week: the range before / after, of the same length."""
        if self.week_range is None:
            return
        stepped = self.week_range.stepped(steps, today(self.timezone, self.clock, self.day_start))
        if stepped is None:
            self.notify("Those days have not happened yet.", severity="warning")
            return
        self.show_range(stepped)

    def pick_date(self) -> None:
        from tui.ui.screens.date_picker import DatePickerScreen  # not before the first frame

        def chosen(day: date | DayRange | None) -> None:
            if isinstance(day, DayRange):
                self.show_range(day)
            elif day is not None:
                if self.current_pane == WEEK.pane_id:
                    self.current_pane = (
                        self.pane_history.pop() if self.pane_history else PANE_IDS[0]
                    )
                self.show_day(day)

        self.app.push_screen(
            DatePickerScreen(
                self.day,
                today(self.timezone, self.clock, self.day_start),
                timezone=self.timezone,
                day_start=self.day_start,
            ),
            chosen,
        )

    def cycle_zone(self) -> None:
        self.zone_index = (self.zone_index + 1) % len(self.zones)

    def refresh_now(self) -> None:
        if self.fetching:
            self.notify("Already refreshing.")
            return
        self.start_sync()

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.app.refresh_bindings()
        if self.paused:
            self.next_refresh_ms = None
            if not self.fetching:
                self.workers.cancel_group(self, "sync")
            self.notify("Auto-refresh paused (r still refreshes once).")
        else:
            self.notify("Auto-refresh resumed.")
            self.start_sync()

    # -- export, palette ------------------------------------------------------------------------

    def export(self) -> None:
        if self.view is None:
            self.notify("Nothing to export yet: no data loaded.", severity="warning")
            return
        if self.current_pane == EVENTS.pane_id:
            events = tuple(self.events_pane.visible_events())
            self._export_events_worker(self.view, events)
            return
        if self.current_pane == EXCEPTIONS.pane_id:
            rows = self.exceptions_pane.visible_exceptions()
            self._export_exceptions_worker(self.view, rows)
            return
        if self.current_pane == WEEK.pane_id:
            if self.week is None:
                self.notify("Nothing to export yet: the week is loading.", severity="warning")
                return
            group_id, agent_id = self.week_pane.scope
            self._export_week_worker(self.week, group_id, agent_id)
            return
        self._export_worker(self.view, self._export_agent_ids())

    @work(thread=True, group="export", exit_on_error=False, description="write the export")
    def _export_events_worker(self, view: ActivityView, records: tuple[StatusRecord, ...]) -> None:
        """The Events pane's records (the agent state log), written in a thread."""
        from tui.ui.export_events import export_events  # off the start-up path: first paint
        from tui.ui.panes.events import event_names

        try:
            written = export_events(view, records, event_names(view), self.clock)
        except OSError as error:
            self.post_message(ExportFailed(str(error)))
        else:
            self.post_message(ExportWritten(written))

    @work(thread=True, group="export", exit_on_error=False, description="write the export")
    def _export_exceptions_worker(
        self, view: ActivityView, rows: tuple[ReviewException, ...]
    ) -> None:
        """The Exceptions pane's rows, written in a thread like every export."""
        from tui.ui.export_exceptions import export_exceptions  # off the start-up path

        try:
            written = export_exceptions(view, rows, self.clock)
        except OSError as error:
            self.post_message(ExportFailed(str(error)))
        else:
            self.post_message(ExportWritten(written))

    @work(thread=True, group="export", exit_on_error=False, description="write the export")
    def _export_week_worker(
        self, week: RangeView, group_id: int | None, agent_id: int | None
    ) -> None:
        """The week pane's days, one row per agent per day (as ``export --by day``)."""
        from tui.ui.export_week import export_week  # off the start-up path

        try:
            written = export_week(week, self.source_label, group_id, agent_id, self.clock)
        except OSError as error:
            self.post_message(ExportFailed(str(error)))
        else:
            self.post_message(ExportWritten(written))

    @work(thread=True, group="export", exit_on_error=False, description="write the export")
    def _export_worker(self, view: ActivityView, agent_ids: tuple[int, ...] | None) -> None:
        """Format and write the files in a thread (a big day's JSON takes a moment)."""
        from tui.ui.export_view import export_view  # off the start-up path: first paint

        try:
            written = export_view(view, agent_ids, self.clock)
        except OSError as error:
            self.post_message(ExportFailed(str(error)))
        else:
            self.post_message(ExportWritten(written))

    @on(ExportWritten)
    def _export_written(self, message: ExportWritten) -> None:
        self.last_export = message.paths
        if self._live():
            from tui.ui.export_view import export_notice

            self.app.copy_to_clipboard(str(message.paths[0]))
            self.notify(export_notice(message.paths), title="Exported", timeout=10)

    @on(ExportFailed)
    def _export_failed(self, message: ExportFailed) -> None:
        if self._live():
            self.notify(
                f"Could not write the export: {printable(message.reason)}", severity="error"
            )

    def _export_agent_ids(self) -> tuple[int, ...] | None:
        """The agents the current pane shows (``None`` = everyone)."""
        if self.current_pane == AGENTS.pane_id:
            return tuple(a.agent.agent_id for a in self.agents_pane.visible_agents())
        if self.current_pane == AGENT.pane_id:
            agent_id = self.agent_pane.agent_id
            return None if agent_id is None else (agent_id,)
        if self.current_pane == TIMELINE.pane_id:
            return self.timeline_pane.visible_agent_ids()
        return None

    def palette_commands(self) -> Iterator[SystemCommand]:
        return monitor_commands(self, PANES)

    async def on_unmount(self) -> None:
        for resume_collector in self._collector_holds:  # no frame will come
            resume_collector()
        self._collector_holds.clear()
        self.workers.cancel_group(self, "sync")
        try:
            if self._sync_loop is not None:
                await self._sync_loop.aclose()
        finally:
            self._gil_share.end()


def _import_panes(pane_ids: Iterable[str]) -> None:
    """Import these panes' modules (call it in a worker thread)."""
    for pane_id in pane_ids:
        pane_class(PANES_BY_ID[pane_id])
