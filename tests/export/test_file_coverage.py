"""``data_complete_to`` of several saved files: the unbroken coverage from the window start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.export.test_export_cli import DAY_CHANGES
from tui.cli import main


def framed(path: Path, start: str, end: str, changes: list[Any]) -> str:
    frame = {"startTime": f"2026-03-02T{start}:00.000Z", "endTime": f"2026-03-02T{end}:00.000Z"}
    if end == "24:00":
        frame["endTime"] = "2026-03-03T00:00:00.000Z"
    path.write_text(json.dumps({"_metadata": {"timeframe": frame}, "stateChanges": changes}))
    return str(path)


def export(files: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], str]:
    inputs = [arg for name in files for arg in ("--input", name)]
    assert main(["export", "--tz", "UTC", "--date", "2026-03-02", *inputs]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_a_gap_between_files_ends_the_coverage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 00:00-08:00, 08:00-12:00 touch; 14:00-24:00 leaves 12:00-14:00 uncovered: complete to 12:00
    files = [
        framed(tmp_path / "a.json", "00:00", "08:00", []),
        framed(tmp_path / "c.json", "14:00", "24:00", []),
        framed(tmp_path / "b.json", "08:00", "12:00", DAY_CHANGES),
    ]
    document, _ = export(files, capsys)
    assert document["data_complete_to"] == "2026-03-02T12:00:00+00:00"
    (agent_two,) = [a for a in document["agents"] if a["agent_id"] == 2]
    assert agent_two["online_s"] == 3 * 3600  # online 09:00, counted to 12:00 only
    assert agent_two["pending_s"] == 12 * 3600  # 12:00-24:00 of a past day: all pending


def test_coverage_starting_after_the_window_start_counts_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, _ = export([framed(tmp_path / "late.json", "06:00", "24:00", DAY_CHANGES)], capsys)
    assert document["data_complete_to"] == "2026-03-02T00:00:00+00:00"
    assert document["agents"] == []  # every record is provisional: shown nowhere in figures


def test_coverage_past_the_window_is_clipped_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.json"
    frame = {"startTime": "2026-03-01T00:00:00.000Z", "endTime": "2026-03-05T00:00:00.000Z"}
    path.write_text(json.dumps({"_metadata": {"timeframe": frame}, "stateChanges": DAY_CHANGES}))
    document, _ = export([str(path)], capsys)
    assert document["data_complete_to"] == "2026-03-03T00:00:00+00:00"


def test_files_without_timeframe_are_complete_to_the_window_end_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bare.json"
    path.write_text(json.dumps({"stateChanges": DAY_CHANGES}))
    document, err = export([str(path)], capsys)
    assert document["data_complete_to"] == "2026-03-03T00:00:00+00:00"
    assert "no timeframe" in err
