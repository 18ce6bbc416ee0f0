"""`e`: write what the monitor shows as CSV and JSON under ``data_dir()/exports`` (atomically).

The files come from the same formatting functions as ``agent-activity export``, so the numbers
match the command line exactly. This is the one place in :mod:`tui.ui` that writes files; the app
calls it from a key handler (a few hundred kB at most, written in well under a frame).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from tui.analysis.model import ActivityReport
from tui.analysis.productivity_export import export_csv, export_document
from tui.core import paths
from tui.core.atomic import write_atomically
from tui.core.clock import Clock
from tui.core.text import csv_cell
from tui.ui import format as fmt
from tui.ui.activity_view import ActivityView


def exports_dir() -> Path:
    return paths.data_dir() / "exports"


def subset_report(report: ActivityReport, agent_ids: Collection[int] | None) -> ActivityReport:
    """The report limited to ``agent_ids`` (and their teams); ``None`` keeps everyone."""
    if agent_ids is None:
        return report
    wanted = set(agent_ids)
    agents = tuple(activity for activity in report.agents if activity.agent.agent_id in wanted)
    group_ids = {activity.agent.group_id for activity in agents}
    groups = tuple(group for group in report.groups if group.group_id in group_ids)
    return replace(report, agents=agents, groups=groups)


def export_view(
    view: ActivityView, agent_ids: Collection[int] | None, clock: Clock
) -> tuple[Path, Path]:
    """Write ``<source>-<day>-<HHMMSS>.csv`` and ``.json``; returns both paths (CSV first)."""
    report = subset_report(view.report, agent_ids)
    stamp = fmt.local_datetime(clock.now_ms(), view.timezone).strftime("%H%M%S")
    day = view.day.isoformat() if view.day is not None else "range"
    scope = "all" if agent_ids is None else "filtered"
    stem = f"{view.source_label}-{day}-{scope}-{stamp}"
    directory = exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"{stem}.csv"
    json_path = directory / f"{stem}.json"
    productivity = view.productivity
    write_atomically(csv_path, export_csv(report, productivity))
    document = export_document(report, productivity)
    write_atomically(json_path, json.dumps(document, indent=2) + "\n")
    return csv_path, json_path


def export_rows(
    view: ActivityView,
    kind: str,
    fields: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    document: Mapping[str, object],
    *,
    clock: Clock,
) -> tuple[Path, Path]:
    """Write ``<source>-<day>-<kind>-<HHMMSS>.csv`` (one line per row, text cells safe for
    spreadsheets) and ``.json`` (``document``); returns both paths, CSV first."""
    stamp = fmt.local_datetime(clock.now_ms(), view.timezone).strftime("%H%M%S")
    day = view.day.isoformat() if view.day is not None else "range"
    stem = f"{view.source_label}-{day}-{kind}-{stamp}"
    directory = exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_value(value) for key, value in row.items()})
    csv_path = directory / f"{stem}.csv"
    json_path = directory / f"{stem}.json"
    write_atomically(csv_path, buffer.getvalue())
    write_atomically(json_path, json.dumps(document, indent=2) + "\n")
    return csv_path, json_path


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    return csv_cell(value) if isinstance(value, str) else value


def export_notice(written: Sequence[Path]) -> str:
    """The notification after an export: every file written; the app copies the first (CSV)."""
    return "\n".join(str(path) for path in written) + "\n(CSV path copied to the clipboard)"
