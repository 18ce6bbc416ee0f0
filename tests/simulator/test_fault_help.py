"""`agent-activity simulator --help` lists every fault name ``--fault`` accepts."""

from __future__ import annotations

import re

import pytest

from tui.cli import build_parser
from tui.simulator.faults import FAULT_NAMES, FaultPlan


def test_the_fault_help_lists_every_accepted_fault_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["simulator", "--help"])
    fault_help = capsys.readouterr().out.split("--fault NAME[=VALUE]", 1)[1]
    listed = re.findall(r"([a-z][a-z-]+)\[=[^\]]*\]", fault_help)
    assert sorted(listed) == sorted(FAULT_NAMES)
    for name in listed:
        FaultPlan.from_specs([name])
