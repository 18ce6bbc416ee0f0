"""The SQLite store: identity upserts, reads, files and permissions, corruption, migrations."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import msgspec
import pytest

from tests.store.fakes import DAY, HOUR, T0, record
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.store import schema
from tui.store.database import ActivityStore, StoreError
from tui.store.decode import build_records
from tui.store.schema import RECORD_COLUMNS, SCHEMA_VERSION


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0 + 12 * HOUR)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "sub" / "activity.sqlite3"


@pytest.fixture
def store(store_path: Path, clock: FakeClock) -> Iterator[ActivityStore]:
    opened = ActivityStore.open(store_path, clock=clock)
    yield opened
    opened.close()


def test_selected_columns_follow_the_record_fields() -> None:
    assert tuple(f.name for f in msgspec.structs.fields(StatusRecord)) == RECORD_COLUMNS


def test_records_round_trip_in_time_order(store: ActivityStore) -> None:
    later = record(agent_id=1, time_ms=T0 + 5000, reason_id=4, reason_text="Lunch", subtype=4)
    earlier = record(agent_id=2, time_ms=T0 + 1000, subtype=None, status_type=3, sequence=-1)
    store.write_records([later, earlier])
    assert store.read(T0, T0 + HOUR) == (earlier, later)
    assert store.read(T0 + 2000, T0 + HOUR) == (later,)
    assert store.read(T0, T0 + 1000) == ()


def test_fast_builder_makes_true_frozen_records() -> None:
    row = tuple(getattr(record(reason_id=3, reason_text="x"), n) for n in RECORD_COLUMNS)
    (fast,) = build_records([row])
    plain = StatusRecord(*row)
    assert type(fast) is StatusRecord
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert fast.identity() == plain.identity()
    with pytest.raises(AttributeError):
        fast.agent_id = 1  # type: ignore[misc]


def test_upsert_is_idempotent(store: ActivityStore) -> None:
    records = [record(agent_id=a, time_ms=T0 + a) for a in range(50)]
    store.write_records(records)
    store.write_records(records)
    store.write_records(records[:10])
    assert store.count(T0, T0 + DAY) == 50
    assert list(store.read(T0, T0 + DAY)) == records


def test_real_session_id_replaces_minus_one_and_is_never_lost(store: ActivityStore) -> None:
    first_seen = record(session_id=-1)
    filled_in = msgspec.structs.replace(first_seen, session_id=912)
    store.write_records([first_seen])
    assert store.read(T0, T0 + 1)[0].session_id == -1
    store.write_records([filled_in])
    assert store.read(T0, T0 + 1) == (filled_in,)
    store.write_records([first_seen])  # an older copy of the page arrives again
    assert store.read(T0, T0 + 1) == (filled_in,)
    assert store.count(T0, T0 + 1) == 1


def test_later_names_win_but_identity_stays_one_record(store: ActivityStore) -> None:
    store.write_records([record(user_name="Old Name")])
    store.write_records([record(user_name="New Name", session_id=-1)])
    (stored,) = store.read(T0, T0 + 1)
    assert stored.user_name == "New Name"
    assert stored.session_id == 55


def test_records_differing_in_identity_fields_are_kept_apart(store: ActivityStore) -> None:
    base = record(subtype=4, reason_id=None)
    variants = [
        base,
        msgspec.structs.replace(base, reason_id=2),
        msgspec.structs.replace(base, status_subtype=None),
        msgspec.structs.replace(base, sequence=4),
        msgspec.structs.replace(base, status_type=4),
    ]
    store.write_records(variants)
    assert store.count(T0, T0 + 1) == len(variants)


def test_directory_and_file_are_private_and_in_wal_mode(store: ActivityStore) -> None:
    assert store.path is not None
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    with closing(sqlite3.connect(store.path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version() == SCHEMA_VERSION
    assert store.notice is None


def test_data_survives_reopen(store_path: Path, clock: FakeClock) -> None:
    first = ActivityStore.open(store_path, clock=clock)
    first.write_records([record()])
    first.close()
    second = ActivityStore.open(store_path, clock=clock)
    assert second.read(T0, T0 + 1) == (record(),)
    assert second.notice is None
    second.close()


def test_a_file_that_is_not_sqlite_is_moved_aside(store_path: Path, clock: FakeClock) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"this is not a database, just some text " * 200)
    store = ActivityStore.open(store_path, clock=clock)
    assert store.notice is not None
    assert "moved to activity.sqlite3.corrupt-" in store.notice
    aside = list(store_path.parent.glob("activity.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    store.write_records([record()])
    assert store.read(T0, T0 + 1) == (record(),)
    store.close()


def test_a_damaged_database_is_moved_aside(store_path: Path, clock: FakeClock) -> None:
    store = ActivityStore.open(store_path, clock=clock)
    store.write_records([record(agent_id=a, time_ms=T0 + a) for a in range(3000)])
    store.close()
    data = bytearray(store_path.read_bytes())
    page_size = 4096
    for offset in range(2 * page_size, len(data), page_size):  # scribble over b-tree pages
        data[offset : offset + 64] = b"\xff" * 64
    store_path.write_bytes(bytes(data))
    reopened = ActivityStore.open(store_path, clock=clock)
    assert reopened.notice is not None
    assert reopened.count(T0, T0 + DAY) == 0
    assert list(store_path.parent.glob("activity.sqlite3.corrupt-*"))
    reopened.close()


def test_a_database_from_a_newer_version_is_not_trusted(store_path: Path, clock: FakeClock) -> None:
    ActivityStore.open(store_path, clock=clock).close()
    with closing(sqlite3.connect(store_path)) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store = ActivityStore.open(store_path, clock=clock)
    assert store.notice is not None
    assert "newer version" in store.notice
    assert store.schema_version() == SCHEMA_VERSION
    store.close()


def test_unwritable_cache_dir_is_a_store_error(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError) as caught:
        ActivityStore.open(blocker / "activity.sqlite3", clock=clock)
    assert "cannot open the cache" in caught.value.message


def _add_note_column(connection: sqlite3.Connection) -> None:
    connection.execute("ALTER TABLE fetched_ranges ADD COLUMN note TEXT")


def test_migrations_run_in_order_and_keep_data(
    store_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ActivityStore.open(store_path, clock=clock)
    store.write_records([record()])
    store.close()
    upgraded = {**schema.MIGRATIONS, SCHEMA_VERSION + 1: _add_note_column}
    with closing(sqlite3.connect(store_path, isolation_level=None)) as raw:
        assert schema.migrate(raw, upgraded) == SCHEMA_VERSION + 1
        assert schema.migrate(raw, upgraded) == SCHEMA_VERSION + 1  # nothing left to do
        columns = [row[1] for row in raw.execute("PRAGMA table_info(fetched_ranges)")]
    assert "note" in columns
    monkeypatch.setattr("tui.store.database.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("tui.store.database.migrate", lambda c: schema.migrate(c, upgraded))
    reopened = ActivityStore.open(store_path, clock=clock)
    assert reopened.notice is None
    assert reopened.read(T0, T0 + 1) == (record(),)
    reopened.close()


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    with closing(sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)) as raw:
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(raw, {**schema.MIGRATIONS, SCHEMA_VERSION + 1: broken})
        assert schema.schema_version(raw) == SCHEMA_VERSION
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    assert "records" in tables


def test_retention_prunes_old_records_and_ranges(store_path: Path, clock: FakeClock) -> None:
    store = ActivityStore.open(store_path, clock=clock, retention_days=2)
    old = record(time_ms=T0 - 3 * DAY)
    recent = record(time_ms=T0 - DAY)
    store.write_records([old, recent])
    straddling = store.begin_range(T0 - 4 * DAY, T0 - DAY, T0)
    store.complete_range(straddling, T0 - HOUR)
    gone = store.begin_range(T0 - 5 * DAY, T0 - 3 * DAY, T0)
    store.complete_range(gone, T0 - HOUR)
    assert store.prune() == 1
    assert store.read(T0 - 5 * DAY, T0 + DAY) == (recent,)
    (kept,) = store.ranges(T0 - 10 * DAY, T0 + DAY)
    assert kept.start_ms == clock.now_ms() - 2 * DAY
    assert kept.end_ms == T0 - DAY
    store.close()
    clock.advance(2 * 86_400)
    reopened = ActivityStore.open(store_path, clock=clock, retention_days=2)  # prunes on open
    assert reopened.read(T0 - 5 * DAY, T0 + 5 * DAY) == ()
    reopened.close()


def test_range_is_incomplete_until_completed(store: ActivityStore) -> None:
    range_id = store.begin_range(T0, T0 + HOUR, T0 + 2 * HOUR)
    (started,) = store.ranges(T0, T0 + HOUR)
    assert not started.complete
    assert store.complete_range(range_id, T0 + HOUR, [record()]).written == 1
    (done,) = store.ranges(T0, T0 + HOUR)
    assert done.complete
    assert done.data_complete_to_ms == T0 + HOUR
    assert done.fetched_at_ms == T0 + 2 * HOUR
    assert store.read(T0, T0 + 1) == (record(),)


def test_reader_is_not_blocked_by_an_open_write_transaction(store: ActivityStore) -> None:
    store.write_records([record(agent_id=1)])
    assert store.path is not None
    writer = sqlite3.connect(store.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO records (time_ms, agent_id, sequence, status_type, subtype_key, "
        "reason_key, session_id, group_id) VALUES (?, 2, 1, 1, 2, -1, 1, 1)",
        (T0,),
    )
    assert [r.agent_id for r in store.read(T0, T0 + 1)] == [1]  # committed data only, at once
    writer.execute("COMMIT")
    writer.close()
    assert [r.agent_id for r in store.read(T0, T0 + 1)] == [1, 2]


def test_readers_in_threads_see_whole_pages_while_a_thread_writes(
    store: ActivityStore,
) -> None:
    page_size, pages = 100, 40
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            for page in range(pages):
                base = page * page_size
                store.write_records(
                    record(agent_id=base + i, time_ms=T0 + base + i) for i in range(page_size)
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(len(store.read(T0, T0 + DAY)))
            seen.append(len(store.read(T0, T0 + DAY)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert seen[-1] == page_size * pages
    assert all(count % page_size == 0 for count in seen)
    assert seen == sorted(seen)


def test_in_memory_store_leaves_no_files(tmp_path: Path, clock: FakeClock) -> None:
    store = ActivityStore.in_memory(clock=clock)
    store.write_records([record()])
    assert store.read(T0, T0 + 1) == (record(),)
    store.close()
    assert store.path is None
    assert not any(p.suffix == ".sqlite3" for p in tmp_path.rglob("*"))


def test_window_read_keeps_only_what_the_state_at_window_start_needs(
    store: ActivityStore,
) -> None:
    lookback = T0 - 12 * HOUR
    finished = [  # agent 1: a whole session before the window; only its logout matters
        record(agent_id=1, time_ms=lookback + HOUR, status_type=3, subtype=None, sequence=-1),
        record(agent_id=1, time_ms=lookback + HOUR, sequence=1),
        record(agent_id=1, time_ms=lookback + 2 * HOUR, subtype=4, sequence=2),
        record(agent_id=1, time_ms=lookback + 3 * HOUR, status_type=4, subtype=None, sequence=3),
    ]
    ongoing = [  # agent 2: an earlier session, then one still open at the window start
        record(agent_id=2, time_ms=lookback + HOUR, status_type=3, subtype=None, sequence=-1),
        record(agent_id=2, time_ms=lookback + 2 * HOUR, status_type=4, subtype=None, sequence=1),
        record(agent_id=2, time_ms=lookback + 4 * HOUR, status_type=3, subtype=None, sequence=-1),
        record(agent_id=2, time_ms=lookback + 4 * HOUR, sequence=1),
        record(agent_id=2, time_ms=lookback + 6 * HOUR, subtype=3, sequence=2),
    ]
    no_boundary = [  # agent 3: logged in before the look-back began
        record(agent_id=3, time_ms=lookback + 5 * HOUR, subtype=4, sequence=8),
        record(agent_id=3, time_ms=lookback + 7 * HOUR, subtype=2, sequence=9),
    ]
    inside = [record(agent_id=a, time_ms=T0 + a * 1000, sequence=20) for a in (1, 2, 3)]
    store.write_records([*finished, *ongoing, *no_boundary, *inside])
    expected = sorted([finished[-1], *ongoing[2:], *no_boundary], key=lambda r: r.time_ms)
    assert store.read_window(T0, T0 + DAY, lookback) == (*expected, *inside)
    assert store.read_window(T0, T0 + DAY, T0) == tuple(inside)


def test_completing_a_range_removes_records_the_fetch_no_longer_returned(
    store: ActivityStore,
) -> None:
    first_form = record(subtype=4, reason_id=None)  # the reason id is filled in later
    replaced = msgspec.structs.replace(first_form, reason_id=5, reason_text="Lunch")
    untouched = record(agent_id=9, time_ms=T0 + 2 * HOUR)
    store.write_records([first_form, untouched])
    range_id = store.begin_range(T0, T0 + HOUR, T0 + 3 * HOUR)
    store.write_records([replaced])
    completion = store.complete_range(range_id, T0 + 2 * HOUR, returned={replaced.identity()})
    assert completion.removed == 1
    assert store.read(T0, T0 + DAY) == (replaced, untouched)
