"""Keyed ``DataTable`` updates: drop stale rows, change only cells that differ, add new, sort once.

Cells are :class:`SortCell` strings that carry the value to sort by, so "7h05" sorts as a duration
and "—" sorts last, whichever column the user picks. A table kept in the order it is given (no
sort column) may hold any renderable, such as ``rich.text.Text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.markup import escape
from textual.widgets import DataTable

SortValue = tuple[int, Any]


class SortCell(str):
    """A displayed cell and the value it sorts by (missing values sort last)."""

    sort_value: SortValue

    def __new__(cls, text: str, sort_value: object = None) -> SortCell:
        cell = super().__new__(cls, escape(text))
        cell.sort_value = (1, "") if sort_value is None else (0, sort_value)
        return cell


def cell(text: str, sort_value: object = None) -> SortCell:
    """A cell sorting by ``sort_value`` (by its text, case-folded, when not given)."""
    return SortCell(text, text.casefold() if sort_value is None else sort_value)


def missing(text: str = "—") -> SortCell:
    """A cell with no value: sorts after every real value."""
    return SortCell(text, None)


CELLS_PER_STEP = 200
"""Cells added or compared per step. ``DataTable`` measures every new or changed cell on the event
loop (some 20 µs each), so one step stays near 4 ms whatever the table's width (16 rows of 12
columns, 11 of 18): on a loaded machine, where the loop shares the GIL and the cores
with the sync threads, that is still well inside a frame."""


class RowSync:
    """Keeps one keyed ``DataTable`` equal to the rows it is given, sorted, a step at a time.

    :meth:`sync` drops stale rows and applies the first rows (:data:`CELLS_PER_STEP` cells) at
    once (a table of a few dozen rows is done right there); the rest follow a step per screen
    refresh, so a 2,000-agent table fills over a few frames instead of freezing the loop for half
    a second. Rows are applied in their sorted order, so a table filling up is already in order;
    the table is sorted once, at the last step. A newer :meth:`sync` replaces what an older one
    had left to do.
    """

    def __init__(
        self,
        table: DataTable[Any],
        column_keys: Sequence[str],
        *,
        rows_per_step: int | None = None,
    ) -> None:
        self._table = table
        self._column_keys = tuple(column_keys)
        self._rows_per_step = rows_per_step or max(1, CELLS_PER_STEP // len(self._column_keys))
        self._wanted: dict[str, Sequence[Any]] = {}
        self._pending: list[str] = []
        self._sort_column: str | None = self._column_keys[0]
        self._reverse = False
        self._scheduled = False

    def sync(
        self,
        rows: Mapping[str, Sequence[Any]],
        *,
        sort_column: str | None,
        reverse: bool = False,
    ) -> None:
        """Make the table hold exactly ``rows`` (row key -> cells), sorted by ``sort_column``
        (:class:`SortCell` cells), or in the order given when it is ``None``."""
        table = self._table
        self._wanted = dict(rows)
        self._sort_column, self._reverse = sort_column, reverse
        for row_key in [key.value for key in table.rows if key.value not in self._wanted]:
            if row_key is not None:
                table.remove_row(row_key)
        self._pending = self.ordered_keys()
        self._step()

    @property
    def rows_per_step(self) -> int:
        """Rows applied per step (about :data:`CELLS_PER_STEP` cells unless given)."""
        return self._rows_per_step

    @property
    def done(self) -> bool:
        """Whether the table holds every row of the last :meth:`sync`."""
        return not self._pending

    def ordered_keys(self) -> list[str]:
        """The keys of the last :meth:`sync`, in the order the table shows (or will show) them."""
        if self._sort_column is None:
            return list(self._wanted)
        index = self._column_keys.index(self._sort_column)
        return sorted(
            self._wanted,
            key=lambda key: _sort_value(self._wanted[key][index]),
            reverse=self._reverse,
        )

    def _step(self) -> None:
        self._scheduled = False
        table = self._table
        if not table.is_attached:
            return
        batch = self._pending[: self._rows_per_step]
        del self._pending[: self._rows_per_step]
        for row_key in batch:
            cells = self._wanted[row_key]
            if row_key in table.rows:
                for column_key, new in zip(self._column_keys, cells, strict=True):
                    old = table.get_cell(row_key, column_key)
                    if old != new or getattr(old, "sort_value", None) != getattr(
                        new, "sort_value", None
                    ):
                        table.update_cell(row_key, column_key, new)
            else:
                table.add_row(*cells, key=row_key)
        if not self._pending:
            if self._sort_column is not None:
                table.sort(self._sort_column, key=_sort_value, reverse=self._reverse)
        elif not self._scheduled:
            self._scheduled = True
            table.call_after_refresh(self._step)


def _sort_value(value: object) -> SortValue:
    if isinstance(value, SortCell):
        return value.sort_value
    return (1, "")
