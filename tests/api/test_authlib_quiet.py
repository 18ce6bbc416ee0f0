"""App Keys users never see authlib's developer-facing "use httpx2" notice on stderr."""

from __future__ import annotations

import subprocess
import sys


def test_signing_with_app_keys_prints_no_deprecation_warning() -> None:
    code = (
        "from tui.api.auth import _oauth1_signer\n"
        "from tui.core.account import AppKeys\n"
        "_oauth1_signer(AppKeys('key', 'secret', 'token', 'token-secret'))\n"
        "from tui.simulator.oauth1 import verify_oauth1_request\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Deprecation" not in result.stderr
    assert result.stderr == ""
