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
