"""login validates against the (simulated) API before storing; logout removes everything."""

from __future__ import annotations

import argparse
import io
import stat

import pytest

from tests.credentials.simulated import Simulated, simulated
from tests.memory_keyring import MemoryKeyring
from tui.commands import login as login_command
from tui.commands.login import Prompts, login
from tui.commands.logout import logout
from tui.config.loading import load_settings
from tui.core import paths
from tui.core.errors import ConfigError, CredentialsError
from tui.core.settings import AuthMethod, Profile
from tui.credentials import reset_keyring_probe, resolve_account
from tui.credentials.file_store import credentials_file
from tui.simulator.account import (
    DEMO_ACCOUNT_ID,
    DEMO_APP_SECRET,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    SIM_DOMAIN_API,
)


@pytest.fixture
def sim() -> Simulated:
    return simulated()


def run_login(sim: Simulated, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("environ", sim.environment())
    status = login(
        transport=sim.service.transport(),
        clock=sim.clock,
        out=out,
        err=err,
        **options,  # type: ignore[arg-type]
    )
    return status, out.getvalue(), err.getvalue()


def test_login_from_env_validates_then_stores_in_the_keyring(sim: Simulated) -> None:
    status, out, err = run_login(sim, from_env=True)
    assert status == 0
    assert sim.service.stats.requests >= 2  # discovery, token, one status-changes call
    assert MemoryKeyring.store[("agent-activity/default", "client_secret")] == DEMO_CLIENT_SECRET
    settings = load_settings(environ={})
    assert settings.profile == Profile("default", DEMO_ACCOUNT_ID, AuthMethod.OAUTH2)
    assert f"account {DEMO_ACCOUNT_ID}" in out and "OS keyring" in out
    assert DEMO_CLIENT_SECRET not in out + err
    account = resolve_account(settings, environ={})
    assert account.source == "keyring" and account.account_id == DEMO_ACCOUNT_ID


def test_login_with_app_keys_and_a_profile(sim: Simulated) -> None:
    status, _, _ = run_login(
        sim, from_env=True, profile="lab", environ=sim.environment(app_keys=True)
    )
    assert status == 0
    assert MemoryKeyring.store[("agent-activity/lab", "consumer_secret")] == DEMO_APP_SECRET
    assert load_settings(profile="lab", environ={}).profile.auth_method is AuthMethod.OAUTH1


def test_rejected_credentials_store_nothing(sim: Simulated) -> None:
    environment = sim.environment() | {"AGENT_ACTIVITY_CLIENT_SECRET": "wrong-secret-123"}
    with pytest.raises(CredentialsError) as caught:
        run_login(sim, from_env=True, environ=environment)
    assert caught.value.title == "Login failed"
    assert "Nothing was stored" in caught.value.message
    assert "sentinel refused" in caught.value.message
    assert "wrong-secret-123" not in caught.value.message
    assert MemoryKeyring.store == {}
    assert not paths.config_file().exists()


def test_from_env_without_variables_says_which_are_missing(sim: Simulated) -> None:
    environment = {"AGENT_ACTIVITY_ACCOUNT": "1", "AGENT_ACTIVITY_CLIENT_ID": "x"}
    with pytest.raises(CredentialsError, match="AGENT_ACTIVITY_CLIENT_SECRET missing"):
        run_login(sim, from_env=True, environ=environment)
    assert sim.service.stats.requests == 0


def test_interactive_login_asks_and_hides_secrets(sim: Simulated) -> None:
    asked_hidden: list[str] = []
    answers = iter([DEMO_ACCOUNT_ID, "1", DEMO_CLIENT_ID])

    def secret(prompt: str) -> str:
        asked_hidden.append(prompt)
        return DEMO_CLIENT_SECRET

    prompts = Prompts(text=lambda prompt: next(answers), secret=secret)
    environment = {"AGENT_ACTIVITY_DOMAIN_API": SIM_DOMAIN_API}
    status, _, _ = run_login(sim, prompts=prompts, environ=environment)
    assert status == 0
    assert asked_hidden == ["Client secret (hidden): "]
    assert MemoryKeyring.store[("agent-activity/default", "client_id")] == DEMO_CLIENT_ID


def test_interactive_app_keys_ask_three_hidden_values(sim: Simulated) -> None:
    env = sim.environment(app_keys=True)
    answers = iter([DEMO_ACCOUNT_ID, "2", env["AGENT_ACTIVITY_APP_KEY"]])
    hidden = iter(
        [
            env["AGENT_ACTIVITY_APP_SECRET"],
            env["AGENT_ACTIVITY_ACCESS_TOKEN"],
            env["AGENT_ACTIVITY_ACCESS_TOKEN_SECRET"],
        ]
    )
    prompts = Prompts(text=lambda _: next(answers), secret=lambda _: next(hidden))
    status, _, _ = run_login(
        sim, prompts=prompts, environ={"AGENT_ACTIVITY_DOMAIN_API": SIM_DOMAIN_API}
    )
    assert status == 0
    assert load_settings(environ={}).profile.auth_method is AuthMethod.OAUTH1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["", "1"], "account id: expected letters and digits"),
        (["123", "3"], "Expected 1 or 2"),
        (["123", "1", " "], "client id is empty"),
    ],
)
def test_interactive_mistakes_store_nothing(
    sim: Simulated, answers: list[str], message: str
) -> None:
    remaining = iter(answers)
    prompts = Prompts(text=lambda _: next(remaining), secret=lambda _: "x")
    with pytest.raises((CredentialsError, ConfigError), match=message):
        run_login(sim, prompts=prompts, environ={})
    assert MemoryKeyring.store == {} and sim.service.stats.requests == 0


