"""``agent-activity login``: ask for (or read) credentials, check them against the API, store them.

Nothing is stored unless one authenticated call succeeds first. Secrets go to the OS keyring (one
entry per secret under ``agent-activity/<profile>``), or to a 0600 file only with
``--insecure-storage``. The config file records the account id, method and storage choice.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TextIO

import httpx

from tui.config.loading import load_settings, validate_account_id
from tui.config.writing import save_profile
from tui.core.account import AccountCredentials, AppKeys, ClientCredentials, credentials_from_env
from tui.core.clock import Clock
from tui.core.errors import AgentActivityError, ConfigError, CredentialsError
from tui.core.settings import AuthMethod, Settings
from tui.credentials import remove_account, store_account
from tui.credentials.fields import method_of
from tui.credentials.file_store import delete_credentials_file
from tui.credentials.keyring_access import open_keyring
from tui.credentials.resolve import (
    how_to_login,
    incomplete_environment,
    remove_keyring_entries,
)


@dataclass(frozen=True)
class Prompts:
    """How login asks: visible text and hidden secrets (injectable for tests)."""

    text: Callable[[str], str] = input
    secret: Callable[[str], str] = getpass.getpass


def run(args: argparse.Namespace) -> int:
    if not args.from_env and not sys.stdin.isatty():
        raise CredentialsError(
            "login needs a terminal to ask for the secrets; in scripts set the AGENT_ACTIVITY_* "
            "variables and run `agent-activity login --from-env`."
        )
    return login(
        profile=args.profile, from_env=args.from_env, insecure_storage=args.insecure_storage
    )


def login(
    *,
    profile: str | None = None,
    from_env: bool = False,
    insecure_storage: bool = False,
    environ: Mapping[str, str] | None = None,
    prompts: Prompts | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Validate, then store; returns the exit status (user errors raise ``AgentActivityError``).

    ``transport`` and ``clock`` reach the API client (tests point them at the simulator).
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    settings = load_settings(profile=profile, environ=environ)
    name = settings.profile.name
    if not insecure_storage:
        open_keyring()  # an unusable keyring is reported before anything is asked or sent
    prompts = prompts or Prompts()
    account = _account_from_env(environ, name) if from_env else _ask(settings, prompts)
    print(f"Checking the credentials against {settings.domain_api} ...", file=err)
    asyncio.run(_validate(account, settings, transport, clock))
    if insecure_storage:
        print(
            "warning: --insecure-storage keeps the secrets in a plain file (mode 0600). Anyone "
            "who can read your files or backups can read them; prefer the OS keyring.",
            file=err,
        )
    method = method_of(account.credentials)
    updated = replace(
        settings.profile,
        account_id=account.account_id,
        auth_method=method,
        insecure_file_storage=insecure_storage,
    )
    stored = store_account(name, account, insecure_file=insecure_storage)
    try:
        config_path = save_profile(updated)
    except BaseException as error:  # whatever stopped it, no secret stays behind
        remove_account(name)
        if isinstance(error, OSError):
            raise ConfigError(
                f"cannot save the profile in the config ({error.strerror or error}); "
                "the secrets were removed again, nothing was stored"
            ) from None
        raise
    _drop_other_backend(name, insecure_storage, err)
    print(
        f"Logged in to account {account.account_id} ({_method_label(method)}) as profile "
        f"'{name}'. Secrets stored in {stored.location}; settings in {config_path}.",
        file=out,
    )
    if stored.file_path is not None:
        print(f"Credentials file: {stored.file_path}", file=out)
    if from_env:
        print(
            "Note: while the AGENT_ACTIVITY_* variables are set, they are used instead of the "
            "stored credentials.",
            file=out,
        )
    return 0


def _account_from_env(environ: Mapping[str, str] | None, profile: str) -> AccountCredentials:
    account = credentials_from_env(environ)
    if account is None:
        partial = incomplete_environment(environ)
        detail = f" ({partial})" if partial else ""
        raise CredentialsError(
            f"--from-env found no complete set of AGENT_ACTIVITY_* variables{detail}. "
            + how_to_login(profile).split(". ", 1)[1]
        )
    validate_account_id(account.account_id, origin="AGENT_ACTIVITY_ACCOUNT")
    return account


def _ask(settings: Settings, prompts: Prompts) -> AccountCredentials:
    profile = settings.profile
    try:
        default_account = f" [{profile.account_id}]" if profile.account_id else ""
        answer = prompts.text(f"LivePerson account id{default_account}: ").strip()
        account_id = validate_account_id(answer or profile.account_id or "")
        default_choice = "2" if profile.auth_method is AuthMethod.OAUTH1 else "1"
        choice = prompts.text(
            "Method: 1) client credentials (OAuth 2.0)  2) App Keys (OAuth 1.0) "
            f"[{default_choice}]: "
        ).strip()
        choice = choice or default_choice
        if choice not in ("1", "2"):
            raise CredentialsError(f"Expected 1 or 2 for the method, got {choice!r}.")
        if choice == "1":
            credentials: ClientCredentials | AppKeys = ClientCredentials(
                _required(prompts.text("Client id: "), "client id"),
                _required(prompts.secret("Client secret (hidden): "), "client secret"),
            )
        else:
            credentials = AppKeys(
                _required(prompts.text("App key (consumer key): "), "app key"),
                _required(prompts.secret("App secret (hidden): "), "app secret"),
                _required(prompts.secret("Access token (hidden): "), "access token"),
                _required(prompts.secret("Access token secret (hidden): "), "access token secret"),
            )
    except EOFError:
        raise CredentialsError("Login cancelled; nothing was stored.") from None
    return AccountCredentials(account_id, credentials, source="login")


def _required(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise CredentialsError(f"The {label} is empty; nothing was stored.")
    return value


async def _validate(
    account: AccountCredentials,
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None,
    clock: Clock | None,
) -> None:
    """One authenticated call; any failure becomes "login failed, nothing stored"."""
    from tui.wiring.clients import status_changes_client

    try:
        async with status_changes_client(
            settings, account, transport=transport, clock=clock
        ) as client:
            await client.validate()
    except AgentActivityError as error:
        raise CredentialsError(
            f"{error.one_line()}. Nothing was stored.", title="Login failed"
        ) from None


def _drop_other_backend(profile: str, insecure_storage: bool, err: TextIO) -> None:
    """Remove copies in the backend not chosen, so an old copy never shadows the new one."""
    if insecure_storage:
        try:
            removed = remove_keyring_entries(profile)
        except CredentialsError:
            return  # no usable keyring: nothing there can shadow the file
        if removed:
            print(f"Removed older keyring entries: {', '.join(removed)}.", file=err)
        return
    path = delete_credentials_file(profile)
    if path is not None:
        print(f"Removed the older credentials file {path}.", file=err)


def _method_label(method: AuthMethod) -> str:
    if method is AuthMethod.OAUTH2:
        return "client credentials"
    return "App Keys"
