"""The pane exports (Events, Exceptions) write CSV cells a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from tui.core.clock import FakeClock
from tui.ui.activity_view import ActivityView
from tui.ui.export_view import export_rows


def test_text_cells_are_neutralised_and_json_keeps_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.ui.export_view.exports_dir", lambda: tmp_path)
    view = cast(
        ActivityView,
        SimpleNamespace(timezone="UTC", day=date(2026, 12, 5), source_label="demo"),
    )
    rows = [{"agent": '=HYPERLINK("http://x")', "seconds": 42, "note": None}]
    document = {"events": rows}
    csv_path, json_path = export_rows(
        view, "events", ["agent", "seconds", "note"], rows, document, clock=FakeClock(0)
    )
    assert csv_path.name == "demo-2026-12-05-events-000000.csv"
    with csv_path.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row == {"agent": '\'=HYPERLINK("http://x")', "seconds": "42", "note": ""}
    assert json.loads(json_path.read_text(encoding="utf-8")) == document
