"""A cache file that had to be moved aside and rebuilt is said in every result of the source."""

from __future__ import annotations

from pathlib import Path

from tests.store.fakes import DAY, HOUR, T0, FakeFetcher, record
from tui.core.clock import FakeClock
from tui.core.settings import Settings
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource


def source_over(path: Path, clock: FakeClock) -> StoredSource:
    store = ActivityStore.open(path, clock=clock)
    fetcher = FakeFetcher(records=[record(time_ms=T0 + HOUR)])
    return StoredSource(store, fetcher, clock, Settings(), label="12345")


async def test_results_carry_the_notice_of_a_rebuilt_cache(tmp_path: Path) -> None:
    path = tmp_path / "activity.sqlite3"
    path.write_bytes(b"not a database at all " * 300)
    source = source_over(path, FakeClock(T0 + 3 * HOUR))
    cached = source.cached(T0, T0 + DAY)
    assert cached.notice is not None
    assert "moved to activity.sqlite3.corrupt-" in cached.notice
    loaded = await source.load(T0, T0 + DAY)
    assert loaded.error is None
    assert loaded.records
    assert loaded.notice == cached.notice
    await source.aclose()


async def test_a_healthy_cache_has_no_notice(tmp_path: Path) -> None:
    source = source_over(tmp_path / "activity.sqlite3", FakeClock(T0 + 3 * HOUR))
    assert source.cached(T0, T0 + DAY).notice is None
    assert (await source.load(T0, T0 + DAY)).notice is None
    await source.aclose()
