"""``export --input`` of a saved status-changes file loads only what reading, analysing and
writing it needs: no HTTP, auth, keyring, Textual, SQLite, simulator or event loop, and none of
the modules of sources it does not use (segments, schedules, the account, the demo).

Checked in a fresh interpreter after a real export, so an import added anywhere on the path (a
module-level import in a module the export loads) fails here rather than slowing every export.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NEVER_LOADED = (
    "httpx",
    "authlib",
    "keyring",
    "textual",
    "rich",
    "sqlite3",
    "asyncio",
    "ssl",
    "tui.ui",
    "tui.store",
    "tui.simulator",
    "tui.wiring",
    "tui.credentials",
    "tui.api.client",
    "tui.api.segment_parsing",
    "tui.core.segments",
    "tui.core.source_contract",
    "tui.analysis.productivity",
    "tui.analysis.schedule",
)
"""Packages (and their submodules) and modules an export of one status file never loads."""


def _status_file(path: Path) -> None:
    change = {
        "agentId": 7,
        "agentLoginName": "ann",
        "agentGroupId": 10,
        "time": "2026-03-02T09:00:00.000Z",
        "sequenceNumber": 1,
        "statusType": 3,
        "statusSubType": None,
    }
    path.write_text(
        json.dumps(
            {
                "_metadata": {
                    "timeframe": {
                        "startTime": "2026-03-02T00:00:00.000Z",
                        "endTime": "2026-03-03T00:00:00.000Z",
                    }
                },
                "stateChanges": [change, {**change, "statusType": 4, "sequenceNumber": 2}],
            }
        )
    )


def test_export_of_a_status_file_loads_no_network_ui_or_store_module(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    _status_file(page)
    output = tmp_path / "report.json"
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"code = main(['export', '--input', {str(page)!r}, '--tz', 'UTC',"
        f" '--output', {str(output)!r}])\n"
        f"never = {NEVER_LOADED!r}\n"
        "loaded = sorted(m for m in sys.modules"
        " if any(m == n or m.startswith(n + '.') for n in never))\n"
        "print(code, ','.join(loaded))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    exit_code, _, loaded = result.stdout.strip().partition(" ")
    assert exit_code == "0", result.stderr
    assert loaded == "", f"export --input loaded {loaded}"
    assert json.loads(output.read_text())["agents"][0]["agent_id"] == 7
