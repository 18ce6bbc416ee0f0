"""Where the account's credentials come from: environment → OS keyring → opt-in file.

No Textual here: the UI calls these from a worker thread (the keyring may block on D-Bus; every
keyring call is bounded by a timeout). The credential types and the environment variable names
live in :mod:`tui.core.account`.
"""

from __future__ import annotations

from tui.credentials.keyring_access import (
    PROBE_TIMEOUT_S,
    KeyringStatus,
    keyring_status,
    reset_keyring_probe,
    service_name,
)
from tui.credentials.resolve import (
    Removal,
    StoredCredentials,
    describe_source,
    find_account,
    how_to_login,
    remove_account,
    resolve_account,
    store_account,
)

__all__ = [
    "PROBE_TIMEOUT_S",
    "KeyringStatus",
    "Removal",
    "StoredCredentials",
    "describe_source",
    "find_account",
    "how_to_login",
    "keyring_status",
    "remove_account",
    "reset_keyring_probe",
    "resolve_account",
    "service_name",
    "store_account",
]
