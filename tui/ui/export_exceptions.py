"""`e` on the Exceptions pane: the rows shown (scope and filter applied) as CSV and JSON.

One row per exception, newest first, as the pane lists them: when (ISO 8601 in the view's zone),
agent id and name, team, kind, detail, and the duration in seconds where it means something.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.clock import Clock
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView
from tui.ui.export_view import export_rows

if TYPE_CHECKING:
    from tui.analysis.review import ReviewException

FIELDS = ("time", "agent_id", "agent", "team", "kind", "detail", "duration_s", "reason")


def exception_records(
    view: ActivityView, rows: Sequence[ReviewException]
) -> list[dict[str, object]]:
    """The rows as plain dicts (the JSON export; the CSV has the same columns)."""
    zone = view.timezone
    return [
        {
            "time": fmt.local_datetime(row.at_ms, zone).isoformat(timespec="seconds"),
            "agent_id": row.agent_id,
            "agent": row.agent_name,
            "team": view.group_name(row.group_id),
            "kind": row.kind.value,
            "detail": row.detail,
            "duration_s": None if row.duration_ms is None else round(row.duration_ms / 1000),
            "reason": row.reason,
        }
        for row in rows
    ]


def export_exceptions(
    view: ActivityView, rows: Sequence[ReviewException], clock: Clock
) -> tuple[Path, Path]:
    """Write ``<source>-<day>-exceptions-<HHMMSS>.csv`` and ``.json``; CSV path first."""
    records = exception_records(view, rows)
    day = view.day.isoformat() if view.day is not None else "range"
    document = {"window_day": day, "timezone": view.timezone, "exceptions": records}
    return export_rows(view, "exceptions", FIELDS, records, document, clock=clock)
