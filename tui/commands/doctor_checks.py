"""The local checks of ``agent-activity doctor``: config, profile, keyring, credentials, terminal.

Each check returns a :class:`Check` (``ok``/``warn``/``fail``, what was found, how to fix it).
Nothing here prints or touches the network; secrets never appear in a detail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from tui.config.loading import load_settings
from tui.core.account import AccountCredentials, ClientCredentials, credentials_from_env
from tui.core.errors import ConfigError, CredentialsError
from tui.core.settings import Profile, Settings
from tui.credentials import KeyringStatus, find_account, keyring_status
from tui.credentials.resolve import how_to_login, incomplete_environment, source_label

MIN_COLUMNS = 80
MIN_LINES = 24


class Level(Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    level: Level
    name: str
    detail: str
    fix: str = ""


def check_config(
    path: Path, profile: str | None, environ: Mapping[str, str]
) -> tuple[Check, Settings]:
    """The config check, and the settings to go on with (defaults when the file is broken)."""
    try:
        settings = load_settings(path, profile=profile, environ=environ)
    except ConfigError as error:
        fallback = Settings(profile=Profile(name=profile or "default"))
        return Check(Level.FAIL, "config", error.message, f"edit {path}"), fallback
    if not path.exists():
        return Check(Level.OK, "config", f"{path} not present: defaults in use"), settings
    return Check(Level.OK, "config", f"{path} is valid"), settings


def check_profile(settings: Settings, environ: Mapping[str, str]) -> Check:
    profile = settings.profile
    method = profile.auth_method.value if profile.auth_method else "method not set"
    if profile.account_id is None and credentials_from_env(environ) is not None:
        return Check(
            Level.OK, "profile", f"'{profile.name}': not in the config (the environment is used)"
        )
    if profile.account_id is None:
        return Check(
            Level.WARN,
            "profile",
            f"'{profile.name}': no account id in the config",
            f"run `agent-activity login{_profile_flag(profile.name)}`",
        )
    storage = ", secrets in a file (insecure opt-in)" if profile.insecure_file_storage else ""
    return Check(
        Level.OK,
        "profile",
        f"'{profile.name}': account {profile.account_id}, {method}, source name "
        f"{profile.source_name}{storage}",
    )


def check_keyring(status: KeyringStatus, has_other_source: bool) -> Check:
    if status.available:
        return Check(Level.OK, "keyring", f"{status.backend} is available")
    level = Level.WARN if has_other_source else Level.FAIL
    return Check(
        level, "keyring", f"unavailable ({status.backend}): {status.reason}", status.advice
    )


def check_credentials(
    settings: Settings, environ: Mapping[str, str]
) -> tuple[list[Check], AccountCredentials | None]:
    """The keyring and credential-source lines, and the account found (if any)."""
    name = settings.profile.name
    try:
        account = find_account(settings, environ=environ)
        problem = ""
    except CredentialsError as error:
        account, problem = None, error.message
    status = keyring_status()
    checks = [check_keyring(status, account is not None and account.source != "keyring")]
    if problem:
        checks.append(Check(Level.FAIL, "credentials", problem))
    elif account is None:
        partial = incomplete_environment(environ)
        detail = "none found" + (f" (environment: {partial})" if partial else "")
        checks.append(Check(Level.FAIL, "credentials", detail, how_to_login(name)))
    else:
        checks.append(
            Check(
                Level.OK,
                "credentials",
                f"{source_label(account, status, name)}; {describe_method(account)}",
            )
        )
    return checks, account


def describe_method(account: AccountCredentials) -> str:
    """The method and the public identifier, shortened; never a secret."""
    credentials = account.credentials
    if isinstance(credentials, ClientCredentials):
        return f"client credentials, client id {redact(credentials.client_id)}, secret hidden"
    return f"App Keys, key {redact(credentials.consumer_key)}, secrets hidden"


def redact(value: str) -> str:
    """The first four characters of an identifier, the rest hidden."""
    return value[:4] + "…" if len(value) > 4 else "…"


def check_terminal(environ: Mapping[str, str] | None = None) -> Check:
    environ = os.environ if environ is None else environ
    size = shutil.get_terminal_size()
    term = environ.get("TERM", "")
    colorterm = environ.get("COLORTERM", "").lower()
    problems: list[str] = []
    fixes: list[str] = []
    if environ.get("NO_COLOR"):
        colours = "colours off (NO_COLOR is set)"
    elif colorterm in ("truecolor", "24bit"):
        colours = "truecolor"
    elif "256color" in term:
        colours = "256 colours"
    elif not term or term == "dumb":
        colours = f"TERM={term or 'unset'}"
        problems.append("no colour support")
        fixes.append("set TERM=xterm-256color (or your terminal's name)")
    else:
        colours = f"16 colours (TERM={term})"
        problems.append("state colours may be hard to tell apart")
        fixes.append("use TERM=xterm-256color, or COLORTERM=truecolor if your terminal has it")
    if size.columns < MIN_COLUMNS or size.lines < MIN_LINES:
        problems.append(f"smaller than {MIN_COLUMNS}x{MIN_LINES}")
        fixes.append(f"enlarge the window to at least {MIN_COLUMNS}x{MIN_LINES}")
    detail = f"{size.columns}x{size.lines}, {colours}"
    if problems:
        return Check(Level.WARN, "terminal", f"{detail}: {'; '.join(problems)}", "; ".join(fixes))
    return Check(Level.OK, "terminal", detail)


def _profile_flag(name: str) -> str:
    return "" if name == "default" else f" --profile {name}"
