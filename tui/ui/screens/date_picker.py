"""`g`: type a day to open (a date, ``yesterday``, ``-N`` days back, a weekday) or a range of
days for the week view (``this week``, ``last week``, ``FIRST..LAST`` of any two day words, e.g.
``mon..today``, ``-6..``, ``2026-11-02..2026-11-08``); esc cancels."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.day_range import DayRange, day_range
from tui.core.errors import InputError
from tui.core.windows import MIDNIGHT

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HINT = "YYYY-MM-DD, today, yesterday, -N (days back) or a weekday (mon…sun); esc cancels"
RANGE_HINT = "or days: this week, last week, FIRST..LAST (mon..today, -6.., 2026-11-02..2026-11-08)"


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


def parse_when(
    text: str, *, today: date, timezone: str, day_start: time = MIDNIGHT
) -> date | DayRange | str:
    """A day (:func:`parse_day`), or a range of days for the week view: ``this week`` (Monday
    to today), ``last week`` (Monday to Sunday before it), ``FIRST..LAST`` (any two day words;
    no LAST: to today). At most 31 days; the message says what is wrong otherwise."""
    word = " ".join(text.strip().casefold().split())
    monday = today - timedelta(days=today.weekday())
    if word in {"week", "this week", "w"}:
        return DayRange(monday, today, timezone, day_start)
    if word == "last week":
        return DayRange(monday - timedelta(days=7), monday - timedelta(days=1), timezone, day_start)
    if ".." not in word:
        return parse_day(text, today=today)
    first_text, last_text = word.split("..", 1)
    first = parse_day(first_text, today=today)
    last = parse_day(last_text, today=today) if last_text.strip() else today
    if isinstance(first, str):
        return f"First day of the range: {first}"
    if isinstance(last, str):
        return f"Last day of the range: {last}"
    try:
        return day_range(first, last, timezone, day_start, what=word)
    except InputError as error:
        return f"{error.message}."


HISTORY_MONTHS = 6
"""How far back the Agent Activity API answers (its ``from`` at most 6 months before now)."""


def _months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


class DatePickerScreen(ModalScreen[date | DayRange | None]):
    """A one-field form; Enter opens the day (or the range in the week pane), esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="date.cancel"),
    ]

    def __init__(
        self, current: date, today: date, *, timezone: str = "UTC", day_start: time = MIDNIGHT
    ) -> None:
        super().__init__()
        self._current = current
        self._today = today
        self._timezone = timezone
        self._day_start = day_start

    def compose(self) -> ComposeResult:
        with Vertical(id="date-dialog"):
            yield Static(f"Open day ({HINT}):\n{RANGE_HINT}", id="date-hint", markup=False)
            yield Input(value=self._current.isoformat(), id="date-input")
            yield Static("", id="date-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        parsed = parse_when(
            event.value, today=self._today, timezone=self._timezone, day_start=self._day_start
        )
        if isinstance(parsed, str):
            self.query_one("#date-error", Static).update(parsed)
            return
        self.dismiss(parsed)

    def action_cancel(self) -> None:
        self.dismiss(None)