def test_end_of_input_cancels(sim: Simulated) -> None:
    def closed(prompt: str) -> str:
        raise EOFError

    with pytest.raises(CredentialsError, match="cancelled"):
        run_login(sim, prompts=Prompts(text=closed, secret=closed), environ={})


def test_login_without_a_terminal_points_to_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = argparse.Namespace(profile=None, from_env=False, insecure_storage=False)
    with pytest.raises(CredentialsError, match="login --from-env"):
        login_command.run(args)


def test_unavailable_keyring_stores_nothing_and_advises(
    sim: Simulated, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    reset_keyring_probe()
    with pytest.raises(CredentialsError) as caught:
        run_login(sim, from_env=True)
    assert "--insecure-storage" in caught.value.message
    assert "dbus-run-session" in caught.value.message
    assert not paths.config_file().exists()
    assert sim.service.stats.requests == 0  # told before anything was sent


def test_unavailable_keyring_is_reported_before_asking(
    sim: Simulated, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    reset_keyring_probe()

    def never(prompt: str) -> str:
        raise AssertionError(f"asked {prompt!r} although nothing could be stored")

    with pytest.raises(CredentialsError, match="null backend"):
        run_login(sim, prompts=Prompts(text=never, secret=never), environ={})


def test_insecure_storage_is_explicit_private_and_remembered(sim: Simulated) -> None:
    status, out, err = run_login(sim, from_env=True, insecure_storage=True)
    assert status == 0
    path = credentials_file("default")
    assert str(path) in out
    assert "warning" in err and "plain file" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert MemoryKeyring.store == {}
    settings = load_settings(environ={})
    assert settings.profile.insecure_file_storage
    assert resolve_account(settings, environ={}).source == str(path)
    # Logging in again without the flag moves the secrets back to the keyring.
    status, _, err = run_login(sim, from_env=True)
    assert status == 0 and not path.exists() and "Removed the older credentials file" in err
    assert not load_settings(environ={}).profile.insecure_file_storage


def test_logout_removes_every_stored_secret(sim: Simulated) -> None:
    run_login(sim, from_env=True, insecure_storage=True)
    MemoryKeyring.store[("agent-activity/default", "client_secret")] = "stale"
    out, err = io.StringIO(), io.StringIO()
    assert logout(environ={}, out=out, err=err) == 0
    assert "client_secret" in out.getvalue() and str(credentials_file("default")) in out.getvalue()
    assert MemoryKeyring.store == {} and not credentials_file("default").exists()
    out = io.StringIO()
    assert logout(environ={}, out=out, err=err) == 0
    assert "Nothing was stored for profile 'default'" in out.getvalue()


def test_logout_warns_about_variables_still_set(sim: Simulated) -> None:
    err = io.StringIO()
    assert logout(environ=sim.environment(), out=io.StringIO(), err=err) == 0
    assert "still set" in err.getvalue()


def test_logout_with_an_unavailable_keyring_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.credentials.fake_backends.LockedKeyring")
    reset_keyring_probe()
    err = io.StringIO()
    assert logout(environ={}, out=io.StringIO(), err=err) == 1
    assert "locked" in err.getvalue()


def test_logout_without_any_keyring_succeeds_with_a_note(
    sim: Simulated, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    reset_keyring_probe()
    run_login(sim, from_env=True, insecure_storage=True)
    out, err = io.StringIO(), io.StringIO()
    assert logout(environ={}, out=out, err=err) == 0
    assert "Removed the credentials file" in out.getvalue()
    assert "note: No OS keyring is reachable" in err.getvalue()


@pytest.mark.parametrize("insecure", [False, True])
def test_a_config_that_cannot_be_written_rolls_the_secrets_back(
    sim: Simulated, monkeypatch: pytest.MonkeyPatch, insecure: bool
) -> None:
    def unwritable(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(login_command, "save_profile", unwritable)
    with pytest.raises(ConfigError, match=r"Permission denied.*nothing was stored"):
        run_login(sim, from_env=True, insecure_storage=insecure)
    assert MemoryKeyring.store == {}
    assert not credentials_file("default").exists()
