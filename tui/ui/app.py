"""The monitor app: five panes under one persistent freshness header, fed by one sync worker.

The panes live in a ``ContentSwitcher`` (not Textual modes) so the header, the footer and the
worker's state are shared by all of them: switching panes never refetches or loses the data.
Data flows one way: the exclusive ``sync`` worker posts ``ActivityLoaded`` / ``LoadFailed`` /
``SyncProgressed`` messages; handlers here hand the immutable :class:`ActivityView` to every pane.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer
from textual.worker import Worker, WorkerState

from tui.analysis.options import AnalysisOptions
from tui.analysis.schedule import Schedule
from tui.core.clock import Clock, SystemClock
from tui.core.settings import Settings
from tui.core.source import ActivitySource, LoadFailure, SyncProgress
from tui.core.windows import today
from tui.core.zones import working_zone, zone_cycle
from tui.ui.activity_view import ActivityView
from tui.ui.bindings import APP_BINDINGS
from tui.ui.export_view import export_notice, export_view
from tui.ui.freshness import Freshness
from tui.ui.messages import (
    ActivityLoaded,
    AgentSelected,
    LoadFailed,
    LoginNeeded,
    SourceNoticed,
    SyncFinished,
    SyncProgressed,
    SyncStarted,
    TeamSelected,
)
from tui.ui.palette import monitor_commands
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.agents import AgentsPane
from tui.ui.panes.base import Pane
from tui.ui.panes.events import EventsPane
from tui.ui.panes.teams import TeamsPane
from tui.ui.panes.timeline import TimelinePane
from tui.ui.screens.date_picker import DatePickerScreen
from tui.ui.screens.help import HelpScreen, about_line, help_sections
from tui.ui.screens.login_needed import LoginNeededScreen
from tui.ui.screens.too_small import cover_if_too_small
from tui.ui.sync_loop import SyncLoop, SyncRequest, worker_failure
from tui.ui.themes import STATE_VARIABLE_DEFAULTS, register_themes
from tui.ui.widgets.header import FreshnessHeader

PANE_CLASSES: tuple[type[Pane], ...] = (TeamsPane, AgentsPane, TimelinePane, AgentPane, EventsPane)
PANE_IDS = tuple(pane.pane_id for pane in PANE_CLASSES)


class AgentActivityApp(App[int]):
    """The agent-activity monitor for one :class:`ActivitySource` (an account or the demo)."""

    CSS_PATH = "app.tcss"
    TITLE = "agent-activity"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)

    def __init__(
        self,
        source: ActivitySource,
        settings: Settings,
        *,
        clock: Clock | None = None,
        initial_date: date | None = None,
        timezone: str | None = None,
        mouse: bool = True,
        schedule: Schedule | None = None,
        describe_credentials: Callable[[], str] | None = None,
    ) -> None:
        self.settings = settings
        self._describe_credentials = describe_credentials
        self.credentials_line: str | None = None
        """Where the credentials come from (for help), once the thread worker has found out."""
        self.clock: Clock = clock or SystemClock()
        self.mouse_enabled = mouse and settings.mouse
        self.source_label = source.label
        super().__init__()
        self._zones = zone_cycle(working_zone(timezone, settings.timezone))
        self._zone_index = 0
        self.day = initial_date or today(self._zones[0], self.clock)
        self.sync_loop = SyncLoop(
            source,
            clock=self.clock,
            options=AnalysisOptions.from_settings(settings, schedule=schedule),
            refresh_interval_s=settings.refresh_interval_s,
        )
        self.view: ActivityView | None = None
        self.paused = False
        self.fetching = False
        self.progress: SyncProgress | None = None
        self.failure: LoadFailure | None = None
        self.next_refresh_ms: int | None = None
        self.sync_generation = 0
        self._sync_changed = asyncio.Event()
        self.login_needed: str | None = None
        """Why there is no account to show (no credentials were found), once known."""
        self.last_export: tuple[Path, ...] = ()
        registered = register_themes(self, settings.theme)
        self.theme_names = registered.names
        self.theme_failures = registered.failures
        if settings.keymap:
            self.set_keymap(dict(settings.keymap))

    # -- set-up ---------------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(STATE_VARIABLE_DEFAULTS)

    @property
    def timezone(self) -> str:
        return self._zones[self._zone_index]

    def compose(self) -> ComposeResult:
        yield FreshnessHeader([(pane.pane_id, pane.title) for pane in PANE_CLASSES], id="header")
        with ContentSwitcher(initial=PANE_IDS[0], id="panes"):
            for pane_class in PANE_CLASSES:
                yield pane_class()
        yield Footer()

    def on_mount(self) -> None:
        for pane in self.panes():
            pane.update_view(None)
        self._show_freshness()
        self.set_interval(30, self._show_freshness)
        if self.theme_failures:
            self.notify(
                "\n".join(self.theme_failures),
                title="Theme files not used",
                severity="warning",
                timeout=10,
            )
        cover_if_too_small(self, self.size.width, self.size.height)
        self.call_after_refresh(self.start_sync)
        if self._describe_credentials is not None:
            self.run_worker(
                self._find_credentials_line, thread=True, group="about", exit_on_error=False
            )

    def _find_credentials_line(self) -> None:
        """Thread worker: ask the credential store (may block on D-Bus) where secrets come from."""
        assert self._describe_credentials is not None
        line = self._describe_credentials()
        self.call_from_thread(setattr, self, "credentials_line", line)

    def panes(self) -> list[Pane]:
        return list(self.query_one("#panes", ContentSwitcher).query_children(Pane))

    def pane(self, pane_id: str) -> Pane:
        return self.query_one(f"#{pane_id}", Pane)

    @property
    def current_pane_id(self) -> str:
        return self.query_one("#panes", ContentSwitcher).current or PANE_IDS[0]

    # -- the sync worker --------------------------------------------------------------------------

    def start_sync(self) -> None:
        """(Re)start the sync worker for the current day and zone (cancels a running one)."""
        self.next_refresh_ms = None
        self._sync_worker(SyncRequest(self.day, self.timezone))

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def _sync_worker(self, request: SyncRequest) -> None:
        await self.sync_loop.run(request, self.post_message, is_paused=lambda: self.paused)

    async def wait_for_sync(self, after_generation: int) -> None:
        """Wait until a refresh cycle newer than ``after_generation`` has been handled (tests)."""
        while self.sync_generation <= after_generation:
            self._sync_changed.clear()
            await self._sync_changed.wait()

    @on(SyncStarted)
    def _sync_started(self) -> None:
        self.fetching = True
        self.progress = None
        self._show_freshness()

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        self.progress = message.progress
        self._show_freshness()

    @on(ActivityLoaded)
    def _activity_loaded(self, message: ActivityLoaded) -> None:
        view = message.view
        if view.day != self.day or view.timezone != self.timezone:
            return  # a late result for a day the user has left
        self.view = view
        if view.load.error is None:
            self.failure = None
        with self.batch_update():
            for pane in self.panes():
                pane.update_view(view)
        self._show_freshness()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.failure = message.failure
        self._show_freshness()

    @on(LoginNeeded)
    def _login_needed(self, message: LoginNeeded) -> None:
        if self.login_needed is None:
            self.login_needed = message.message
            self.push_screen(LoginNeededScreen(message.message))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without an account only quitting (and the screen's own keys) makes sense."""
        if self.login_needed is not None and action != "quit":
            return False
        return super().check_action(action, parameters)

    @on(SourceNoticed)
    def _source_noticed(self, message: SourceNoticed) -> None:
        self.notify(message.notice, title=message.title, severity="warning", timeout=15)

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        self.fetching = False
        self.progress = None
        self.next_refresh_ms = message.next_refresh_ms
        self.sync_generation += 1
        self._sync_changed.set()
        self._show_freshness()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "sync" or event.state != WorkerState.ERROR:
            return
        self.fetching = False
        self.failure = worker_failure(event.worker.error, self.clock.now_ms())
        self.sync_generation += 1
        self._sync_changed.set()
        self._show_freshness()

    def freshness(self) -> Freshness:
        load = None if self.view is None else self.view.load
        return Freshness(
            source_label=self.source_label,
            day=self.day,
            timezone=self.timezone,
            now_ms=self.clock.now_ms(),
            refresh_interval_s=self.settings.refresh_interval_s,
            data_complete_to_ms=None if load is None else load.data_complete_to_ms,
            fetched_at_ms=None if load is None else load.fetched_at_ms,
            next_refresh_ms=self.next_refresh_ms,
            paused=self.paused,
            fetching=self.fetching,
            progress=self.progress,
            failure=self.failure,
        )

    def _show_freshness(self) -> None:
        self.query_one(FreshnessHeader).show(self.freshness())

    # -- navigation -----------------------------------------------------------------------------

    def action_show_pane(self, pane_id: str) -> None:
        if pane_id not in PANE_IDS or len(self.screen_stack) > 1:
            return
        self.query_one("#panes", ContentSwitcher).current = pane_id
        self.query_one(FreshnessHeader).set_active_pane(pane_id)
        self.pane(pane_id).focus_main_list()
        self.refresh_bindings()

    def action_cycle_pane(self, step: int) -> None:
        if len(self.screen_stack) > 1:
            return
        index = PANE_IDS.index(self.current_pane_id)
        self.action_show_pane(PANE_IDS[(index + step) % len(PANE_IDS)])

    @on(TeamSelected)
    def _team_selected(self, message: TeamSelected) -> None:
        """Agents and Timeline both follow the chosen team (esc in either shows every team)."""
        self.query_one(AgentsPane).show_team(message.group_id)
        self.query_one(TimelinePane).show_team(message.group_id)
        self.action_show_pane(AgentsPane.pane_id)

    @on(AgentSelected)
    def _agent_selected(self, message: AgentSelected) -> None:
        self.query_one(AgentPane).show_agent(message.agent_id)
        self.action_show_pane(AgentPane.pane_id)

    # -- day, zone, refresh -----------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        """Open another day: keep the panes empty-but-explained until its data arrives."""
        if day == self.day:
            return
        self.day = day
        self._reset_view()

    def _reset_view(self) -> None:
        self.view = None
        self.failure = None
        with self.batch_update():
            for pane in self.panes():
                pane.update_view(None)
        self._show_freshness()
        self.start_sync()

    def action_step_day(self, days: int) -> None:
        target = self.day + timedelta(days=days)
        if target > today(self.timezone, self.clock):
            self.notify("That day has not happened yet.", severity="warning")
            return
        self.show_day(target)

    def action_today(self) -> None:
        self.show_day(today(self.timezone, self.clock))

    def action_pick_date(self) -> None:
        def chosen(day: date | None) -> None:
            if day is not None:
                self.show_day(day)

        self.push_screen(DatePickerScreen(self.day, today(self.timezone, self.clock)), chosen)

    def action_cycle_zone(self) -> None:
        self._zone_index = (self._zone_index + 1) % len(self._zones)
        self.notify(f"Day boundaries now in {self.timezone}.")
        self._reset_view()

    def action_refresh(self) -> None:
        if self.fetching:
            self.notify("Already refreshing.")
            return
        self.start_sync()

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if self.paused:
            self.next_refresh_ms = None
            if not self.fetching:
                self.workers.cancel_group(self, "sync")
            self.notify("Auto-refresh paused (r still refreshes once).")
        else:
            self.notify("Auto-refresh resumed.")
            self.start_sync()
        self._show_freshness()

    # -- export, help, palette ------------------------------------------------------------------

    def action_export(self) -> None:
        if self.view is None:
            self.notify("Nothing to export yet: no data loaded.", severity="warning")
            return
        try:
            written = export_view(self.view, self._export_agent_ids(), self.clock)
        except OSError as error:
            self.notify(f"Could not write the export: {error}", severity="error")
            return
        self.last_export = written
        self.copy_to_clipboard(str(written[0]))
        self.notify(export_notice(written), title="Exported", timeout=10)

    def _export_agent_ids(self) -> tuple[int, ...] | None:
        """The agents the current pane shows (``None`` = everyone)."""
        if self.current_pane_id == AgentsPane.pane_id:
            return tuple(a.agent.agent_id for a in self.query_one(AgentsPane).visible_agents())
        return None

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            has_credentials = self._describe_credentials is not None
            about = about_line(
                self.source_label, self.credentials_line, has_credentials=has_credentials
            )
            sections = help_sections(APP_BINDINGS, PANE_CLASSES, self.settings)
            self.push_screen(HelpScreen(sections, about=about))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from monitor_commands(self, screen)
        yield SystemCommand("app: keys", "Every key binding (also ? or F1)", self.action_help)
        yield SystemCommand("app: quit", "Leave agent-activity", self.action_quit)

    # -- terminal size --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        cover_if_too_small(self, event.size.width, event.size.height)

    async def on_unmount(self) -> None:
        self.workers.cancel_group(self, "sync")
        await self.sync_loop.aclose()
