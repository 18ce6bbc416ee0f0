"""Keyed ``DataTable`` updates: drop stale rows, change only cells that differ, add new, sort once.

Cells are :class:`SortCell` strings that carry the value to sort by, so "7h05" sorts as a duration
and "—" sorts last, whichever column the user picks.
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


def sync_rows(
    table: DataTable[Any],
    column_keys: Sequence[str],
    rows: Mapping[str, Sequence[SortCell]],
    *,
    sort_column: str,
    reverse: bool,
) -> None:
    """Make ``table`` hold exactly ``rows`` (row key -> cells), sorted by ``sort_column``."""
    wanted = set(rows)
    for row_key in [key.value for key in table.rows if key.value not in wanted]:
        if row_key is not None:
            table.remove_row(row_key)
    existing = {key.value for key in table.rows}
    for row_key, cells in rows.items():
        if row_key in existing:
            for column_key, new in zip(column_keys, cells, strict=True):
                old = table.get_cell(row_key, column_key)
                if old != new or getattr(old, "sort_value", None) != new.sort_value:
                    table.update_cell(row_key, column_key, new)
        else:
            table.add_row(*cells, key=row_key)
    table.sort(sort_column, key=_sort_value, reverse=reverse)


def _sort_value(value: object) -> SortValue:
    if isinstance(value, SortCell):
        return value.sort_value
    return (1, "")
