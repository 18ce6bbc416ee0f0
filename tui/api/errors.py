"""What can go wrong talking to the Agent Activity API, as errors a team lead can act on.

Every class has a short ``title`` (the banner/CLI prefix) and a message that says what happened
and what to do. Messages never contain credentials or tokens: callers build them from status
codes, server ``causes`` and names only.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from tui.core.errors import AgentActivityError, InputError

APP_KEY_PERMISSION = "Data → Workforce Management → Agent Status Changes"
"""The App Key permission the status-changes endpoint needs (OAuth 1.0)."""

OAUTH2_SCOPE = "wfm.agent.activity.read.external"
"""The OAuth 2.0 scope the status-changes endpoint needs (client credentials)."""

TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
)
"""httpx failures that can still escape a fetch as themselves (the retry policy turns timeouts
and connection failures into :class:`NetworkUnreachable`); a source reports them as a network
failure."""


class ApiError(AgentActivityError):
    """Base for every failure of a call to LivePerson (or the simulator)."""

    title = "API error"


class BadCredentials(ApiError):
    """401 that a fresh token did not cure, or sentinel refused the client id/secret."""

    title = "Bad credentials"


class MissingPermission(ApiError):
    """403: the credentials are valid but lack the Agent Status Changes permission/scope."""

    title = "Missing permission"


class Throttled(ApiError):
    """429 kept coming back after waiting and lowering the request rate."""

    title = "Throttled"


class ServerUnavailable(ApiError):
    """5xx after the documented retries (5 s, 10 s, 15 s)."""

    title = "Server unavailable"


class NetworkUnreachable(ApiError):
    """Timeouts or connection failures after the same retries as a 5xx."""

    title = "Network unreachable"


class MalformedResponse(ApiError):
    """The server kept answering with something that is not a readable API response."""

    title = "Malformed response"


class DiscoveryFailed(ApiError):
    """The Domain API did not name a usable host for a service."""

    title = "Domain discovery failed"


class InsecureEndpoint(ApiError):
    """An address we refuse to send credentials to (plain http off loopback)."""

    title = "Insecure address"


class BadRequest(ApiError):
    """A 4xx that retrying would not fix; ``causes`` are the server's own explanations."""

    title = "Bad request"

    def __init__(
        self, message: str, *, causes: Sequence[str] = (), title: str | None = None
    ) -> None:
        self.causes: tuple[str, ...] = tuple(causes)
        if self.causes:
            message = f"{message}: {'; '.join(self.causes)}"
        super().__init__(message, title=title)


class InvalidQuery(BadRequest, InputError):
    """The request parameters break a documented rule; found before anything was sent."""

    title = "Invalid request"
