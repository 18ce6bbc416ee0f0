"""`e` on the Events pane: the status changes shown (team scope and filter applied), CSV + JSON.

The agent state log a lead hands on: one row per record, oldest first, as the pane lists them,
with the instant in ISO 8601 (the view's zone) and the agent's id beside the names.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.core.clock import Clock
from tui.core.records import StatusRecord
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView
from tui.ui.export_view import export_rows
from tui.ui.widgets.event_log import NameOf, type_label

FIELDS = (
    "time",
    "agent_id",
    "agent",
    "team",
    "type",
    "state",
    "reason",
    "session_id",
    "sequence",
)


def event_records(
    view: ActivityView, records: Sequence[StatusRecord], names: NameOf
) -> list[dict[str, object]]:
    """The records as plain dicts (the JSON export; the CSV has the same columns)."""
    zone = view.timezone
    rows: list[dict[str, object]] = []
    for record in records:
        agent_name, team_name = names(record)
        state = record.state
        rows.append(
            {
                "time": fmt.local_datetime(record.time_ms, zone).isoformat(timespec="milliseconds"),
                "agent_id": record.agent_id,
                "agent": agent_name,
                "team": team_name,
                "type": type_label(record),
                "state": None if state is None else state.value,
                "reason": record.reason,
                "session_id": None if record.session_id < 0 else record.session_id,
                "sequence": record.sequence,
            }
        )
    return rows


def export_events(
    view: ActivityView, records: Sequence[StatusRecord], names: NameOf, clock: Clock
) -> tuple[Path, Path]:
    """Write ``<source>-<day>-events-<HHMMSS>.csv`` and ``.json``; CSV path first."""
    rows = event_records(view, records, names)
    day = view.day.isoformat() if view.day is not None else "range"
    document = {"day": day, "timezone": view.timezone, "events": rows}
    return export_rows(view, "events", FIELDS, rows, document, clock=clock)
