"""The cache's table of conversation segments (Actual Handle Time API) and its fetched ranges.

Segments are keyed by ``segmentId`` (writing one twice keeps one row, the newest values) and read
by close time. ``segment_ranges`` records each productivity fetch: a range is inserted incomplete
when its fetch starts and marked complete in the same transaction that stores its last page, so a
kill at any instant never leaves a range marked complete with segments missing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from tui.core.segments import Segment
from tui.store.transactions import transaction

SEGMENT_COLUMNS = (
    "segment_id",
    "agent_id",
    "end_ms",
    "start_ms",
    "conversation_id",
    "employee_id",
    "skill_id",
    "group_id",
    "end_reason",
    "handle_ms",
)
"""Stored fields in :class:`~tui.core.segments.Segment` field order (``Segment(*row)``)."""


def create_segment_tables(connection: sqlite3.Connection) -> None:
    """Schema step 2: the segments table (by id, indexed by close time) and its ranges."""
    connection.execute(
        """
        CREATE TABLE segments (
            segment_id TEXT PRIMARY KEY,
            agent_id INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            start_ms INTEGER,
            conversation_id TEXT,
            employee_id TEXT,
            skill_id INTEGER,
            group_id INTEGER,
            end_reason TEXT NOT NULL,
            handle_ms INTEGER NOT NULL
        )
        """
    )
    connection.execute("CREATE INDEX segments_by_end ON segments (end_ms)")
    connection.execute(
        """
        CREATE TABLE segment_ranges (
            id INTEGER PRIMARY KEY,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            fetched_at_ms INTEGER NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0
        )
        """
    )


_UPSERT = f"""
INSERT INTO segments ({", ".join(SEGMENT_COLUMNS)}) VALUES ({", ".join("?" * len(SEGMENT_COLUMNS))})
ON CONFLICT (segment_id) DO UPDATE SET
    agent_id = excluded.agent_id, end_ms = excluded.end_ms, start_ms = excluded.start_ms,
    conversation_id = excluded.conversation_id, employee_id = excluded.employee_id,
    skill_id = excluded.skill_id, group_id = excluded.group_id,
    end_reason = excluded.end_reason, handle_ms = excluded.handle_ms
"""  # noqa: S608 - constant column list

_SELECT = (
    f"SELECT {', '.join(SEGMENT_COLUMNS)} FROM segments "  # noqa: S608 - constant column list
    "WHERE end_ms >= ? AND end_ms < ? ORDER BY end_ms, segment_id"
)


@dataclass(frozen=True)
class SegmentRange:
    """One productivity fetch of ``[start_ms, end_ms)`` (by close time)."""

    start_ms: int
    end_ms: int
    fetched_at_ms: int
    complete: bool


def _row(segment: Segment) -> tuple[object, ...]:
    return (
        segment.segment_id,
        segment.agent_id,
        segment.end_ms,
        segment.start_ms,
        segment.conversation_id,
        segment.employee_id,
        segment.skill_id,
        segment.group_id,
        segment.end_reason,
        segment.handle_ms,
    )


Connect = Callable[[], AbstractContextManager[sqlite3.Connection]]


class SegmentTable:
    """Segments and segment ranges in an :class:`~tui.store.database.ActivityStore`'s database
    (``connect`` is the store's per-thread connection)."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def begin_range(self, start_ms: int, end_ms: int, fetched_at_ms: int) -> int:
        with self._connect() as connection, transaction(connection):
            cursor = connection.execute(
                "INSERT INTO segment_ranges (start_ms, end_ms, fetched_at_ms, complete) "
                "VALUES (?, ?, ?, 0)",
                (start_ms, end_ms, fetched_at_ms),
            )
            range_id = cursor.lastrowid
        assert range_id is not None
        return range_id

    def write(self, segments: Iterable[Segment], *, complete_range: int | None = None) -> int:
        """Upsert segments in one transaction (and mark ``complete_range`` complete in it)."""
        rows = [_row(segment) for segment in segments]
        with self._connect() as connection, transaction(connection):
            connection.executemany(_UPSERT, rows)
            if complete_range is not None:
                connection.execute(
                    "UPDATE segment_ranges SET complete = 1 WHERE id = ?", (complete_range,)
                )
        return len(rows)

    def ranges(self, start_ms: int, end_ms: int) -> list[SegmentRange]:
        """Every range (complete or not) overlapping ``[start_ms, end_ms)``, oldest first."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT start_ms, end_ms, fetched_at_ms, complete FROM segment_ranges "
                "WHERE end_ms > ? AND start_ms < ? ORDER BY id",
                (start_ms, end_ms),
            ).fetchall()
        return [SegmentRange(s, e, at, bool(done)) for s, e, at, done in rows]

    def read(self, start_ms: int, end_ms: int) -> tuple[Segment, ...]:
        """Segments closed in ``[start_ms, end_ms)``, by close time."""
        with self._connect() as connection:
            return tuple(Segment(*row) for row in connection.execute(_SELECT, (start_ms, end_ms)))

    def count(self) -> int:
        with self._connect() as connection:
            return int(connection.execute("SELECT count(*) FROM segments").fetchone()[0])

    @staticmethod
    def prune(connection: sqlite3.Connection, cutoff_ms: int) -> None:
        """Inside the store's prune transaction: drop what closed before the cutoff."""
        connection.execute("DELETE FROM segments WHERE end_ms < ?", (cutoff_ms,))
        connection.execute("DELETE FROM segment_ranges WHERE end_ms <= ?", (cutoff_ms,))


def reach(start_ms: int, spans: Sequence[tuple[int, int]]) -> int:
    """How far the spans cover contiguously from ``start_ms`` (``start_ms`` when not at all)."""
    cursor = start_ms
    for low, high in sorted(spans):
        if low > cursor:
            break
        cursor = max(cursor, high)
    return cursor


def covered_to(start_ms: int, ranges: Iterable[SegmentRange]) -> int:
    """The end of the complete fetches' contiguous coverage from ``start_ms``."""
    return reach(start_ms, [(r.start_ms, r.end_ms) for r in ranges if r.complete])


def final_to(start_ms: int, ranges: Iterable[SegmentRange], lag_ms: int) -> int:
    """The end of the stretch from ``start_ms`` whose segments are final: a close time ``t`` is
    final once a complete fetch covering ``t`` ran at ``t + lag`` or later."""
    return reach(
        start_ms,
        [(r.start_ms, min(r.end_ms, r.fetched_at_ms - lag_ms)) for r in ranges if r.complete],
    )
