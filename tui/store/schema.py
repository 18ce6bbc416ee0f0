"""The SQLite schema of the activity cache and the migrations that build it.

``PRAGMA user_version`` holds the schema version. :data:`MIGRATIONS` maps each version to the
function that brings a database from the version before it; opening a store applies the missing
steps in order, each in its own transaction, so an interrupted upgrade resumes where it stopped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from tui.store.group_table import create_group_name_table
from tui.store.record_packs import create_pack_table
from tui.store.segment_table import create_segment_tables

RECORD_COLUMNS = (
    "agent_id",
    "time_ms",
    "status_type",
    "status_subtype",
    "sequence",
    "session_id",
    "group_id",
    "employee_id",
    "login_name",
    "user_name",
    "reason_id",
    "reason_text",
    "prev_time_ms",
)
"""The stored fields of a record, in :class:`~tui.core.records.StatusRecord` field order, so a
selected row builds a record positionally (``StatusRecord(*row)``)."""


def _create_tables(connection: sqlite3.Connection) -> None:
    """Records clustered by time (reads are by time range) and keyed by record identity.

    ``subtype_key``/``reason_key`` are the identity's ``-1`` stand-ins for a missing subtype or
    reason (a primary key cannot hold NULLs that compare equal).
    """
    connection.execute(
        """
        CREATE TABLE records (
            time_ms INTEGER NOT NULL,
            agent_id INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            status_type INTEGER NOT NULL,
            subtype_key INTEGER NOT NULL,
            reason_key INTEGER NOT NULL,
            status_subtype INTEGER,
            session_id INTEGER NOT NULL,
            group_id INTEGER NOT NULL,
            employee_id TEXT,
            login_name TEXT,
            user_name TEXT,
            reason_id INTEGER,
            reason_text TEXT,
            prev_time_ms INTEGER,
            PRIMARY KEY (time_ms, agent_id, sequence, status_type, subtype_key, reason_key)
        ) WITHOUT ROWID
        """
    )
    connection.execute(
        """
        CREATE TABLE fetched_ranges (
            id INTEGER PRIMARY KEY,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            fetched_at_ms INTEGER NOT NULL,
            data_complete_to_ms INTEGER NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    connection.execute("CREATE INDEX fetched_ranges_by_end ON fetched_ranges (end_ms)")


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: Mapping[int, Migration] = {
    1: _create_tables,
    2: create_segment_tables,
    3: create_group_name_table,
    4: create_pack_table,
}
"""Schema version -> the step that upgrades a database from the version before it."""

SCHEMA_VERSION = max(MIGRATIONS)

PACKS_SINCE = 4
"""The first version with ``record_packs`` (a read-only cache of an older one is read by rows)."""


def schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(
    connection: sqlite3.Connection, migrations: Mapping[int, Migration] = MIGRATIONS
) -> int:
    """Apply the missing steps up to the newest version; returns the version reached.

    Each step and its version bump commit together, so a failed step leaves the database at the
    version before it. The connection must be in autocommit mode (``isolation_level=None``).
    """
    target = max(migrations)
    version = schema_version(connection)
    while version < target:
        step = version + 1
        connection.execute("BEGIN IMMEDIATE")
        try:
            migrations[step](connection)
            connection.execute(f"PRAGMA user_version = {int(step)}")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        version = step
    return version
