"""The two LivePerson machine-to-machine auth methods, as request authorizers.

- OAuth 1.0 App Keys: every request is signed HMAC-SHA1 in the ``Authorization`` header by
  authlib (imported lazily, its "use httpx2" notice silenced).
- OAuth 2.0 client credentials: sentinel swaps client id + secret for a bearer token, held in
  memory only, fetched again a minute before it expires and after a 401 — once for a whole burst
  of 401s (single flight), since every request in flight when a token expires is refused.

Secrets never reach messages, logs or ``repr``.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import httpx

from tui.api.authlib_quiet import silence_authlib_deprecations
from tui.api.errors import APP_KEY_PERMISSION, OAUTH2_SCOPE
from tui.core.account import AppKeys, ClientCredentials
from tui.core.clock import Clock

TOKEN_REFRESH_MARGIN_MS = 60_000
"""Fetch a new bearer token this long before the current one expires (at most half its life)."""

DEFAULT_TOKEN_LIFETIME_S = 3600
"""Assumed lifetime when sentinel does not say (``expires_in`` missing)."""

_REMEMBERED_TOKENS = 8
"""How many recently accepted tokens to remember: enough for any request still carrying one."""


class UnreadableBody(ValueError):
    """A 2xx body that decoded as JSON but is not what the endpoint promises (retried)."""


class AfterUnauthorized(Enum):
    """What a 401 means for the request it answered, and so whether retrying may help."""

    GIVE_UP = "give_up"
    """The credentials themselves were refused (a signature): retrying cannot help."""
    RETRY_ONCE = "retry_once"
    """A token LivePerson never accepted was refused: retry with a new one, but a second such
    401 means the credentials are bad."""
    RETRY_EXPIRED = "retry_expired"
    """A token LivePerson had accepted was refused: it expired; retry with its replacement
    (this says nothing against the credentials)."""


class RequestAuth(Protocol):
    """Authorizes requests for one auth method and knows what its failures mean."""

    async def prepare(self) -> None:
        """Get ready to authorize (fetch a token now, alongside other start-up requests)."""
        ...

    async def authorize(self, request: httpx.Request) -> httpx.Request:
        """The request with credentials attached (may fetch a token first)."""
        ...

    def outdated(self, request: httpx.Request) -> bool:
        """True when ``request`` carries credentials already replaced or refused (authorize it
        again before sending: it would only collect a 401)."""
        ...

    def answered(self, request: httpx.Request, status: int) -> None:
        """LivePerson answered ``request`` with ``status`` (called at once, before anything else
        is sent): a 2xx proves its credentials, a 401 retires them."""
        ...

    async def after_unauthorized(self, request: httpx.Request) -> AfterUnauthorized:
        """A 401 answered ``request``: say whether a retry with fresh credentials may help."""
        ...

    def unauthorized_message(self) -> str: ...

    def missing_permission_message(self) -> str: ...


def _oauth1_signer(keys: AppKeys) -> Any:
    """authlib's httpx OAuth 1.0 signer (HMAC-SHA1, header signature type)."""
    silence_authlib_deprecations()
    from authlib.integrations.httpx_client import OAuth1Auth
    from authlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_HEADER

    return OAuth1Auth(
        client_id=keys.consumer_key,
        client_secret=keys.consumer_secret,
        token=keys.access_token,
        token_secret=keys.access_token_secret,
        signature_method=SIGNATURE_HMAC_SHA1,
        signature_type=SIGNATURE_TYPE_HEADER,
    )


class AppKeysAuth:
    """OAuth 1.0 App Keys: sign each request; a 401 cannot be cured by retrying."""

    def __init__(self, keys: AppKeys) -> None:
        self._keys = keys
        self._signer: Any = None

    def __repr__(self) -> str:
        return f"AppKeysAuth(consumer_key={self._keys.consumer_key!r})"

    async def prepare(self) -> None:
        if self._signer is None:
            self._signer = _oauth1_signer(self._keys)

    async def authorize(self, request: httpx.Request) -> httpx.Request:
        if self._signer is None:
            self._signer = _oauth1_signer(self._keys)
        signed: httpx.Request = next(self._signer.auth_flow(request))
        return signed

    def outdated(self, request: httpx.Request) -> bool:
        return False

    def answered(self, request: httpx.Request, status: int) -> None:
        return None

    async def after_unauthorized(self, request: httpx.Request) -> AfterUnauthorized:
        return AfterUnauthorized.GIVE_UP

    def unauthorized_message(self) -> str:
        return (
            "LivePerson rejected the App Keys (HTTP 401). Check the consumer key, consumer secret, "
            "access token and token secret, and that this machine's clock is right "
            "(OAuth 1.0 signatures carry a timestamp)"
        )

    def missing_permission_message(self) -> str:
        return (
            "the App Key is valid but may not read agent status changes (HTTP 403). "
            f"Give it the permission {APP_KEY_PERMISSION} in Conversational Cloud"
        )


