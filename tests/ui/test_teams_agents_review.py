"""Teams lists every known team and a totals row, staffing as numbers; the Agents table's
columns follow the scope and the schedule, and every column has a sort key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from tests.ui.conftest import AppFactory
from tests.ui.fakes import demo_settings
from tui.analysis.schedule import parse_schedule
from tui.ui.agent_rows import COLUMN_LABELS, SORT_LETTERS
from tui.ui.app import AgentActivityApp
from tui.ui.panes.agents import AgentsPane, heading
from tui.ui.panes.teams import TeamsPane
from tui.ui.team_rows import NO_ACTIVITY_YET, TOTAL_NAME, TOTAL_ROW_KEY
from tui.ui.widgets.keyed_table import RowSync, SortCell, cell, missing, pinned
from tui.ui.widgets.staffing import StaffingStrip
from tui.ui.widgets.staffing_table import StaffingTable


def shown(widget: Widget) -> bool:
    """Whether ``widget`` is displayed (a call, so a type checker does not narrow it)."""
    return bool(widget.display)


def row_keys(table: DataTable[Any]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


# -- ordering: ties by name, missing and pinned rows last in either direction -------------------


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table: DataTable[Any] = DataTable()
        table.add_column("name", key="name")
        table.add_column("size", key="size")
        self.rows = RowSync(table, ("name", "size"), tie_column="name")
        yield table


async def test_ties_go_by_name_and_missing_and_pinned_rows_stay_last() -> None:
    rows: dict[str, tuple[SortCell, ...]] = {
        "b": (cell("Bea"), cell("5", 5)),
        "a": (cell("Ann"), cell("5", 5)),
        "c": (cell("Cem"), cell("9", 9)),
        "d": (cell("Dan"), missing()),
        "t": (pinned("All"), cell("19", 19)),
    }
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        for descending, expected in ((True, "c a b d t"), (False, "a b c d t")):
            app.rows.sync(rows, sort_column="size", reverse=descending)
            await pilot.pause()
            assert row_keys(table) == expected.split()
            assert app.rows.ordered_keys() == expected.split()
        app.rows.sync(rows, sort_column="name", reverse=True)
        await pilot.pause()
        assert row_keys(table) == ["d", "c", "b", "a", "t"]


# -- Teams ----------------------------------------------------------------------------------


async def test_every_known_team_is_listed_and_a_totals_row_closes_the_table(
    make_app: AppFactory,
) -> None:
    settings = demo_settings()
    names = {**settings.group_names, 424242: "Escalations"}
    app = make_app(settings=demo_settings(group_names=names))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        view = app.monitor.view
        assert view is not None
        table = app.query_one("#teams-table", DataTable)
        keys = row_keys(table)
        assert keys[-1] == TOTAL_ROW_KEY
        assert "424242" in keys and len(keys) == len(view.report.groups) + 2
        assert str(table.get_cell("424242", "name")) == "Escalations"
        assert str(table.get_cell("424242", "at_end")) == NO_ACTIVITY_YET
        assert str(table.get_cell(TOTAL_ROW_KEY, "name")) == TOTAL_NAME
        agents = sum(group.agents for group in view.report.groups)
        assert str(table.get_cell(TOTAL_ROW_KEY, "agents")) == str(agents)
        hours = sum(group.totals.logged_in_ms for group in view.report.groups)
        assert str(table.get_cell(TOTAL_ROW_KEY, "logged_in_h")) == f"{hours / 3_600_000:.1f}"
        pane = app.query_one(TeamsPane)
        pane._header_selected(DataTable.HeaderSelected(table, ColumnKey("agents"), 1, Text("A")))
        await pilot.pause()
        keys = row_keys(table)
        assert keys[-1] == TOTAL_ROW_KEY  # still last, the biggest team first
        counts = [int(str(table.get_cell(key, "agents"))) for key in keys[:-1]]
        assert counts == sorted(counts, reverse=True)
        table.move_cursor(row=len(keys) - 1)
        await pilot.press("enter")  # the totals row: every agent
        await pilot.pause()
        agents_pane = app.query_one(AgentsPane)
        assert app.monitor.current_pane_id == AgentsPane.pane_id
        assert agents_pane.group_filter is None
        assert len(agents_pane.visible_agents()) == len(view.report.agents)
        await pilot.press("1")
        table.move_cursor(row=row_keys(table).index("424242"))
        await pilot.press("enter")  # an idle team: no agents, still called by its name
        await pilot.pause()
        assert app.query_one(AgentsPane).group_filter == 424242
        assert agents_pane.visible_agents() == []
        status = str(app.query_one("#agents-status", Static).render())
        assert "team: Escalations" in status, status


async def test_s_shows_the_staffing_numbers_with_a_cursor_and_m_halves_the_rows(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        view = app.monitor.view
        assert view is not None
        numbers = app.query_one(StaffingTable)
        strip = app.query_one(StaffingStrip)
        assert shown(strip) and not shown(numbers)
        await pilot.press("s")
        await pilot.pause()
        assert shown(numbers) and not shown(strip)
        assert app.focused is numbers
        group = view.report.groups[0]  # the highlighted team (sorted by name)
        happened = [slot for slot in group.staffing if not slot.not_yet]
        assert numbers.row_count == len(happened) > 0
        assert not any(slot.not_yet for slot in group.staffing[: numbers.row_count])
        pending = [str(numbers.get_row_at(i)[-1]) for i in range(numbers.row_count)]
        assert any(text.startswith("pending") for text in pending)  # the frozen day is today
        cursor_at = numbers.cursor_slot_start()
        await pilot.press("m")
        await pilot.pause()
        assert numbers.minutes == 30
        assert numbers.row_count == -(-len(happened) // 2)
        assert cursor_at is not None
        assert numbers.cursor_slot_start() in (cursor_at, cursor_at - 15 * 60_000)
        await pilot.press("escape")
        await pilot.pause()
        assert shown(strip) and not shown(numbers)
        assert app.focused is app.query_one("#teams-table", DataTable)
        assert app.monitor.current_pane_id == TeamsPane.pane_id


# -- Agents ---------------------------------------------------------------------------------


def test_every_sort_letter_is_in_its_heading_and_unique() -> None:
    assert len(set(SORT_LETTERS.values())) == len(SORT_LETTERS)
    assert set(SORT_LETTERS) == set(COLUMN_LABELS)
    for key, letter in SORT_LETTERS.items():
        label = heading(key)
        underlined = [span for span in label.spans if "underline" in str(span.style)]
        assert len(underlined) == 1, key
        start = underlined[0].start
        assert label.plain[start].casefold() == letter.casefold(), key
        assert letter not in {"S", "Q"}  # S reverses; capital Q is too close to quit


def _plan(app: AgentActivityApp) -> str:
    view = app.monitor.view
    assert view is not None
    lines = ["agent_id,date,start,end"]
    for activity in view.report.agents:
        if activity.first_login_ms is not None:
            first = datetime.fromtimestamp(activity.first_login_ms / 1000, UTC)
            lines.append(f"{activity.agent.agent_id},{first.date()},{first:%H}:00,23:30")
    return "\n".join(lines) + "\n"


async def test_agents_columns_follow_the_schedule_and_the_team_scope(make_app: AppFactory) -> None:
    probe = make_app()
    async with probe.run_test(size=(120, 40)) as pilot:
        await probe.monitor.wait_for_sync(0)
        pane = probe.query_one(AgentsPane)
        assert "team" in pane.columns
        assert not {"late_login", "early_logout", "adherence", "conformance"} & set(pane.columns)
        await pilot.press("enter")  # the first team's agents
        await pilot.pause()
        assert "team" not in pane.columns and pane.group_filter is not None
        await pilot.press("escape")
        await pilot.pause()
        assert "team" in pane.columns
        plan = _plan(probe)
    app = make_app(schedule=parse_schedule(plan, "plan.csv"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("2")
        await pilot.pause()
        pane = app.query_one(AgentsPane)
        table = app.query_one("#agents-table", DataTable)
        assert {"late_login", "early_logout", "adherence", "conformance"} <= set(pane.columns)
        assert pane.columns.index("late_login") < pane.columns.index("logged_in")
        assert table.fixed_columns == 1 and pane.columns[0] == "name"
        await pilot.press("G")  # Late login, the latest first
        await pilot.pause()
        assert pane.sort_column == "late_login"
        view = app.monitor.view
        assert view is not None
        lateness = {
            str(a.agent.agent_id): (
                None if a.schedule is None else a.schedule.late_login_ms,
                a.agent.display_name.casefold(),
            )
            for a in view.report.agents
        }
        order = [lateness[key] for key in row_keys(table)]
        known = [item for item in order if item[0] is not None]
        assert known == sorted(known, key=lambda item: (-(item[0] or 0), item[1]))
        assert order[: len(known)] == known  # rows without a value come last
        await pilot.press("G")  # again: the earliest first
        await pilot.pause()
        order = [lateness[key] for key in row_keys(table)]
        known = [item for item in order if item[0] is not None]
        assert known == sorted(known)
        await pilot.press("A")  # Agent: A to Z at first
        await pilot.pause()
        names = [lateness[key][1] for key in row_keys(table)]
        assert names == sorted(names)
