"""`g`: type a day to open (a date, ``yesterday``, ``-N`` days back, a weekday); esc cancels."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HINT = "YYYY-MM-DD, today, yesterday, -N (days back) or a weekday (mon…sun); esc cancels"


def relative_day(text: str, *, today: date) -> date | None:
    """``today``/``t``, ``yesterday``/``y``, ``-N`` (N days back) or a weekday name or its first
    three letters (the latest such day, today included); ``None`` when ``text`` is none of those."""
    word = text.strip().casefold()
    if word in {"t", "today"}:
        return today
    if word in {"y", "yesterday"}:
        return today - timedelta(days=1)
    if word.startswith("-") and word[1:].isdigit():
        return today - timedelta(days=int(word[1:]))
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return today - timedelta(days=(today.weekday() - index) % 7)
    return None


def parse_day(text: str, *, today: date) -> date | str:
    """The day typed, or why it cannot be used (the API answers at most 6 months back; no future
    days)."""
    stripped = text.strip()
    day = relative_day(stripped, today=today)
    if day is None:
        try:
            day = date.fromisoformat(stripped)
        except ValueError:
            return f"Type a day: {HINT}."
    if day > today:
        return "That day is in the future: nothing has been reported yet."
    if day < _months_before(today, HISTORY_MONTHS):
        return (
            f"LivePerson answers at most {HISTORY_MONTHS} months back "
            f"(from {_months_before(today, HISTORY_MONTHS).isoformat()}); pick a later day."
        )
    return day


HISTORY_MONTHS = 6
"""How far back the Agent Activity API answers (its ``from`` at most 6 months before now)."""


def _months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


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
            yield Label(f"Open day ({HINT}):")
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
