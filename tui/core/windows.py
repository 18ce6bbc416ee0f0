"""Windows in an IANA time zone: days (23 h / 25 h across DST), ranges, and their text forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tui.core.clock import Clock
from tui.core.errors import InputError
from tui.core.rfc3339 import parse_time_ms
from tui.core.text import echo
from tui.core.zones import zone_info

MAX_WINDOW_MS = 367 * 86_400_000
"""The longest window analysed: a year (a leap year, plus a day for the time zone). Longer asks
are refused with a clear error instead of exhausting memory."""
EARLIEST_MS = 0
"""1970-01-01: no Agent Activity data is older; earlier instants are refused."""
LATEST_MS = 253_370_764_800_000
"""9999-01-01T00:00Z: later instants cannot be shown as dates in every zone."""


def check_window(window: Window, *, what: str) -> Window:
    """``window`` when it lies in 1970..9998 and spans at most a year, else :class:`InputError`
    saying so (``what`` names where it came from, e.g. ``--from/--to``)."""
    if not EARLIEST_MS <= window.start_ms <= window.end_ms <= LATEST_MS:
        raise InputError(f"{what}: dates must lie between 1970 and 9998")
    if window.duration_ms > MAX_WINDOW_MS:
        days = window.duration_ms // 86_400_000
        raise InputError(
            f"{what} spans {days} days; give a window of at most a year (366 days), "
            "e.g. --from 2026-01-01 --to 2026-12-31"
        )
    return window


@dataclass(frozen=True, slots=True)
class Window:
    """The half-open range ``[start_ms, end_ms)`` analysed, and the IANA zone it was chosen in."""

    start_ms: int
    end_ms: int
    timezone: str = "UTC"

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


def local_midnight_ms(day: date, zone: ZoneInfo) -> int:
    """Epoch ms of 00:00 local time on ``day`` (the first instant of that day in the zone)."""
    return local_time_ms(day, time(0, 0), zone)


def local_time_ms(day: date, clock_time: time, zone: ZoneInfo) -> int:
    """Epoch ms of a local wall time; a time skipped by DST is read with the earlier offset."""
    local = datetime.combine(day, clock_time, tzinfo=zone)
    return int(local.timestamp() * 1000)


MIDNIGHT = time(0, 0)
"""The default day start: days run from midnight to midnight."""


def day_window(day: date, tz: str, day_start: time = MIDNIGHT) -> Window:
    """``[day_start on day, day_start on the next day)`` in zone ``tz``: by default
    ``[00:00, next 00:00)``; with ``day_start = 18:00`` the *shift day* of 6 Dec runs from 6 Dec
    18:00 to 7 Dec 18:00, so a 22:00-07:00 shift is one day. Local wall times, so a day that
    crosses a DST change is 23 h or 25 h long (:func:`local_time_ms` reads a skipped wall time
    with the earlier offset)."""
    zone = zone_info(tz)
    return Window(
        start_ms=local_time_ms(day, day_start, zone),
        end_ms=local_time_ms(day + timedelta(days=1), day_start, zone),
        timezone=tz,
    )


def day_of(instant_ms: int, tz: str, day_start: time = MIDNIGHT) -> date:
    """The (shift) day an instant belongs to: its local date, or the date before when its local
    time is earlier than ``day_start`` (02:00 on 7 Dec belongs to 6 Dec's 18:00 shift day)."""
    zone = zone_info(tz)
    local = datetime.fromtimestamp(instant_ms / 1000, zone).date()
    for candidate in (local, local - timedelta(days=1)):
        window = day_window(candidate, tz, day_start)
        if window.start_ms <= instant_ms < window.end_ms:
            return candidate
    return local  # unreachable for a real zone: the two windows cover the local date


def parse_day_start(text: str, *, what: str = "day_start") -> time:
    """``HH:MM`` (24-hour, 00:00 to 23:59) as a :class:`time`; :class:`InputError` naming
    ``what`` and the expected form otherwise."""
    stripped = text.strip()
    hours, colon, minutes = stripped.partition(":")
    if (
        colon
        and len(minutes) == 2
        and 1 <= len(hours) <= 2
        and hours.isascii()
        and hours.isdigit()
        and minutes.isascii()
        and minutes.isdigit()
        and int(hours) < 24
        and int(minutes) < 60
    ):
        return time(int(hours), int(minutes))
    raise InputError(
        f"{what} {echo(text)!r} is not a time of day: use HH:MM from 00:00 to 23:59, "
        'e.g. "18:00" for shift days that start at 18:00'
    )


def day_start_text(day_start: time) -> str:
    """``18:00``: the form :func:`parse_day_start` reads."""
    return f"{day_start.hour:02d}:{day_start.minute:02d}"


def local_date(instant_ms: int, tz: str) -> date:
    """The calendar date of an instant in zone ``tz``."""
    return datetime.fromtimestamp(instant_ms / 1000, zone_info(tz)).date()


def today(tz: str, clock: Clock, day_start: time = MIDNIGHT) -> date:
    """Today's (shift) day in zone ``tz`` by ``clock``."""
    if day_start == MIDNIGHT:
        return local_date(clock.now_ms(), tz)
    return day_of(clock.now_ms(), tz, day_start)


def split_days(window: Window) -> list[Window]:
    """The window cut at local midnights; the pieces cover it exactly, in order."""
    zone = zone_info(window.timezone)
    pieces: list[Window] = []
    cursor = window.start_ms
    day = local_date(window.start_ms, window.timezone)
    while cursor < window.end_ms:
        day += timedelta(days=1)
        boundary = min(window.end_ms, local_midnight_ms(day, zone))
        if boundary > cursor:
            pieces.append(Window(cursor, boundary, window.timezone))
            cursor = boundary
    return pieces


def format_instant(instant_ms: int, tz: str) -> str:
    """ISO 8601 with the zone's offset; milliseconds only when there are any."""
    local = datetime.fromtimestamp(instant_ms // 1000, zone_info(tz)).replace(
        microsecond=(instant_ms % 1000) * 1000
    )
    return local.isoformat(timespec="milliseconds" if instant_ms % 1000 else "seconds")


def _parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InputError(f"{what} {echo(text)!r} is not a date (expected YYYY-MM-DD)") from error


def _out_of_range(text: str, what: str) -> InputError:
    return InputError(f"{what} {echo(text)!r} is out of range (dates from 1970 to 9998)")


def parse_instant(
    text: str, tz: str, *, what: str, end_of_day: bool = False, day_start: time = MIDNIGHT
) -> int:
    """A command-line instant: RFC 3339, a local ``YYYY-MM-DDTHH:MM[:SS]``, or a date.

    A bare date means the start of its (shift) day — local midnight unless ``day_start`` says
    otherwise — or (``end_of_day``, for ``--to``) the next day's start, so ``--from 2026-03-01
    --to 2026-03-02`` covers both days.
    """
    stripped = text.strip()
    try:
        if len(stripped) == 10:
            day = _parse_date(stripped, what)
            if end_of_day:
                day += timedelta(days=1)
            instant_ms = local_time_ms(day, day_start, zone_info(tz))
        else:
            instant_ms = _parse_time(stripped, text, tz, what)
    except (OverflowError, OSError):
        raise _out_of_range(text, what) from None
    if not EARLIEST_MS <= instant_ms <= LATEST_MS:
        raise _out_of_range(text, what)
    return instant_ms


def _parse_time(stripped: str, text: str, tz: str, what: str) -> int:
    try:
        return parse_time_ms(stripped)
    except ValueError:
        pass
    try:
        local = datetime.fromisoformat(stripped)
    except ValueError as error:
        raise InputError(
            f"{what} {echo(text)!r} is not a time (expected RFC 3339 such as "
            "2026-03-02T09:00:00Z, a local 2026-03-02T09:00, or a date)"
        ) from error
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone_info(tz))
    return int(local.timestamp() * 1000)


def window_from_arguments(
    date_text: str | None,
    from_text: str | None,
    to_text: str | None,
    tz: str,
    day_start: time = MIDNIGHT,
) -> Window | None:
    """The window ``--date`` or ``--from``/``--to`` ask for; ``None`` when neither was given.
    Dates are (shift) days starting at ``day_start``."""
    zone_info(tz)
    if date_text is not None:
        if from_text is not None or to_text is not None:
            raise InputError("use either --date or --from/--to, not both")
        day = _parse_date(date_text, "--date")
        try:
            return check_window(day_window(day, tz, day_start), what="--date")
        except (OverflowError, OSError):
            raise _out_of_range(date_text, "--date") from None
    if from_text is None and to_text is None:
        return None
    if from_text is None or to_text is None:
        raise InputError("--from and --to go together: give both")
    start_ms = parse_instant(from_text, tz, what="--from", day_start=day_start)
    end_ms = parse_instant(to_text, tz, what="--to", end_of_day=True, day_start=day_start)
    if end_ms <= start_ms:
        raise InputError(f"--to {echo(to_text)!r} is not after --from {echo(from_text)!r}")
    return check_window(Window(start_ms, end_ms, tz), what="--from/--to")
