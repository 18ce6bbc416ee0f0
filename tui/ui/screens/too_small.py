"""Shown instead of the panes while the terminal is below 80×24; `q` still quits."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(ModalScreen[None]):
    """Covers everything until the terminal is big enough again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="too_small.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                f"terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})\nresize, or press q to quit",
                id="too-small-text",
            )


def cover_if_too_small(app: App[Any], width: int, height: int) -> None:
    """Show :class:`TooSmallScreen` while the terminal is below the minimum, else hide it."""
    too_small = width < MIN_WIDTH or height < MIN_HEIGHT
    showing = isinstance(app.screen, TooSmallScreen)
    if too_small and not showing:
        app.push_screen(TooSmallScreen())
    elif not too_small and showing:
        app.pop_screen()
