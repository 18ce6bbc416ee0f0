"""The monitor app: themes, keys and the palette around one :class:`MonitorScreen`.

The monitor screen (the default screen) owns the data, the sync worker and the panes; the app
registers themes, applies the user's keymap, binds the keys (ids ``app.*``, remappable in
``[keys]``) and hands each key's action to the monitor. Fatal terminal-size and login states are
screens over the monitor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from tui.core.clock import Clock, SystemClock
from tui.core.errors import ConfigError
from tui.core.settings import Settings
from tui.ui.bindings import APP_BINDINGS
from tui.ui.screens.monitor import MonitorScreen
from tui.ui.screens.too_small import cover_if_too_small
from tui.ui.themes import STATE_VARIABLE_DEFAULTS, register_themes

if TYPE_CHECKING:
    from tui.analysis.schedule import Schedule
    from tui.core.source_contract import ActivitySource


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
        schedule: Schedule | None = None,
        describe_credentials: Callable[[], str] | None = None,
        save_theme: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.save_theme = save_theme
        """Writes the chosen theme into the config (``None``: choices last for the session)."""
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.monitor = MonitorScreen(
            source,
            settings,
            clock=self.clock,
            initial_date=initial_date,
            schedule=schedule,
            describe_credentials=describe_credentials,
        )
        registered = register_themes(self, settings.theme)
        self.theme_names = registered.names
        self.theme_failures = registered.failures
        if settings.keymap:
            self.set_keymap(dict(settings.keymap))

    def get_default_screen(self) -> MonitorScreen:
        return self.monitor

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(STATE_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        if self.theme_failures:
            self.notify(
                "\n".join(self.theme_failures),
                title="Theme files not used",
                severity="warning",
                timeout=10,
            )
        cover_if_too_small(self, self.size.width, self.size.height)

    async def on_ready(self) -> None:
        """The first frame is on the terminal: the rest of the monitor may load."""
        await self.monitor.after_first_frame()

    def on_resize(self, event: events.Resize) -> None:
        cover_if_too_small(self, event.size.width, event.size.height)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without an account only quitting (and the screen's own keys) makes sense; ``p``
        reads Pause or Resume (one of the two bindings is hidden)."""
        if self.monitor.login_needed is not None and action != "quit":
            return False
        if action == "pause":
            return not self.monitor.paused
        if action == "resume":
            return self.monitor.paused
        return super().check_action(action, parameters)

    # -- the keys: each hands its action to the monitor --------------------------------------------

    def action_show_pane(self, pane_id: str) -> None:
        self.monitor.show_pane(pane_id)

    def action_cycle_pane(self, step: int) -> None:
        self.monitor.cycle_pane(step)

    def action_step_day(self, days: int) -> None:
        self.monitor.step_day(days)

    def action_today(self) -> None:
        self.monitor.show_today()

    def action_toggle_week(self) -> None:
        self.monitor.toggle_week()

    def action_pick_date(self) -> None:
        self.monitor.pick_date()

    def action_cycle_zone(self) -> None:
        self.monitor.cycle_zone()

    def action_refresh(self) -> None:
        self.monitor.refresh_now()

    def action_toggle_pause(self) -> None:
        self.monitor.toggle_pause()

    def action_pause(self) -> None:
        if not self.monitor.paused:
            self.monitor.toggle_pause()

    def action_resume(self) -> None:
        if self.monitor.paused:
            self.monitor.toggle_pause()

    def action_go_back(self) -> None:
        self.monitor.go_back()

    def action_export(self) -> None:
        self.monitor.export()

    def action_help(self) -> None:
        from tui.ui.panes.catalogue import pane_classes
        from tui.ui.screens.help import HelpScreen, about_line, help_sections  # not before paint

        if isinstance(self.screen, HelpScreen):
            return
        monitor = self.monitor
        view = monitor.view
        skipped: Mapping[str, int] = {} if view is None else view.report.skipped_by_reason
        about = about_line(
            monitor.source_label,
            monitor.credentials_line,
            has_credentials=monitor.describe_credentials is not None,
            skipped_by_reason=skipped,
        )
        sections = help_sections(APP_BINDINGS, pane_classes(), self.settings)
        self.push_screen(HelpScreen(sections, about=about))

    def choose_theme(self, name: str) -> None:
        """Switch to the theme the user picked and remember it in the config file."""
        if name not in self.theme_names:
            valid = ", ".join(sorted(self.theme_names))
            self.notify(f"Unknown theme {name!r}; themes: {valid}", severity="warning")
            return
        self.theme = name
        if self.save_theme is not None:
            self._save_theme_worker(self.save_theme, name)

    @work(thread=True, group="config", exit_on_error=False)
    def _save_theme_worker(self, save: Callable[[str], object], name: str) -> None:
        """Write the config in a thread (a file write never runs on the event loop)."""
        try:
            where = save(name)
        except (ConfigError, OSError) as error:
            self.call_from_thread(
                self.notify,
                f"Theme {name} is used until you quit, but could not be saved: {error}",
                severity="warning",
                markup=False,
            )
        else:
            self.call_from_thread(
                self.notify, f"Theme {name} saved in {where}.", title="Theme", markup=False
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if screen is self.monitor:
            yield from self.monitor.palette_commands()
            for theme_name in self.theme_names:
                if theme_name != self.theme:
                    yield SystemCommand(
                        f"theme: {theme_name}",
                        "Switch colours",
                        lambda name=theme_name: self.choose_theme(name),
                    )
        yield SystemCommand("app: keys", "Every key binding (also ? or F1)", self.action_help)
        yield SystemCommand("app: quit", "Leave agent-activity", self.action_quit)
