"""The cache's table of team names from LivePerson's Agent Groups API.

One row per group id; each successful fetch replaces the whole table in one transaction (a group
renamed or deleted upstream is renamed or gone here too), so a kill at any instant leaves either
the old names or the new ones. Reading back on reopen shows names before the first fetch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager

from tui.store.transactions import transaction


def create_group_name_table(connection: sqlite3.Connection) -> None:
    """Schema step 3: team names by group id, with when they were fetched."""
    connection.execute(
        """
        CREATE TABLE group_names (
            group_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            fetched_at_ms INTEGER NOT NULL
        )
        """
    )


Connect = Callable[[], AbstractContextManager[sqlite3.Connection]]


class GroupNameTable:
    """Team names in an :class:`~tui.store.database.ActivityStore`'s database."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def replace(self, names: Mapping[int, str], fetched_at_ms: int) -> None:
        """Make ``names`` the table's whole content (idempotent)."""
        rows = [(group_id, name, fetched_at_ms) for group_id, name in names.items()]
        with self._connect() as connection, transaction(connection):
            connection.execute("DELETE FROM group_names")
            connection.executemany(
                "INSERT INTO group_names (group_id, name, fetched_at_ms) VALUES (?, ?, ?)", rows
            )

    def read(self) -> dict[int, str]:
        """Group id -> name, as last fetched (empty before any fetch)."""
        with self._connect() as connection:
            rows = connection.execute("SELECT group_id, name FROM group_names").fetchall()
        return {int(group_id): str(name) for group_id, name in rows}
