"""What the first frame does not need stays off the start-up path (issue: demo first paint).

Checked in a fresh interpreter: importing the app and the ``demo`` command must not load the
export writers or the help screen; they load when the user first presses ``e`` or ``?``.
"""

from __future__ import annotations

import subprocess
import sys

DEFERRED = (
    "tui.ui.export_view",
    "tui.ui.export_events",
    "tui.ui.export_exceptions",
    "tui.ui.screens.help",
    "tui.analysis.export_formats",
)


def test_start_up_imports_leave_export_and_help_for_later() -> None:
    code = (
        "import sys\n"
        "import tui.cli, tui.commands.demo, tui.ui.app, tui.ui.screens.monitor\n"
        f"print(sorted(name for name in {DEFERRED!r} if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


NOT_BEFORE_THE_FIRST_FRAME = (
    "httpx",
    "authlib",
    "keyring",
    "sqlite3",
    "tui.api",
    "tui.store",
    "tui.credentials",
    "tui.simulator.world",
    "tui.simulator.service",
    "tui.analysis.report",
    "tui.analysis.schedule",
    "tui.analysis.day_range",
    "tui.ui.range_loop",
    "tui.ui.screens.date_picker",
    "tui.ui.screens.login_needed",
    "tui.ui.screens.help",
    "tui.ui.export_view",
    "tui.config.writing",
    "tui.core.account",
    "tui.core.source_contract",
    "tui.ui.sync_loop",
    "tui.ui.activity_view",
    "tui.ui.panes.base",
    "msgspec",
    "csv",
    "importlib.resources",
)
"""Loaded when first used: the sync worker's fetch and cache, the week, dialogs, exports, the
config writer (a theme chosen), the account's credentials (not the demo's); and after the first
frame: the panes, the views they show and the sync loop with the source contract and records."""


def test_demo_starts_its_app_without_what_the_first_frame_does_not_need() -> None:
    """``agent-activity demo`` as far as ``App.run``: what is imported by then, and the
    collector still rests (start-up ends once the monitor has mounted every pane)."""
    code = (
        "import gc, sys\n"
        "from textual.app import App\n"
        "def run(self, *args, **kwargs):\n"
        f"    print(sorted(m for m in {NOT_BEFORE_THE_FIRST_FRAME!r} if m in sys.modules))\n"
        "    print(gc.isenabled())\n"
        "    raise SystemExit(0)\n"
        "App.run = run\n"
        "from tui.cli import main\n"
        "main(['demo'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "False"]
