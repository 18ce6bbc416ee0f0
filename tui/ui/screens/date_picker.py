"""`g`: type a date (YYYY-MM-DD) to open; validated before the screen closes."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


def parse_day(text: str, *, today: date) -> date | str:
    """The date typed, or why it cannot be used (the API keeps 13 months; no future days)."""
    stripped = text.strip()
    if stripped in {"t", "today"}:
        return today
    try:
        day = date.fromisoformat(stripped)
    except ValueError:
        return "Type a date as YYYY-MM-DD (for example 2026-11-23)."
    if day > today:
        return "That day is in the future: nothing has been reported yet."
    if (today - day).days > 395:
        return "LivePerson keeps 13 months of agent activity; pick a later day."
    return day


class DatePickerScreen(ModalScreen[date | None]):
    """A one-field form; Enter opens the day, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="date.cancel"),
    ]

    def __init__(self, current: date, today: date) -> None:
        super().__init__()
        self._current = current
        self._today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog"):
            yield Label("Open day (YYYY-MM-DD):")
            yield Input(value=self._current.isoformat(), id="date-input")
            yield Static("", id="date-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        parsed = parse_day(event.value, today=self._today)
        if isinstance(parsed, str):
            self.query_one("#date-error", Static).update(parsed)
            return
        self.dismiss(parsed)

    def action_cancel(self) -> None:
        self.dismiss(None)
