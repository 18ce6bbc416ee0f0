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


def test_the_simulator_verifies_signatures_without_any_notice() -> None:
    """It uses only authlib's RFC 5849 helpers, which warn about nothing (no filter needed)."""
    code = (
        "import httpx\n"
        "from tui.core.account import AppKeys\n"
        "from tui.simulator.oauth1 import verify_oauth1_request\n"
        "request = httpx.Request('GET', 'https://h/x', headers={'Authorization': "
        '\'OAuth oauth_consumer_key="key", oauth_token="token", '
        'oauth_signature_method="HMAC-SHA1", oauth_signature="c2ln"\'})\n'
        "assert not verify_oauth1_request(request, AppKeys('key', 'secret', 'token', 'ts'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr == ""
