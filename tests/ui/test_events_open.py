"""Enter on an event opens that agent's pane with the cursor at that event's time."""

from __future__ import annotations

from tests.ui.conftest import AppFactory
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.events import EventsPane
from tui.ui.widgets.event_log import EventLog
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline


async def test_enter_on_an_event_opens_its_agent_at_its_time(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("5", "slash", *"Lunch", "enter")  # the day's lunch starts
        await pilot.pause()
        log = app.query_one(EventLog)
        assert app.focused is log
        await pilot.press("down", "down", "down")
        await pilot.pause()
        record = app.query_one(EventsPane).visible_events()[3]
        assert log.cursor_record == record
        view = app.monitor.view
        assert view is not None and record.agent_id in view.agents_by_id
        await pilot.press("enter")
        await pilot.pause()
        assert app.monitor.current_pane_id == AgentPane.pane_id
        assert app.query_one(AgentPane).agent_id == record.agent_id
        bar = app.query_one("#agent-timeline", AgentTimeline)
        assert bar.view is not None
        assert bar.view.column_at(record.time_ms) == bar.cursor_column
        await pilot.press("escape")  # back to the events, the cursor where it was
        await pilot.pause()
        assert app.monitor.current_pane_id == EventsPane.pane_id
        assert log.cursor_record == record


async def test_the_event_cursor_stays_in_view_and_end_follows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("5", "end")
        await pilot.pause()
        log = app.query_one(EventLog)
        assert log.cursor_row == log.row_count - 1
        assert log.scroll_offset.y <= log.cursor_row < log.scroll_offset.y + log.size.height
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert 0 < log.cursor_row < log.row_count - 1
        assert log.scroll_offset.y <= log.cursor_row < log.scroll_offset.y + log.size.height
        await pilot.press("up")
        await pilot.pause()
        assert log.scroll_offset.y <= log.cursor_row < log.scroll_offset.y + log.size.height
