"""No secret ends up in a file, an export, a log record or the output.

End to end through the real CLI against the simulator on a loopback socket: login --from-env,
export (which syncs into the SQLite cache and the discovery cache), then forced errors (a wrong
secret at login, doctor and export). Afterwards every file under the isolated config, cache,
data and state dirs, the exports, everything printed and every log record are searched for the
secrets and for the bearer tokens the simulator issued.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.credentials.simulated import loopback, simulated
from tui.cli import main
from tui.core.clock import SystemClock
from tui.simulator.account import (
    DEMO_ACCESS_TOKEN,
    DEMO_ACCESS_TOKEN_SECRET,
    DEMO_APP_SECRET,
    DEMO_CLIENT_SECRET,
    demo_environment,
)

WRONG_SECRET = "wrong-secret-7f3a9c"
SECRET_VARIABLES = (
    "AGENT_ACTIVITY_CLIENT_ID",
    "AGENT_ACTIVITY_CLIENT_SECRET",
    "AGENT_ACTIVITY_APP_KEY",
    "AGENT_ACTIVITY_APP_SECRET",
    "AGENT_ACTIVITY_ACCESS_TOKEN",
    "AGENT_ACTIVITY_ACCESS_TOKEN_SECRET",
)


@pytest.mark.parametrize("app_keys", [False, True], ids=["client-credentials", "app-keys"])
def test_no_secret_in_files_exports_logs_or_output(
    app_keys: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sim = simulated(SystemClock())
    secrets = (
        [DEMO_APP_SECRET, DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET]
        if app_keys
        else [DEMO_CLIENT_SECRET]
    )
    wrong_variable = "AGENT_ACTIVITY_APP_SECRET" if app_keys else "AGENT_ACTIVITY_CLIENT_SECRET"
    export_json = tmp_path / "export.json"
    with loopback(sim) as domain_api:
        environment = demo_environment(domain_api, app_keys=app_keys)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        assert main(["login", "--from-env"]) == 0

        for name in SECRET_VARIABLES:  # from here on the keyring is the only source
            monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv("AGENT_ACTIVITY_ACCOUNT")
        assert main(["export", "--format", "json", "--output", str(export_json)]) == 0
        assert main(["export", "--format", "csv"]) == 0
        assert export_json.stat().st_size > 0

        for name, value in environment.items():  # forced errors: a wrong secret everywhere
            monkeypatch.setenv(name, value)
        monkeypatch.setenv(wrong_variable, WRONG_SECRET)
        assert main(["login", "--from-env"]) == 2
        assert main(["doctor"]) == 1
        main(["export", "--format", "table"])  # fails or falls back to the cache: either way

    tokens = list(getattr(sim.service, "_tokens", {}))
    assert app_keys or tokens, "the simulator issued no bearer token: nothing was synced"
    forbidden = [*secrets, WRONG_SECRET, *tokens]
    captured = capfd.readouterr()
    assert "Login failed" in captured.err
    texts = {"stdout": captured.out, "stderr": captured.err}
    texts |= {f"log {record.name}": record.getMessage() for record in caplog.records}
    for where, text in texts.items():
        for secret in forbidden:
            assert secret not in text, f"a secret appeared in {where}"
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.suffix == ".sqlite3" for path in files), "no cache was written"
    for path in files:
        content = path.read_bytes()
        for secret in forbidden:
            assert secret.encode() not in content, f"a secret is stored in {path}"
