"""The HTTP client is built with what its first request imports already imported."""

from __future__ import annotations

import subprocess
import sys

from tui.api.http import TRANSPORT_MODULES


def test_building_a_client_imports_the_transport_modules_in_that_thread() -> None:
    code = (
        "import sys\n"
        "from tui.api.discovery import parse_domain_api\n"
        "from tui.api.http import TRANSPORT_MODULES, http_client\n"
        "assert not any(name in sys.modules for name in TRANSPORT_MODULES)\n"
        "http_client(parse_domain_api('http://127.0.0.1:1'))\n"
        "assert all(name in sys.modules for name in TRANSPORT_MODULES)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert TRANSPORT_MODULES
