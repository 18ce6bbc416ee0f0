"""A time zone in which it is about noon now, for tests that export "today" against the live
simulator: there, today is half complete and yesterday final whatever the hour in UTC (in UTC,
between midnight and the data's one-hour lag, today has nothing complete and yesterday is not
final yet, which is right but not what those tests are about)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def midday_zone(now: datetime | None = None) -> tuple[str, timezone]:
    """The ``Etc/GMT±N`` zone whose local time is between 11:30 and 12:30 now, and its offset."""
    moment = now or datetime.now(UTC)
    hours = 12 - round(moment.hour + moment.minute / 60)  # UTC+hours puts local time near noon
    hours = max(-12, min(14, hours))
    name = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX names invert the sign
    return name, timezone(timedelta(hours=hours))


def local_days_back(days: int, offset: timezone) -> str:
    """The local date ``days`` before today in the zone of ``offset``, as ``YYYY-MM-DD``."""
    return (datetime.now(offset) - timedelta(days=days)).date().isoformat()
