"""The two kinds of LivePerson machine credentials, and reading them from the environment.

Secrets never appear in ``repr``/``str`` (they end up in logs and tracebacks otherwise).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.core.environment import (
    APP_KEY_VARIABLES,
    ENV_ACCOUNT,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
)


@dataclass(frozen=True)
class AppKeys:
    """OAuth 1.0 App Keys: every request is signed HMAC-SHA1."""

    consumer_key: str
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.consumer_secret, self.access_token, self.access_token_secret)


@dataclass(frozen=True)
class ClientCredentials:
    """OAuth 2.0 client credentials exchanged at sentinel for a short-lived bearer token."""

    client_id: str
    client_secret: str = field(repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.client_secret,)


Credentials = AppKeys | ClientCredentials


@dataclass(frozen=True)
class AccountCredentials:
    """An account id with the credentials that open it."""

    account_id: str
    credentials: Credentials
    source: str = "environment"
    """Where they came from, for ``doctor``: ``environment``, ``keyring`` or a file path."""


def credentials_from_env(env: Mapping[str, str] | None = None) -> AccountCredentials | None:
    """The account and credentials in ``AGENT_ACTIVITY_*`` variables, or ``None`` if incomplete.

    Client credentials win when both sets are present (they need no per-request signing).
    """
    env = os.environ if env is None else env
    account = env.get(ENV_ACCOUNT, "").strip()
    if not account:
        return None
    client_id, client_secret = env.get(ENV_CLIENT_ID), env.get(ENV_CLIENT_SECRET)
    if client_id and client_secret:
        return AccountCredentials(account, ClientCredentials(client_id, client_secret))
    keys = [env.get(name) for name in APP_KEY_VARIABLES]
    if all(keys):
        key, secret, token, token_secret = (value or "" for value in keys)
        return AccountCredentials(account, AppKeys(key, secret, token, token_secret))
    return None
