"""Packed hours (tui/store/record_packs.py): the packed read equals the row-by-row read, a change
drops its hour's pack in the same transaction, an unsound pack is skipped and rebuilt, and old
caches upgrade in place."""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.fakes import DAY, HOUR, T0, FakeFetcher, record
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.core.settings import Settings
from tui.core.windows import day_window
from tui.store import schema
from tui.store.database import _UPSERT, ActivityStore, _row
from tui.store.record_packs import HOUR_MS, full_hours
from tui.store.stored_source import StoredSource

NOW = T0 + 3 * DAY
LOOKBACK = 12 * HOUR


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "activity.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ActivityStore]:
    opened = ActivityStore.open(path, clock=FakeClock(NOW))
    yield opened
    opened.close()


def _fill(store: ActivityStore, records: list[StatusRecord], start: int, end: int) -> None:
    """Store ``records`` as a complete fetch of ``[start, end)``, as a sync leaves them."""
    store.write_records(records)
    store.complete_range(store.begin_range(start, end, NOW), end)


def _day(agents: int = 3) -> list[StatusRecord]:
    """Every agent logs in before the day, changes state every 20 minutes, logs out at its end."""
    records = []
    for agent in range(1, agents + 1):
        records.append(record(agent, T0 - 2 * HOUR, status_type=3, subtype=None, sequence=-1))
        for step in range(1, 72):
            reason = (5, "Lunch") if step % 9 == 0 else (None, None)
            records.append(
                record(
                    agent,
                    T0 + step * 20 * 60_000 + agent,
                    subtype=4 if reason[0] else 2 + step % 2,
                    sequence=step,
                    reason_id=reason[0],
                    reason_text=reason[1],
                )
            )
        records.append(record(agent, T0 + DAY - 1, status_type=4, subtype=None, sequence=99))
    return records


def _packs(path: Path) -> dict[int, int]:
    with closing(sqlite3.connect(path)) as raw:
        return dict(raw.execute("SELECT hour_ms, row_count FROM record_packs").fetchall())


def _rows_read(store: ActivityStore, start: int, end: int, lookback: int) -> tuple[object, ...]:
    """The same read with packing out of the picture (packs emptied, triggers kept)."""
    with closing(sqlite3.connect(store.path or ":memory:")) as raw:
        raw.execute("DELETE FROM record_packs")
        raw.commit()
    return store.read_window(start, end, lookback)


def test_a_packed_day_reads_the_same_records_from_its_packs(
    store: ActivityStore, path: Path
) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    expected = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)  # no packs yet: rows
    assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 36
    assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 0  # all there
    assert sum(_packs(path).values()) == store.count(T0 - LOOKBACK, T0 + DAY)
    # The packs are what is read: with the triggers gone, rows removed behind their back
    # still come back from the packs (no trigger means nothing told the packs).
    with closing(sqlite3.connect(path)) as raw:
        for event in ("insert", "update", "delete"):
            raw.execute(f"DROP TRIGGER records_{event}_unpacks")
        raw.execute("DELETE FROM records WHERE time_ms >= ? AND time_ms < ?", (T0, T0 + DAY))
        raw.commit()
    assert store.read_window(T0, T0 + DAY, T0 - LOOKBACK) == expected


