"""doctor: one ok/warn/fail line per check with a fix, secrets redacted, exit 1 on any fail."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from tests.credentials.simulated import Simulated, simulated
from tui.cli import main
from tui.commands.doctor import doctor
from tui.commands.doctor_checks import Level, check_terminal
from tui.commands.login import login
from tui.core import paths
from tui.simulator.account import (
    DEMO_ACCESS_TOKEN,
    DEMO_ACCESS_TOKEN_SECRET,
    DEMO_APP_SECRET,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
)

SECRETS = (DEMO_CLIENT_SECRET, DEMO_APP_SECRET, DEMO_ACCESS_TOKEN, DEMO_ACCESS_TOKEN_SECRET)


@pytest.fixture
def sim() -> Simulated:
    return simulated()


def run_doctor(
    sim: Simulated, environ: dict[str, str], transport: httpx.AsyncBaseTransport | None = None
) -> tuple[int, str]:
    out = io.StringIO()
    status = doctor(
        environ=environ | {"TERM": "xterm-256color"},
        transport=transport or sim.service.transport(),
        clock=sim.clock,
        out=out,
    )
    text = out.getvalue()
    for secret in SECRETS:
        assert secret not in text
    assert DEMO_CLIENT_ID not in text  # even the client id is shortened
    return status, text


def line(text: str, name: str) -> str:
    return next(row for row in text.splitlines() if row[6:].startswith(name))


def test_everything_ok_with_client_credentials(sim: Simulated) -> None:
    status, text = run_doctor(sim, sim.environment())
    assert status == 0
    assert line(text, "config").startswith("ok")
    assert "environment variables" in line(text, "credentials")
    assert "sentinel → https://sim-sentinel.invalid" in line(text, "domain api")
    assert line(text, "token").startswith("ok") and "kept in memory only" in line(text, "token")
    assert line(text, "api call").startswith("ok") and " s" in line(text, "api call")
    assert text.rstrip().endswith("0 failed, 0 warnings")


def test_app_keys_need_no_token(sim: Simulated) -> None:
    status, text = run_doctor(sim, sim.environment(app_keys=True))
    assert status == 0
    assert "not needed" in line(text, "token")


def test_keyring_credentials_after_login(sim: Simulated) -> None:
    login(
        from_env=True,
        environ=sim.environment(),
        transport=sim.service.transport(),
        clock=sim.clock,
        out=io.StringIO(),
        err=io.StringIO(),
    )
    environ = {"AGENT_ACTIVITY_DOMAIN_API": sim.environment()["AGENT_ACTIVITY_DOMAIN_API"]}
    status, text = run_doctor(sim, environ)
    assert status == 0
    assert "OS keyring" in line(text, "credentials")
    assert "account 90412079" in line(text, "profile")


def test_wrong_secret_fails_at_the_token_step(sim: Simulated) -> None:
    environ = sim.environment() | {"AGENT_ACTIVITY_CLIENT_SECRET": "not-the-secret"}
    status, text = run_doctor(sim, environ)
    assert status == 1
    assert line(text, "token").startswith("fail")
    assert "fix: check both values" in text
    assert "not-the-secret" not in text
    assert "api call" not in text


def test_unreachable_network_fails_the_lookup(sim: Simulated) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    status, text = run_doctor(sim, sim.environment(), httpx.MockTransport(refuse))
    assert status == 1
    assert "cannot reach https://sim-domain-api.invalid: ConnectError" in line(text, "domain api")
    assert "HTTPS_PROXY" in text


def test_no_credentials_fails_and_skips_the_api(sim: Simulated) -> None:
    status, text = run_doctor(sim, {})
    assert status == 1
    assert line(text, "credentials").startswith("fail")
    assert "skipped" in line(text, "api")
    assert "agent-activity login" in text
    assert sim.service.stats.requests == 0


def test_broken_config_fails_with_the_key_path_and_goes_on(sim: Simulated) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('[profiles.default]\nauth_method = "oauth"\n', encoding="utf-8")
    status, text = run_doctor(sim, sim.environment())
    assert status == 1
    assert "profiles.default.auth_method: expected" in line(text, "config")
    assert line(text, "api call").startswith("ok")


def test_cli_doctor_exit_status_without_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 1
    assert "fail  credentials" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("environ", "level", "text"),
    [
        ({"TERM": "xterm-256color"}, Level.OK, "256 colours"),
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, Level.OK, "truecolor"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, Level.OK, "NO_COLOR is set"),
        ({"TERM": "xterm"}, Level.WARN, "16 colours"),
        ({"TERM": "dumb"}, Level.WARN, "no colour support"),
        ({}, Level.WARN, "TERM=unset"),
    ],
)
def test_terminal_colours(environ: dict[str, str], level: Level, text: str) -> None:
    check = check_terminal(environ)
    assert check.level is level
    assert text in check.detail
    assert check.detail.startswith("120x")
    assert (check.fix != "") == (level is not Level.OK)


def test_small_terminal_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("LINES", "20")
    check = check_terminal({"TERM": "xterm-256color"})
    assert check.level is Level.WARN
    assert check.detail.startswith("60x20") and "80x24" in check.fix


@pytest.mark.parametrize("override", ["https://[::1", "not a url", "http://example.com:99999"])
def test_an_invalid_domain_api_override_never_probes_production(
    sim: Simulated, override: str
) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    environ = sim.environment() | {"AGENT_ACTIVITY_DOMAIN_API": override}
    status, text = run_doctor(sim, environ, transport=httpx.MockTransport(record))
    assert status == 1
    assert sent == []
    assert "never replaced by LivePerson's production address" in text


def test_one_http_client_rule_keeps_loopback_off_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.api.discovery import parse_domain_api
    from tui.api.http import http_client

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    assert http_client(parse_domain_api("http://127.0.0.1:8765")).trust_env is False
    assert http_client(parse_domain_api("https://api.liveperson.net")).trust_env is True


def test_a_bad_ssl_cert_file_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tui.api.discovery import parse_domain_api
    from tui.api.errors import ApiError
    from tui.api.http import http_client

    bad = tmp_path / "certs.pem"
    bad.write_text("not a certificate")
    monkeypatch.setenv("SSL_CERT_FILE", str(bad))
    with pytest.raises(ApiError, match="SSL_CERT_FILE"):
        http_client(parse_domain_api("https://api.liveperson.net"))
