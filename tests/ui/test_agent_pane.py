"""The Agent pane: pure figures, and the pane in a bare harness app."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.ui.timeline_fixtures import (
    ANA,
    ANA_DAY,
    BEN,
    BEN_DAY,
    DAY_END_MS,
    DAY_START_MS,
    PaneHarness,
    activity_from,
    at,
    records_from,
    small_view,
)
from tui.analysis.model import ActivityException, Interval
from tui.analysis.sessions import sessions_of
from tui.core.records import State
from tui.ui.panes import agent_text as details
from tui.ui.panes.agent import NO_AGENT_MESSAGE, AgentPane
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline

ZONE = "Europe/Paris"


def test_sessions_are_runs_of_logged_in_time() -> None:
    timeline = (
        Interval(State.UNKNOWN, DAY_START_MS, at(1)),
        Interval(State.ONLINE, at(1), at(2)),
        Interval(State.LOGGED_OUT, at(2), at(8)),
        Interval(State.ONLINE, at(8), at(9)),
        Interval(State.AWAY, at(9), at(10), "Lunch"),
        Interval(State.PENDING, at(10), DAY_END_MS),
    )
    sessions = sessions_of(timeline, DAY_START_MS)
    assert [(s.start_ms, s.end_ms, s.from_window_start, s.open_end) for s in sessions] == [
        (DAY_START_MS, at(2), True, False),
        (at(8), at(10), False, True),
    ]
    assert sessions_of((Interval(State.LOGGED_OUT, 0, 10),), 0) == []


def test_session_lines_mark_carried_over_and_open_ends() -> None:
    ben = activity_from(BEN, BEN_DAY)
    assert details.session_lines(ben, DAY_START_MS, ZONE) == [
        "     07:00 → 13:00      6h00",
        "     14:00 → (open)     1h30",
    ]


def test_totals_add_up_and_show_available_share() -> None:
    ana = activity_from(ANA, ANA_DAY)
    lines = details.totals_lines(ana)
    assert lines[0].split() == ["logged", "in", "7h30", "100%"]
    assert any(line.split()[:2] == ["available", "63%"] for line in lines)
    assert lines[-1].split() == ["pending", "8h30", "not", "final"]


def test_away_schedule_and_raw_record_cells() -> None:
    ana = activity_from(ANA, ANA_DAY)
    away = details.away_lines(ana)
    assert away[1].split()[:2] == ["Technical", "issue"]  # longest total first
    assert details.schedule_lines(ana, has_schedule=False) == [
        "  needs schedule (config: schedule_file)"
    ]
    assert details.schedule_lines(ana, has_schedule=True) == ["  not on the schedule for this day"]
    login, first_state, *_ = records_from(ANA, ANA_DAY)
    assert details.record_cells(login, ZONE) == ("08:00:00", "login", "", "", "—", "-1", "")
    assert details.record_cells(first_state, ZONE, provisional=True) == (
        "08:00:00",
        "state",
        "online",
        "",
        "—",
        "1",
        "provisional",
    )


async def test_without_an_agent_the_pane_explains_what_to_do() -> None:
    pane = AgentPane()
    app = PaneHarness(pane, small_view())
    async with app.run_test(size=(80, 24)):
        assert pane.has_class("-empty")
        assert str(app.query_one("#agent-empty", Static).render()) == NO_AGENT_MESSAGE
        pane.show_agent(999)
        assert "Agent 999 has no activity" in str(app.query_one("#agent-empty", Static).render())


async def test_show_agent_fills_header_figures_and_raw_changes() -> None:
    pane = AgentPane()
    app = PaneHarness(pane, small_view())
    async with app.run_test(size=(120, 40)) as pilot:
        pane.show_agent(ANA.agent_id)
        await pilot.pause()
        assert not pane.has_class("-empty")
        header = str(app.query_one("#agent-header", Static).render())
        assert header == "Ana Silva · agent 101 · employee E-0101 · login ana.silva · Support"
        right = str(app.query_one("#agent-figures-right", Static).render())
        assert "Sessions · 1 login" in right
        assert "14:00 long away: away (Technical issue) for 50.0 min, over 30.0 min" in right
        table = app.query_one("#agent-changes", DataTable)
        assert table.row_count == len(records_from(ANA, ANA_DAY))
        timeline = app.query_one("#agent-timeline", AgentTimeline)
        assert timeline.data is not None and len(timeline.data.rows) == 1
        assert timeline.name_width == 0
        # three bar lines under the axis, identical
        assert timeline.render_line(1).text == timeline.render_line(3).text
        timeline.focus()
        view = timeline.view
        assert view is not None
        timeline.cursor_column = view.column_at(at(12, 30)) or 0
        await pilot.press("right", "left")
        info = str(app.query_one("#agent-info", Static).render())
        assert info.startswith("away (Lunch) · 12:00–12:45")
        await pilot.press("enter")  # no drill-down from the agent's own bar


async def test_up_and_down_scroll_the_body_when_the_bar_has_focus() -> None:
    pane = AgentPane()
    app = PaneHarness(pane, small_view())
    async with app.run_test(size=(80, 24)) as pilot:
        pane.show_agent(ANA.agent_id)
        await pilot.pause()
        app.query_one("#agent-timeline", AgentTimeline).focus()
        body = app.query_one("#agent-body")
        assert body.scroll_offset.y == 0
        await pilot.press("down", "down", "pagedown")
        await pilot.pause()
        assert body.scroll_offset.y > 2


async def test_refresh_keeps_the_agent_and_day_change_explains_absence() -> None:
    pane = AgentPane()
    app = PaneHarness(pane, small_view())
    async with app.run_test(size=(120, 40)) as pilot:
        pane.show_agent(BEN.agent_id)
        pane.update_view(small_view(version=2))
        await pilot.pause()
        assert pane.agent_id == BEN.agent_id
        assert not pane.has_class("-empty")
        pane.update_view(None)
        assert pane.has_class("-empty")
        assert "waiting for this window's data" in str(
            app.query_one("#agent-empty", Static).render()
        )
        pane.update_view(small_view(version=3))
        assert not pane.has_class("-empty")
        table = app.query_one("#agent-changes", DataTable)
        assert table.row_count == len(records_from(BEN, BEN_DAY))


def test_exception_lines_use_the_detail_or_describe_the_episode() -> None:
    flip = ActivityException("short_flip", at(9), at(9) + 4_000, State.AWAY, "Break", "")
    ana = activity_from(ANA, ANA_DAY, exceptions=(flip,))
    assert details.exception_lines(ana, ZONE) == ["  09:00 short flip: away (Break), 4 s"]
    assert details.exception_lines(activity_from(BEN, BEN_DAY), ZONE) == ["  none"]
