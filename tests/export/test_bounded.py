"""Any input finishes within 10 s and 500 MB, or stops with a clear exit 2 (never the OOM killer).

Each case runs ``agent-activity export`` in a child process whose address space is capped
(``RLIMIT_AS``) and whose CPU time is capped, so a regression fails here instead of taking the
machine down.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

LIMIT_BYTES = 500 * 1024 * 1024
LIMIT_S = 10.0


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (int(LIMIT_S) + 1, int(LIMIT_S) + 1))


def _export(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TZ": "UTC",
    }
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=LIMIT_S * 3,
        preexec_fn=_limits,
        check=False,
    )
    assert time.monotonic() - started < LIMIT_S * 2  # wall clock: the machine is shared
    return completed


def _page(path: Path, start: str, end: str, records: list[dict[str, object]]) -> Path:
    path.write_text(
        json.dumps(
            {
                "_metadata": {"timeframe": {"startTime": start, "endTime": end}},
                "stateChanges": records,
            }
        )
    )
    return path


def _login(agent: int, when: str, status_type: int = 3) -> dict[str, object]:
    return {
        "agentId": agent,
        "time": when,
        "statusType": status_type,
        "statusSubType": 0,
        "sequenceNumber": -1 if status_type == 3 else 9,
        "agentGroupId": 7,
    }


def test_a_centuries_long_window_is_refused_at_once(tmp_path: Path) -> None:
    done = _export(tmp_path, "--demo", "--from", "1900-01-01", "--to", "2100-01-01")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "out of range" in done.stderr
    done = _export(tmp_path, "--demo", "--from", "1971-01-01", "--to", "2100-01-01")
    assert done.returncode == 2, done.stderr
    assert "at most a year" in done.stderr and "Traceback" not in done.stderr


def test_the_last_day_of_the_calendar_is_a_clear_error(tmp_path: Path) -> None:
    done = _export(tmp_path, "--demo", "--from", "9999-12-30", "--to", "9999-12-31")
    assert done.returncode == 2, done.stderr
    assert "out of range" in done.stderr and "Traceback" not in done.stderr


def test_an_input_whose_timeframe_spans_centuries_is_refused(tmp_path: Path) -> None:
    page = _page(
        tmp_path / "page.json",
        "1971-01-01T00:00:00.000Z",
        "2100-01-01T00:00:00.000Z",
        [_login(1, "2026-03-02T09:00:00.000Z")],
    )
    done = _export(tmp_path, "--input", str(page))
    assert done.returncode == 2, done.stderr
    assert "at most a year" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_a_year_long_login_is_analysed_within_the_bounds(tmp_path: Path, output: str) -> None:
    """A year of one login per team (staffing, timelines and totals over 35,000 slots)."""
    records = [_login(agent, "2026-01-01T00:00:00.000Z") for agent in range(1, 40)]
    page = _page(
        tmp_path / "year.json", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", records
    )
    done = _export(tmp_path, "--input", str(page), "--format", output)
    assert done.returncode == 0, done.stderr
