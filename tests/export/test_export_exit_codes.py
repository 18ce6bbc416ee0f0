"""The exit-status contract of ``export`` end to end: the real CLI against the simulator on a
loopback socket. A fetch that fails leaves the window incomplete: exit 3, nothing written, one
line saying what failed and how much is cached; ``--allow-partial`` writes the cache, marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export.midday import midday_zone
from tui.cli import main
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson


def test_a_failing_fetch_exits_3_and_writes_nothing(
    served: SimulatedLivePerson, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zone, _ = midday_zone()  # local noon: today is half complete
    assert main(["export", "--tz", zone, "--format", "json"]) == 0  # fills the cache
    first = json.loads(capsys.readouterr().out)
    assert first["complete"] is True and first["missing"] == []

    served.set_faults(FaultPlan(server_error_rate=1.0))
    output = tmp_path / "figures.json"
    status = main(["export", "--tz", zone, "--output", str(output)])
    captured = capsys.readouterr()
    assert status == 3
    assert not output.exists()  # nothing written, not even an empty file
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("agent-activity: not complete, nothing written: ")
    assert "the cache is complete to" in lines[0]  # how much is cached
    assert "--allow-partial" in lines[0]


def test_allow_partial_writes_the_cache_marked_incomplete(
    served: SimulatedLivePerson, capsys: pytest.CaptureFixture[str]
) -> None:
    zone, _ = midday_zone()  # local noon: today is half complete
    assert main(["export", "--tz", zone]) == 0
    complete = json.loads(capsys.readouterr().out)

    served.set_faults(FaultPlan(server_error_rate=1.0))
    assert main(["export", "--tz", zone, "--allow-partial"]) == 0
    captured = capsys.readouterr()
    partial = json.loads(captured.out)
    assert partial["complete"] is False
    (missing,) = partial["missing"]
    assert missing["to"] == partial["window"]["to"]
    assert missing["from"] == partial["data_complete_to"]  # where the cached data stops
    assert partial["data_complete_to"] <= complete["data_complete_to"]
    assert "warning: PARTIAL figures (--allow-partial)" in captured.err


def test_a_wrong_secret_with_nothing_cached_exits_3(
    served: SimulatedLivePerson, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AGENT_ACTIVITY_CLIENT_SECRET", "wrong-secret")
    assert main(["export", "--tz", "UTC", "--format", "table"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nothing of this window is cached complete" in captured.err
    assert "wrong-secret" not in captured.err
