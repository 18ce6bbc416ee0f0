"""Team names end to end: the monitor and ``export`` on the simulated account (in-process),
with names from the Agent Groups API only (no ``[groups]``), and with the API refusing the key."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.widgets import DataTable

from tests.ui.fakes import NOW_MS, FrozenClock
from tui.api.client import StatusChangesClient
from tui.cli import main
from tui.core.clock import Clock, SystemClock
from tui.core.settings import Settings
from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource
from tui.ui.app import AgentActivityApp

TEAMS = World().teams


def simulated(clock: Clock, settings: Settings, *, names_allowed: bool) -> StoredSource:
    service = SimulatedLivePerson(World(), clock, group_names_enabled=names_allowed)
    client = StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=clock,
    )
    store = ActivityStore.in_memory(clock=clock)
    return StoredSource(store, client, clock, settings, label="demo", groups=client)


async def run_monitor(
    monkeypatch: pytest.MonkeyPatch, *, names_allowed: bool, settings: Settings
) -> tuple[list[str], list[str]]:
    """The team names the Teams pane shows after two syncs, and every notice toasted."""
    clock = FrozenClock(NOW_MS)
    app = AgentActivityApp(
        simulated(clock, settings, names_allowed=names_allowed), settings, clock=clock
    )
    shown: list[str] = []
    original_notify = app.notify

    def recording_notify(message: str, **options: Any) -> None:
        if "[groups]" in message:
            assert options.get("markup") is False  # else the snippet's "[groups]" vanishes
        shown.append(message)
        original_notify(message, **options)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        assert app.monitor.failure is None
        view = app.monitor.view
        assert view is not None
        teams = app.query_one("#teams-table", DataTable)
        assert teams.row_count >= len(TEAMS)
        names = [group.name for group in view.report.groups]
    return names, shown


async def test_the_monitor_shows_the_api_names(monkeypatch: pytest.MonkeyPatch) -> None:
    names, shown = await run_monitor(
        monkeypatch, names_allowed=True, settings=Settings(timezone="UTC")
    )
    assert set(names) >= {team.name for team in TEAMS}
    assert not any("Agent Groups" in message for message in shown)


async def test_a_refused_key_says_once_how_to_name_teams(monkeypatch: pytest.MonkeyPatch) -> None:
    first = TEAMS[0]
    settings = Settings(timezone="UTC", group_names={first.group_id: "Configured"})
    names, shown = await run_monitor(monkeypatch, names_allowed=False, settings=settings)
    assert "Configured" in names
    assert f"Group {TEAMS[1].group_id}" in names  # neither the config nor the API names it
    said = [message for message in shown if "Agent Groups API" in message]
    assert len(said) == 1 and "[groups]" in said[0]


@pytest.fixture
def api_named_demo(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """``export --demo`` with names from the Agent Groups API only; ``[False]`` refuses it."""
    import tui.wiring.sources as sources

    allowed = [True]

    def demo_source(*, settings: Settings | None = None, **_: object) -> StoredSource:
        return simulated(SystemClock(), settings or Settings(), names_allowed=allowed[0])

    monkeypatch.setattr(sources, "demo_source", demo_source)
    monkeypatch.setattr(sources, "demo_settings", lambda settings, seed=None: settings)
    return allowed


def export(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    status = main(["export", "--demo", "--tz", "UTC", "--date", yesterday, *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_export_group_by_name_in_any_case(
    api_named_demo: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    team = TEAMS[1]
    status, out, err = export(["--group", team.name.upper()], capsys)
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert [group["name"] for group in document["groups"]] == [team.name]
    assert {agent["group_id"] for agent in document["agents"]} == {team.group_id}


def test_export_unknown_group_name_lists_the_known_ones(
    api_named_demo: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = export(["--group", "No Such Team"], capsys)
    assert status == 2 and out == ""
    assert "'No Such Team'" in err and all(team.name in err for team in TEAMS)
    assert "Traceback" not in err


def test_export_with_a_refused_key_warns_once_and_still_exports(
    api_named_demo: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    api_named_demo[0] = False
    status, out, err = export([], capsys)
    assert status == 0 and json.loads(out)["agents"]
    assert err.count("Agent Groups API answered HTTP 403") == 1
    assert "[groups]" in err
