"""The five-minute review: exceptions in one key, esc goes back, no focus traps, full help."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import events
from textual.widgets import DataTable, Input

from tests.ui.conftest import AppFactory
from tui.analysis.review import ExceptionKind
from tui.analysis.schedule import parse_schedule
from tui.ui.app import AgentActivityApp
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.agents import AgentsPane
from tui.ui.panes.exceptions import ExceptionsPane
from tui.ui.panes.teams import TeamsPane
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline


async def _loaded(app: AgentActivityApp) -> None:
    await app.monitor.wait_for_sync(0)


async def test_a_late_login_is_found_in_two_keys_and_enter_opens_the_agent_there(
    make_app: AppFactory,
) -> None:
    # Learn who logs in when on the frozen demo day, then plan one of them 25 min earlier.
    probe = make_app()
    async with probe.run_test(size=(120, 40)) as pilot:
        await _loaded(probe)
        await pilot.pause()
        view = probe.monitor.view
        assert view is not None
        late = next(a for a in view.report.agents if a.first_login_ms is not None)
    assert late.first_login_ms is not None
    first_login = datetime.fromtimestamp(late.first_login_ms / 1000, UTC)
    start_minute = first_login.hour * 60 + first_login.minute - 25
    plan = (
        "agent_id,date,start,end\n"
        f"{late.agent.agent_id},{first_login.date().isoformat()},"
        f"{start_minute // 60:02d}:{start_minute % 60:02d},23:59\n"
    )
    app = make_app(schedule=parse_schedule(plan, "plan.csv"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        await pilot.press("6", "slash", *"late", "enter")  # 6 shows it; the filter is optional
        await pilot.pause()
        pane = app.query_one(ExceptionsPane)
        rows = pane.visible_exceptions()
        assert [(row.kind, row.agent_id) for row in rows] == [
            (ExceptionKind.LATE_LOGIN, late.agent.agent_id)
        ]
        assert "25 min after" in rows[0].detail
        await pilot.press("enter")
        await pilot.pause()
        assert app.monitor.current_pane_id == AgentPane.pane_id
        assert app.query_one(AgentPane).agent_id == late.agent.agent_id
        bar = app.query_one("#agent-timeline", AgentTimeline)
        assert bar.zoom == 0
        view_now = bar.view
        assert view_now is not None
        assert view_now.column_at(late.first_login_ms) == bar.cursor_column
        await pilot.press("escape")  # back to the exceptions, filter still set
        await pilot.pause()
        assert app.monitor.current_pane_id == ExceptionsPane.pane_id
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(pane.visible_exceptions()) > 1
        await pilot.press("escape")  # up to Teams
        await pilot.pause()
        assert app.monitor.current_pane_id == TeamsPane.pane_id


async def test_returning_to_a_filtered_pane_focuses_its_list_not_the_filter(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        await pilot.press("2", "slash", *"a", "enter", "1", "2")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        agents = app.query_one(AgentsPane)
        shown = len(agents.visible_agents())
        await pilot.press("j")  # moves the cursor: it does not type into the filter
        await pilot.pause()
        assert app.query_one("#agents-filter Input", Input).value == "a"
        assert len(agents.visible_agents()) == shown
        await pilot.press("escape")  # esc clears the filter first
        await pilot.pause()
        assert app.query_one("#agents-filter Input", Input).value == ""
        assert app.monitor.current_pane_id == AgentsPane.pane_id
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None


async def test_agent_to_agents_to_teams_with_esc(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        await pilot.press("enter")  # Teams -> the team's agents
        await pilot.pause()
        agents = app.query_one(AgentsPane)
        assert agents.group_filter is not None
        await pilot.press("enter")  # -> the agent
        await pilot.pause()
        assert app.monitor.current_pane_id == AgentPane.pane_id
        await pilot.press("escape")
        await pilot.pause()
        assert app.monitor.current_pane_id == AgentsPane.pane_id
        assert agents.group_filter is not None
        await pilot.press("escape")
        await pilot.pause()
        assert app.monitor.current_pane_id == TeamsPane.pane_id
        assert agents.group_filter is None


async def test_help_lists_every_pane_key_and_closes_on_q(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen  # narrowed as a local, so app.screen is free to change below
        assert isinstance(help_screen, HelpScreen)
        text = str(help_screen.query_one("#help-text").render())
        for binding_id in (
            "app.pane.exceptions",
            "app.back",
            "timeline.zoom_in",
            "timeline.pan_left",
            "agent.scroll_down",
            "exceptions.filter",
        ):
            assert f"({binding_id})" in text
        assert "Agent pane" in text and "Exceptions pane" in text
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_pause_key_reads_resume_while_paused(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.monitor.paused
        shown = {b.binding.description for b in app.active_bindings.values() if b.enabled}
        assert "Resume" in shown and "Pause" not in shown
        await pilot.press("p")
        await pilot.pause()
        assert not app.monitor.paused


async def test_events_follow_the_team_and_e_exports_the_rows_shown(make_app: AppFactory) -> None:
    import json

    from tui.ui.panes.events import EventsPane

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        await pilot.press("enter", "5", "slash", *"Lunch", "enter")  # a team, then its lunches
        await pilot.pause()
        pane = app.query_one(EventsPane)
        shown = pane.visible_events()
        group_id = app.query_one(AgentsPane).group_filter
        assert shown and all(record.group_id == group_id for record in shown)
        assert all(record.reason == "Lunch" for record in shown)
        await pilot.press("e")
        for _ in range(100):  # the files are written by a thread worker
            await pilot.pause()
            if app.monitor.last_export:
                break
        csv_path, json_path = app.monitor.last_export
        assert "-events-" in csv_path.name
        document = json.loads(json_path.read_text(encoding="utf-8"))
        assert [row["agent_id"] for row in document["events"]] == [r.agent_id for r in shown]
        assert len(csv_path.read_text(encoding="utf-8").splitlines()) == len(shown) + 1


async def test_e_on_exceptions_exports_its_rows(make_app: AppFactory) -> None:
    import json

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        await pilot.press("6", "e")
        for _ in range(100):  # the files are written by a thread worker
            await pilot.pause()
            if app.monitor.last_export:
                break
        rows = app.query_one(ExceptionsPane).visible_exceptions()
        _csv_path, json_path = app.monitor.last_export
        document = json.loads(json_path.read_text(encoding="utf-8"))
        assert [(r["kind"], r["agent_id"]) for r in document["exceptions"]] == [
            (row.kind.value, row.agent_id) for row in rows
        ]


async def test_keys_typed_ahead_after_a_pane_key_reach_the_new_pane(make_app: AppFactory) -> None:
    """Over SSH keys arrive in bursts: ``2 ↓ ⏎`` in one read must move in Agents and open the
    second agent, not move the Teams cursor and open a team."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        for key, character in (("2", "2"), ("down", None), ("enter", "\r")):
            app.post_message(events.Key(key, character))  # one burst: no pause in between
        await pilot.pause()
        await pilot.pause()
        second = app.query_one(AgentsPane).visible_agents()[1]
        assert app.monitor.current_pane_id == AgentPane.pane_id
        assert app.query_one(AgentPane).agent_id == second.agent.agent_id
