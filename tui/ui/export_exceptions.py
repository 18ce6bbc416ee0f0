"""`e` on the Exceptions pane: the rows shown (scope and filter applied) as CSV and JSON.

One row per exception, newest first, as the pane lists them: when (ISO 8601 in the view's zone),
agent id and name, team, kind, detail, and the duration in seconds where it means something.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.atomic import write_atomically
from tui.core.clock import Clock
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView
from tui.ui.export_view import exports_dir

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
    stamp = fmt.local_datetime(clock.now_ms(), view.timezone).strftime("%H%M%S")
    day = view.day.isoformat() if view.day is not None else "range"
    stem = f"{view.source_label}-{day}-exceptions-{stamp}"
    directory = exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    csv_path = directory / f"{stem}.csv"
    json_path = directory / f"{stem}.json"
    write_atomically(csv_path, buffer.getvalue())
    document = {"window_day": day, "timezone": view.timezone, "exceptions": records}
    write_atomically(json_path, json.dumps(document, indent=2) + "\n")
    return csv_path, json_path
