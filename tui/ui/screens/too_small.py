"""Shown instead of the panes while the terminal is below 80×24; `q` still quits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
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
