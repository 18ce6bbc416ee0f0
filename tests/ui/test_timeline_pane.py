"""Functional tests of the Timeline pane and its bars in a bare harness app."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static

from tests.ui.timeline_fixtures import (
    ANA,
    BEN,
    CHLOE,
    DAY_START_MS,
    PaneHarness,
    activity_from,
    at,
    generated_view,
    small_view,
    view_of,
)
from tui.analysis.model import AgentInfo
from tui.core.records import NO_GROUP
from tui.ui.filtering import NO_FILTER
from tui.ui.messages import AgentSelected
from tui.ui.panes.timeline import (
    NO_AGENTS_MESSAGE,
    NO_DATA_MESSAGE,
    NO_MATCH_MESSAGE,
    TimelinePane,
    timeline_rows,
)
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline
from tui.ui.widgets.timeline.model import HOUR_MS


def harness(view: object = None) -> tuple[PaneHarness, list[Message]]:
    pane = TimelinePane()
    app = PaneHarness(pane, view)  # type: ignore[arg-type]
    return app, app.messages


def bars(app: PaneHarness) -> AgentTimeline:
    return app.query_one("#timeline-bars", AgentTimeline)


def info_text(app: PaneHarness) -> str:
    return str(app.query_one("#timeline-info", Static).render())


def screen_line(timeline: AgentTimeline, y: int) -> str:
    return timeline.render_line(y).text


def test_rows_are_grouped_by_team_and_sorted_by_name() -> None:
    rows = timeline_rows(small_view(), NO_FILTER)
    assert [row.label for row in rows] == [
        "Sales · 1 agent",
        CHLOE.display_name,
        "Support · 2 agents",
        ANA.display_name,
        BEN.display_name,
    ]
    assert [row.agent_id for row in rows] == [None, CHLOE.agent_id, None, 101, 102]


async def test_cursor_moves_between_agents_and_skips_team_headings() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        assert timeline.cursor_agent_id == CHLOE.agent_id
        await pilot.press("down")
        assert timeline.cursor_agent_id == ANA.agent_id
        await pilot.press("j", "down", "down")
        assert timeline.cursor_agent_id == BEN.agent_id
        await pilot.press("up", "k")
        assert timeline.cursor_agent_id == CHLOE.agent_id
        await pilot.press("end")
        assert timeline.cursor_agent_id == BEN.agent_id
        await pilot.press("home")
        assert timeline.cursor_agent_id == CHLOE.agent_id


async def test_cursor_shows_the_segment_under_it() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        await pilot.press("down")  # Ana
        view = timeline.view
        assert view is not None
        timeline.cursor_column = view.column_at(at(12, 20)) or 0
        await pilot.press("right", "left")
        await pilot.pause()
        assert timeline.cursor_interval() is not None
        text = info_text(app)
        assert text.startswith("Ana Silva · away (Lunch) · 12:00–12:45 · 45 min")
        assert "(cell 12:" in text


async def test_zoom_keeps_the_cursor_time_and_pan_moves_by_a_quarter() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        day = timeline.view
        assert day is not None and day.span_ms == 24 * HOUR_MS
        timeline.cursor_column = day.column_at(at(12)) or 0
        await pilot.press("plus")
        four = timeline.view
        assert four is not None and four.span_ms == 4 * HOUR_MS
        assert four.edge(timeline.cursor_column) <= at(12, 10)
        assert four.edge(timeline.cursor_column + 1) > at(11, 50)
        await pilot.press("equals_sign")
        one = timeline.view
        assert one is not None and one.span_ms == HOUR_MS
        start = one.start_ms
        await pilot.press("l")
        panned = timeline.view
        assert panned is not None and panned.start_ms == start + HOUR_MS // 4
        await pilot.press("h", "h")
        panned = timeline.view
        assert panned is not None and panned.start_ms == start - HOUR_MS // 4
        await pilot.press("minus", "0")
        assert timeline.zoom == 0
        assert "zoom day" in str(app.query_one("#timeline-status", Static).render())


async def test_pan_stops_at_the_window_edges_and_cursor_scrolls_time() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        await pilot.press("plus", "plus", "h", "h")
        view = timeline.view
        assert view is not None and view.start_ms == DAY_START_MS
        timeline.cursor_column = 0
        await pilot.press("left")
        assert timeline.view == view  # nothing earlier to show
        timeline.cursor_column = view.columns - 1
        await pilot.press("right")
        moved = timeline.view
        assert moved is not None and moved.start_ms == DAY_START_MS + HOUR_MS // 4
        assert moved.column_at(view.edge(view.columns - 1)) == timeline.cursor_column - 1


async def test_enter_posts_agent_selected() -> None:
    selected: dict[int, int] = {}

    def hook(message: Message) -> None:
        if isinstance(message, AgentSelected):  # seen once per node it bubbles through
            selected[id(message)] = message.agent_id

    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30), message_hook=hook) as pilot:
        bars(app).focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert list(selected.values()) == [BEN.agent_id]


async def test_clicking_a_bar_moves_the_cursor_there() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        # line 0 is the axis, 1 the Sales heading, 2 Chloé, 3 the Support heading, 4 Ana
        await pilot.click(timeline, offset=(timeline.name_width + 10, 4))
        assert timeline.cursor_agent_id == ANA.agent_id
        assert timeline.cursor_column == 10


async def test_filter_limits_the_bars_and_explains_an_empty_result() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        await pilot.press("slash", *"lunch")
        await pilot.pause()
        data = timeline.data
        assert data is not None
        assert [row.agent_id for row in data.rows if row.agent_id] == [ANA.agent_id]
        assert "filter: lunch" in str(app.query_one("#timeline-status", Static).render())
        await pilot.press("enter")
        assert app.focused is timeline
        app.query_one("#timeline-filter Input").value = "nobody-like-this"  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen_line(timeline, 1).strip() == NO_MATCH_MESSAGE


async def test_team_filter_and_escape_to_clear() -> None:
    app, _ = harness(small_view())
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(TimelinePane)
        pane.show_team(7)
        await pilot.pause()
        timeline = bars(app)
        data = timeline.data
        assert data is not None
        assert [row.agent_id for row in data.rows if row.agent_id] == [101, 102]
        assert pane.step_back()  # esc (the app's go-back) clears the team scope first
        data = timeline.data
        assert data is not None and len(data.rows) == 5
        assert not pane.step_back()  # nothing left to clear: the monitor goes up a level


async def test_empty_states_are_explained() -> None:
    app, _ = harness(None)
    async with app.run_test(size=(80, 24)):
        assert screen_line(bars(app), 1).strip() == NO_DATA_MESSAGE
        app.query_one(TimelinePane).update_view(view_of([]))
        assert screen_line(bars(app), 1).strip() == NO_AGENTS_MESSAGE


async def test_new_data_keeps_the_cursor_agent_and_invalidates_bars() -> None:
    app, _ = harness(small_view(version=1))
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        await pilot.press("down", "down")
        before = screen_line(timeline, 5)
        app.query_one(TimelinePane).update_view(small_view(version=2))
        await pilot.pause()
        assert timeline.cursor_agent_id == BEN.agent_id
        assert screen_line(timeline, 5) == before


async def test_a_long_list_scrolls_to_keep_the_cursor_visible() -> None:
    app, _ = harness(generated_view(300))
    async with app.run_test(size=(100, 30)) as pilot:
        timeline = bars(app)
        timeline.focus()
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        data = timeline.data
        assert data is not None
        cursor_row = data.rows.index(
            next(row for row in data.rows if row.agent_id == timeline.cursor_agent_id)
        )
        top = timeline.scroll_offset.y
        assert top <= cursor_row < top + timeline.body_height
        await pilot.press("end")
        await pilot.pause()
        assert timeline.scroll_offset.y == timeline.max_scroll_y
        assert timeline.virtual_size.height == 1 + len(data.rows)


def test_agents_without_a_team_come_last() -> None:
    view = generated_view(6, teams=2)
    lonely = activity_from(AgentInfo(7, None, "solo", "Aaron Solo", NO_GROUP), ())
    rows = timeline_rows(view_of([*view.report.agents, lonely]), NO_FILTER)
    assert rows[-2].label == "No group · 1 agent"
    assert rows[-1].agent_id == 7
