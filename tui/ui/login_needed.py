"""The screen `agent-activity` shows when no credentials are found: how to log in, then quit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.widgets import Footer, Static

from tui.ui.freshness import REPORTING_BADGE


class LoginNeededApp(App[int]):
    """Explains what is missing; any of q, esc or enter quits (exit status 2 from the caller)."""

    CSS = """
    #login-text {
        width: 80;
        max-width: 100%;
        border: round $warning;
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "quit", "Quit", id="login.quit"),
    ]

    def __init__(self, message: str, *, mouse: bool = True) -> None:
        super().__init__()
        self._message = message
        self.mouse_enabled = mouse

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                "agent-activity needs a LivePerson account to show\n\n"
                f"{self._message}\n\n"
                "`agent-activity login` checks the credentials against LivePerson and stores "
                "them in the OS keyring; `agent-activity doctor` explains what is wrong.\n\n"
                f"({REPORTING_BADGE})\n\nPress q to quit.",
                id="login-text",
                markup=False,
            )
        yield Footer()
