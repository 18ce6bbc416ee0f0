"""Productivity in the monitor: columns in Teams and Agents (sortable), the Agent pane's
conversations and marks, and the not-enabled path end to end (one notice, nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource
from tui.core.segments import NOT_ENABLED_FIX, ProductivityLoad
from tui.core.source_contract import LoadResult, ProgressCallback
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.agents import AgentsPane
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline
from tui.ui.widgets.timeline.render import MARK_GLYPH

NOT_ENABLED = f"The Actual Handle Time API is not enabled: {NOT_ENABLED_FIX}."


@dataclass
class NotEnabledSource(WorldSource):
    """Every load says productivity is not enabled, as a :class:`StoredSource` that met a 403."""

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        result = await super().load(start_ms, end_ms, progress=progress)
        return LoadResult(
            result.start_ms,
            result.end_ms,
            result.records,
            result.data_complete_to_ms,
            result.fetched_at_ms,
            productivity=ProductivityLoad(status="not_enabled", message=NOT_ENABLED),
        )


async def test_not_enabled_is_said_once_and_changes_nothing_else(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = NotEnabledSource(FrozenClock(NOW_MS))
    app = make_app(source)
    shown: list[str] = []
    original_notify = app.notify

    def recording_notify(message: str, **options: Any) -> None:
        shown.append(message)
        original_notify(message, **options)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        assert shown.count(NOT_ENABLED) == 1
        assert app.monitor.failure is None
        line = app.query_one("#teams-productivity", Static)
        assert "not enabled" in str(line.render())
        view = app.monitor.view
        assert view is not None and view.report.agents
        teams = app.query_one("#teams-table", DataTable)
        for row_key in teams.rows:
            keys = ("closed", "closed_per_hour", "handle_share")
            assert [teams.get_cell(row_key, key) for key in keys] == ["—", "—", "—"]


async def test_columns_show_the_figures_and_sort(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        view = app.monitor.view
        assert view is not None and view.productivity is not None
        await pilot.press("2")
        pane = app.query_one(AgentsPane)
        pane.sort_by("closed", reverse=True)
        await pilot.pause()
        top = pane.visible_agents()[0]
        most = max(a.figures.closed for a in view.productivity.agents.values())
        assert view.productivity.agents[top.agent.agent_id].figures.closed == most
        table = app.query_one("#agents-table", DataTable)
        assert str(table.get_cell(str(top.agent.agent_id), "closed")).endswith(f"{most}[/]")


async def test_agent_pane_lists_conversations_and_marks_them(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        view = app.monitor.view
        assert view is not None and view.productivity is not None
        busiest = max(view.productivity.agents.values(), key=lambda a: a.figures.closed)
        app.query_one(AgentPane).show_agent(busiest.agent_id)
        await pilot.press("4")
        await pilot.pause()
        title = str(app.query_one("#agent-conversations-title", Static).render())
        assert f"({len(busiest.segments)})" in title
        body = str(app.query_one("#agent-conversations", Static).render())
        assert body.count("\n") >= len(busiest.segments) - 1
        timeline = app.query_one("#agent-timeline", AgentTimeline)
        marks_line = timeline.render_line(timeline.row_height)  # the row's last line
        assert MARK_GLYPH in marks_line.text
