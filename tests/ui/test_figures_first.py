"""A big load shows its figures first, then its details (Events index, staffing, exceptions)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.analysis.options import AnalysisOptions
from tui.analysis.productivity import analyze_productivity
from tui.analysis.report import analyze
from tui.analysis.review import review_exceptions
from tui.core import collector
from tui.ui.activity_view import AGENT_ROWS_COMING, DETAILS_COMING, ActivityView, build_view
from tui.ui.messages import ActivityLoaded
from tui.ui.panes.agents import AgentsPane
from tui.ui.panes.events import EventsPane
from tui.ui.screens import monitor as monitor_module
from tui.ui.sync_loop import SyncLoop, SyncRequest
from tui.ui.widgets.staffing import StaffingStrip

DAY = date(2026, 11, 24)


async def _views(figures_first_at: int) -> list[ActivityView]:
    """The views one load of the test day posts, in order."""
    source = WorldSource(FrozenClock(NOW_MS))
    options = AnalysisOptions.from_settings(demo_settings())
    loop = SyncLoop(source, clock=source.clock, options=options, refresh_interval_s=300)
    loop.figures_first_at = figures_first_at
    posted: list[Message] = []
    await loop.run(SyncRequest(DAY, "UTC"), posted.append, is_paused=lambda: True)
    return [message.view for message in posted if isinstance(message, ActivityLoaded)]


async def test_a_big_load_posts_its_figures_then_the_same_figures_with_the_details() -> None:
    first, second = await _views(figures_first_at=1)
    assert not first.detailed and second.detailed
    assert second.version == first.version + 1
    assert not first.events and not first.records_by_agent and not first.exceptions
    assert not any(group.staffing for group in first.report.groups)
    # every figure of the first view is the second's, and the second is a one-pass analysis
    assert first.report.agents == second.report.agents
    assert [replace(group, staffing=()) for group in second.report.groups] == list(
        first.report.groups
    )
    assert all(group.staffing for group in second.report.groups)
    load = second.load
    options = AnalysisOptions.from_settings(demo_settings())
    at_once = analyze(
        load.records,
        second.report.window,
        data_complete_to_ms=load.counted_to_ms,
        options=options,
        skipped_by_reason=load.skipped_by_reason,
        now_ms=NOW_MS,
    )
    assert load.productivity is not None
    at_once, productivity = analyze_productivity(
        at_once, load.productivity, group_names=options.group_names
    )
    expected = build_view(
        at_once,
        load,
        version=second.version,
        now_ms=NOW_MS,
        source_label="demo",
        day=DAY,
        productivity=productivity,
        exceptions=review_exceptions(at_once, options),
    )
    assert second.report == expected.report
    assert second.events == expected.events
    assert second.records_by_agent == expected.records_by_agent
    assert second.exceptions == expected.exceptions


async def test_a_small_load_posts_one_detailed_view() -> None:
    (only,) = await _views(figures_first_at=10**9)
    assert only.detailed
    assert all(group.staffing for group in only.report.groups)


async def test_panes_say_the_details_are_coming(make_app: AppFactory) -> None:
    app = make_app(source=WorldSource(FrozenClock(NOW_MS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        view = app.monitor.view
        assert view is not None and view.detailed
        app.monitor.view = replace(view, detailed=False, events=(), version=view.version + 1)
        await pilot.pause()
        assert "staffing: summing" in str(app.query_one(StaffingStrip).render())
        app.monitor.show_pane(EventsPane.pane_id)
        await pilot.pause()
        empty = app.query_one("#events-empty", Static)
        assert empty.display and DETAILS_COMING in str(empty.render())
        app.monitor.view = view  # the details arrive
        await pilot.pause()
        assert not app.query_one("#events-empty", Static).display


async def test_the_agents_rows_come_with_the_details() -> None:
    first, second = await _views(figures_first_at=1)
    assert not first.agent_rows_ready and not first.agent_rows
    assert second.agent_rows_ready
    assert set(second.agent_rows) == {activity.agent.agent_id for activity in first.report.agents}
    for activity in second.report.agents:
        assert second.agent_rows[activity.agent.agent_id] == second.agent_row(activity)
    assert first.team_rows is second.team_rows  # taken over, not formatted again


def _displayed(widget: Widget) -> bool:
    """Read afresh at each assert (a narrowed ``widget.display`` would not be)."""
    return bool(widget.display)


async def test_the_agents_pane_waits_for_its_rows_and_keeps_the_days_rows_meanwhile(
    make_app: AppFactory,
) -> None:
    app = make_app(source=WorldSource(FrozenClock(NOW_MS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        view = app.monitor.view
        assert view is not None and view.agent_rows_ready
        app.monitor.show_pane(AgentsPane.pane_id)
        await pilot.pause()
        table = app.query_one("#agents-table", DataTable)
        empty = app.query_one("#agents-empty", Static)
        assert _displayed(table) and table.row_count == len(view.report.agents)

        def figures_only(version: int) -> ActivityView:
            return replace(
                view, detailed=False, agent_rows={}, agent_rows_ready=False, version=version
            )

        app.monitor.view = figures_only(view.version + 1)  # a refresh: its figures first
        await pilot.pause()
        assert _displayed(table) and not _displayed(empty)  # the day's rows stay until the new ones
        app.monitor.view = None
        await pilot.pause()
        app.monitor.view = figures_only(view.version + 2)  # a first load: nothing to keep
        await pilot.pause()
        assert _displayed(empty) and not _displayed(table)
        assert AGENT_ROWS_COMING in str(empty.render())
        app.monitor.view = replace(view, version=view.version + 3)  # the details arrive
        await pilot.pause()
        assert _displayed(table) and not _displayed(empty)
        assert table.row_count == len(view.report.agents)


async def test_the_collector_rests_from_a_views_hand_over_to_its_paint_and_only_then(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No collection in a new view's first frames (the event loop's busiest moment); once
    painted, and once the app is gone, the collector runs again."""
    held_off: list[bool] = []
    painted: list[bool] = []

    def hold() -> Callable[[], None]:
        resume = collector.hold()
        held_off.append(not gc.isenabled())
        index = len(painted)
        painted.append(False)

        def resumed() -> None:
            painted[index] = True
            resume()

        return resumed

    monkeypatch.setattr(monitor_module, "hold_collector", hold)
    app = make_app(source=WorldSource(FrozenClock(NOW_MS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        for _ in range(3):  # the paint, and the frame after it
            await pilot.pause()
        assert held_off and all(held_off)  # from each hand-over on, no collection...
        assert all(painted)  # ...until that view was painted
        assert gc.isenabled()
    assert gc.isenabled()
