"""Resolution order environment -> keyring -> opt-in file, storage and removal."""

from __future__ import annotations

import stat

import pytest

from tests.credentials.fake_backends import MODULE
from tests.memory_keyring import MemoryKeyring
from tui.core import paths
from tui.core.account import AccountCredentials, AppKeys, ClientCredentials
from tui.core.errors import CredentialsError
from tui.core.settings import AuthMethod, Profile, Settings
from tui.credentials import (
    describe_source,
    find_account,
    remove_account,
    reset_keyring_probe,
    resolve_account,
    service_name,
    store_account,
)
from tui.credentials.file_store import credentials_file

SECRET = "s3cret-value-never-shown"
CLIENT = AccountCredentials("12345678", ClientCredentials("client-1", SECRET))
KEYS = AccountCredentials("12345678", AppKeys("key-1", SECRET, "token-1", "token-secret-1"))
ENV = {
    "AGENT_ACTIVITY_ACCOUNT": "999",
    "AGENT_ACTIVITY_CLIENT_ID": "env-client",
    "AGENT_ACTIVITY_CLIENT_SECRET": "env-secret",
}


def settings_for(
    profile: str = "default",
    method: AuthMethod | None = AuthMethod.OAUTH2,
    *,
    account_id: str | None = "12345678",
    insecure: bool = False,
) -> Settings:
    return Settings(profile=Profile(profile, account_id, method, insecure_file_storage=insecure))


def test_environment_wins_over_the_keyring() -> None:
    store_account("default", CLIENT, insecure_file=False)
    account = resolve_account(settings_for(), environ=ENV)
    assert account.account_id == "999"
    assert account.source == "environment"


def test_keyring_is_used_when_the_environment_is_empty() -> None:
    store_account("default", CLIENT, insecure_file=False)
    assert MemoryKeyring.store == {
        ("agent-activity/default", "client_id"): "client-1",
        ("agent-activity/default", "client_secret"): SECRET,
    }
    account = resolve_account(settings_for(), environ={})
    assert account == AccountCredentials("12345678", CLIENT.credentials, source="keyring")


def test_app_keys_round_trip_one_entry_per_secret() -> None:
    store_account("work", KEYS, insecure_file=False)
    assert {user for service, user in MemoryKeyring.store if service == "agent-activity/work"} == {
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
    }
    account = resolve_account(settings_for("work", AuthMethod.OAUTH1), environ={})
    assert account.credentials == KEYS.credentials


def test_unknown_method_tries_both() -> None:
    store_account("default", KEYS, insecure_file=False)
    account = resolve_account(settings_for(method=None), environ={})
    assert account.credentials == KEYS.credentials


def test_switching_method_drops_the_old_entries() -> None:
    store_account("default", KEYS, insecure_file=False)
    store_account("default", CLIENT, insecure_file=False)
    assert {user for _, user in MemoryKeyring.store} == {"client_id", "client_secret"}


def test_profiles_are_separate() -> None:
    store_account("a", CLIENT, insecure_file=False)
    assert find_account(settings_for("b"), environ={}) is None
    assert service_name("a") == "agent-activity/a"


def test_without_an_account_id_in_the_config_nothing_is_found() -> None:
    store_account("default", CLIENT, insecure_file=False)
    assert find_account(settings_for(account_id=None), environ={}) is None


def test_incomplete_keyring_entries_say_to_log_in_again() -> None:
    MemoryKeyring.store[("agent-activity/default", "client_id")] = "client-1"
    with pytest.raises(CredentialsError, match=r"incomplete \(client_secret missing\)"):
        resolve_account(settings_for(), environ={})


def test_nothing_found_says_how_to_log_in() -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_account(settings_for("work"), environ={})
    message = caught.value.message
    assert "agent-activity login --profile work" in message
    assert "login --from-env" in message and "AGENT_ACTIVITY_ACCOUNT" in message
    assert caught.value.title == "Credentials"


def test_partial_environment_is_named() -> None:
    env = {"AGENT_ACTIVITY_ACCOUNT": "1", "AGENT_ACTIVITY_CLIENT_ID": "x"}
    with pytest.raises(CredentialsError, match="AGENT_ACTIVITY_CLIENT_SECRET missing"):
        resolve_account(settings_for(), environ=env)


