"""Which time zones `z` cycles through: the configured one, UTC, and the machine's own."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui.settings import Settings

_LOCALTIME = Path("/etc/localtime")


def _valid(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_zone_name() -> str:
    """The machine's IANA zone: ``$TZ`` when it names one, else ``/etc/localtime``, else UTC."""
    from_env = os.environ.get("TZ", "").lstrip(":")
    if from_env and _valid(from_env):
        return from_env
    try:
        target = str(_LOCALTIME.resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        candidate = target.split(marker, 1)[1]
        if _valid(candidate):
            return candidate
    return "UTC"


def zone_cycle(settings: Settings, override: str | None = None) -> tuple[str, ...]:
    """The zones `z` steps through, first the one to start in, without repeats."""
    local = local_zone_name()
    configured = override or settings.timezone or local
    zones: list[str] = []
    for name in (configured, "UTC", local):
        if name not in zones:
            zones.append(name)
    return tuple(zones)