def test_repeated_values_are_one_object_across_packs_and_rows(store: ActivityStore) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    records = store.read_window(T0 + HOUR // 2, T0 + DAY, T0 - LOOKBACK)  # rows, packs, rows
    for field in ("agent_id", "session_id", "employee_id", "login_name", "user_name"):
        by_value: dict[object, int] = {}
        for one in records:
            by_value.setdefault(getattr(one, field), id(getattr(one, field)))
            assert id(getattr(one, field)) == by_value[getattr(one, field)], field
    lunches = {id(one.reason_text) for one in records if one.reason_text is not None}
    assert len(lunches) == 1


def test_a_late_record_in_a_packed_hour_drops_that_pack_in_its_transaction(
    store: ActivityStore, path: Path
) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    late = record(2, T0 + 5 * HOUR + 17, subtype=3, sequence=500)
    store.write_records([late])
    assert T0 + 5 * HOUR not in _packs(path)
    assert len(_packs(path)) == 35
    records = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    assert late in records
    assert records == _rows_read(store, T0, T0 + DAY, T0 - LOOKBACK)
    assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 36  # emptied by _rows_read
    assert store.read_window(T0, T0 + DAY, T0 - LOOKBACK) == records


def test_a_changed_or_removed_record_drops_its_pack(store: ActivityStore, path: Path) -> None:
    day = _day()
    _fill(store, day, T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    renamed = msgspec.structs.replace(day[10], user_name="Ava Stone-Ray")
    store.write_records([renamed])  # same identity, new name: an update
    hour_of_rename = renamed.time_ms - renamed.time_ms % HOUR_MS
    assert hour_of_rename not in _packs(path)
    unchanged = day[20]
    store.write_records([unchanged])  # the same values again: no update, the pack stays
    assert unchanged.time_ms - unchanged.time_ms % HOUR_MS in _packs(path)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    assert renamed in store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    # A refetch that no longer returns a record removes it, and its hour's pack with it.
    gone = day[30]
    returned = {one.identity() for one in day if one != gone} | {renamed.identity()}
    range_id = store.begin_range(T0 - LOOKBACK, T0 + DAY, NOW)
    store.complete_range(range_id, T0 + DAY, returned=returned)
    assert gone.time_ms - gone.time_ms % HOUR_MS not in _packs(path)
    assert gone not in store.read_window(T0, T0 + DAY, T0 - LOOKBACK)


def _reopened(path: Path) -> ActivityStore:
    """The cache opened afresh, as the next start of the monitor opens it (nothing decoded yet)."""
    return ActivityStore.open(path, clock=FakeClock(NOW))


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE record_packs SET pack = x'00ff00' WHERE hour_ms = :hour",  # not a pack
        "UPDATE record_packs SET checksum = checksum + 1 WHERE hour_ms = :hour",
        "UPDATE record_packs SET row_count = row_count + 1 WHERE hour_ms = :hour",
    ],
)
def test_an_unsound_pack_is_read_row_by_row_and_rebuilt(
    store: ActivityStore, path: Path, spoil: str
) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    expected = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    hour = T0 + 7 * HOUR
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(spoil, {"hour": hour})
        raw.commit()
    later = _reopened(path)
    try:
        assert later.read_window(T0, T0 + DAY, T0 - LOOKBACK) == expected
        assert later.count(T0 - LOOKBACK, T0 + DAY) == len(_day())  # nothing discarded
        assert later.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 1  # that hour, rebuilt
    finally:
        later.close()
    with closing(sqlite3.connect(path)) as raw:  # now sound: the rows behind it are not read
        raw.execute("DROP TRIGGER records_delete_unpacks")
        raw.execute("DELETE FROM records WHERE time_ms >= ? AND time_ms < ?", (hour, hour + HOUR))
        raw.commit()
    last = _reopened(path)
    try:
        assert last.read_window(T0, T0 + DAY, T0 - LOOKBACK) == expected
    finally:
        last.close()


def test_a_pack_with_an_index_past_its_values_is_not_used(store: ActivityStore, path: Path) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    expected = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    hour = T0 + 3 * HOUR
    with closing(sqlite3.connect(path)) as raw:
        (blob,) = raw.execute("SELECT pack FROM record_packs WHERE hour_ms = ?", (hour,)).fetchone()
        fields = msgspec.msgpack.decode(blob)
        agents = 3  # format, values, prev_values, then the fields: agent_id first
        fields[agents] = [len(fields[1]) + 5 for _ in fields[agents]]  # past the values
        spoilt = msgspec.msgpack.encode(fields)
        raw.execute(
            "UPDATE record_packs SET pack = ?, checksum = ? WHERE hour_ms = ?",
            (spoilt, zlib.crc32(spoilt), hour),
        )
        raw.commit()
    later = _reopened(path)
    try:
        assert later.read_window(T0, T0 + DAY, T0 - LOOKBACK) == expected
        assert later.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 1
    finally:
        later.close()


def test_a_refresh_shares_the_records_of_unchanged_hours(store: ActivityStore) -> None:
    _fill(store, _day(), T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    first = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    late = record(2, T0 + 5 * HOUR + 17, subtype=3, sequence=500)
    store.write_records([late])  # hour 5 changes; every other hour stands
    second = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    assert late in second and late not in first
    firsts = {id(one) for one in first}
    in_hour_5 = [one for one in second if T0 + 5 * HOUR <= one.time_ms < T0 + 6 * HOUR]
    elsewhere = [one for one in second if one.time_ms >= T0 and one not in in_hour_5]
    assert elsewhere and all(id(one) in firsts for one in elsewhere)  # the very same objects
    assert not any(id(one) in firsts for one in in_hour_5)  # read again, by rows
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)  # hour 5 packed anew: a new pack id
    third = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
    assert third == second


