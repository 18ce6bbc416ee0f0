"""Functional tests of the monitor: navigation, filters, drill-down, days, failures, pause."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.widgets import ContentSwitcher, DataTable, Input

from tests.ui.conftest import AppFactory, show_pane_filled
from tests.ui.fakes import NOW_MS, FlakySource, FrozenClock, WorldSource
from tui.core.source_contract import LoadFailure, LoadResult, ProgressCallback, SyncProgress
from tui.ui.app import AgentActivityApp
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.agents import AgentsPane
from tui.ui.panes.catalogue import PANE_IDS
from tui.ui.panes.events import EventsPane
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.too_small import TooSmallScreen
from tui.ui.widgets.header import FreshnessHeader


def current(app: AgentActivityApp) -> str | None:
    return app.query_one("#panes", ContentSwitcher).current


def header_text(app: AgentActivityApp) -> str:
    header = app.query_one(FreshnessHeader)
    return "\n".join(str(static.render()) for static in header.query("Static") if static.display)


async def test_first_load_fills_every_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.view is not None
        assert app.monitor.view.day == date(2026, 11, 24)
        teams = app.query_one("#teams-table", DataTable)
        assert teams.row_count == len(app.monitor.view.report.groups) + 1 > 1  # + totals
        await show_pane_filled(app, pilot, AgentsPane.pane_id)  # hidden tables fill when shown
        agents = app.query_one("#agents-table", DataTable)
        assert agents.row_count == len(app.monitor.view.report.agents)
        await show_pane_filled(app, pilot, EventsPane.pane_id)  # a hidden pane catches up
        assert app.query_one(EventsPane).event_log.row_count == app.monitor.view.window_records
        text = header_text(app)
        assert "not for real-time decisions" in text
        assert "data complete to 14:42" in text
        assert "fetched 15:42 (just now)" in text
        assert "next refresh 15:47" in text


async def test_number_keys_and_tab_switch_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        for number, pane_id in enumerate(PANE_IDS, start=1):
            await pilot.press(str(number))
            assert current(app) == pane_id
        await pilot.press("tab")
        assert current(app) == PANE_IDS[0]
        await pilot.press("shift+tab")
        assert current(app) == PANE_IDS[-1]


async def test_team_enter_opens_its_agents_then_agent_enter_drills_down(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.view is not None
        teams = app.query_one("#teams-table", DataTable)
        teams.focus()
        first_team_key = teams.coordinate_to_cell_key(teams.cursor_coordinate).row_key.value
        assert first_team_key is not None
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "agents"
        agents_pane = app.query_one(AgentsPane)
        assert agents_pane.group_filter == int(first_team_key)
        visible = agents_pane.visible_agents()
        assert visible
        assert {a.agent.group_id for a in visible} == {int(first_team_key)}
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) == "agent"
        assert app.query_one(AgentPane).agent_id == visible[0].agent.agent_id


async def test_filter_matches_names_and_inverts(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("2")
        pane = app.query_one(AgentsPane)
        everyone = len(pane.visible_agents())
        name = pane.visible_agents()[0].agent.display_name
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*name)
        await pilot.press("enter")
        await pilot.pause()
        matching = pane.visible_agents()
        assert 1 <= len(matching) < everyone
        assert all(name.lower() in a.agent.display_name.lower() for a in matching)
        app.query_one("#agents-filter Input", Input).value = f"!{name}"
        await pilot.pause()
        assert len(pane.visible_agents()) == everyone - len(matching)


async def test_sort_key_cycles_and_reverses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("2")
        pane = app.query_one(AgentsPane)
        await pilot.press(*"ssss")  # name -> team -> at end -> first login -> away
        assert pane.sort_column == "away"
        away = [a.totals.away_ms for a in pane.visible_agents()]
        assert away == sorted(away)
        await pilot.press("S")
        away = [a.totals.away_ms for a in pane.visible_agents()]
        assert away == sorted(away, reverse=True)


async def test_day_stepping_loads_the_other_day(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("left_square_bracket")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        assert app.monitor.day == date(2026, 11, 23)
        assert app.monitor.view is not None and app.monitor.view.day == date(2026, 11, 23)
        assert app.monitor.view.report.complete_to_ms == app.monitor.view.report.window.end_ms
        await pilot.press("right_square_bracket")
        await app.monitor.wait_for_sync(2)
        assert app.monitor.day == date(2026, 11, 24)
        await pilot.press("right_square_bracket")  # tomorrow has not happened
        await pilot.pause()
        assert app.monitor.day == date(2026, 11, 24)


async def test_failed_refresh_keeps_the_last_data_and_shows_the_error(
    make_app: AppFactory,
) -> None:
    source = FlakySource(FrozenClock(NOW_MS))
    app = make_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        good = app.monitor.view
        assert good is not None
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        assert source.loads == 2
        assert app.monitor.view is not None
        assert app.monitor.view.report.agents == good.report.agents
        await show_pane_filled(app, pilot, AgentsPane.pane_id)
        assert app.query_one("#agents-table", DataTable).row_count == len(good.report.agents)
        text = header_text(app)
        assert "STALE" in text
        assert "Service unavailable: LivePerson answered 503 three times" in text


async def test_failure_before_any_data_explains_the_empty_panes(make_app: AppFactory) -> None:
    clock = FrozenClock(NOW_MS)
    source = WorldSource(clock, fail_with=LoadFailure("Network", "no route to host", NOW_MS))
    app = make_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.view is None
        assert "STALE" in header_text(app)
        assert "no route to host" in header_text(app)


async def test_pause_stops_auto_refresh_and_resume_fetches(make_app: AppFactory) -> None:
    app = make_app()
    source = app.monitor.sync_loop._source
    assert isinstance(source, WorldSource)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("p")
        await pilot.pause()
        assert app.monitor.paused
        assert "refresh paused" in header_text(app)
        assert not app.workers._workers or all(
            w.is_finished for w in app.workers if w.group == "sync"
        )
        await pilot.press("p")
        await app.monitor.wait_for_sync(1)
        # a fresh name: mypy would carry the narrowing of app.monitor.paused across the awaits
        resumed = app.monitor
        assert not resumed.paused
        assert source.loads == 2
        assert "next refresh" in header_text(app)


async def test_help_lists_bindings_and_closes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "app.refresh" in text and "agents.sort" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_settings_remaps_a_binding(make_app: AppFactory) -> None:
    from tests.ui.fakes import demo_settings

    app = make_app(settings=demo_settings(keymap={"app.pane.events": "e,x"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert current(app) == "events"


async def test_date_picker_validates_and_opens_the_day(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("g")
        field = app.screen.query_one("#date-input", Input)
        field.value = "2026-13-01"
        await pilot.press("enter")
        assert "YYYY-MM-DD" in str(app.screen.query_one("#date-error").render())
        field.value = "2026-11-20"
        await pilot.press("enter")
        await app.monitor.wait_for_sync(1)
        assert app.monitor.day == date(2026, 11, 20)


async def test_too_small_terminal_shows_the_overlay_and_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_zone_cycles_and_reloads(make_app: AppFactory) -> None:
    from tests.ui.fakes import demo_settings

    app = make_app(settings=demo_settings(timezone="America/New_York"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        assert app.monitor.timezone == "America/New_York"
        await pilot.press("z")
        await app.monitor.wait_for_sync(1)
        assert app.monitor.timezone == "UTC"
        assert app.monitor.view is not None and app.monitor.view.timezone == "UTC"


async def test_events_filter_and_follow(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("5")
        pane = app.query_one(EventsPane)
        total = pane.event_log.row_count
        await pilot.press("slash", *"login", "enter")
        await pilot.pause()
        assert 0 < pane.event_log.row_count < total
        await pilot.press("f")
        await pilot.pause()
        assert pane.event_log.follow


async def test_export_writes_csv_and_json_of_the_filtered_agents(make_app: AppFactory) -> None:
    import json

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("2", "slash", *"Billing", "enter", "e")
        for _ in range(100):  # the files are written by a thread worker
            await pilot.pause()
            if app.monitor.last_export:
                break
        csv_path, json_path = app.monitor.last_export
        shown = app.query_one(AgentsPane).visible_agents()
        exported = json.loads(json_path.read_text())
        assert {a["agent_id"] for a in exported["agents"]} == {a.agent.agent_id for a in shown}
        assert csv_path.read_text().count("\n") >= len(shown)
        assert "exports" in str(csv_path.parent)


async def test_clicking_a_tab_in_the_header_switches_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.click("#header-tabs", offset=(12, 0))  # "2 Agents"
        await pilot.pause()
        assert current(app) == "agents"


async def test_palette_offers_namespaced_commands_that_fit_the_moment(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        before = [command.title for command in app.get_system_commands(app.screen)]
        assert not any(title.startswith(("team:", "agent:", "export:")) for title in before)
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "view: Teams" not in titles and "view: Agents" in titles
        assert "team: Billing" in titles
        assert any(title.startswith("agent: ") for title in titles)
        assert "theme: agent-activity-light" in titles
        assert all(":" in title for title in titles)


class GatedSource(WorldSource):
    """Reports progress, then waits for the test to open the gate before answering."""

    def __init__(self, clock: FrozenClock) -> None:
        super().__init__(clock)
        self.gate = asyncio.Event()

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        if progress is not None:
            progress(SyncProgress(pages_done=3, pages_total=4, records_stored=300))
        await self.gate.wait()
        return await super().load(start_ms, end_ms)


async def test_progress_bar_shows_while_fetching(make_app: AppFactory) -> None:
    from textual.widgets import ProgressBar

    source = GatedSource(FrozenClock(NOW_MS))
    app = make_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.monitor.progress is not None:
                break
        bar = app.query_one("#header-progress", ProgressBar)
        assert bar.display and bar.percentage == 0.75
        assert "refreshing now" in header_text(app)
        await pilot.press("r")  # already fetching: no second fetch
        source.gate.set()
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        # a fresh name: mypy would carry the narrowing of bar.display across the awaits
        bar_after = bar
        assert not bar_after.display
        assert source.loads == 1
