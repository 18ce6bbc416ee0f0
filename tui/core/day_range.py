"""A range of whole (shift) days in one zone: the week view's and ``export --by day``'s unit.

A :class:`DayRange` is ``first..last`` (both included) of days that start at ``day_start`` in an
IANA zone; each day is :func:`~tui.core.windows.day_window` (DST-correct: 23 h or 25 h days), so a
range's day figures are exactly the figures the day view gives for that day. Ranges are at most
:data:`MAX_RANGE_DAYS` long; the one before a range (:meth:`DayRange.previous`) has the same length.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from tui.core.errors import InputError
from tui.core.windows import MIDNIGHT, Window, day_start_text, day_window

MAX_RANGE_DAYS = 31
"""The longest range shown or exported day by day (a month; the API's own span limit)."""
WEEK_DAYS = 7


@dataclass(frozen=True, slots=True)
class DayRange:
    """Days ``first`` to ``last`` (both included) in ``timezone``, each from ``day_start``."""

    first: date
    last: date
    timezone: str
    day_start: time = MIDNIGHT

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> tuple[date, ...]:
        return tuple(self.first + timedelta(days=offset) for offset in range(self.days))

    def day_windows(self) -> tuple[Window, ...]:
        """Each day's window, oldest first; together they cover :meth:`window` exactly."""
        return tuple(day_window(day, self.timezone, self.day_start) for day in self.dates())

    def window(self) -> Window:
        """From the first day's start to the last day's end."""
        first = day_window(self.first, self.timezone, self.day_start)
        last = day_window(self.last, self.timezone, self.day_start)
        return Window(first.start_ms, last.end_ms, self.timezone)

    def previous(self) -> DayRange:
        """The range of the same length that ends the day before this one starts."""
        return DayRange(
            self.first - timedelta(days=self.days),
            self.first - timedelta(days=1),
            self.timezone,
            self.day_start,
        )

    def short_label(self) -> str:
        """``29 Nov → 05 Dec`` (the header's), ``from 18:00`` added for shift days."""
        text = f"{self.first:%d %b} → {self.last:%d %b}"
        if self.day_start != MIDNIGHT:
            text += f" from {day_start_text(self.day_start)}"
        return text

    def ending(self, last: date) -> DayRange:
        """A range of the same length that ends with ``last``."""
        return replace(self, first=last - timedelta(days=self.days - 1), last=last)

    def stepped(self, steps: int, today: date) -> DayRange | None:
        """The range ``steps`` lengths later (earlier when negative), its end kept to ``today``;
        ``None`` when it would start after ``today`` (those days have not happened)."""
        last = self.last + timedelta(days=steps * self.days)
        if last - timedelta(days=self.days - 1) > today:
            return None
        return self.ending(min(last, today))

    def label(self) -> str:
        """``Mon 30 Nov → Sun 06 Dec 2026 (7 days)``, with the shift start when not midnight."""
        first = f"{self.first:%a %d %b}" + (
            f" {self.first:%Y}" if self.first.year != self.last.year else ""
        )
        text = f"{first} → {self.last:%a %d %b %Y} ({self.days} days)"
        if self.day_start != MIDNIGHT:
            text += f", days from {day_start_text(self.day_start)}"
        return text


def day_range(
    first: date, last: date, timezone: str, day_start: time = MIDNIGHT, *, what: str = "range"
) -> DayRange:
    """The range ``first..last``; :class:`InputError` naming ``what`` when it is backwards or
    longer than :data:`MAX_RANGE_DAYS` days."""
    if last < first:
        raise InputError(f"{what}: {last.isoformat()} is before {first.isoformat()}")
    days = (last - first).days + 1
    if days > MAX_RANGE_DAYS:
        longest = first + timedelta(days=MAX_RANGE_DAYS - 1)
        raise InputError(
            f"{what} spans {days} days; day by day shows at most {MAX_RANGE_DAYS} days "
            f"(e.g. {first.isoformat()}..{longest.isoformat()})"
        )
    return DayRange(first, last, timezone, day_start)


def week_ending(last: date, timezone: str, day_start: time = MIDNIGHT) -> DayRange:
    """The seven days that end with ``last`` (what ``w`` opens from the day shown)."""
    return DayRange(last - timedelta(days=WEEK_DAYS - 1), last, timezone, day_start)


def window_label(day: date, timezone: str, day_start: time = MIDNIGHT) -> str:
    """What the header says a day is: ``Sun 2026-12-06`` for a calendar day, and for a shift
    day its window, ``06 Dec 18:00 → 07 Dec 18:00``."""
    if day_start == MIDNIGHT:
        return f"{day:%a %Y-%m-%d}"
    start = day_start_text(day_start)
    return f"{day:%a %d %b} {start} → {day + timedelta(days=1):%a %d %b} {start}"
