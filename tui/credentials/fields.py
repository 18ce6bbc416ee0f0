"""How credentials map to stored fields: the same entry names in the keyring and in the file."""

from __future__ import annotations

from tui.core.account import AppKeys, ClientCredentials, Credentials
from tui.core.settings import AuthMethod


def secret_fields(credentials: Credentials) -> dict[str, str]:
    """Entry name -> value for every field that is stored (the same names as the keyring's)."""
    if isinstance(credentials, ClientCredentials):
        return {"client_id": credentials.client_id, "client_secret": credentials.client_secret}
    return {
        "consumer_key": credentials.consumer_key,
        "consumer_secret": credentials.consumer_secret,
        "access_token": credentials.access_token,
        "access_token_secret": credentials.access_token_secret,
    }


def method_of(credentials: Credentials) -> AuthMethod:
    return AuthMethod.OAUTH2 if isinstance(credentials, ClientCredentials) else AuthMethod.OAUTH1


def credentials_from_fields(method: AuthMethod, fields: dict[str, str]) -> Credentials | None:
    """Rebuild credentials from stored fields; ``None`` when any field is missing or empty."""
    names = secret_fields(_EMPTY[method]).keys()
    values = [fields.get(name) or "" for name in names]
    if not all(values):
        return None
    if method is AuthMethod.OAUTH2:
        return ClientCredentials(*values)
    return AppKeys(*values)


_EMPTY: dict[AuthMethod, Credentials] = {
    AuthMethod.OAUTH2: ClientCredentials("", ""),
    AuthMethod.OAUTH1: AppKeys("", "", "", ""),
}


def field_names(method: AuthMethod) -> tuple[str, ...]:
    """The entry names one method stores, in constructor order."""
    return tuple(secret_fields(_EMPTY[method]))