def test_file_storage_is_opt_in_and_private() -> None:
    stored = store_account("default", CLIENT, insecure_file=True)
    path = credentials_file("default")
    assert stored.file_path == path
    assert path.parent == paths.data_dir() / "credentials"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert MemoryKeyring.store == {}
    assert find_account(settings_for(), environ={}) is None  # not opted in: never read
    account = resolve_account(settings_for(insecure=True), environ={})
    assert account.credentials == CLIENT.credentials
    assert account.source == str(path)


def test_file_storage_tightens_an_existing_directory() -> None:
    directory = paths.data_dir() / "credentials"
    directory.mkdir(parents=True)
    directory.chmod(0o755)
    store_account("default", CLIENT, insecure_file=True)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_a_file_others_can_read_is_refused() -> None:
    store_account("default", CLIENT, insecure_file=True)
    credentials_file("default").chmod(0o644)
    with pytest.raises(CredentialsError, match="chmod 600"):
        resolve_account(settings_for(insecure=True), environ={})


def test_a_damaged_file_says_to_log_in_again() -> None:
    path = credentials_file("default")
    path.parent.mkdir(parents=True)
    path.write_text('{"account_id": "1", "auth_method": "client-credentials"}')
    path.chmod(0o600)
    with pytest.raises(CredentialsError, match="incomplete"):
        resolve_account(settings_for(insecure=True), environ={})
    path.write_text("not json")
    with pytest.raises(CredentialsError, match="unreadable"):
        resolve_account(settings_for(insecure=True), environ={})


def test_file_serves_when_the_keyring_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    reset_keyring_probe()
    store_account("default", CLIENT, insecure_file=True)
    assert (
        resolve_account(settings_for(insecure=True), environ={}).credentials == CLIENT.credentials
    )


def test_half_written_keyring_login_is_rolled_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{MODULE}.FailingSecondWriteKeyring")
    reset_keyring_probe()
    with pytest.raises(CredentialsError):
        store_account("default", CLIENT, insecure_file=False)
    assert MemoryKeyring.store == {}


def test_remove_clears_every_backend() -> None:
    store_account("default", KEYS, insecure_file=False)
    store_account("default", CLIENT, insecure_file=True)
    removal = remove_account("default")
    assert set(removal.keyring_entries) == {
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
    }
    assert removal.file_path == credentials_file("default")
    assert removal.removed_anything and not removal.problems
    assert MemoryKeyring.store == {}
    assert not credentials_file("default").exists()
    again = remove_account("default")
    assert not again.removed_anything


def test_remove_reports_an_unavailable_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{MODULE}.LockedKeyring")
    reset_keyring_probe()
    removal = remove_account("default")
    assert removal.problems and "locked" in removal.problems[0]
    assert "`agent-activity logout` again" in removal.problems[0]


def test_remove_without_any_keyring_is_only_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    reset_keyring_probe()
    store_account("default", CLIENT, insecure_file=True)
    removal = remove_account("default")
    assert not removal.problems
    assert removal.notes and "No OS keyring is reachable" in removal.notes[0]
    assert removal.file_path == credentials_file("default")


def test_describe_source_names_the_source_never_the_secret() -> None:
    none = describe_source(settings_for(), environ={})
    assert none.startswith("none") and "agent-activity login" in none
    assert "environment variables" in describe_source(settings_for(), environ=ENV)
    store_account("default", CLIENT, insecure_file=False)
    from_keyring = describe_source(settings_for(), environ={})
    assert "OS keyring" in from_keyring and "agent-activity/default" in from_keyring
    remove_account("default")
    store_account("default", CLIENT, insecure_file=True)
    from_file = describe_source(settings_for(insecure=True), environ={})
    assert str(credentials_file("default")) in from_file and "insecure" in from_file
    for text in (none, from_keyring, from_file):
        assert SECRET not in text and "client-1" not in text


def test_credentials_never_show_secrets_in_repr() -> None:
    assert SECRET not in repr(CLIENT) and SECRET not in repr(KEYS)
