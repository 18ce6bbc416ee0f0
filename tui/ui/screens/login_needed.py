"""What `agent-activity` shows when no credentials are found: how to log in, then quit.

:class:`LoginNeededApp` is the whole app when the command knows before starting the monitor that
there are no credentials; :class:`LoginNeededScreen` covers the monitor when it finds out later
(credentials are looked up in the sync worker, since the OS keyring can take seconds).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.ui.freshness import REPORTING_BADGE

EXIT_NOT_LOGGED_IN = 2

LOGIN_CSS = """
#login-text {
    width: 80;
    max-width: 100%;
    border: round $warning;
    padding: 1 2;
}
"""


def login_widgets(message: str) -> ComposeResult:
    """The explanation (``message`` says what is missing), then the footer."""
    with Middle(), Center():
        yield Static(
            "agent-activity needs a LivePerson account to show\n\n"
            f"{message}\n\n"
            "`agent-activity login` checks the credentials against LivePerson and stores "
            "them in the OS keyring; `agent-activity doctor` explains what is wrong.\n\n"
            f"({REPORTING_BADGE})\n\nPress q to quit.",
            id="login-text",
            markup=False,
        )
    yield Footer()


class LoginNeededApp(App[int]):
    """Explains what is missing; any of q, esc or enter quits (exit status 2 from the caller)."""

    CSS = LOGIN_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "quit", "Quit", id="login.quit"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        yield from login_widgets(self._message)


class LoginNeededScreen(Screen[None]):
    """The same explanation over the monitor; q, esc or enter ends the app with status 2."""

    DEFAULT_CSS = LOGIN_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "leave", "Quit", id="login.quit"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield from login_widgets(self.message)

    def action_leave(self) -> None:
        self.app.exit(return_code=EXIT_NOT_LOGGED_IN)