def test_only_hours_that_complete_fetches_hold_are_packed(store: ActivityStore, path: Path) -> None:
    store.write_records(_day())
    range_id = store.begin_range(T0 - LOOKBACK, T0 + DAY, NOW)
    assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 0  # fetch not complete yet
    store.complete_range(range_id, T0 + 5 * HOUR + 30 * 60_000)  # complete to 05:30
    assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 17  # 12 + 5 whole hours
    assert max(_packs(path)) == T0 + 4 * HOUR


def _version_3_cache(path: Path, records: list[StatusRecord]) -> None:
    """A cache file as the version before the packs left it, holding ``records`` complete."""
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        schema.migrate(raw, {step: schema.MIGRATIONS[step] for step in (1, 2, 3)})
        raw.executemany(_UPSERT, [_row(one) for one in records])
        raw.execute(
            "INSERT INTO fetched_ranges (start_ms, end_ms, fetched_at_ms, data_complete_to_ms, "
            "complete) VALUES (?, ?, ?, ?, 1)",
            (T0 - LOOKBACK, T0 + DAY, NOW, T0 + DAY),
        )
    path.chmod(0o600)


def test_a_version_3_cache_upgrades_in_place_and_packs_later(path: Path) -> None:
    _version_3_cache(path, _day())
    store = ActivityStore.open(path, clock=FakeClock(NOW))
    try:
        assert store.notice is None  # upgraded, not set aside
        assert store.schema_version() == schema.SCHEMA_VERSION == schema.PACKS_SINCE
        assert _packs(path) == {}
        by_rows = store.read_window(T0, T0 + DAY, T0 - LOOKBACK)
        assert len(by_rows) == len(_day())
        assert store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 36
        assert store.read_window(T0, T0 + DAY, T0 - LOOKBACK) == by_rows
    finally:
        store.close()