@dataclass(frozen=True)
class BearerToken:
    """An OAuth 2.0 access token, when it stops working and when to replace it (epoch ms)."""

    value: str = field(repr=False)
    expires_at_ms: int
    refresh_at_ms: int


TokenFetcher = Callable[[], Awaitable[BearerToken]]
"""Asks sentinel for a new token (the client supplies it: it owns discovery and retries)."""


def token_from_json(answer: object, now_ms: int) -> BearerToken:
    """Sentinel's ``{access_token, token_type, expires_in}`` -> :class:`BearerToken`."""
    if not isinstance(answer, dict):
        raise UnreadableBody("the token answer is not a JSON object")
    value = answer.get("access_token")
    if not isinstance(value, str) or not value:
        raise UnreadableBody("the token answer has no access_token")
    token_type = answer.get("token_type", "Bearer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise UnreadableBody("the token answer is not a bearer token")
    lifetime = answer.get("expires_in", DEFAULT_TOKEN_LIFETIME_S)
    try:
        lifetime_s = int(lifetime)
    except (TypeError, ValueError) as error:
        raise UnreadableBody("the token answer has an unreadable expires_in") from error
    lifetime_ms = max(0, lifetime_s) * 1000
    margin_ms = min(TOKEN_REFRESH_MARGIN_MS, lifetime_ms // 2)
    return BearerToken(value, now_ms + lifetime_ms, now_ms + lifetime_ms - margin_ms)


class ClientCredentialsAuth:
    """OAuth 2.0 client credentials: one shared bearer token, refreshed before it expires.

    Concurrent requests share one refresh (a lock). When a token expires, every request in
    flight with it gets 401 together: the first 401 drops the token, the rest find it already
    dropped or replaced, so the whole burst waits for one new token (single flight) and requests
    still queued with the old token are authorized again before they are sent. A 401 on a token
    LivePerson had accepted is an expiry; only a 401 on one it never accepted counts against the
    credentials.
    """

    def __init__(self, credentials: ClientCredentials, clock: Clock, fetch: TokenFetcher) -> None:
        self._credentials = credentials
        self._clock = clock
        self._fetch = fetch
        self._token: BearerToken | None = None
        self._lock = asyncio.Lock()
        self._accepted: deque[str] = deque(maxlen=_REMEMBERED_TOKENS)
        """``Authorization`` values of recent tokens LivePerson answered with a 2xx."""
        self.tokens_fetched = 0

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self._credentials.client_id!r})"

    def _fresh(self, token: BearerToken | None) -> bool:
        return token is not None and self._clock.now_ms() < token.refresh_at_ms

    async def token(self) -> BearerToken:
        """A token with more than the refresh margin left, fetching one when needed."""
        if self._fresh(self._token) and self._token is not None:
            return self._token
        async with self._lock:
            if not self._fresh(self._token) or self._token is None:
                self._token = await self._fetch()
                self.tokens_fetched += 1
            return self._token

    async def prepare(self) -> None:
        await self.token()

    async def authorize(self, request: httpx.Request) -> httpx.Request:
        token = await self.token()
        request.headers["Authorization"] = f"Bearer {token.value}"
        return request

    def _current_header(self) -> str | None:
        return None if self._token is None else f"Bearer {self._token.value}"

    def outdated(self, request: httpx.Request) -> bool:
        used: str | None = request.headers.get("Authorization")
        return used != self._current_header()

    def answered(self, request: httpx.Request, status: int) -> None:
        used = request.headers.get("Authorization", "")
        if 200 <= status < 300 and used and used not in self._accepted:
            self._accepted.append(used)
        elif status == 401 and used == self._current_header():
            self._token = None  # the next authorize fetches one new token for everyone

    async def after_unauthorized(self, request: httpx.Request) -> AfterUnauthorized:
        used = request.headers.get("Authorization", "")
        if used in self._accepted:
            return AfterUnauthorized.RETRY_EXPIRED
        return AfterUnauthorized.RETRY_ONCE

    def unauthorized_message(self) -> str:
        return (
            "LivePerson rejected the OAuth 2.0 token even after fetching a new one (HTTP 401). "
            "Check that the client id belongs to this account and has not been revoked"
        )

    def missing_permission_message(self) -> str:
        return (
            "the OAuth 2.0 client is valid but may not read agent status changes (HTTP 403). "
            f"Grant it the scope {OAUTH2_SCOPE}"
        )
