"""A big load shows its figures first, then its details (Events index, staffing, exceptions)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.message import Message
from textual.widgets import Static

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.analysis.options import AnalysisOptions
from tui.analysis.productivity import analyze_productivity
from tui.analysis.report import analyze
from tui.analysis.review import review_exceptions
from tui.ui.activity_view import DETAILS_COMING, ActivityView, build_view
from tui.ui.messages import ActivityLoaded
from tui.ui.panes.events import EventsPane
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
