"""What the monitor imports before its first frame: the app, not the analysis it runs later."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tui.analysis

ANALYSIS_ONLY = ("tui.analysis.report", "tui.analysis.agents", "tui.analysis.groups")


def test_starting_the_monitor_does_not_import_the_analysis() -> None:
    code = (
        "import sys\n"
        "import tui.commands.demo, tui.commands.monitor, tui.commands.launch, tui.ui.app\n"
        f"print(','.join(m for m in {ANALYSIS_ONLY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_public_names_still_import_from_the_package() -> None:
    from tui.analysis import AnalysisOptions, analyze
    from tui.analysis.options import AnalysisOptions as options_class
    from tui.analysis.report import analyze as analyze_function

    assert analyze is analyze_function
    assert AnalysisOptions is options_class
    assert {"analyze", "AnalysisOptions"} <= set(dir(tui.analysis))
    with pytest.raises(AttributeError, match="no_such_name"):
        tui.analysis.no_such_name  # noqa: B018
