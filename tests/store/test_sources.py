"""The activity sources: demo and saved account, offline and failing API, instant reopen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.store.fakes import DAY, HOUR, T0, FakeFetcher, record
from tui.api.errors import TRANSPORT_ERRORS, NetworkUnreachable
from tui.config.loading import load_settings
from tui.core.clock import FakeClock
from tui.core.settings import Profile, Settings
from tui.core.source_contract import SyncProgress
from tui.simulator.account import demo_client_credentials, demo_environment
from tui.simulator.server import serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource
from tui.wiring.sources import account_source, demo_source, store_path

NOW = T0 + 13 * HOUR
LOOKBACK_START = T0 - 12 * HOUR


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


async def test_demo_loads_a_day_and_leaves_no_files(isolated_environment: Path) -> None:
    before = _files_under(isolated_environment)
    clock = FakeClock(NOW)
    source = demo_source(clock=clock, seed=7)
    assert isinstance(source, StoredSource)
    assert source.label == "demo"
    assert source.cached(T0, T0 + DAY).records == ()
    reports: list[SyncProgress] = []
    loaded = await source.load(T0, T0 + DAY, progress=reports.append)
    assert loaded.error is None
    assert loaded.records
    assert all(LOOKBACK_START <= r.time_ms < NOW for r in loaded.records)
    assert [r.time_ms for r in loaded.records] == sorted(r.time_ms for r in loaded.records)
    assert loaded.data_complete_to_ms == NOW - HOUR
    assert loaded.fetched_at_ms == NOW
    assert reports[-1].records_stored == source.store.count(LOOKBACK_START, NOW)
    assert reports[-1].pages_done == reports[-1].pages_total
    assert source.cached(T0, T0 + DAY).records == loaded.records
    await source.aclose()
    assert _files_under(isolated_environment) == before


async def test_demo_numbers_are_the_same_from_any_demo_source() -> None:
    first = demo_source(clock=FakeClock(NOW), seed=7)
    second = demo_source(clock=FakeClock(NOW), seed=7)
    a = await first.load(T0, T0 + DAY)
    b = await second.load(T0, T0 + DAY)
    assert a.records == b.records
    await first.aclose()
    await second.aclose()


def _source_with(fetcher: FakeFetcher, clock: FakeClock) -> StoredSource:
    store = ActivityStore.in_memory(clock=clock)
    return StoredSource(
        store, fetcher, clock, Settings(), label="12345", network_errors=TRANSPORT_ERRORS
    )


async def test_failing_api_serves_the_cache_with_the_failure_and_its_age() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a, time_ms=T0 + a * 60_000) for a in range(30)]
    fetcher = FakeFetcher(records)
    source = _source_with(fetcher, clock)
    fresh = await source.load(T0, T0 + DAY)
    assert fresh.error is None
    clock.advance(600)
    fetcher.fail_after_pages = 0
    fetcher.error = lambda: NetworkUnreachable("cannot reach api.liveperson.net")
    stale = await source.load(T0, T0 + DAY)
    assert stale.records == fresh.records
    assert stale.error is not None
    assert stale.error.title == NetworkUnreachable.title
    assert "cannot reach" in stale.error.message
    assert stale.error.at_ms == clock.now_ms()
    assert stale.fetched_at_ms == NOW
    assert stale.data_complete_to_ms == NOW - HOUR
    await source.aclose()
    assert fetcher.closed


@pytest.mark.parametrize(
    "error",
    [
        lambda: httpx.ConnectError("connection refused"),
        lambda: httpx.ReadTimeout("timed out"),
        lambda: httpx.InvalidURL("bad url"),
    ],
)
async def test_raw_httpx_errors_become_failures(error: object) -> None:
    clock = FakeClock(NOW)
    fetcher = FakeFetcher([record()], fail_after_pages=0, error=error)  # type: ignore[arg-type]
    source = _source_with(fetcher, clock)
    result = await source.load(T0, T0 + DAY)
    assert result.error is not None
    assert result.error.title == "Network"
    assert result.records == ()
    assert result.fetched_at_ms is None
    await source.aclose()


async def test_a_broken_store_is_a_failure_not_an_exception() -> None:
    clock = FakeClock(NOW)
    source = _source_with(FakeFetcher([record()]), clock)
    source.store.close()
    loaded = await source.load(T0, T0 + DAY)
    assert loaded.error is not None
    assert loaded.error.title == "Cache"
    cached = source.cached(T0, T0 + DAY)
    assert cached.error is not None
    assert cached.records == ()


async def test_cancelling_a_load_is_not_swallowed() -> None:
    clock = FakeClock(NOW)
    started = asyncio.Event()

    class Hanging(FakeFetcher):
        async def fetch(self, start_ms, end_ms, *, progress=None, on_page=None):  # type: ignore[no-untyped-def]
            started.set()
            await asyncio.Event().wait()

    source = _source_with(Hanging(), clock)
    task = asyncio.create_task(source.load(T0, T0 + DAY))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not source.store.ranges(LOOKBACK_START, NOW)[0].complete
    await source.aclose()


def test_store_path_is_per_profile_and_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_ACTIVITY_CACHE_DIR", "/somewhere")
    settings = Settings(profile=Profile(name="team a/b"))
    assert store_path(settings, "123") == Path("/somewhere/activity-team_a_b-123.sqlite3")
    assert store_path(Settings(), "../x") == Path("/somewhere/activity-default-.._x.sqlite3")


async def test_account_source_over_a_loopback_simulator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache-dir"
    monkeypatch.setenv("AGENT_ACTIVITY_CACHE_DIR", str(cache))
    service = SimulatedLivePerson(World(3), FakeClock(NOW), latency_s=0.001)
    async with asyncio.timeout(60), serve_on_loopback(service) as server:
        for name, value in demo_environment(server.base_url).items():
            monkeypatch.setenv(name, value)
        settings = load_settings(tmp_path / "no-config.toml")  # the Domain API from the env
        source = account_source(settings, demo_client_credentials(), clock=FakeClock(NOW))
        assert source.label == demo_client_credentials().account_id
        loaded = await source.load(T0, T0 + DAY)
        assert isinstance(source, StoredSource)
        stored = source.store.read(LOOKBACK_START, NOW)
        await source.aclose()
    assert loaded.error is None
    truth = service.visible_records(LOOKBACK_START, NOW)
    assert sorted(stored, key=lambda r: r.identity()) == sorted(truth, key=lambda r: r.identity())
    assert set(loaded.records) <= set(stored)
    (path,) = cache.glob("activity-*.sqlite3")
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    reopened = account_source(settings, demo_client_credentials(), clock=FakeClock(NOW))
    assert reopened.cached(T0, T0 + DAY).records == loaded.records
    await reopened.aclose()


async def test_the_trimmed_look_back_gives_the_same_analysis() -> None:
    from tui.analysis import analyze
    from tui.core.windows import Window

    clock = FakeClock(T0 + 2 * DAY + 10 * HOUR)
    source = demo_source(clock=clock, seed=11)
    assert isinstance(source, StoredSource)
    for day_start in (T0, T0 + DAY, T0 + 2 * DAY):
        loaded = await source.load(day_start, day_start + DAY)
        every = source.store.read(day_start - 12 * HOUR, day_start + DAY)
        assert len(loaded.records) < len(every)
        window = Window(day_start, day_start + DAY)
        dct = loaded.data_complete_to_ms
        assert analyze(loaded.records, window, data_complete_to_ms=dct) == analyze(
            every, window, data_complete_to_ms=dct
        )
    await source.aclose()


async def test_the_page_size_setting_reaches_the_client_of_either_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENT_ACTIVITY_CACHE_DIR", str(tmp_path))
    settings = Settings(page_size=250)
    demo = demo_source(clock=FakeClock(NOW), seed=7, settings=settings)
    account = account_source(settings, demo_client_credentials(), clock=FakeClock(NOW))
    for source in (demo, account):
        assert isinstance(source, StoredSource)
        assert source.client.page_size == 250  # type: ignore[attr-defined]
        await source.aclose()
    default = demo_source(clock=FakeClock(NOW), seed=7)
    assert isinstance(default, StoredSource)
    assert default.client.page_size == 1000  # type: ignore[attr-defined]
    loaded = await default.load(T0, T0 + DAY)
    assert loaded.error is None and loaded.records
    await default.aclose()


async def test_a_fetchs_warnings_come_back_with_the_load_and_only_with_it() -> None:
    clock = FakeClock(NOW)
    fetcher = FakeFetcher([record()], warnings=("some pages may be truncated (v1 answer)",))
    source = _source_with(fetcher, clock)
    loaded = await source.load(T0, T0 + DAY)
    assert loaded.warnings == ("some pages may be truncated (v1 answer)",)
    assert source.cached(T0, T0 + DAY).warnings == ()  # nothing was fetched for this one


async def test_skipped_records_reach_the_result_per_reason() -> None:
    clock = FakeClock(NOW)
    records = [record(agent_id=a, time_ms=T0 + a * 60_000) for a in range(250)]
    source = _source_with(FakeFetcher(records, skipped_per_page=2), clock)
    loaded = await source.load(T0, T0 + DAY)
    assert loaded.skipped_by_reason == {"no agentId": 6}
    assert loaded.skipped_records == 6
    assert source.cached(T0, T0 + DAY).skipped_by_reason == {}
    await source.aclose()
