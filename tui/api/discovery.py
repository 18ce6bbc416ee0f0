"""Which hosts serve an account: LivePerson's Domain API, with the https/loopback rules.

``GET {domain_api}/api/account/{account}/service/{service}/baseURI.json?version=1.0`` answers
``{"baseURI": "host.name"}``. Discovered hosts are reached over https; plain http is allowed
only when the Domain API itself is on loopback (the simulator), and then every discovered host
must be on loopback too, so credentials never cross a network unencrypted.

Answers are cached per client in memory and, optionally, in a small JSON file in the user cache
dir (hosts and account ids only — nothing secret) for a day. The same file remembers, for as
long, a page size an account's server capped ``limit`` to, so the next fetch asks for it at once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from tui.api.errors import DiscoveryFailed, InsecureEndpoint
from tui.core.atomic import write_atomically
from tui.core.clock import Clock
from tui.core.files import CONFIG_LIMIT, read_text
from tui.core.paths import cache_dir
from tui.core.text import echo

DEFAULT_DOMAIN_API = "https://api.liveperson.net"
SERVICE_AGENT_ACTIVITY = "agentActivityDomain"
SERVICE_SENTINEL = "sentinel"
SERVICE_ACCOUNT_CONFIG = "accountConfigReadOnly"
"""The Domain API service of the Account Configuration APIs (Agent Groups)."""
DISCOVERY_CACHE_TTL_MS = 24 * 3_600_000
DISCOVERY_CACHE_FILE = "discovery.json"
LIVEPERSON_DOMAINS = ("liveperson.net", "liveperson.com", "lpsnmedia.net")
"""Where LivePerson's documented service hosts live; others are used, with a warning."""
PAGE_LIMIT_ENTRY = "status-changes limit"
"""The cache key's last part for an account's capped page size (beside its services)."""

_HOST_PATTERN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"|\[[0-9A-Fa-f:.]+\]"
)


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1`` (brackets allowed)."""
    bare = host.strip("[]").lower()
    if bare == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class DomainApi:
    """A checked Domain API base URL: ``scheme://host[:port]`` without a trailing slash."""

    base_url: str
    loopback: bool

    @property
    def scheme(self) -> str:
        return self.base_url.split(":", 1)[0]

    @property
    def verify_tls(self) -> bool:
        """TLS certificates are checked everywhere except on loopback (local test servers)."""
        return not self.loopback


def parse_domain_api(url: str) -> DomainApi:
    """Check a Domain API base URL; plain http is refused unless it is on loopback."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DiscoveryFailed(
            f"the Domain API address {url!r} is not an http(s) URL "
            f"(expected something like {DEFAULT_DOMAIN_API})"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise DiscoveryFailed(
            "the Domain API address must be scheme://host[:port] with no user, query or fragment"
        )
    loopback = is_loopback_host(parts.hostname)
    if parts.scheme == "http" and not loopback:
        raise InsecureEndpoint(
            f"refusing plain http to {parts.hostname}: credentials would travel unencrypted. "
            "Use https, or http only on 127.0.0.1/localhost/[::1] (the simulator)"
        )
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError as error:
        raise DiscoveryFailed(f"the Domain API address {url!r} has a bad port") from error
    path = parts.path.rstrip("/")
    return DomainApi(base_url=f"{parts.scheme}://{parts.netloc}{path}", loopback=loopback)


def service_base_url(domain_api: DomainApi, base_uri: str, service: str) -> str:
    """The base URL for a discovered ``baseURI`` (``host`` or ``host:port``), rules applied."""
    host_port = base_uri.strip()
    parts = urlsplit(f"//{host_port}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    bracketed = f"[{host}]" if ":" in host else host
    usable = (
        port != -1
        and not parts.username
        and not parts.password
        and not parts.path
        and not parts.query
        and not parts.fragment
        and _HOST_PATTERN.fullmatch(bracketed) is not None
    )
    if not usable:
        raise DiscoveryFailed(f"the Domain API named an unusable host for {service}: {base_uri!r}")
    if domain_api.loopback and not is_loopback_host(host):
        raise InsecureEndpoint(
            f"the loopback Domain API pointed {service} at {host}, which is not on loopback; "
            "refusing to send credentials there"
        )
    return f"{domain_api.scheme}://{host_port}"


@dataclass(frozen=True)
class ServiceHosts:
    """Configured base URLs (``https://host``) that replace discovery for an account.

    ``sentinel`` may be ``None`` with App Keys, which never need a token server.
    """

    agent_activity: str
    sentinel: str | None = None
    account_config: str | None = None
    """The Agent Groups host; ``None`` discovers it."""


class DiscoveryFileCache:
    """Discovered hosts in a small JSON file, each entry valid for ``ttl_ms``.

    Keys are ``domain_api account service``; values hold the host and when it was learnt. Key
    ``domain_api account status-changes limit`` holds the page size the account's server capped
    ``limit`` to. A file that cannot be read or parsed is treated as empty (it is only a cache)
    and rewritten.
    """

    def __init__(self, path: Path, clock: Clock, *, ttl_ms: int = DISCOVERY_CACHE_TTL_MS) -> None:
        self.path = path
        self._clock = clock
        self._ttl_ms = ttl_ms

    @classmethod
    def default(cls, clock: Clock) -> DiscoveryFileCache:
        """``discovery.json`` in the user cache dir."""
        return cls(cache_dir() / DISCOVERY_CACHE_FILE, clock)

    def _entries(self) -> dict[str, Any]:
        try:
            loaded = json.loads(read_text(self.path, CONFIG_LIMIT))
        except (OSError, ValueError, RecursionError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _fresh(self, key: str) -> dict[str, Any] | None:
        entry = self._entries().get(key)
        if not isinstance(entry, dict):
            return None
        saved_ms = entry.get("saved_ms")
        if not isinstance(saved_ms, int) or not 0 <= self._clock.now_ms() - saved_ms < self._ttl_ms:
            return None
        return entry

    def get(self, domain_api: str, account: str, service: str) -> str | None:
        entry = self._fresh(f"{domain_api} {account} {service}")
        host = None if entry is None else entry.get("baseURI")
        return host if isinstance(host, str) else None

    def forget(self, domain_api: str, account: str, service: str) -> None:
        """Drop one entry (a host that failed), keeping the others."""
        entries = self._entries()
        if entries.pop(f"{domain_api} {account} {service}", None) is None:
            return
        with contextlib.suppress(OSError):
            write_atomically(
                self.path,
                json.dumps(entries, indent=1, sort_keys=True),
                new_file_mode=0o644,
                durable=False,
            )

    def put(self, domain_api: str, account: str, service: str, base_uri: str) -> None:
        """Remember one answer; a cache that cannot be written is skipped silently by design."""
        self._put(f"{domain_api} {account} {service}", {"baseURI": base_uri})

    def page_limit(self, domain_api: str, account: str) -> int | None:
        """The page size the account's server capped ``limit`` to, while remembered."""
        entry = self._fresh(f"{domain_api} {account} {PAGE_LIMIT_ENTRY}")
        limit = None if entry is None else entry.get("limit")
        return limit if isinstance(limit, int) and not isinstance(limit, bool) else None

    def put_page_limit(self, domain_api: str, account: str, limit: int) -> None:
        self._put(f"{domain_api} {account} {PAGE_LIMIT_ENTRY}", {"limit": limit})

    def _put(self, key: str, entry: dict[str, Any]) -> None:
        entries = self._entries()
        entries[key] = {**entry, "saved_ms": self._clock.now_ms()}
        text = json.dumps(entries, indent=1, sort_keys=True)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text, new_file_mode=0o644, durable=False)


