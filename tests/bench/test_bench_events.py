"""The Events pane with 200,000 records: filter and first frame stay interactive.

Run: ``uv run pytest -m bench tests/bench/test_bench_events.py -s``. Prints the time to build the
view (off the event loop in the app), to filter all records, and to show the pane after a key.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.bench.synthetic import synthetic_v2_page
from tests.ui.fakes import NOW_MS, FrozenClock
from tui.analysis import analyze
from tui.api.parsing import parse_page
from tui.core.settings import Settings
from tui.core.source import LoadResult
from tui.core.windows import day_window
from tui.ui.activity_view import build_view
from tui.ui.app import AgentActivityApp
from tui.ui.filtering import TextFilter
from tui.ui.messages import ActivityLoaded
from tui.ui.panes.events import EventsPane, filter_events

pytestmark = pytest.mark.bench

DAY = datetime(2026, 11, 23, tzinfo=UTC).date()


class StaticSource:
    label = "bench"

    def __init__(self, load: LoadResult) -> None:
        self._load = load

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        return self._load

    async def load(self, start_ms: int, end_ms: int, *, progress: object = None) -> LoadResult:
        return self._load

    async def aclose(self) -> None:
        return None


async def test_events_pane_with_200k_records() -> None:
    window = day_window(DAY, "UTC")
    page = parse_page(
        synthetic_v2_page(agents=2000, records_per_agent=100, day_start_ms=window.start_ms)
    )
    load = LoadResult(window.start_ms, window.end_ms, page.records, window.end_ms, NOW_MS)
    started = time.perf_counter()
    report = analyze(load.records, window, data_complete_to_ms=window.end_ms)
    view = build_view(report, load, version=1, now_ms=NOW_MS, source_label="bench", day=DAY)
    built = time.perf_counter() - started
    assert len(view.events) == 200_000

    started = time.perf_counter()
    kept = filter_events(view, TextFilter.parse("lunch"))
    filtered = time.perf_counter() - started
    assert 0 < len(kept) < len(view.events)

    app = AgentActivityApp(
        StaticSource(load), Settings(timezone="UTC"), clock=FrozenClock(NOW_MS), initial_date=DAY
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        app.monitor.post_message(ActivityLoaded(view))
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("5")
        await pilot.pause()
        shown = time.perf_counter() - started
        log = app.query_one(EventsPane).event_log
        started = time.perf_counter()
        log.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        scrolled = time.perf_counter() - started
        baseline_started = time.perf_counter()
        await pilot.pause()
        idle = time.perf_counter() - baseline_started
        assert app.query_one(EventsPane).event_log.row_count == 200_000
    print(
        f"\n200k records: analysis + view {built:.2f} s (worker thread); filter 'lunch' "
        f"{filtered * 1000:.0f} ms; show Events pane {shown * 1000:.0f} ms; "
        f"jump to end {scrolled * 1000:.0f} ms (an idle pilot.pause() takes {idle * 1000:.0f} ms)"
    )
    assert filtered < 0.5
