"""Team names from LivePerson's Agent Groups API: reading the answer, which name wins, the cache,
the sync against the in-process simulator (names, and the refusal said once), export by name."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.api.agent_groups import decode_agent_groups
from tui.api.auth import UnreadableBody
from tui.commands.group_choice import resolve_groups
from tui.core.clock import FakeClock
from tui.core.errors import InputError
from tui.core.group_names import GROUP_NAME_MAX, clean_group_name, merged_group_names
from tui.core.records import NO_GROUP, group_display_name
from tui.core.settings import Settings
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource
from tui.wiring.clients import status_changes_client

NOW_MS = 1_764_000_000_000
HOUR = 3_600_000

DOCUMENTED = [
    {"id": -1, "name": "Main Group", "parentGroupId": None, "isEnabled": True, "deleted": False},
    {"id": 12, "name": "Billing", "parentGroupId": -1, "isEnabled": True, "deleted": False},
    {"id": 34, "name": "Support EMEA", "parentGroupId": 12, "isEnabled": False, "deleted": False},
]


def body(value: object) -> bytes:
    return json.dumps(value).encode()


def test_the_documented_answer_reads_into_names() -> None:
    assert decode_agent_groups(body(DOCUMENTED)) == {
        -1: "Main Group",
        12: "Billing",
        34: "Support EMEA",
    }


def test_odd_entries_are_skipped_not_the_answer() -> None:
    entries = [
        {"id": "56", "name": "Sales"},  # id as text
        {"id": 7},  # no name
        {"id": 8, "name": "   "},  # blank name
        {"name": "no id"},
        "not an object",
        {"id": True, "name": "bool id"},
        {"id": 9, "name": 42},  # name of another type
        {"id": 10, "name": "Night\x1b[31m shift\n\tteam", "extra": [1, 2]},
    ]
    assert decode_agent_groups(body(entries)) == {56: "Sales", 10: "Night [31m shift team"}


@pytest.mark.parametrize("content", [b"{}", b'{"groups": []}', b"not json", b"null"])
def test_an_answer_that_is_not_an_array_is_unreadable(content: bytes) -> None:
    with pytest.raises(UnreadableBody):
        decode_agent_groups(content)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_reads_or_is_refused_cleanly(value: object) -> None:
    try:
        names = decode_agent_groups(body(value))
    except UnreadableBody:
        return
    for name in names.values():
        assert name and name.isprintable() and len(name) <= GROUP_NAME_MAX


def test_names_are_one_printable_line_of_bounded_length() -> None:
    assert clean_group_name("\x1b]0;pwned\x07Team\u200b A") == "]0;pwned Team A"
    assert clean_group_name("x" * 200) == "x" * (GROUP_NAME_MAX - 1) + "…"
    assert clean_group_name("\n\t") is None
    assert clean_group_name(None) is None


def test_config_wins_over_the_api_which_wins_over_group_n() -> None:
    config = {12: "Billing (config)"}
    api = {12: "Billing", 34: "Support EMEA", NO_GROUP: "Main Group"}
    names = merged_group_names(config, api)
    assert group_display_name(12, names) == "Billing (config)"
    assert group_display_name(34, names) == "Support EMEA"
    assert group_display_name(56, names) == "Group 56"
    assert group_display_name(NO_GROUP, names) == "No group"  # the root keeps its meaning
    assert group_display_name(NO_GROUP, merged_group_names({NO_GROUP: "Lobby"}, api)) == "Lobby"


def test_group_choice_takes_ids_and_names_in_any_case() -> None:
    names = {12: "Billing", 34: "Support EMEA"}
    assert resolve_groups(["support emea", "12", "BILLING", "99"], names) == [34, 12, 12, 99]
    with pytest.raises(InputError, match=r"'Sales'.*known names: Billing, Support EMEA"):
        resolve_groups(["Sales"], names)
    with pytest.raises(InputError, match="several teams"):
        resolve_groups(["billing"], {1: "Billing", 2: "billing"})
    with pytest.raises(InputError, match="no team names are known: give the group id"):
        resolve_groups(["Sales"], {})


def test_the_cache_keeps_names_across_reopen_and_replaces_them(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    clock = FakeClock(NOW_MS)
    store = ActivityStore.open(path, clock=clock)
    assert store.group_names.read() == {}
    store.group_names.replace({12: "Billing", 34: "Support"}, NOW_MS)
    store.group_names.replace({12: "Billing", 34: "Support"}, NOW_MS)  # idempotent
    store.close()
    store = ActivityStore.open(path, clock=clock)
    assert store.group_names.read() == {12: "Billing", 34: "Support"}
    store.group_names.replace({12: "Billing & Payments"}, NOW_MS + HOUR)  # 34 deleted upstream
    assert store.group_names.read() == {12: "Billing & Payments"}
    store.close()


def simulated_source(
    tmp_path: Path, *, enabled: bool = True
) -> tuple[StoredSource, SimulatedLivePerson]:
    clock = FakeClock(NOW_MS)
    service = SimulatedLivePerson(World(7), clock, group_names_enabled=enabled)
    settings = Settings()
    client = status_changes_client(
        Settings(domain_api=SIM_DOMAIN_API),
        demo_client_credentials(),
        clock=clock,
        transport=service.transport(),
        discovery_cache=None,
    )
    store = ActivityStore.open(tmp_path / "cache.sqlite3", clock=clock)
    source = StoredSource(
        store, client, clock, settings, label="demo", segments=client, groups=client
    )
    return source, service


def test_sync_fetches_the_simulated_teams_names_and_caches_them(tmp_path: Path) -> None:
    source, service = simulated_source(tmp_path)

    async def run() -> None:
        result = await source.load(NOW_MS - 6 * HOUR, NOW_MS)
        assert result.error is None and result.group_names_refused is None
        for team in service.world.teams:
            assert result.group_names[team.group_id] == team.name
        await source.load(NOW_MS - 6 * HOUR, NOW_MS)  # within the refresh interval: no request
        assert service.stats.group_requests == 1
        await source.aclose()

    asyncio.run(run())
    reopened, _ = simulated_source(tmp_path)
    cached = reopened.cached(NOW_MS - 6 * HOUR, NOW_MS)
    assert cached.group_names[service.world.teams[0].group_id] == service.world.teams[0].name
    asyncio.run(reopened.aclose())


def test_a_refusing_key_falls_back_quietly_and_asks_once(tmp_path: Path) -> None:
    source, service = simulated_source(tmp_path, enabled=False)
    clock = source.clock
    assert isinstance(clock, FakeClock)

    async def run() -> None:
        first = await source.load(NOW_MS - 6 * HOUR, NOW_MS)
        assert first.error is None and first.records
        assert first.group_names == {}
        assert first.group_names_refused is not None
        assert "403" in first.group_names_refused and "[groups]" in first.group_names_refused
        clock.advance(7 * 3600)
        again = await source.load(NOW_MS - 6 * HOUR, NOW_MS)
        assert again.group_names_refused == first.group_names_refused
        assert service.stats.group_requests == 1
        await source.aclose()

    asyncio.run(run())


def test_the_simulator_refuses_other_versions_and_methods() -> None:
    service = SimulatedLivePerson(World(7), FakeClock(NOW_MS))

    async def run() -> None:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            url = "https://sim-account-config.invalid/api/account/x/configuration/le-users/agentGroups"
            response = await http.post(url)
            assert response.status_code == 405

    asyncio.run(run())
