"""The week view end to end (App.run_test on the frozen demo world): `w` answers "how did the
week go" in one key, each day is the day view's figures, scopes, navigation, `g` ranges."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.core.source_contract import LoadFailure
from tui.ui.app import AgentActivityApp
from tui.ui.panes.agent import AgentPane
from tui.ui.panes.teams import TeamsPane
from tui.ui.panes.week import WeekPane
from tui.ui.range_view import RangeView

TODAY = date(2026, 11, 24)  # the frozen clock's day (tests/ui/fakes.py)


async def _loaded(app: AgentActivityApp) -> None:
    await app.monitor.wait_for_sync(0)


async def _press_and_sync(app: AgentActivityApp, pilot: object, *keys: str) -> None:
    """Press ``keys``, then wait for the refresh cycle they start to end."""
    generation = app.monitor.sync_generation
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await app.monitor.wait_for_sync(generation)
    await pilot.pause()  # type: ignore[attr-defined]


def _week(app: AgentActivityApp) -> RangeView:
    week = app.monitor.week
    assert week is not None
    return week


def _text(app: AgentActivityApp, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


def _column(table: DataTable[Text], key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


async def test_one_key_answers_how_the_week_went(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await _press_and_sync(app, pilot, "w")
        assert app.monitor.current_pane_id == WeekPane.pane_id
        week = _week(app)
        assert week.day_range.first == date(2026, 11, 18) and week.day_range.last == TODAY
        assert week.settled == 7 and week.previous_settled == 7 and not week.loading
        assert app.monitor.freshness.clocks_line().startswith("7 of 7 days loaded · 6 final")
        assert app.monitor.freshness.context_line() == "demo · 18 Nov → 24 Nov · UTC"
        compare = _text(app, "#week-compare")
        # today is still arriving: only the final days are set against the week before
        assert compare.startswith("6 final days vs the same 6 before: logged in ")
        assert "partial" not in compare
        days: DataTable[Text] = app.query_one("#week-days", DataTable)
        assert _column(days, "day")[0] == "Wed 18 Nov"
        assert _column(days, "day")[-1] == "Tue 24 Nov*"  # not final: marked, never "final"
        states = _column(days, "data")
        assert states[:-1] == ["final"] * 6 and states[-1] == "to 14:42"
        detail: DataTable[Text] = app.query_one("#week-teams", DataTable)
        assert detail.row_count == len(week.report.group_names())
        assert "Team" in str(detail.ordered_columns[0].label)
        await pilot.press("w")  # again: back where it was pressed
        await pilot.pause()
        assert app.monitor.current_pane_id == TeamsPane.pane_id


async def test_a_day_of_the_week_is_the_day_views_figures(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await _press_and_sync(app, pilot, "w")
        monday = next(d for d in _week(app).report.days if d.day == date(2026, 11, 23))
        assert monday.report is not None and monday.final
        days: DataTable[Text] = app.query_one("#week-days", DataTable)
        days.move_cursor(row=5)
        await _press_and_sync(app, pilot, "enter")  # opens that day in the day view
        assert app.monitor.day == date(2026, 11, 23)
        assert app.monitor.current_pane_id == TeamsPane.pane_id
        view = app.monitor.view
        assert view is not None and view.day == date(2026, 11, 23)
        assert [(g.group_id, g.totals) for g in view.report.groups] == [
            (g.group_id, g.totals) for g in monday.report.groups
        ]
        assert [(a.agent.agent_id, a.totals, a.first_login_ms) for a in view.report.agents] == [
            (a.agent.agent_id, a.totals, a.first_login_ms) for a in monday.report.agents
        ]
        await pilot.press("escape")  # back to the week
        await pilot.pause()
        assert app.monitor.current_pane_id == WeekPane.pane_id


async def test_w_on_an_agent_shows_that_agents_week_and_esc_widens(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.press("2", "enter")  # the first agent of the Agents pane
        await pilot.pause()
        agent_id = app.query_one(AgentPane).agent_id
        assert agent_id is not None
        await _press_and_sync(app, pilot, "w")
        pane = app.query_one(WeekPane)
        await pane.wait_for_rows()
        group_id, scoped_agent = pane.scope
        assert scoped_agent == agent_id and group_id is not None
        detail: DataTable[Text] = app.query_one("#week-agents", DataTable)
        names = set(_column(detail, "agent"))
        assert len(names) == 1 and detail.row_count >= 5
        trends = _column(detail, "trend")
        assert set(trends[:-1]) <= {"▲", "▼", "·"} and trends[-1] == "partial"
        assert "agent " in _text(app, "#week-status")
        await pilot.press("escape")
        await pilot.pause()
        assert pane.scope == (group_id, None)  # the agent's team
        assert "team " in _text(app, "#week-status")
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one(WeekPane).scope == (None, None)


async def test_brackets_step_the_week_and_g_opens_a_range(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await _press_and_sync(app, pilot, "7")  # the pane's own number key
        assert _week(app).day_range.last == TODAY
        await _press_and_sync(app, pilot, "left_square_bracket")
        week = _week(app)
        assert (week.day_range.first, week.day_range.last) == (
            date(2026, 11, 11),
            date(2026, 11, 17),
        )
        assert app.monitor.freshness.clocks_line().startswith("7 of 7 days loaded · 7 final")
        assert _text(app, "#week-compare").startswith("vs prev. 7 days: ")  # every day final
        await pilot.press("right_square_bracket", "right_square_bracket")  # no future weeks
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"last week")
        await _press_and_sync(app, pilot, "enter")
        week = _week(app)
        assert (week.day_range.first, week.day_range.last) == (
            date(2026, 11, 16),
            date(2026, 11, 22),
        )
        assert app.monitor.current_pane_id == WeekPane.pane_id


async def test_shift_days_in_the_monitor(make_app: AppFactory) -> None:
    """day_start 18:00: at 15:42 on the 24th the shift day is the 23rd's (18:00 to 18:00)."""
    app = make_app(settings=demo_settings(day_start=time(18, 0)))
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await pilot.pause()
        assert app.monitor.day == date(2026, 11, 23)
        assert app.monitor.freshness.context_line() == (
            "demo · Mon 23 Nov 18:00 → Tue 24 Nov 18:00 · UTC"
        )
        view = app.monitor.view
        assert view is not None
        start = datetime.fromtimestamp(view.report.window.start_ms / 1000, UTC)
        assert start == datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
        await _press_and_sync(app, pilot, "w")
        week = _week(app)
        assert week.day_range.day_start == time(18, 0)
        assert app.monitor.freshness.context_line() == "demo · 17 Nov → 23 Nov from 18:00 · UTC"


