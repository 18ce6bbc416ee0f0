"""Choosing a team in the Teams pane filters both the Agents and the Timeline pane."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.ui.conftest import AppFactory
from tui.ui.app import AgentActivityApp
from tui.ui.panes.agents import AgentsPane
from tui.ui.panes.timeline import TimelinePane


def timeline_status(app: AgentActivityApp) -> str:
    return str(app.query_one("#timeline-status", Static).render())


async def test_team_enter_makes_the_timeline_follow_the_team_and_esc_clears_it(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.view is not None
        teams = app.query_one("#teams-table", DataTable)
        teams.focus()
        key = teams.coordinate_to_cell_key(teams.cursor_coordinate).row_key.value
        assert key is not None
        team_name = app.monitor.view.group_name(int(key))
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(AgentsPane).group_filter == int(key)
        team_agents = len(app.query_one(AgentsPane).visible_agents())
        await pilot.press("3")
        await pilot.pause()
        assert app.monitor.current_pane_id == TimelinePane.pane_id
        status = timeline_status(app)
        assert f"team: {team_name}" in status
        assert f"{team_agents} of {len(app.monitor.view.report.agents)} agents" in status
        await pilot.press("escape")
        await pilot.pause()
        status = timeline_status(app)
        assert "team:" not in status
        assert f"{len(app.monitor.view.report.agents)} agents" in status
