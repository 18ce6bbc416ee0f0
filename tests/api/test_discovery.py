"""Domain discovery: the https/loopback rules, per-client and file caching, configured hosts."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.api.fake_liveperson import (
    AA_HOST,
    ACCOUNT,
    CLIENT_SECRET,
    T0,
    FakeLivePerson,
    app_keys,
    client_credentials,
    json_response,
    make_record,
)
from tui.api.client import StatusChangesClient
from tui.api.discovery import (
    DiscoveryFileCache,
    ServiceHosts,
    is_loopback_host,
    parse_domain_api,
    service_base_url,
)
from tui.api.errors import DiscoveryFailed, InsecureEndpoint, ServerUnavailable
from tui.core.clock import FakeClock

DAY_MS = 86_400_000


@pytest.mark.parametrize(
    ("url", "base", "loopback"),
    [
        ("https://api.liveperson.net", "https://api.liveperson.net", False),
        ("https://api.liveperson.net/", "https://api.liveperson.net", False),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765", True),
        ("http://localhost:8765/", "http://localhost:8765", True),
        ("http://[::1]:8765", "http://[::1]:8765", True),
        ("https://127.0.0.1:9443", "https://127.0.0.1:9443", True),
    ],
)
def test_domain_api_addresses_that_are_allowed(url: str, base: str, loopback: bool) -> None:
    domain_api = parse_domain_api(url)
    assert domain_api.base_url == base
    assert domain_api.loopback is loopback
    assert domain_api.verify_tls is not loopback


@pytest.mark.parametrize(
    "url", ["http://api.liveperson.net", "http://10.0.0.5:8765", "http://127.0.0.1.evil.com"]
)
def test_plain_http_off_loopback_is_refused(url: str) -> None:
    with pytest.raises(InsecureEndpoint, match="refusing plain http") as raised:
        parse_domain_api(url)
    assert raised.value.title == "Insecure address"


@pytest.mark.parametrize("url", ["ftp://api.liveperson.net", "api.liveperson.net", "https://"])
def test_unusable_domain_api_addresses_are_refused(url: str) -> None:
    with pytest.raises(DiscoveryFailed):
        parse_domain_api(url)


def test_client_refuses_plain_http_before_sending_anything() -> None:
    service = FakeLivePerson()
    with pytest.raises(InsecureEndpoint):
        StatusChangesClient(
            client_credentials(), domain_api="http://api.example.com", transport=service.transport()
        )
    assert service.requests == []


def test_the_client_reads_no_environment_variable_for_the_domain_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The override is read once, into the settings (``load_settings``); the client takes its
    argument or LivePerson's public Domain API."""
    monkeypatch.setenv("AGENT_ACTIVITY_DOMAIN_API", "http://api.example.com")
    # Reading it would raise InsecureEndpoint (plain http off loopback) right here.
    client = StatusChangesClient(client_credentials(), transport=FakeLivePerson().transport())
    assert client.account_id == client_credentials().account_id


def test_loopback_hosts() -> None:
    assert all(is_loopback_host(h) for h in ("localhost", "127.0.0.1", "127.9.0.1", "[::1]"))
    assert not any(is_loopback_host(h) for h in ("10.0.0.1", "example.com", "localhost.evil"))


def test_discovered_hosts_follow_the_domain_api_scheme_and_stay_on_loopback() -> None:
    remote = parse_domain_api("https://api.liveperson.net")
    local = parse_domain_api("http://127.0.0.1:8765")
    assert service_base_url(remote, "va.a.liveperson.net", "x") == "https://va.a.liveperson.net"
    assert service_base_url(local, "127.0.0.1:8766", "x") == "http://127.0.0.1:8766"
    with pytest.raises(InsecureEndpoint, match="not on loopback"):
        service_base_url(local, "va.a.liveperson.net", "x")
    for bad in ("host/path", "user@host", "host:99999", "exa mple.com", "host?x=1"):
        with pytest.raises(DiscoveryFailed):
            service_base_url(remote, bad, "x")


async def test_discovery_asks_the_domain_api_once_per_service_per_client() -> None:
    service = FakeLivePerson([make_record(i) for i in range(5)])
    clock = FakeClock(T0 + DAY_MS)
    async with StatusChangesClient(
        client_credentials(), transport=service.transport(), clock=clock
    ) as client:
        await client.fetch(T0, T0 + DAY_MS)
        await client.fetch(T0, T0 + DAY_MS)
    discovery = [r for r in service.requests if r.url.path.endswith("/baseURI.json")]
    assert sorted(str(r.url) for r in discovery) == [
        f"https://api.liveperson.net/api/account/{ACCOUNT}/service/agentActivityDomain/baseURI.json?version=1.0",
        f"https://api.liveperson.net/api/account/{ACCOUNT}/service/sentinel/baseURI.json?version=1.0",
    ]
    assert {r.url.host for r in service.status_requests()} == {AA_HOST}
    assert all(r.url.scheme == "https" for r in service.status_requests())


