"""Find, store and remove an account's credentials: environment → OS keyring → opt-in file.

The monitor and export call :func:`resolve_account`; ``login``/``logout`` call :func:`store_account`
and :func:`remove_account`. All of these may wait up to the keyring timeout, so call them from a
worker thread, never on the UI event loop.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.account import AccountCredentials, credentials_from_env
from tui.core.environment import (
    APP_KEY_VARIABLES,
    ENV_ACCOUNT,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
)
from tui.core.errors import CredentialsError
from tui.core.settings import AuthMethod, Settings
from tui.credentials.fields import credentials_from_fields, field_names, secret_fields
from tui.credentials.file_store import (
    delete_credentials_file,
    read_credentials_file,
    write_credentials_file,
)
from tui.credentials.keyring_access import (
    PROBE_TIMEOUT_S,
    KeyringStatus,
    keyring_status,
    open_keyring,
    service_name,
)

SOURCE_ENVIRONMENT = "environment"
SOURCE_KEYRING = "keyring"


def how_to_login(profile: str) -> str:
    """What to do when no credentials are found."""
    flag = "" if profile == "default" else f" --profile {profile}"
    return (
        f"No credentials for profile '{profile}'. Run `agent-activity login{flag}` (or "
        f"`agent-activity login --from-env{flag}` in scripts), or set {ENV_ACCOUNT} with "
        f"{ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} (or {', '.join(APP_KEY_VARIABLES)}). "
        "`agent-activity demo` needs no credentials."
    )


def incomplete_environment(environ: Mapping[str, str] | None = None) -> str:
    """Which ``AGENT_ACTIVITY_*`` variables are missing when some are set; empty otherwise."""
    environ = os.environ if environ is None else environ
    if credentials_from_env(environ) is not None:
        return ""
    names = (ENV_ACCOUNT, ENV_CLIENT_ID, ENV_CLIENT_SECRET, *APP_KEY_VARIABLES)
    present = [name for name in names if environ.get(name, "").strip()]
    if not present:
        return ""
    if not environ.get(ENV_ACCOUNT, "").strip():
        return f"{', '.join(present)} set but {ENV_ACCOUNT} is missing"
    wanted: tuple[str, ...] = (ENV_CLIENT_ID, ENV_CLIENT_SECRET)
    if not any(name in present for name in wanted):
        wanted = APP_KEY_VARIABLES
    missing = [name for name in wanted if name not in present]
    return f"{ENV_ACCOUNT} is set but {', '.join(missing)} missing"


def find_account(
    settings: Settings,
    *,
    environ: Mapping[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> AccountCredentials | None:
    """The first credentials found (environment, keyring, opt-in file), or ``None``.

    An unavailable keyring is not an error here (the environment or the file may still serve);
    a damaged entry or file is (:class:`CredentialsError` saying how to fix it).
    """
    from_env = credentials_from_env(os.environ if environ is None else environ)
    if from_env is not None:
        return from_env
    profile = settings.profile
    if profile.account_id is not None and keyring_status(timeout_s).available:
        from_keyring = _read_keyring(
            profile.name, profile.account_id, profile.auth_method, timeout_s
        )
        if from_keyring is not None:
            return from_keyring
    if profile.insecure_file_storage:
        return read_credentials_file(profile.name)
    return None


def resolve_account(
    settings: Settings,
    *,
    environ: Mapping[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> AccountCredentials:
    """Like :func:`find_account`, but :class:`CredentialsError` (how to log in) when none."""
    account = find_account(settings, environ=environ, timeout_s=timeout_s)
    if account is not None:
        return account
    status = keyring_status(timeout_s)
    if status.available or settings.profile.insecure_file_storage:
        parts = [how_to_login(settings.profile.name)]
    else:
        parts = [f"No credentials for profile '{settings.profile.name}'.", status.advice]
    partial = incomplete_environment(environ)
    if partial:
        parts.append(f"(Environment: {partial}.)")
    raise CredentialsError(" ".join(parts))


def describe_source(
    settings: Settings,
    *,
    environ: Mapping[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> str:
    """One line for help/about/doctor: where the credentials come from (never the secrets)."""
    try:
        account = find_account(settings, environ=environ, timeout_s=timeout_s)
    except CredentialsError as error:
        return f"unusable: {error.message}"
    return source_label(account, keyring_status(timeout_s), settings.profile.name)


def source_label(account: AccountCredentials | None, status: KeyringStatus, profile: str) -> str:
    if account is None:
        return f"none (profile '{profile}'; run `agent-activity login`)"
    if account.source == SOURCE_ENVIRONMENT:
        return f"environment variables (AGENT_ACTIVITY_*), account {account.account_id}"
    if account.source == SOURCE_KEYRING:
        return (
            f"OS keyring ({status.backend}, service {service_name(profile)}), "
            f"account {account.account_id}"
        )
    return f"file {account.source} (insecure opt-in), account {account.account_id}"


@dataclass(frozen=True)
class StoredCredentials:
    """Where ``login`` put the secrets: the keyring (backend name) or the file path."""

    location: str
    file_path: Path | None = None


def store_account(
    profile: str,
    account: AccountCredentials,
    *,
    insecure_file: bool,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> StoredCredentials:
    """Save the secrets: one keyring entry per secret, or the opt-in 0600 file.

    Keyring storage that fails halfway is rolled back, so a profile never holds half a set.
    """
    if insecure_file:
        path = write_credentials_file(profile, account)
        return StoredCredentials(f"file {path}", path)
    keyring = open_keyring(timeout_s)
    service = service_name(profile)
    written: list[str] = []
    try:
        for stale in set(_all_field_names()) - set(secret_fields(account.credentials)):
            keyring.delete(service, stale)
        for name, value in secret_fields(account.credentials).items():
            keyring.set(service, name, value)
            written.append(name)
    except CredentialsError:
        # Best effort: the keyring just failed, so undoing may fail too; the first error wins.
        with contextlib.suppress(CredentialsError):
            for name in written:
                keyring.delete(service, name)
        raise
    return StoredCredentials(f"the OS keyring ({keyring.name}, service {service})")


@dataclass(frozen=True)
class Removal:
    """What ``logout`` removed, and what it could not check."""

    keyring_entries: tuple[str, ...] = ()
    keyring_service: str = ""
    file_path: Path | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)
    """Backends that may still hold secrets (``logout`` exits 1)."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def removed_anything(self) -> bool:
        return bool(self.keyring_entries) or self.file_path is not None


