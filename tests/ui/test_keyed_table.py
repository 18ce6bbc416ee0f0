"""RowSync fills a big keyed table a step per refresh, in sorted order, within a time budget per
step, only while the table is shown, and a newer sync wins."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rich.markup import escape
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable

from tui.ui.widgets.keyed_table import RowSync, SortCell, cell, pinned, row_order

COLUMNS = ("name", "size")


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table: DataTable[Any] = DataTable(id="table")
        for key in COLUMNS:
            table.add_column(key, key=key)
        # Steps of exactly 100 rows (a budget no step reaches), so the test knows each step.
        self.rows = RowSync(table, COLUMNS, rows_per_step=100, budget_s=60.0)
        with Vertical(id="box"):
            yield table


def rows(count: int, *, scale: int = 1) -> dict[str, tuple[SortCell, ...]]:
    return {f"r{n}": (cell(f"row {n}"), cell(str(n * scale), n * scale)) for n in range(count)}


def keys(table: DataTable[Any]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


async def test_a_big_table_fills_in_steps_in_sorted_order() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        app.rows.sync(rows(250), sort_column="size", reverse=True)
        assert table.row_count == 100  # the first step, at once
        assert keys(table) == [f"r{n}" for n in range(249, 149, -1)]
        steps = 0
        while not app.rows.done and steps < 20:
            await pilot.pause()
            steps += 1
        assert 0 < steps < 20
        assert keys(table) == [f"r{n}" for n in range(249, -1, -1)]
        assert app.rows.ordered_keys() == keys(table)


async def test_a_newer_sync_replaces_what_was_left_and_drops_stale_rows() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        app.rows.sync(rows(250), sort_column="size", reverse=False)
        app.rows.sync(rows(30, scale=2), sort_column="size", reverse=False)
        assert app.rows.done
        await pilot.pause()
        assert keys(table) == [f"r{n}" for n in range(30)]
        assert table.get_cell("r7", "size") == "14"


async def test_without_a_sort_column_rows_keep_the_given_order_and_may_be_text() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        given = {f"e{n}": (Text(f"row {n}"), Text(str(n))) for n in (5, 1, 250, 3)}
        given.update({f"x{n}": (Text("x"), Text(str(n))) for n in range(200)})
        app.rows.sync(given, sort_column=None)
        assert table.row_count == 100  # the first step
        steps = 0
        while not app.rows.done and steps < 20:
            await pilot.pause()
            steps += 1
        assert keys(table) == list(given) == app.rows.ordered_keys()
        assert table.get_cell("e250", "size") == Text("250")


async def test_a_step_stops_at_its_time_budget_but_applies_at_least_one_row() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        rows_sync = RowSync(table, COLUMNS, budget_s=0.0)  # every row is over budget
        rows_sync.sync(rows(5), sort_column="size")
        assert table.row_count == 1  # the rest, a row per refresh
        while not rows_sync.done:
            await pilot.pause()
        assert keys(table) == [f"r{n}" for n in range(5)]
        generous = RowSync(table, COLUMNS)  # the default budget: 30 rows are one step
        generous.sync(rows(30, scale=3), sort_column="size")
        assert generous.done and table.get_cell("r9", "size") == "27"


async def test_a_hidden_table_fills_only_once_it_is_shown() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        box = app.query_one("#box")
        box.display = False
        app.rows.sync(rows(250), sort_column="size")
        for _ in range(3):
            await pilot.pause()
        assert keys(table) == []
        assert app.rows.ordered_keys()[:2] == ["r0", "r1"]  # known, not applied
        box.display = True
        app.rows.resume()
        assert len(keys(table)) == 100
        while not app.rows.done:
            await pilot.pause()
        assert keys(table) == [f"r{n}" for n in range(250)]
        box.display = False
        app.rows.sync(rows(3), sort_column="size")  # stale rows wait too, then go at once
        assert table.row_count == 250
        box.display = True
        app.rows.resume()
        assert keys(table) == ["r0", "r1", "r2"] and app.rows.done


@given(st.text(alphabet=st.sampled_from("ab[]/\\#@ \n"), max_size=12) | st.text(max_size=12))
def test_a_cell_is_its_text_escaped_as_rich_escapes_it(text: str) -> None:
    assert str(SortCell(text)) == escape(text)


_VALUES = st.one_of(st.none(), st.integers(-5, 5))


@given(
    st.lists(st.tuples(_VALUES, st.sampled_from("abcde"), st.booleans()), max_size=30),
    st.booleans(),
)
def test_row_order_sorts_as_the_rule_says(
    specs: list[tuple[int | None, str, bool]], descending: bool
) -> None:
    """Pinned rows last, rows without a value next, then by value in the chosen direction, equal
    values by the tie column A to Z in both directions."""
    table = [
        (
            SortCell(str(value), value),
            pinned(name) if is_pinned else cell(name),
        )
        for value, name, is_pinned in specs
    ]
    order = row_order((tie for _, tie in table), descending)
    got = sorted(table, key=lambda row: order(*row), reverse=descending)

    def group(row: tuple[SortCell, SortCell]) -> int:
        primary, tie = row
        if tie.sort_value[0] == 2:
            return 2
        return primary.sort_value[0]

    for before, after in itertools.pairwise(got):
        assert group(before) <= group(after)
        if group(before) != group(after):
            continue
        value_before, value_after = before[0].sort_value[1], after[0].sort_value[1]
        if group(before) == 0 and value_before != value_after:
            assert (value_before > value_after) if descending else (value_before < value_after)
        else:
            assert before[1].sort_value[1] <= after[1].sort_value[1]


async def test_the_same_rows_again_do_not_sort_or_repaint_the_table() -> None:
    """A newer view with the same rows (cached figures settled by a fetch) changes nothing:
    sorting would make the table render every visible cell again."""
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        app.rows.sync(rows(30), sort_column="size", reverse=True)
        await pilot.pause()
        painted = table._update_count
        app.rows.sync(rows(30), sort_column="size", reverse=True)
        await pilot.pause()
        assert table._update_count == painted
        app.rows.sync(rows(30), sort_column="size", reverse=False)  # another order: sorted
        await pilot.pause()
        assert keys(table) == [f"r{n}" for n in range(30)]
        app.rows.sync(rows(30, scale=2), sort_column="size", reverse=False)  # new values
        await pilot.pause()
        assert table.get_cell("r7", "size") == "14"
        assert keys(table) == [f"r{n}" for n in range(30)]