FetchJson = Callable[[str, str], Awaitable[object]]
"""``(url, label) -> decoded JSON``: the client's retrying GET, used for Domain API calls."""


class Discovery:
    """Resolves and remembers the service hosts of accounts on one Domain API."""

    def __init__(
        self, domain_api: DomainApi, *, file_cache: DiscoveryFileCache | None = None
    ) -> None:
        self.domain_api = domain_api
        self._file_cache = file_cache
        self._known: dict[tuple[str, str], str] = {}
        self.from_file: set[tuple[str, str]] = set()
        """(account, service) pairs whose host came from the file cache, not the Domain API."""
        self.warnings: dict[str, None] = {}
        """Hosts outside LivePerson's domains, said once each (unless the Domain API is local)."""

    def forget_cached(self) -> str | None:
        """Drop every host that came from the file cache (one failed): the next lookup asks the
        Domain API again. Returns the cache file's path when there was something to drop."""
        if not self.from_file or self._file_cache is None:
            return None
        for account, service in self.from_file:
            self._known.pop((account, service), None)
            self._file_cache.forget(self.domain_api.base_url, account, service)
        self.from_file.clear()
        self.warnings.clear()  # said again if the Domain API names such hosts itself
        return str(self._file_cache.path)

    def _note_foreign(self, host_port: str, service: str, origin: str) -> None:
        if self.domain_api.loopback or self.domain_api.base_url.endswith(".invalid"):
            return  # a local test server, or the in-process simulator (RFC 2606's .invalid)
        host = (urlsplit(f"//{host_port}").hostname or "").lower()
        if not any(host == domain or host.endswith("." + domain) for domain in LIVEPERSON_DOMAINS):
            self.warnings[
                f"{service} is served by {echo(host)}, which is not a LivePerson domain "
                f"({origin}); check the account id and domain_api"
            ] = None

    def url(self, account: str, service: str) -> str:
        return (
            f"{self.domain_api.base_url}/api/account/{quote(account, safe='')}/service/{service}"
            "/baseURI.json?version=1.0"
        )

    async def base_url(self, account: str, service: str, fetch_json: FetchJson) -> str:
        """The checked base URL of ``service`` for ``account`` (memory, file, then network)."""
        key = (account, service)
        base_uri = self._known.get(key)
        if base_uri is None and self._file_cache is not None:
            base_uri = self._file_cache.get(self.domain_api.base_url, account, service)
        if base_uri is None:
            answer = await fetch_json(self.url(account, service), f"domain discovery ({service})")
            base_uri = answer.get("baseURI") if isinstance(answer, dict) else None
            if not isinstance(base_uri, str) or not base_uri.strip():
                raise DiscoveryFailed(
                    f"the Domain API gave no baseURI for {service} of account {account}; "
                    "check the account id"
                )
            checked = service_base_url(self.domain_api, base_uri, service)
            self._note_foreign(base_uri, service, f"named by {self.domain_api.base_url}")
            if self._file_cache is not None:
                self._file_cache.put(self.domain_api.base_url, account, service, base_uri)
            self._known[key] = base_uri
            return checked
        if key not in self._known and self._file_cache is not None:
            self.from_file.add(key)
            self._note_foreign(base_uri, service, f"remembered in {self._file_cache.path}")
        self._known[key] = base_uri
        return service_base_url(self.domain_api, base_uri, service)
