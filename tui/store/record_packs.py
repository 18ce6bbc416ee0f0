"""A UTC hour of stored records packed into one msgspec blob: how a cached day reopens fast.

Reading a record out of SQLite costs about 2.7 µs per row of thirteen columns, which is most of
reopening a big day (a 10,000-agent day is 1.1M rows). The ``records`` table stays the source of
truth; beside it ``record_packs`` holds, per UTC hour, the same rows in the table's order as one
msgpack blob decoded by one msgspec call. The blob is columnar: one array per field, and the
fields that repeat (agent, session and group ids, names, reason texts) as indexes into one table
of distinct values, so the records are built by C loops (``map``) and every repeated value is one
object without a per-record Python step.

Trust: triggers on ``records`` delete the pack of the hour a row is inserted into, changed in or
deleted from, in the same transaction as the change, so a pack never outlives the rows it copies.
A pack is written only inside a write transaction that reads its rows, so no change can slip in
between. A pack is used only when its checksum, format, row count and value indexes all agree;
any other pack is skipped (its hour read row by row) and rebuilt by the next
:func:`pack_hours` — never a wrong figure, never a discarded cache.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from typing import Any

import msgspec

from tui.core.records import StatusRecord
from tui.store.decode import Row, SharedValues, records_from_rows
from tui.store.transactions import transaction

HOUR_MS = 3_600_000

PACK_FORMAT = 1
"""The layout of :class:`_Pack`; a pack of another format is rebuilt."""

ORDER = "ORDER BY time_ms, agent_id, sequence, status_type, subtype_key, reason_key"
"""The table's primary-key order: the order of every read, row by row or packed."""

_SHARED_FIELDS = frozenset(
    {"agent_id", "session_id", "group_id", "employee_id", "login_name", "user_name", "reason_text"}
)
"""Fields stored as indexes into the pack's table of distinct values."""


class _Pack(msgspec.Struct, array_like=True, frozen=True):
    """One hour's records, a list per field (in :class:`StatusRecord` order after ``values``)."""

    format: int
    values: list[int | str | None]
    prev_values: list[int | None]
    agent_id: list[int]
    time_ms: list[int]
    status_type: list[int]
    status_subtype: list[int | None]
    sequence: list[int]
    session_id: list[int]
    group_id: list[int]
    employee_id: list[int]
    login_name: list[int]
    user_name: list[int]
    reason_id: list[int | None]
    reason_text: list[int]
    prev_time_ms: list[int]


_FIELDS = _Pack.__struct_fields__[3:]
_SHARED = tuple(name in _SHARED_FIELDS for name in _FIELDS)
_TIME = _FIELDS.index("time_ms")
_PREV = _FIELDS.index("prev_time_ms")
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_Pack)


_TRIGGERS = (
    """CREATE TRIGGER records_insert_unpacks AFTER INSERT ON records BEGIN
        DELETE FROM record_packs WHERE hour_ms = NEW.time_ms - NEW.time_ms % 3600000;
    END""",
    """CREATE TRIGGER records_update_unpacks AFTER UPDATE ON records BEGIN
        DELETE FROM record_packs WHERE hour_ms = OLD.time_ms - OLD.time_ms % 3600000;
        DELETE FROM record_packs WHERE hour_ms = NEW.time_ms - NEW.time_ms % 3600000;
    END""",
    """CREATE TRIGGER records_delete_unpacks AFTER DELETE ON records BEGIN
        DELETE FROM record_packs WHERE hour_ms = OLD.time_ms - OLD.time_ms % 3600000;
    END""",
)
"""Each change to ``records`` drops the pack of its hour (both hours of a moved row)."""


def create_pack_table(connection: sqlite3.Connection) -> None:
    """Schema step 4: the packs, and the triggers that drop a pack when its hour's rows change.

    ``hour_ms`` is the hour's first instant (a multiple of :data:`HOUR_MS`, never negative:
    earlier hours are not packed, so SQLite's truncating ``%`` agrees with Python's).
    ``pack_id`` is never reused (``AUTOINCREMENT``): a reader that saw a pack id before and
    finds it again knows the hour's records have not changed since.
    """
    connection.execute(
        """
        CREATE TABLE record_packs (
            pack_id INTEGER PRIMARY KEY AUTOINCREMENT,
            hour_ms INTEGER NOT NULL UNIQUE,
            row_count INTEGER NOT NULL,
            checksum INTEGER NOT NULL,
            pack BLOB NOT NULL
        )
        """
    )
    for trigger in _TRIGGERS:
        connection.execute(trigger)


