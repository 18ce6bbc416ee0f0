"""Keyed ``DataTable`` updates: drop stale rows, change only cells that differ, add new, sort once.

Cells are :class:`SortCell` strings that carry the value to sort by, so "7h05" sorts as a duration
and "—" sorts last, whichever column the user picks. With a tie column, "—" sorts last in either
direction, equal values keep the tie column's order (the name, A to Z, whichever way the column
sorts), and a :func:`pinned` cell keeps its row at the bottom (a totals row). A table kept in the
order it is given (no sort column) may hold any renderable, such as ``rich.text.Text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from time import perf_counter
from typing import Any

from rich.markup import escape
from textual.widget import Widget
from textual.widgets import DataTable

SortValue = tuple[int, Any]


class SortCell(str):
    """A displayed cell and the value it sorts by (missing values sort last)."""

    sort_value: SortValue

    def __new__(cls, text: str, sort_value: object = None) -> SortCell:
        # Rich's escape changes only text with a "[" or a trailing backslash: most cells have
        # neither, and a day's rows are some 200,000 cells.
        cell = super().__new__(cls, escape(text) if "[" in text or text.endswith("\\") else text)
        cell.sort_value = (1, "") if sort_value is None else (0, sort_value)
        return cell


def cell(text: str, sort_value: object = None) -> SortCell:
    """A cell sorting by ``sort_value`` (by its text, case-folded, when not given)."""
    return SortCell(text, text.casefold() if sort_value is None else sort_value)


def missing(text: str = "—") -> SortCell:
    """A cell with no value: sorts after every real value."""
    return SortCell(text, None)


def pinned(text: str) -> SortCell:
    """A tie-column cell that keeps its row last in any sort (the totals row's name)."""
    cell = SortCell(text)
    cell.sort_value = (2, text)
    return cell


RowKeyFunction = Callable[[object, object], tuple[Any, ...]]


def row_order(ties: Iterable[object], descending: bool) -> RowKeyFunction:
    """The sort key of a row from its (primary, tie) cells, to sort with ``reverse=descending``:
    pinned rows last, then rows without a value, then by value (``descending`` or not), equal
    values by the tie column ascending whichever way the column sorts.

    Every comparison the sort makes is between ints, strings or numbers, in C: a 2,000-row table
    sorts in a few milliseconds on the event loop. ``ties`` are the tie column's cells of every row
    to sort (their ascending ranks let a descending sort keep ties A to Z).
    """
    if not descending:

        def ascending_key(primary: object, tie: object) -> tuple[Any, ...]:
            rank, value = _sort_value(primary)
            tie_rank, tie_value = _sort_value(tie)
            if rank == 2 or tie_rank == 2:
                return (2, None, tie_value)
            return (rank, value if rank == 0 else None, tie_value)

        return ascending_key
    tie_rank_of = {
        value: -index for index, value in enumerate(sorted({_sort_value(tie)[1] for tie in ties}))
    }

    def descending_key(primary: object, tie: object) -> tuple[Any, ...]:
        rank, value = _sort_value(primary)
        tie_rank, tie_value = _sort_value(tie)
        if rank == 2 or tie_rank == 2:
            return (0, None, tie_rank_of[tie_value])
        return (2 - rank, value if rank == 0 else None, tie_rank_of[tie_value])

    return descending_key


STEP_BUDGET_S = 0.004
"""Wall time one step may spend adding or comparing rows. ``DataTable`` then measures the new
cells on the event loop's next idle moment, which costs about as much again, so a step and its
measuring stay near 8 ms however wide the table and however loaded the machine (a step that
waits for the GIL or a core meanwhile applies fewer rows; every step applies at least one)."""


def displayed(widget: Widget) -> bool:
    """Whether ``widget`` and every widget around it are displayed (a pane the
    ``ContentSwitcher`` hides is not)."""
    node: object = widget
    while isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return widget.is_attached


class RowSync:
    """Keeps one keyed ``DataTable`` equal to the rows it is given, sorted, a step at a time.

    :meth:`sync` records the rows; the table is changed in steps of :data:`STEP_BUDGET_S`, the
    first at once (a table of a few dozen rows is done right there), the rest a step per screen
    refresh, so a 2,000-agent table fills over a few dozen frames instead of freezing the loop
    for half a second. A table that is not displayed (its pane hidden) is left alone until
    :meth:`resume` is called when it is shown: only what the user sees costs the loop anything.
    Rows are applied in their sorted order, so a table filling up is already in order; the table
    is sorted once, at the last step. A newer :meth:`sync` replaces what an older one had left
    to do.
    """

    def __init__(
        self,
        table: DataTable[Any],
        column_keys: Sequence[str],
        *,
        rows_per_step: int | None = None,
        budget_s: float = STEP_BUDGET_S,
        tie_column: str | None = None,
    ) -> None:
        self._table = table
        self._column_keys = tuple(column_keys)
        self._tie_column = tie_column
        """Equal values are ordered by this column, ascending (also when sorting descending)."""
        self._rows_per_step = rows_per_step
        self._budget_s = budget_s
        self._wanted: dict[str, Sequence[Any]] = {}
        self._pending: list[str] = []
        self._drop_stale = False
        self._sort_column: str | None = self._column_keys[0]
        self._reverse = False
        self._scheduled = False
        self._stopped = False
        self._changed = True
        """Rows were added, changed or removed since the table was last sorted."""
        self._sorted_by: tuple[str | None, bool] | None = None
        """The (column, reverse) of the table's last sort (``None``: never sorted)."""

    def sync(
        self,
        rows: Mapping[str, Sequence[Any]],
        *,
        sort_column: str | None,
        reverse: bool = False,
    ) -> None:
        """Make the table hold exactly ``rows`` (row key -> cells), sorted by ``sort_column``
        (:class:`SortCell` cells), or in the order given when it is ``None``."""
        self._wanted = dict(rows)
        self._sort_column, self._reverse = sort_column, reverse
        self._pending = self.ordered_keys()
        self._pending.reverse()  # applied from the end: each step pops its rows in C
        self._drop_stale = True
        self._step()

    def stop(self) -> None:
        """Leave the table alone from now on (its columns are being replaced)."""
        self._pending = []
        self._drop_stale = False
        self._stopped = True
        self._sorted_by = None

    def resume(self) -> None:
        """Go on filling the table (call it when the table is shown again)."""
        if not self.done and not self._scheduled:
            self._step()

    @property
    def done(self) -> bool:
        """Whether the table holds every row of the last :meth:`sync`."""
        return not self._pending and not self._drop_stale

    def ordered_keys(self) -> list[str]:
        """The keys of the last :meth:`sync`, in the order the table shows (or will show) them."""
        if self._sort_column is None:
            return list(self._wanted)
        index = self._column_keys.index(self._sort_column)
        if self._tie_column is None:
            return sorted(
                self._wanted,
                key=lambda key: _sort_value(self._wanted[key][index]),
                reverse=self._reverse,
            )
        tie = self._column_keys.index(self._tie_column)
        wanted = self._wanted
        order = self._row_order()
        return sorted(
            wanted,
            key=lambda key: order(wanted[key][index], wanted[key][tie]),
            reverse=self._reverse,
        )

    def _row_order(self) -> RowKeyFunction:
        tie = self._column_keys.index(self._tie_column or self._column_keys[0])
        return row_order((cells[tie] for cells in self._wanted.values()), self._reverse)

    def _step(self) -> None:
        self._scheduled = False
        table = self._table
        if self._stopped or not displayed(table):
            return  # hidden: :meth:`resume` goes on when it is shown
        if self._drop_stale:
            self._drop_stale = False
            self._remove_stale()
        deadline = perf_counter() + self._budget_s
        applied = 0
        pending, limit = self._pending, self._rows_per_step
        while pending and (limit is None or applied < limit):
            self._apply(pending.pop())
            applied += 1
            if perf_counter() >= deadline:
                break
        if not pending:
            self._sort()
        elif not self._scheduled:
            self._scheduled = True
            table.call_after_refresh(self._step)

    def _sort(self) -> None:
        """Sort the table once every row is in, unless it is in that order already: sorting
        makes ``DataTable`` render every visible cell again, so a newer view with the same rows
        (the cache's figures settled by a fetch) would cost a full table paint for nothing."""
        table = self._table
        sorted_by = (self._sort_column, self._reverse)
        if not self._changed and self._sorted_by == sorted_by:
            return
        self._changed = False
        self._sorted_by = sorted_by
        if self._sort_column is not None and self._tie_column is not None:
            order = self._row_order()
            table.sort(
                self._sort_column,
                self._tie_column,
                key=lambda cells: order(cells[0], cells[1]),
                reverse=self._reverse,
            )
        elif self._sort_column is not None:
            table.sort(self._sort_column, key=_sort_value, reverse=self._reverse)

    def _remove_stale(self) -> None:
        table, wanted = self._table, self._wanted
        stale = [key.value for key in table.rows if key.value not in wanted]
        if stale:
            self._changed = True
        if stale and len(stale) == table.row_count:
            table.clear()  # nothing kept: one call instead of a removal per row
            return
        for row_key in stale:
            if row_key is not None:
                table.remove_row(row_key)

    def _apply(self, row_key: str) -> None:
        table = self._table
        cells = self._wanted[row_key]
        if row_key not in table.rows:
            table.add_row(*cells, key=row_key)
            self._changed = True
            return
        for column_key, new in zip(self._column_keys, cells, strict=True):
            old = table.get_cell(row_key, column_key)
            if old != new or getattr(old, "sort_value", None) != getattr(new, "sort_value", None):
                table.update_cell(row_key, column_key, new)
                self._changed = True


def _sort_value(value: object) -> SortValue:
    if isinstance(value, SortCell):
        return value.sort_value
    return (1, "")
