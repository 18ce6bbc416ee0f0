"""Names, logins, reasons and team names from a file never reach the terminal as control codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.cli import main

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
C1_CSI = "\x9b31m"


def _page(tmp_path: Path) -> Path:
    base = {
        "agentId": 1,
        "employeeId": '=HYPERLINK("http://x")',
        "agentLoginName": f"login{CLIPBOARD}",
        "agentUserName": f"Ana{CLEAR}{C1_CSI}",
        "agentGroupId": 7,
        "sessionId": 5,
    }
    records = [
        {
            **base,
            "time": "2026-03-02T09:00:00.000Z",
            "statusType": 3,
            "statusSubType": 0,
            "sequenceNumber": -1,
        },
        {
            **base,
            "time": "2026-03-02T09:00:00.000Z",
            "statusType": 1,
            "statusSubType": 4,
            "sequenceNumber": 1,
            "statusReasonId": 3,
            "statusReasonText": f"@Lunch{CLEAR}",
        },
        {
            **base,
            "time": "2026-03-02T10:00:00.000Z",
            "statusType": 4,
            "statusSubType": 0,
            "sequenceNumber": 2,
        },
    ]
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"stateChanges": records}))
    return path


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str) -> str:
    status = main(
        [
            "export",
            "--input",
            str(_page(tmp_path)),
            "--date",
            "2026-03-02",
            "--tz",
            "UTC",
            "--format",
            output,
        ]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    for control in ("\x1b", "\x9b", "\x07"):
        assert control not in captured.out
        assert control not in captured.err
    return captured.out


def test_the_table_shows_escapes_not_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run(tmp_path, capsys, "table")
    assert "Ana\\x1b[2J\\x9b31m" in out


def test_csv_cells_are_neither_formulas_nor_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(tmp_path, capsys, "csv"))))
    assert rows[0]["employee_id"].startswith("'=")
    assert "away_s:@Lunch\\x1b[2J" in rows[0]


def test_json_keeps_the_data_but_escapes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(_run(tmp_path, capsys, "json"))
    agent = document["agents"][0]
    assert agent["user_name"] == f"Ana{CLEAR}{C1_CSI}"  # lossless: only the encoding escapes
    assert agent["login_name"] == f"login{CLIPBOARD}"


def test_a_hostile_file_name_is_echoed_escaped_and_capped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = str(tmp_path / ("x" * 300 + CLEAR))
    assert main(["export", "--input", name]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert len(err) < 400