def full_hours(start_ms: int, end_ms: int) -> range:
    """The first instants of the packable hours wholly inside ``[start_ms, end_ms)``."""
    first = max(0, -(-start_ms // HOUR_MS) * HOUR_MS)
    last = (end_ms // HOUR_MS) * HOUR_MS
    return range(first, max(first, last), HOUR_MS)


def encode(rows: list[Row]) -> bytes:
    """The pack of ``rows`` (column values in :class:`StatusRecord` order, in table order)."""
    columns: list[tuple[Any, ...]] = (
        list(zip(*rows, strict=True)) if rows else [() for _ in _FIELDS]
    )
    index: dict[Any, int] = {}
    fields: list[list[Any]] = []
    for shared, column in zip(_SHARED, columns, strict=True):
        if shared:
            for value in dict.fromkeys(column):
                index.setdefault(value, len(index))
            fields.append(list(map(index.__getitem__, column)))
        else:
            fields.append(list(column))
    # A previous-change time is an index into the hour's times, then into the other values.
    times = fields[_TIME]
    row_of_time = dict(zip(times, range(len(times)), strict=True))
    others: dict[int | None, int] = {}
    fields[_PREV] = [
        row_of_time[prev]
        if prev in row_of_time
        else len(times) + others.setdefault(prev, len(others))
        for prev in fields[_PREV]
    ]
    return _encoder.encode(_Pack(PACK_FORMAT, list(index), list(others), *fields))


def checksum(blob: bytes) -> int:
    return zlib.crc32(blob)


def decode(
    blob: bytes,
    row_count: int,
    expected_checksum: int,
    shared: SharedValues,
) -> list[StatusRecord] | None:
    """The records of a pack, sharing values through ``shared``; ``None`` when it is not sound.

    A previous-change time equal to a time of the same hour is that time's object, not a copy
    (at a million records, some 25 MB less).
    """
    if checksum(blob) != expected_checksum:
        return None
    try:
        pack = _decoder.decode(blob)
    except msgspec.DecodeError:
        return None
    columns = [getattr(pack, name) for name in _FIELDS]
    if pack.format != PACK_FORMAT or any(len(column) != row_count for column in columns):
        return None
    share = shared.setdefault
    table = [share(value, value) for value in pack.values]
    times: list[int | None] = [*pack.time_ms, *pack.prev_values]
    try:
        for position, on in enumerate(_SHARED):
            if on or position == _PREV:
                if row_count and min(columns[position]) < 0:
                    return None  # a negative index would count from the end
                values = times if position == _PREV else table
                columns[position] = list(map(values.__getitem__, columns[position]))
    except IndexError:
        return None
    return list(map(StatusRecord, *columns))


PackedHours = dict[int, list[StatusRecord]]
"""Records of packs a read used, by pack id (a later read reuses them while the pack stands)."""


def read_records(
    connection: sqlite3.Connection,
    select_range: str,
    start_ms: int,
    end_ms: int,
    *,
    shared: SharedValues,
    unsound: set[int],
    packs: bool = True,
    earlier: PackedHours | None = None,
    used: PackedHours | None = None,
) -> Iterator[list[StatusRecord]]:
    """The records of ``[start_ms, end_ms)`` in table order, in slices: each sound pack of a
    whole hour inside the span, and the rows around and between them (``select_range`` takes a
    start and an end); only rows when ``packs`` is false (a cache without the table).

    A pack found in ``earlier`` (an earlier read's) is not decoded again: its records are those
    very objects, so a refresh shares an unchanged hour with the view on screen. The packs used
    are added to ``used``; the first instants of unsound ones to ``unsound``.
    """
    hours = full_hours(start_ms, end_ms) if packs else range(0)
    stored = (
        connection.execute(
            "SELECT pack_id, hour_ms, row_count FROM record_packs "
            "WHERE hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms",
            (hours.start, hours.stop),
        ).fetchall()
        if hours
        else []
    )
    done_to = start_ms
    for pack_id, hour_ms, row_count in stored:
        records = None if earlier is None else earlier.get(pack_id)
        if records is None:
            expected, blob = connection.execute(
                "SELECT checksum, pack FROM record_packs WHERE pack_id = ?", (pack_id,)
            ).fetchone()
            records = decode(blob, row_count, expected, shared)
            del blob
            if records is None:
                unsound.add(hour_ms)
                continue
        if used is not None:
            used[pack_id] = records
        if done_to < hour_ms:
            yield records_from_rows(connection.execute(select_range, (done_to, hour_ms)), shared)
        yield records
        done_to = hour_ms + HOUR_MS
    if done_to < end_ms:
        yield records_from_rows(connection.execute(select_range, (done_to, end_ms)), shared)


def pack_hours(
    connection: sqlite3.Connection,
    select_range: str,
    start_ms: int,
    end_ms: int,
    unsound: set[int],
) -> int:
    """Pack each whole hour of ``[start_ms, end_ms)`` that has no pack or an unsound one, each
    in its own write transaction (rows read and pack written with no change in between);
    returns how many hours were packed."""
    hours = full_hours(start_ms, end_ms)
    if not hours:
        return 0
    packed = {
        hour
        for (hour,) in connection.execute(
            "SELECT hour_ms FROM record_packs WHERE hour_ms >= ? AND hour_ms < ?",
            (hours.start, hours.stop),
        )
    }
    count = 0
    for hour_ms in hours:
        if hour_ms in packed and hour_ms not in unsound:
            continue
        with transaction(connection):
            rows = connection.execute(select_range, (hour_ms, hour_ms + HOUR_MS)).fetchall()
            blob = encode(rows)
            connection.execute(
                "INSERT OR REPLACE INTO record_packs (hour_ms, row_count, checksum, pack) "
                "VALUES (?, ?, ?, ?)",
                (hour_ms, len(rows), checksum(blob), blob),
            )
        unsound.discard(hour_ms)
        count += 1
    return count
