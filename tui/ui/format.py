"""How the panes write durations, times and percentages (one place, so every pane agrees)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tui.analysis.rounding import parts_adding_up, rounded_minutes
from tui.core.zones import zone_info

__all__ = [
    "ago",
    "clock_time",
    "duration",
    "hours",
    "instant_on",
    "local_datetime",
    "minutes_text",
    "parts_adding_up",
    "percent",
    "rounded_minutes",
]


def local_datetime(epoch_ms: int, zone_name: str) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(zone_info(zone_name))


def clock_time(epoch_ms: int | None, zone_name: str, *, seconds: bool = False) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) in the zone; ``—`` for unknown."""
    if epoch_ms is None:
        return "—"
    return local_datetime(epoch_ms, zone_name).strftime("%H:%M:%S" if seconds else "%H:%M")


def instant_on(epoch_ms: int, zone_name: str, day: date) -> str:
    """``HH:MM`` when the instant is on ``day`` in the zone, else ``Mon 11-30 HH:MM``: a clock
    time on another day than the one shown carries its date."""
    local = local_datetime(epoch_ms, zone_name)
    if local.date() == day:
        return local.strftime("%H:%M")
    return local.strftime("%a %m-%d %H:%M")


def minutes_text(minutes: int) -> str:
    """``7h05`` / ``42m`` / ``0m``."""
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}"
    return f"{minutes}m"


def duration(milliseconds: int) -> str:
    """``7h05`` / ``42m`` / ``0m``: hours and minutes, to the nearest minute."""
    return minutes_text(rounded_minutes(milliseconds))


def hours(milliseconds: int) -> str:
    """Decimal hours with one digit (``12.5``)."""
    return f"{milliseconds / 3_600_000:.1f}"


def percent(part_ms: int, whole_ms: int) -> str:
    """``part`` as a whole-number percentage of ``whole``; ``—`` when ``whole`` is zero."""
    if whole_ms <= 0:
        return "—"
    return f"{round(100 * part_ms / whole_ms)}%"


def ago(then_ms: int, now_ms: int) -> str:
    """``just now`` / ``12 min ago`` / ``3 h ago``."""
    minutes = max(0, now_ms - then_ms) // 60_000
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago"