async def test_app_keys_never_discover_sentinel() -> None:
    service = FakeLivePerson([make_record(0)])
    async with StatusChangesClient(
        app_keys(), transport=service.transport(), clock=FakeClock(T0 + DAY_MS)
    ) as client:
        await client.fetch(T0, T0 + DAY_MS)
    assert not any("sentinel" in r.url.path for r in service.requests)


async def test_configured_hosts_replace_discovery() -> None:
    service = FakeLivePerson([make_record(0)])
    hosts = ServiceHosts(agent_activity="https://aa.example.net", sentinel="https://s.example.net")
    async with StatusChangesClient(
        client_credentials(),
        transport=service.transport(),
        clock=FakeClock(T0 + DAY_MS),
        hosts=hosts,
    ) as client:
        await client.fetch(T0, T0 + DAY_MS)
    assert not any(r.url.path.endswith("/baseURI.json") for r in service.requests)
    assert {r.url.host for r in service.requests} == {"aa.example.net", "s.example.net"}


async def test_discovery_answer_without_base_uri_is_a_clear_error() -> None:
    service = FakeLivePerson()

    async def no_base_uri(request):  # type: ignore[no-untyped-def]
        return json_response(200, {"service": "agentActivityDomain"})

    async with StatusChangesClient(
        client_credentials(),
        transport=httpx.MockTransport(no_base_uri),
        clock=FakeClock(T0 + DAY_MS),
    ) as client:
        with pytest.raises(DiscoveryFailed, match="check the account id"):
            await client.fetch(T0, T0 + DAY_MS)
    assert service.requests == []


async def test_discovery_retries_5xx_like_any_call() -> None:
    calls: list[str] = []

    async def down(request):  # type: ignore[no-untyped-def]
        calls.append(str(request.url))
        return json_response(503, {})

    clock = FakeClock(T0 + DAY_MS)
    async with StatusChangesClient(
        client_credentials(),
        transport=httpx.MockTransport(down),
        clock=clock,
    ) as client:
        with pytest.raises(ServerUnavailable, match="domain discovery"):
            await client.fetch(T0, T0 + DAY_MS)
    # agentActivityDomain and sentinel are discovered side by side, each retried 5, 10, 15 s
    assert sorted(clock.sleeps)[:3] == [5.0, 5.0, 10.0]
    assert set(clock.sleeps) == {5.0, 10.0, 15.0}
    assert 4 <= len(calls) <= 8


async def test_file_cache_spares_discovery_for_a_day_and_holds_no_secrets(tmp_path: Path) -> None:
    clock = FakeClock(T0 + DAY_MS)
    cache_file = tmp_path / "cache" / "discovery.json"

    async def fetch_with_new_client(service: FakeLivePerson) -> None:
        async with StatusChangesClient(
            client_credentials(),
            transport=service.transport(),
            clock=clock,
            discovery_cache=DiscoveryFileCache(cache_file, clock),
        ) as client:
            await client.fetch(T0, T0 + DAY_MS)

    first, second, third = FakeLivePerson(), FakeLivePerson(), FakeLivePerson()
    await fetch_with_new_client(first)
    await fetch_with_new_client(second)
    clock.advance(25 * 3600)
    await fetch_with_new_client(third)

    def discoveries(service: FakeLivePerson) -> int:
        return sum(r.url.path.endswith("/baseURI.json") for r in service.requests)

    assert (discoveries(first), discoveries(second), discoveries(third)) == (2, 0, 2)
    text = cache_file.read_text()
    assert CLIENT_SECRET not in text and "token-1" not in text
    assert AA_HOST in text
    assert json.loads(text)


def test_unreadable_cache_file_is_treated_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "discovery.json"
    path.write_text("{not json")
    cache = DiscoveryFileCache(path, FakeClock(T0))
    assert cache.get("https://api.liveperson.net", ACCOUNT, "sentinel") is None
    cache.put("https://api.liveperson.net", ACCOUNT, "sentinel", "s.example.net")
    assert cache.get("https://api.liveperson.net", ACCOUNT, "sentinel") == "s.example.net"


def test_default_cache_file_lives_in_the_user_cache_dir(isolated_environment: Path) -> None:
    cache = DiscoveryFileCache.default(FakeClock(T0))
    assert cache.path.is_relative_to(isolated_environment)
    assert cache.path.name == "discovery.json"


async def test_the_file_cache_is_on_by_default_only_for_the_real_network() -> None:
    real = StatusChangesClient(client_credentials())
    local = StatusChangesClient(client_credentials(), domain_api="http://127.0.0.1:9")
    injected = StatusChangesClient(client_credentials(), transport=FakeLivePerson().transport())
    assert real._discovery._file_cache is not None
    assert local._discovery._file_cache is None
    assert injected._discovery._file_cache is None
    for client in (real, local, injected):
        await client.aclose()
