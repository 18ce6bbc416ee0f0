"""The per-account SQLite cache of status changes and of which time ranges were fetched.

Threading rule: an :class:`ActivityStore` may be shared between threads (the UI's asyncio worker
syncs, an analysis thread reads). A file store gives every thread its own connection (WAL mode:
readers never wait for the writer and always see whole transactions); an in-memory store has one
connection guarded by a lock. Each call is self-contained; no cursor or transaction outlives it.

Durability: every page is written in its own transaction, and a fetched range is marked complete
only after all its pages are stored (in the transaction that stores whatever the fetch returned
beyond its pages), so ``kill -9`` at any instant loses nothing committed and never leaves a
half-fetched range marked complete.

Trust: opening a file runs ``PRAGMA quick_check`` (it reads the whole file: about 0.15 s per
stored day of a 2,000-agent account); a file that fails it, is not SQLite, or comes from a newer
schema is moved aside as ``<name>.corrupt-<UTC time>`` and a fresh cache is built, which the next
sync fills from the API again.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from urllib.parse import quote

from tui.core.clock import Clock
from tui.core.collector import collector_paused, settle_long_lived
from tui.core.errors import AgentActivityError
from tui.core.records import RecordIdentity, StatusRecord
from tui.store.decode import new_shared_values, records_from_rows
from tui.store.group_table import GroupNameTable
from tui.store.planning import FetchedRange, merge_spans
from tui.store.record_packs import ORDER, PackedHours, pack_hours, read_records
from tui.store.schema import (
    PACKS_SINCE,
    RECORD_COLUMNS,
    SCHEMA_VERSION,
    migrate,
    schema_version,
)
from tui.store.segment_table import SegmentTable
from tui.store.transactions import transaction

MS_PER_DAY = 86_400_000

_UPSERT = """
INSERT INTO records (
    time_ms, agent_id, sequence, status_type, subtype_key, reason_key, status_subtype,
    session_id, group_id, employee_id, login_name, user_name, reason_id, reason_text, prev_time_ms
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO UPDATE SET
    session_id = CASE WHEN excluded.session_id = -1 THEN session_id ELSE excluded.session_id END,
    group_id = excluded.group_id,
    employee_id = excluded.employee_id,
    login_name = excluded.login_name,
    user_name = excluded.user_name,
    reason_text = excluded.reason_text,
    prev_time_ms = excluded.prev_time_ms
WHERE (excluded.session_id <> -1 AND excluded.session_id <> session_id)
    OR excluded.group_id <> group_id
    OR excluded.employee_id IS NOT employee_id
    OR excluded.login_name IS NOT login_name
    OR excluded.user_name IS NOT user_name
    OR excluded.reason_text IS NOT reason_text
    OR excluded.prev_time_ms IS NOT prev_time_ms
"""
"""Idempotent upsert by record identity: the newest values win, except that a session id of -1
(not yet known) never replaces a real one; unchanged rows are not rewritten."""

SELECT_RANGE = (
    f"SELECT {', '.join(RECORD_COLUMNS)} FROM records "  # noqa: S608 - constant column list
    f"WHERE time_ms >= ? AND time_ms < ? {ORDER}"
)


_SELECT_STATE_BEFORE = f"""
WITH last_boundary AS (
    SELECT agent_id, max(time_ms) AS since FROM records
    WHERE time_ms >= ?1 AND time_ms < ?2 AND status_type IN (3, 4)
    GROUP BY agent_id
)
SELECT {", ".join(f"r.{name}" for name in RECORD_COLUMNS)}
FROM records AS r LEFT JOIN last_boundary AS b ON b.agent_id = r.agent_id
WHERE r.time_ms >= ?1 AND r.time_ms < ?2 AND r.time_ms >= coalesce(b.since, ?1)
ORDER BY r.time_ms, r.agent_id, r.sequence, r.status_type, r.subtype_key, r.reason_key
"""  # noqa: S608 - constant column list
"""Each agent's records of ``[?1, ?2)`` from its last login or logout on: all that its state at
``?2`` depends on (a login starts the state machine afresh; a logout leaves it logged out)."""


_SELECT_IDENTITIES = (
    "SELECT agent_id, time_ms, sequence, status_type, subtype_key, reason_key FROM records "
    "WHERE time_ms >= ? AND time_ms < ?"
)
"""Stored keys in :meth:`StatusRecord.identity` order."""

_DELETE_BY_IDENTITY = (
    "DELETE FROM records WHERE agent_id = ? AND time_ms = ? AND sequence = ? "
    "AND status_type = ? AND subtype_key = ? AND reason_key = ?"
)


@dataclass(frozen=True)
class RangeCompletion:
    """What completing a range did: records written, stored records the fetch no longer had."""

    written: int
    removed: int


class StoreError(AgentActivityError):
    """The cache file cannot be opened or created."""

    title = "Cache"


def _row(record: StatusRecord) -> tuple[object, ...]:
    """The upsert's values: the identity (its key columns), then the other fields."""
    agent_id, time_ms, sequence, status_type, subtype_key, reason_key = record.identity()
    return (
        time_ms,
        agent_id,
        sequence,
        status_type,
        subtype_key,
        reason_key,
        record.status_subtype,
        record.session_id,
        record.group_id,
        record.employee_id,
        record.login_name,
        record.user_name,
        record.reason_id,
        record.reason_text,
        record.prev_time_ms,
    )


def _connect(target: str, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"file:{quote(target)}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        connection = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA cache_size = -16384")
    return connection


class ActivityStore:
    """Status changes of one account, stored once each, and the bookkeeping of fetched ranges.

    Build one with :meth:`open` (a file under the cache dir) or :meth:`in_memory` (the demo).
    ``notice`` says, for the UI, when an unusable cache file was moved aside and rebuilt.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        clock: Clock,
        retention_days: int = 35,
        notice: str | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.notice = notice
        self.read_only = read_only
        """A cache we may not write (a read-only file or directory): it serves reads only."""
        self._clock = clock
        self._retention_ms = retention_days * MS_PER_DAY
        self._local = threading.local()
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._shared: sqlite3.Connection | None = None
        self._closed = False
        self._unsound_packs: set[int] = set()  # packs a read skipped: rebuilt by the next pack
        self._has_packs = True  # False for a read-only cache older than the packs
        self._packed_hours: PackedHours = {}  # the last read's packed records, by pack id
        self.segments = SegmentTable(self._connection)
        """Conversation segments (Actual Handle Time API) in the same file."""
        self.group_names = GroupNameTable(self._connection)
        """Team names (Agent Groups API) in the same file."""
        try:
            if path is None:
                self._shared = _connect(":memory:")
                self._connections.append(self._shared)
                migrate(self._shared)
            elif read_only:
                with self._connection() as connection:
                    self._has_packs = schema_version(connection) >= PACKS_SINCE
            else:
                with self._connection() as connection:
                    connection.execute("PRAGMA journal_mode = WAL")
                    connection.execute("PRAGMA synchronous = NORMAL")
                    migrate(connection)
            self.prune()
        except BaseException:
            self.close()
            raise

    @classmethod
    def in_memory(cls, *, clock: Clock, retention_days: int = 35) -> ActivityStore:
        """A store that lives and dies with the process (no files)."""
        return cls(None, clock=clock, retention_days=retention_days)

    @classmethod
    def open(cls, path: Path, *, clock: Clock, retention_days: int = 35) -> ActivityStore:
        """Open (or create) the cache file; an unusable file is moved aside and rebuilt.

        Raises :class:`StoreError` when the file or its directory cannot be created.
        """
        try:
            if _read_only(path):
                read_only_notice = (
                    f"The cache {path} is read-only: showing what it holds; new data is not "
                    "stored until it can be written again."
                )
                return cls(
                    path,
                    clock=clock,
                    retention_days=retention_days,
                    notice=read_only_notice,
                    read_only=True,
                )
            notice = _set_aside_if_unusable(path, clock)
            _create_private_file(path)
            return cls(path, clock=clock, retention_days=retention_days, notice=notice)
        except StoreError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the cache {path}: {exc}") from exc

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise sqlite3.ProgrammingError("the activity store is closed")
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            assert self.path is not None
            connection = _connect(str(self.path), read_only=self.read_only)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        yield connection

    def write_records(self, records: Iterable[StatusRecord]) -> int:
        """Upsert records in one transaction; returns how many were given."""
        rows = [_row(record) for record in records]
        with self._connection() as connection, transaction(connection):
            connection.executemany(_UPSERT, rows)
        return len(rows)

    def begin_range(self, start_ms: int, end_ms: int, fetched_at_ms: int) -> int:
        """Record that a fetch of ``[start_ms, end_ms)`` started (not complete); returns its id."""
        with self._connection() as connection, transaction(connection):
            cursor = connection.execute(
                "INSERT INTO fetched_ranges (start_ms, end_ms, fetched_at_ms, "
                "data_complete_to_ms, complete) VALUES (?, ?, ?, ?, 0)",
                (start_ms, end_ms, fetched_at_ms, fetched_at_ms),
            )
            range_id = cursor.lastrowid
        assert range_id is not None
        return range_id

    def complete_range(
        self,
        range_id: int,
        data_complete_to_ms: int,
        remaining: Iterable[StatusRecord] = (),
        *,
        returned: AbstractSet[RecordIdentity] | None = None,
    ) -> RangeCompletion:
        """Store the range's last records and mark it complete, in one transaction.

        ``returned`` is the identity of every record the complete fetch returned: stored records
        of the range not among them are removed, so a record the API has since replaced (say, its
        reason id filled in, which changes its identity) is not counted twice.
        """
        rows = [_row(record) for record in remaining]
        with self._connection() as connection, transaction(connection):
            connection.executemany(_UPSERT, rows)
            removed = 0
            if returned is not None:
                stale = [
                    key for key in self._keys_of_range(connection, range_id) if key not in returned
                ]
                connection.executemany(_DELETE_BY_IDENTITY, stale)
                removed = len(stale)
            connection.execute(
                "UPDATE fetched_ranges SET complete = 1, data_complete_to_ms = ? WHERE id = ?",
                (data_complete_to_ms, range_id),
            )
        return RangeCompletion(written=len(rows), removed=removed)

    @staticmethod
    def _keys_of_range(connection: sqlite3.Connection, range_id: int) -> Iterator[RecordIdentity]:
        (start_ms, end_ms) = connection.execute(
            "SELECT start_ms, end_ms FROM fetched_ranges WHERE id = ?", (range_id,)
        ).fetchone()
        return iter(connection.execute(_SELECT_IDENTITIES, (start_ms, end_ms)).fetchall())

    def ranges(self, start_ms: int, end_ms: int) -> list[FetchedRange]:
        """Every fetched range (complete or not) overlapping ``[start_ms, end_ms)``."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT start_ms, end_ms, fetched_at_ms, data_complete_to_ms, complete "
                "FROM fetched_ranges WHERE end_ms > ? AND start_ms < ? ORDER BY id",
                (start_ms, end_ms),
            ).fetchall()
        return [FetchedRange(s, e, at, dct, bool(done)) for s, e, at, dct, done in rows]

    def read(self, start_ms: int, end_ms: int) -> tuple[StatusRecord, ...]:
        """The stored records with time in ``[start_ms, end_ms)``, in time order."""
        return self.read_window(start_ms, end_ms, start_ms)

    def read_window(
        self, start_ms: int, end_ms: int, lookback_start_ms: int
    ) -> tuple[StatusRecord, ...]:
        """The window's records, preceded by what each agent's state at ``start_ms`` depends
        on from ``[lookback_start_ms, start_ms)`` (its records since its last login or logout
        there; all of them when it has neither), in time order.

        Analysing the result gives the same figures as analysing every look-back record; most
        agents of a day team then bring one logout instead of a whole evening shift.

        Whole hours of the window come from their packs where sound (see
        :mod:`tui.store.record_packs`), the rest row by row, all in one read transaction (one
        consistent snapshot); repeated ids and texts are one object across the whole result.
        """
        shared = new_shared_values()
        unsound: set[int] = set()
        with self._lock:
            earlier = self._packed_hours
        used: PackedHours = {}
        with self._connection() as connection, collector_paused(), _snapshot(connection):
            parts = (
                []
                if lookback_start_ms >= start_ms
                else [
                    records_from_rows(
                        connection.execute(_SELECT_STATE_BEFORE, (lookback_start_ms, start_ms)),
                        shared,
                    )
                ]
            )
            parts.extend(
                read_records(
                    connection,
                    SELECT_RANGE,
                    start_ms,
                    end_ms,
                    shared=shared,
                    unsound=unsound,
                    packs=self._has_packs,
                    earlier=earlier,
                    used=used,
                )
            )
            records = tuple(chain.from_iterable(parts))
            del parts
            settle_long_lived(len(records))  # they outlive this call: no collection walks them
        with self._lock:
            self._unsound_packs.update(unsound)
            self._packed_hours = used  # the last read's: what the next refresh can share
        return records

    def pack_complete_hours(self, start_ms: int, end_ms: int) -> int:
        """Pack the whole hours of ``[start_ms, end_ms)`` that complete fetches hold and that
        lack a sound pack (see :mod:`tui.store.record_packs`); returns how many were packed.

        Call it from the thread that writes (it takes the write lock an hour at a time); a
        read-only cache packs nothing.
        """
        if self.read_only:
            return 0
        ranges = self.ranges(start_ms, end_ms)
        spans = merge_spans(s for r in ranges if r.complete and (s := r.complete_span()))
        with self._lock:
            unsound = set(self._unsound_packs)
        to_rebuild = set(unsound)
        packed = 0
        with self._connection() as connection, collector_paused():
            for span_start, span_end in spans:
                packed += pack_hours(
                    connection,
                    SELECT_RANGE,
                    max(span_start, start_ms),
                    min(span_end, end_ms),
                    unsound,
                )
        with self._lock:
            self._unsound_packs -= to_rebuild - unsound  # rebuilt
        return packed

    def count(self, start_ms: int, end_ms: int) -> int:
        with self._connection() as connection:
            row = connection.execute(
                "SELECT count(*) FROM records WHERE time_ms >= ? AND time_ms < ?",
                (start_ms, end_ms),
            ).fetchone()
        return int(row[0])

    def prune(self) -> int:
        """Drop records and range bookkeeping older than the retention; returns records dropped."""
        if self.read_only:
            return 0
        cutoff = self._clock.now_ms() - self._retention_ms
        with self._connection() as connection, transaction(connection):
            dropped = connection.execute("DELETE FROM records WHERE time_ms < ?", (cutoff,))
            connection.execute("DELETE FROM fetched_ranges WHERE end_ms <= ?", (cutoff,))
            connection.execute(
                "UPDATE fetched_ranges SET start_ms = ? WHERE start_ms < ?", (cutoff, cutoff)
            )
            SegmentTable.prune(connection, cutoff)
        return dropped.rowcount

    def schema_version(self) -> int:
        with self._connection() as connection:
            return schema_version(connection)

    def close(self) -> None:
        """Close every connection (call once no other thread uses the store)."""
        with self._lock:
            connections, self._connections = self._connections, []
            self._shared = None
            self._closed = True
        for connection in connections:
            connection.close()
        self._local = threading.local()


