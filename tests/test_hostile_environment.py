"""Environment values a cron job or a shared jump host may carry: one line and exit 2, never a
traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = '{"stateChanges": []}'


def _run(tmp_path: Path, extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "AGENT_ACTIVITY_DOMAIN_API": "http://127.0.0.1:9",  # loopback only, nothing listens
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"AGENT_ACTIVITY_CONFIG": "{dir}"},
        {"AGENT_ACTIVITY_CONFIG": "{fifo}"},
        {"AGENT_ACTIVITY_CONFIG": "{file}/below"},
        {"AGENT_ACTIVITY_CACHE_DIR": "{file}"},
        {"AGENT_ACTIVITY_DOMAIN_API": "https://[::1"},
        {"AGENT_ACTIVITY_DOMAIN_API": "ftp://x"},
        {"AGENT_ACTIVITY_PROFILE": "../../etc"},
        {
            "AGENT_ACTIVITY_ACCOUNT": "1\x1b[2J",
            "AGENT_ACTIVITY_CLIENT_ID": "a",
            "AGENT_ACTIVITY_CLIENT_SECRET": "b",
        },
        {"TZ": "Not/AZone"},
        {"SSL_CERT_FILE": "{file}"},
        {"XDG_CONFIG_HOME": "{file}"},
    ],
)
@pytest.mark.parametrize("command", [["export", "--demo", "--date", "2026-03-02"], ["doctor"]])
def test_no_traceback_for_a_hostile_environment(
    tmp_path: Path, extra: dict[str, str], command: list[str]
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    values = {
        name: value.format(dir=tmp_path, fifo=fifo, file=plain) for name, value in extra.items()
    }
    done = _run(tmp_path, values, *command)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1, 2, 3), done.stderr  # 3: incomplete (the trust contract)
    assert "\x1b" not in done.stderr and "\x1b" not in done.stdout
