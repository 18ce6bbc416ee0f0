"""The one place an HTTP client for LivePerson is constructed (the API client and the doctor).

The rules every request shares: TLS verified except on loopback, no redirects, and the
environment's proxies (``HTTPS_PROXY``...) honoured only off loopback — a local test server is
never reached through a proxy, and a plain-http request never leaves the machine through one.
A bad ``SSL_CERT_FILE`` or similar is raised as :class:`~tui.api.errors.ApiError`.
"""

from __future__ import annotations

import importlib
from contextlib import suppress

import httpx

import tui
from tui.api.discovery import DomainApi
from tui.api.errors import ApiError

CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 30.0
USER_AGENT = f"agent-activity-tui/{tui.__version__} httpx/{httpx.__version__}"


TRANSPORT_MODULES = ("anyio._backends._asyncio",)
"""What httpx's async transport imports on its first request (anyio's asyncio backend, httpx's
own dependency, some 20-30 ms of imports)."""


def import_transport() -> None:
    """Import :data:`TRANSPORT_MODULES` now, in the calling thread: the monitor builds its
    client in a worker thread, and the first request would otherwise import them on the UI's
    event loop."""
    for name in TRANSPORT_MODULES:
        with suppress(ImportError):  # another httpx backend imports what it needs itself
            importlib.import_module(name)


def http_client(
    domain: DomainApi,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    read_timeout_s: float = READ_TIMEOUT_S,
    pool: int | None = None,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for ``domain`` and the hosts it names."""
    limits = (
        httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
        if pool is not None
        else httpx.Limits()
    )
    import_transport()
    try:
        return httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(read_timeout_s, connect=CONNECT_TIMEOUT_S),
            limits=limits,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            verify=domain.verify_tls,
            follow_redirects=False,
            trust_env=transport is None and not domain.loopback,
        )
    except OSError as error:  # ssl.SSLError, a missing SSL_CERT_FILE ...
        raise ApiError(
            f"cannot set up TLS ({type(error).__name__}: {error}); check SSL_CERT_FILE / "
            "SSL_CERT_DIR"
        ) from None