async def test_e_on_the_week_writes_it_day_by_day(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.ui.export_view.exports_dir", lambda: tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await _press_and_sync(app, pilot, "w")
        await pilot.press("e")
        for _ in range(100):  # the files are written by a thread worker
            await pilot.pause()
            if app.monitor.last_export:
                break
        (csv_path, json_path) = app.monitor.last_export
        assert "2026-11-18..2026-11-24-by-day-all" in csv_path.name
        document = json.loads(json_path.read_text(encoding="utf-8"))
        assert document["by"] == "day"
        assert document["days"][0]["day"] == "2026-11-18"
        assert [day["final"] for day in document["days"]] == [True] * 6 + [False]
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        week = _week(app)
        expected = sum(len(d.report.agents) for d in week.report.days if d.report is not None)
        assert len(rows) == expected


async def test_days_that_fail_to_load_are_marked_never_final(make_app: AppFactory) -> None:
    failure = LoadFailure("Service unavailable", "LivePerson answered 503 three times", NOW_MS)
    app = make_app(WorldSource(FrozenClock(NOW_MS), fail_with=failure))
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app)
        await _press_and_sync(app, pilot, "w")
        days: DataTable[Text] = app.query_one("#week-days", DataTable)
        assert _column(days, "data") == ["fetch failed"] * 7
        assert all(label.endswith("*") for label in _column(days, "day"))
        assert _text(app, "#week-compare") == "vs prev. 7 days: no final day in this range yet"
        assert app.monitor.freshness.stale_line().startswith("STALE · refresh failed")
        assert not any(day.final for day in _week(app).report.days)
