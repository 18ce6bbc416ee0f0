"""The scheduled shift as a thin band under the Timeline's and the Agent pane's bars."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.style import Style
from textual.widgets import Static

from tests.ui.conftest import AppFactory
from tui.analysis.schedule import parse_schedule
from tui.ui.app import AgentActivityApp
from tui.ui.messages import AgentSelected
from tui.ui.panes.agent import AgentPane
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline
from tui.ui.widgets.timeline.model import TimeView, span_columns
from tui.ui.widgets.timeline.render import BAND_GLYPH, band_strip

HOUR = 3_600_000


def test_span_columns_marks_every_cell_a_span_touches() -> None:
    view = TimeView(0, 24 * HOUR, 0, 24 * HOUR, 24)  # one cell per hour
    assert span_columns([(9 * HOUR, 12 * HOUR), (12 * HOUR + 1, 13 * HOUR)], view) == {
        9,
        10,
        11,
        12,
    }
    assert span_columns([(-HOUR, HOUR // 2)], view) == {0}
    assert span_columns([(30 * HOUR, 31 * HOUR), (5 * HOUR, 5 * HOUR)], view) == set()


def test_band_strip_draws_the_glyph_only_on_scheduled_cells() -> None:
    band, base = Style(color="red"), Style()
    strip = band_strip(6, {1, 2, 4}, band, base)
    assert strip.text == f" {BAND_GLYPH * 2} {BAND_GLYPH} "
    assert strip.cell_length == 6
    assert band_strip(3, set(), band, base).text == "   "


async def _plan_for_first_agent(make_app: AppFactory) -> tuple[int, str, int, int]:
    """(agent id, schedule CSV, shift start ms, shift end ms) for the demo's first agent."""
    probe = make_app()
    async with probe.run_test(size=(120, 40)) as pilot:
        await probe.monitor.wait_for_sync(0)
        await pilot.pause()
        view = probe.monitor.view
        assert view is not None
        agent = next(a for a in view.report.agents if a.first_login_ms is not None)
    assert agent.first_login_ms is not None
    first = datetime.fromtimestamp(agent.first_login_ms / 1000, UTC)
    start = first.replace(minute=0, second=0, microsecond=0)
    plan = (
        "agent_id,date,start,end\n"
        f"{agent.agent.agent_id},{start.date()},{start:%H:%M},{start.hour + 4:02d}:00\n"
    )
    start_ms = int(start.timestamp() * 1000)
    return agent.agent.agent_id, plan, start_ms, start_ms + 4 * HOUR


def band_line(timeline: AgentTimeline, agent_id: int) -> tuple[int, str]:
    """(line number, text) of the band under ``agent_id``'s bar on the rendered timeline."""
    data = timeline.data
    assert data is not None
    row = next(i for i, row in enumerate(data.rows) if row.agent_id == agent_id)
    for line_in_row in range(timeline.row_height):
        band, _marks = timeline._line_kind(line_in_row)
        if band:
            y = 1 + row * timeline.row_height + line_in_row - timeline.scroll_offset.y
            return y, timeline.render_line(y).text
    raise AssertionError("no band line")


async def test_timeline_and_agent_bars_get_the_band_with_a_schedule(make_app: AppFactory) -> None:
    agent_id, plan, start_ms, end_ms = await _plan_for_first_agent(make_app)
    app = make_app(schedule=parse_schedule(plan, "plan.csv"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("3")
        await pilot.pause()
        timeline = app.query_one("#timeline-bars", AgentTimeline)
        assert timeline.row_height == 2
        _y, text = band_line(timeline, agent_id)
        view = timeline.view
        assert view is not None
        bar = text[timeline.name_width :]
        first, last = view.column_at(start_ms), view.column_at(end_ms - 1)
        assert first is not None and last is not None
        assert bar[first : last + 1] == BAND_GLYPH * (last + 1 - first)
        assert bar.replace(" ", "") == BAND_GLYPH * (last + 1 - first)  # nothing else banded
        assert BAND_GLYPH in str(app.query_one("#timeline-legend").render())
        app.monitor.post_message(AgentSelected(agent_id))
        await pilot.pause()
        agent_bar = app.query_one(AgentPane).query_one("#agent-timeline", AgentTimeline)
        assert agent_bar.row_height == 4 and agent_bar.size.height == 5
        _y, agent_text = band_line(agent_bar, agent_id)
        assert BAND_GLYPH in agent_text
        figures = " ".join(str(s.render()) for s in app.query_one("#agent-figures").query(Static))
        assert f"planned      {datetime.fromtimestamp(start_ms / 1000, UTC):%H:%M}–" in figures


async def test_nothing_is_drawn_without_a_schedule(make_app: AppFactory) -> None:
    app: AgentActivityApp = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("3")
        await pilot.pause()
        timeline = app.query_one("#timeline-bars", AgentTimeline)
        assert timeline.row_height == 1
        lines = [timeline.render_line(y).text for y in range(timeline.size.height)]
        assert not any(BAND_GLYPH in line for line in lines)
        assert BAND_GLYPH not in str(app.query_one("#timeline-legend").render())
