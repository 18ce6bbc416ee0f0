"""Stored rows -> :class:`StatusRecord` objects, fast enough for a 10,000-agent day.

``StatusRecord`` is a msgspec struct, so building one from a row is a single C call; the
collector is paused while a day's worth is built (see :mod:`tui.core.collector`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tui.core.collector import collector_paused
from tui.core.records import StatusRecord

Row = Sequence[Any]
"""Column values in :class:`StatusRecord` field order."""


def build_records(rows: Iterable[Row]) -> list[StatusRecord]:
    """``[StatusRecord(*row) for row in rows]``, with the collector paused."""
    with collector_paused():
        return [StatusRecord(*row) for row in rows]
