"""Opt-in plain-file credential storage (``login --insecure-storage`` only; never the default).

One JSON file per profile, mode 0600, in a 0700 directory under the user data dir. It is read only
when the profile's config says ``insecure_file_storage = true``, and refused if anyone but the owner
can read it. OAuth 2.0 access tokens are never written (they live in memory only).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tui.core import paths
from tui.core.account import AccountCredentials
from tui.core.atomic import write_atomically
from tui.core.errors import CredentialsError
from tui.core.settings import AuthMethod
from tui.credentials.fields import credentials_from_fields, method_of, secret_fields

FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def credentials_dir() -> Path:
    return paths.data_dir() / "credentials"


def credentials_file(profile: str) -> Path:
    """Where the opt-in file of ``profile`` lives (whether or not it exists)."""
    return credentials_dir() / f"{profile}.json"


def write_credentials_file(profile: str, account: AccountCredentials) -> Path:
    """Write the file atomically with mode 0600 in a 0700 directory; return its path."""
    directory = credentials_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=DIRECTORY_MODE)
    directory.chmod(DIRECTORY_MODE)
    path = credentials_file(profile)
    document = {
        "account_id": account.account_id,
        "auth_method": method_of(account.credentials).value,
        **secret_fields(account.credentials),
    }
    try:
        write_atomically(path, json.dumps(document), mode=FILE_MODE)
    except OSError as error:
        raise CredentialsError(f"Cannot write {path}: {error.strerror or error}") from None
    return path


def read_credentials_file(profile: str) -> AccountCredentials | None:
    """The stored account, ``None`` when there is no file; refuses a file others can read."""
    path = credentials_file(profile)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_IMODE(mode) & 0o077:
        raise CredentialsError(
            f"{path} can be read by other users (mode {stat.S_IMODE(mode):o}); refusing to use it. "
            f"Run `chmod 600 {path}`, or `agent-activity login` again."
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = None
    if not isinstance(document, dict):
        raise CredentialsError(f"{path} is unreadable. Run `agent-activity login` again.")
    fields = {key: value for key, value in document.items() if isinstance(value, str)}
    try:
        method = AuthMethod(fields.get("auth_method", ""))
    except ValueError:
        method = None
    credentials = credentials_from_fields(method, fields) if method else None
    account_id = fields.get("account_id", "")
    if credentials is None or not account_id:
        raise CredentialsError(f"{path} is incomplete. Run `agent-activity login` again.")
    return AccountCredentials(account_id, credentials, source=str(path))


def delete_credentials_file(profile: str) -> Path | None:
    """Remove the file; its path when there was one."""
    path = credentials_file(profile)
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CredentialsError(f"Cannot remove {path}: {error.strerror or error}") from None
    return path