def remove_account(profile: str, *, timeout_s: float = PROBE_TIMEOUT_S) -> Removal:
    """Delete every stored secret of ``profile`` from every backend (keyring and file).

    A keyring that exists but cannot be used (locked, no answer) is a problem: the secrets may
    still be in it. No keyring at all in this session is only a note.
    """
    problems: list[str] = []
    notes: list[str] = []
    removed: tuple[str, ...] = ()
    status = keyring_status(timeout_s)
    if status.available:
        try:
            removed = remove_keyring_entries(profile, timeout_s=timeout_s)
        except CredentialsError:
            status = keyring_status(timeout_s)  # the failure was recorded by the access layer
    if not status.available and status.present:
        problems.append(
            f"the OS keyring ({status.backend}) could not be checked: {status.reason}. "
            "Fix that and run `agent-activity logout` again."
        )
    elif not status.available:
        notes.append(
            f"No OS keyring is reachable from this session ({status.reason}), so none was "
            "checked; if you logged in from another session (a desktop), log out there too."
        )
    path = delete_credentials_file(profile)
    return Removal(removed, service_name(profile), path, tuple(problems), tuple(notes))


def remove_keyring_entries(profile: str, *, timeout_s: float = PROBE_TIMEOUT_S) -> tuple[str, ...]:
    """Delete the profile's keyring entries; the names removed (``CredentialsError`` if the
    keyring is unavailable)."""
    keyring = open_keyring(timeout_s)
    service = service_name(profile)
    return tuple(name for name in _all_field_names() if keyring.delete(service, name))


def _read_keyring(
    profile: str, account_id: str, method: AuthMethod | None, timeout_s: float
) -> AccountCredentials | None:
    keyring = open_keyring(timeout_s)
    service = service_name(profile)
    methods = [method] if method is not None else [AuthMethod.OAUTH2, AuthMethod.OAUTH1]
    for candidate in methods:
        names = field_names(candidate)
        fields = {name: keyring.get(service, name) or "" for name in names}
        credentials = credentials_from_fields(candidate, fields)
        if credentials is not None:
            return AccountCredentials(account_id, credentials, source=SOURCE_KEYRING)
        if any(fields.values()):
            missing = ", ".join(name for name, value in fields.items() if not value)
            raise CredentialsError(
                f"The keyring entries of profile '{profile}' (service {service}) are incomplete "
                f"({missing} missing). Run `agent-activity login` again."
            )
    return None


def _all_field_names() -> tuple[str, ...]:
    return field_names(AuthMethod.OAUTH2) + field_names(AuthMethod.OAUTH1)
