"""Config and credentials stay UI-free (the UI calls them from a worker thread) and cheap to
import: keyring is loaded only when a credential is actually looked up."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "tui.config.loading",
    "tui.config.writing",
    "tui.credentials",
    "tui.commands.login",
    "tui.commands.logout",
    "tui.commands.doctor",
)


def test_no_textual_and_no_keyring_at_import() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'keyring'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