def test_a_read_only_cache_reads_by_rows_or_packs_and_writes_none(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_3_cache(path, _day())
    real_access = os.access
    monkeypatch.setattr(
        "tui.store.database.os.access",
        lambda target, mode: False if mode == os.W_OK else real_access(target, mode),
    )
    old = ActivityStore.open(path, clock=FakeClock(NOW))  # version 3, not upgraded: rows
    try:
        assert old.read_only and old.schema_version() == 3
        by_rows = old.read_window(T0, T0 + DAY, T0 - LOOKBACK)
        assert len(by_rows) == len(_day())
        assert old.pack_complete_hours(T0 - LOOKBACK, T0 + DAY) == 0
    finally:
        old.close()
    monkeypatch.undo()
    writable = ActivityStore.open(path, clock=FakeClock(NOW))
    writable.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    writable.close()
    monkeypatch.setattr(
        "tui.store.database.os.access",
        lambda target, mode: False if mode == os.W_OK else real_access(target, mode),
    )
    packed = ActivityStore.open(path, clock=FakeClock(NOW))
    try:
        assert packed.read_only
        assert packed.read_window(T0, T0 + DAY, T0 - LOOKBACK) == by_rows
    finally:
        packed.close()


def _window_cases() -> st.SearchStrategy[tuple[str, date]]:
    zones = st.sampled_from(
        ["UTC", "Asia/Kolkata", "Australia/Adelaide", "America/St_Johns", "Europe/Berlin"]
    )
    transitions = [date(2025, 3, 30), date(2025, 10, 26), date(2025, 4, 6), date(2025, 10, 5)]
    transitions += [date(2025, 3, 9), date(2025, 11, 2)]
    days = st.sampled_from(transitions) | st.dates(date(2025, 1, 1), date(2025, 12, 31))
    return st.tuples(zones, days)


_OFFSETS = st.sampled_from([0, 1, HOUR // 2, HOUR - 1]) | st.integers(0, HOUR - 1)


@st.composite
def _records(draw: st.DrawFn, start: int) -> list[StatusRecord]:
    """Records of four agents from 16 hours before ``start`` to 28 after it, often at the very
    edges of hours."""
    count = draw(st.integers(0, 40))
    records = []
    for _ in range(count):
        agent = draw(st.integers(1, 4))
        kind = draw(st.sampled_from([1, 1, 1, 3, 4]))
        reason = draw(st.sampled_from([(None, None), (5, "Lunch"), (6, "Break"), (7, None)]))
        records.append(
            StatusRecord(
                agent_id=agent,
                time_ms=start - start % HOUR + draw(st.integers(-16, 28)) * HOUR + draw(_OFFSETS),
                status_type=kind,
                status_subtype=draw(st.sampled_from([1, 2, 3, 4])) if kind == 1 else None,
                sequence=draw(st.integers(-1, 5)),
                session_id=draw(st.sampled_from([-1, 55, 56])),
                group_id=draw(st.sampled_from([-1, 100, 2_000_000])),
                employee_id=draw(st.sampled_from([None, f"E{agent}", "shared"])),
                login_name=draw(st.sampled_from([None, f"agent{agent}"])),
                user_name=draw(st.sampled_from([None, "Ava Stone", "Ava Stöne"])),
                reason_id=reason[0] if kind == 1 else None,
                reason_text=reason[1] if kind == 1 else None,
                prev_time_ms=draw(st.sampled_from([None, start - HOUR])),
            )
        )
    return records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_window_cases(), data=st.data())
def test_packed_and_row_reads_agree_for_any_records_and_window(
    case: tuple[str, date], data: st.DataObject
) -> None:
    zone, day = case
    window = day_window(day, zone)
    records = data.draw(_records(window.start_ms))
    now = window.end_ms + 2 * DAY
    store = ActivityStore.in_memory(clock=FakeClock(now))
    try:
        lo, hi = window.start_ms - 17 * HOUR, window.end_ms + 30 * HOUR
        store.write_records(records)
        store.complete_range(store.begin_range(lo, hi, now), hi)
        lookback = window.start_ms - LOOKBACK
        by_rows = store.read_window(window.start_ms, window.end_ms, lookback)
        whole = store.read(lo, hi)
        assert store.pack_complete_hours(lo, hi) == len(full_hours(lo, hi))
        assert store.read_window(window.start_ms, window.end_ms, lookback) == by_rows
        assert store.read(lo, hi) == whole
        assert len(whole) == len({one.identity() for one in records})
        assert [one.time_ms for one in whole] == sorted(one.time_ms for one in whole)
    finally:
        store.close()


def test_a_previous_change_time_in_the_same_hour_is_that_times_object(store: ActivityStore) -> None:
    day = _day(agents=2)
    linked = [day[0]]
    for one in day[1:]:
        before = linked[-1]
        linked.append(
            msgspec.structs.replace(
                one, prev_time_ms=before.time_ms if before.agent_id == one.agent_id else None
            )
        )
    _fill(store, linked, T0 - LOOKBACK, T0 + DAY)
    store.pack_complete_hours(T0 - LOOKBACK, T0 + DAY)
    records = store.read_window(T0, T0 + DAY, T0)
    in_day = [one for one in linked if T0 <= one.time_ms < T0 + DAY]
    assert sorted(records, key=StatusRecord.identity) == sorted(in_day, key=StatusRecord.identity)
    by_time: dict[int | None, int] = {one.time_ms: one.time_ms for one in records}
    shared = [  # in the same hour: a pack holds one hour's times
        one
        for one in records
        if one.prev_time_ms is not None
        and one.prev_time_ms in by_time
        and one.prev_time_ms // HOUR_MS == one.time_ms // HOUR_MS
    ]
    assert len(shared) > 50
    assert all(one.prev_time_ms is by_time[one.prev_time_ms] for one in shared)


async def test_a_load_whose_packing_fails_still_returns_what_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(T0 + DAY + 6 * HOUR)
    store = ActivityStore.open(tmp_path / "activity.sqlite3", clock=clock)
    source = StoredSource(store, FakeFetcher(_day()), clock, Settings(), label="packs")

    def disk_full(start_ms: int, end_ms: int) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "pack_complete_hours", disk_full)
    try:
        result = await source.load(T0, T0 + DAY)
        assert result.error is None
        assert len(result.records) == len(_day())
        monkeypatch.undo()
        again = await source.load(T0, T0 + DAY)  # the next load packs what it can
        assert again.records == result.records
        assert len(_packs(tmp_path / "activity.sqlite3")) > 24
    finally:
        await source.aclose()
