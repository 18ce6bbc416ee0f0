"""Only a file SQLite itself finds corrupt is set aside; I/O, a full disk and read-only leave it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.store.database import ActivityStore, StoreError, is_corruption

NOW_MS = 1_772_460_000_000


def _good_cache(tmp_path: Path) -> Path:
    path = tmp_path / "activity.sqlite3"
    store = ActivityStore.open(path, clock=FakeClock(NOW_MS))
    store.write_records([StatusRecord(1, NOW_MS - 60_000, 3, 0, -1)])
    store.close()
    return path


def _failing_connect(errorname: str):  # type: ignore[no-untyped-def]
    real = sqlite3.connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        error = sqlite3.OperationalError(errorname.lower())
        error.sqlite_errorname = errorname
        raise error

    return connect, real


@pytest.mark.parametrize(
    "errorname",
    ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_BUSY"],
)
def test_io_errors_leave_a_good_cache_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errorname: str
) -> None:
    path = _good_cache(tmp_path)
    connect, _ = _failing_connect(errorname)
    monkeypatch.setattr("tui.store.database.sqlite3.connect", connect)
    with pytest.raises(StoreError, match="left as it is"):
        ActivityStore.open(path, clock=FakeClock(NOW_MS))
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir() if "corrupt" in p.name) == []
    reopened = ActivityStore.open(path, clock=FakeClock(NOW_MS))
    assert reopened.count(0, NOW_MS) == 1
    reopened.close()


def test_a_file_that_is_not_a_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "activity.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    store = ActivityStore.open(path, clock=FakeClock(NOW_MS))
    assert store.notice is not None and "moved to" in store.notice
    store.close()
    assert any("corrupt" in p.name for p in tmp_path.iterdir())


def test_corruption_is_told_from_circumstance() -> None:
    corrupt = sqlite3.DatabaseError("file is not a database")
    corrupt.sqlite_errorname = "SQLITE_NOTADB"
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    assert is_corruption(corrupt) and not is_corruption(full)


def test_a_read_only_cache_still_serves_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _good_cache(tmp_path)
    path.chmod(0o400)  # tests may run as root, where the mode alone does not stop writes
    real_access = os.access
    monkeypatch.setattr(
        "tui.store.database.os.access",
        lambda target, mode: False if mode == os.W_OK else real_access(target, mode),
    )
    store = ActivityStore.open(path, clock=FakeClock(NOW_MS))
    assert store.read_only and store.notice is not None and "read-only" in store.notice
    assert len(store.read(0, NOW_MS)) == 1
    assert store.prune() == 0
    store.close()
    assert not any("corrupt" in p.name for p in tmp_path.iterdir())
