"""What the monitor imports before its first frame: the app, not the analysis it runs later."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

import pytest

import tui.analysis
import tui.ui.screens.monitor as monitor_module
from tests.ui.conftest import AppFactory
from tui.core.collector import pause_start_up, settle_start_up
from tui.ui.panes.base import Pane
from tui.ui.panes.catalogue import PANES, PaneEntry, pane_class

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


async def test_the_panes_modules_are_imported_off_the_event_loop(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing the panes (and the widgets, row builders and analysis they import) takes tens
    of ms: after the first frame a worker thread does it, so the loop keeps drawing."""
    first_calls: dict[str, bool] = {}

    def recording(entry: PaneEntry) -> type[Pane]:
        first_calls.setdefault(entry.module, threading.current_thread() is threading.main_thread())
        return pane_class(entry)

    monkeypatch.setattr(monitor_module, "pane_class", recording)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert len(app.monitor.panes()) == len(PANES)
    assert set(first_calls) == {entry.module for entry in PANES}
    assert not any(first_calls.values()), first_calls  # first asked for in a worker thread


async def test_start_up_is_settled_once_every_pane_is_mounted(make_app: AppFactory) -> None:
    """The collector rests from the command's start to the last pane mounted (the modules
    imported after the first frame made a full collection of 30 ms on the loop); then what
    start-up built is frozen, out of later collections' scans."""
    frozen_before = gc.get_freeze_count()
    pause_start_up()  # as the command line does for the monitor's commands
    try:
        assert not gc.isenabled()
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await app.monitor.wait_for_sync(0)
            await pilot.pause()
            assert len(app.monitor.panes()) == len(PANES)
            assert gc.get_freeze_count() > frozen_before
    finally:
        settle_start_up()  # nothing left to do when the monitor settled it
        gc.unfreeze()  # the test process's objects go back to the collector
