"""An unavailable, locked or hung keyring means "unavailable" with advice, never a hang."""

from __future__ import annotations

import time

import pytest

from tests.credentials.fake_backends import MODULE, CountingKeyring
from tui.core.account import AccountCredentials, ClientCredentials
from tui.core.errors import CredentialsError
from tui.core.settings import AuthMethod, Profile, Settings
from tui.credentials import (
    find_account,
    keyring_status,
    reset_keyring_probe,
    resolve_account,
    store_account,
)

ACCOUNT = AccountCredentials("123", ClientCredentials("cid", "probe-test-secret"))
SETTINGS = Settings(profile=Profile("default", "123", AuthMethod.OAUTH2))


def use_backend(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", name)
    reset_keyring_probe()


def assert_actionable(advice: str) -> None:
    assert "AGENT_ACTIVITY_ACCOUNT" in advice and "AGENT_ACTIVITY_CLIENT_SECRET" in advice
    assert "apt-get install gnome-keyring dbus" in advice
    assert "dbus-run-session" in advice and "gnome-keyring-daemon --unlock" in advice
    assert "agent-activity login --insecure-storage" in advice


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        ("keyring.backends.fail.Keyring", "no keyring backend is installed or reachable"),
        ("keyring.backends.null.Keyring", "disabled (null backend)"),
        (f"{MODULE}.EmptyChainer", "chainer has no backend"),
        (f"{MODULE}.LockedKeyring", "the keyring is locked"),
        (f"{MODULE}.UninitialisedKeyring", "could not be initialised"),
        ("no_such_module.Keyring", "ModuleNotFoundError"),
    ],
)
def test_unusable_backends_are_unavailable_with_advice(
    monkeypatch: pytest.MonkeyPatch, backend: str, reason: str
) -> None:
    use_backend(monkeypatch, backend)
    status = keyring_status()
    assert not status.available
    assert reason in status.reason
    assert_actionable(status.advice)
    with pytest.raises(CredentialsError) as caught:
        resolve_account(SETTINGS, environ={})
    assert reason in caught.value.message
    assert_actionable(caught.value.message)
    with pytest.raises(CredentialsError) as stored:
        store_account("default", ACCOUNT, insecure_file=False)
    assert_actionable(stored.value.message)


def test_secret_service_without_dbus_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/agent-activity-bus")
    use_backend(monkeypatch, "keyring.backends.SecretService.Keyring")
    status = keyring_status()
    assert not status.available
    assert_actionable(status.advice)


def test_a_hung_keyring_is_abandoned_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    use_backend(monkeypatch, f"{MODULE}.HangingKeyring")
    started = time.monotonic()
    status = keyring_status(timeout_s=0.2)
    assert time.monotonic() - started < 2
    assert not status.available
    assert "did not answer" in status.reason
    assert_actionable(status.advice)


def test_resolution_with_a_hung_keyring_returns_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_backend(monkeypatch, f"{MODULE}.HangingKeyring")
    started = time.monotonic()
    with pytest.raises(CredentialsError, match="did not answer"):
        resolve_account(SETTINGS, environ={}, timeout_s=0.2)
    assert time.monotonic() - started < 2


def test_a_write_that_hangs_fails_in_time_and_marks_the_keyring_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_backend(monkeypatch, f"{MODULE}.HangingWritesKeyring")
    assert keyring_status(timeout_s=0.2).available
    started = time.monotonic()
    with pytest.raises(CredentialsError, match="did not answer"):
        store_account("default", ACCOUNT, insecure_file=False, timeout_s=0.2)
    assert time.monotonic() - started < 2
    assert not keyring_status().available


def test_a_failed_write_never_echoes_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    use_backend(monkeypatch, f"{MODULE}.FailingSecondWriteKeyring")
    with pytest.raises(CredentialsError) as caught:
        store_account("default", ACCOUNT, insecure_file=False)
    assert "probe-test-secret" not in caught.value.message
    assert "PasswordSetError" in caught.value.message


def test_the_keyring_is_probed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    use_backend(monkeypatch, f"{MODULE}.CountingKeyring")
    CountingKeyring.probes = 0
    assert keyring_status().available
    assert keyring_status().available
    store_account("default", ACCOUNT, insecure_file=False)
    assert find_account(SETTINGS, environ={}) is not None
    assert CountingKeyring.probes == 1


def test_a_working_keyring_reports_its_backend_name() -> None:
    status = keyring_status()
    assert status.available
    assert status.backend == "memory keyring MemoryKeyring"
    assert status.advice == ""
