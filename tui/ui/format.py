"""How the panes write durations, times and percentages (one place, so every pane agrees)."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.core.zones import zone_info


def local_datetime(epoch_ms: int, zone_name: str) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(zone_info(zone_name))


def clock_time(epoch_ms: int | None, zone_name: str, *, seconds: bool = False) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) in the zone; ``—`` for unknown."""
    if epoch_ms is None:
        return "—"
    return local_datetime(epoch_ms, zone_name).strftime("%H:%M:%S" if seconds else "%H:%M")


def duration(milliseconds: int) -> str:
    """``7h05`` / ``42m`` / ``0m``: compact, fixed meaning (hours and minutes, rounded down)."""
    minutes = max(0, milliseconds) // 60_000
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}"
    return f"{minutes}m"


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
