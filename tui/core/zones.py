"""The one time-zone policy: how a name becomes a zone, and which zone a day is read in.

Every lookup goes through :func:`zone_info` (cached); an unknown name is an :class:`UnknownZone`
naming it, never a silent UTC. The zone to work in is the one asked for (``--tz``), else the
configured ``timezone``, else the machine's own (:func:`local_zone_name`); the monitor's ``z``
key steps through that zone, UTC and the machine's zone (:func:`zone_cycle`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui.core.environment import ENV_TZ
from tui.core.errors import InputError

UTC_NAME = "UTC"
_LOCALTIME = Path("/etc/localtime")


class UnknownZone(InputError):
    """A time-zone name this machine's zone database does not know."""

    def __init__(self, name: str) -> None:
        super().__init__(f'unknown time zone "{name}": use an IANA name such as "Europe/London"')
        self.name = name


@lru_cache(maxsize=64)
def zone_info(name: str) -> ZoneInfo:
    """The zone for an IANA name; :class:`UnknownZone` when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(name) from None


def is_zone_name(name: str) -> bool:
    """Whether :func:`zone_info` knows ``name``."""
    try:
        zone_info(name)
    except UnknownZone:
        return False
    return True


def local_zone_name(environ: Mapping[str, str] | None = None) -> str:
    """The machine's IANA zone: ``$TZ`` when it names one, else the target of
    ``/etc/localtime``; a machine with neither keeps its clocks in UTC, so ``"UTC"``."""
    environ = os.environ if environ is None else environ
    from_env = environ.get(ENV_TZ, "").lstrip(":")
    if from_env and is_zone_name(from_env):
        return from_env
    try:
        target = str(_LOCALTIME.resolve())
    except OSError:
        return UTC_NAME
    marker = "zoneinfo/"
    if marker in target:
        candidate = target.split(marker, 1)[1]
        if is_zone_name(candidate):
            return candidate
    return UTC_NAME


def working_zone(asked: str | None, configured: str | None) -> str:
    """The zone days are read in: ``asked`` (checked: :class:`UnknownZone`), else the
    configured one, else the machine's own."""
    if asked:
        zone_info(asked)
        return asked
    return configured or local_zone_name()


def zone_cycle(first: str) -> tuple[str, ...]:
    """The zones the monitor's ``z`` steps through: ``first``, UTC, the machine's, no repeats."""
    zones: list[str] = []
    for name in (first, UTC_NAME, local_zone_name()):
        if name not in zones:
            zones.append(name)
    return tuple(zones)