@contextmanager
def _snapshot(connection: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every statement inside sees the same committed state."""
    connection.execute("BEGIN")
    try:
        yield
    finally:
        if connection.in_transaction:
            connection.execute("COMMIT")


def _read_only(path: Path) -> bool:
    """An existing, non-empty cache file we may not write (or whose directory we may not)."""
    try:
        if path.stat().st_size == 0:
            return False
    except FileNotFoundError:
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _create_private_file(path: Path) -> None:
    """Create the cache dir (0700) and an empty file (0600): it holds agent names."""
    directory = path.parent
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        directory.chmod(0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


_CORRUPT = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""The only SQLite errors that say the file itself is bad; every other one (I/O, a full disk, a
read-only file or directory, a lock) is about the circumstances and leaves the file alone."""


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the database file itself is damaged or not a database."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.split("_(")[0] in _CORRUPT or any(name.startswith(kind) for kind in _CORRUPT)


def _problem_with(path: Path) -> str | None:
    """Why an existing cache file cannot be trusted, or ``None`` when it is sound.

    Only SQLite's own verdict counts (``quick_check``, "not a database", a newer schema); an
    error that is not about the file's content is raised as :class:`StoreError`, file untouched.
    """
    try:
        connection = sqlite3.connect(str(path), isolation_level=None)
        try:
            result = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
            if result != ["ok"]:
                return "; ".join(str(item) for item in result[:3])
            version = schema_version(connection)
            if version > SCHEMA_VERSION:
                return f"it was written by a newer version (schema {version} > {SCHEMA_VERSION})"
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if is_corruption(exc):
            return str(exc)
        raise StoreError(
            f"cannot check the cache {path} ({exc}); it was left as it is — free disk space or "
            "fix its permissions, then try again"
        ) from exc
    return None


def _set_aside_if_unusable(path: Path, clock: Clock) -> str | None:
    """Move a corrupt or foreign cache file (and its WAL files) aside; returns the notice."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    problem = _problem_with(path)
    if problem is None:
        return None
    stamp = datetime.fromtimestamp(clock.now_ms() / 1000, tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + suffix))
    return (
        f"The local cache could not be used ({problem}); it was moved to {aside.name} "
        "and the data is fetched again from the API."
    )
