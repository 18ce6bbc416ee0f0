"""The sync loop paints the cache, then refreshes; an unchanged reload of a past day is not
analysed again (the cached view is shown settled)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date

from textual.message import Message

from tests.ui.fakes import NOW_MS, FrozenClock
from tui.analysis.options import AnalysisOptions
from tui.core.records import StatusRecord, StatusType
from tui.core.source_contract import LoadResult, ProgressCallback
from tui.ui.activity_view import ActivityView
from tui.ui.messages import ActivityLoaded, SyncFinished
from tui.ui.sync_loop import SyncLoop, SyncRequest

PAST_DAY = date(2026, 11, 23)
TODAY = date(2026, 11, 24)  # NOW_MS is on it


@dataclass
class TwoLoads:
    """The cache holds one login; the refresh returns it again, fetched at ``refetched_at``."""

    refetched_at: int
    label: str = "test"
    loads: list[LoadResult] = field(default_factory=list)

    def _result(self, start_ms: int, end_ms: int, fetched_at: int) -> LoadResult:
        login = StatusRecord(1, start_ms + 60_000, StatusType.LOGIN, None, -1)
        return LoadResult(start_ms, end_ms, (login,), end_ms, fetched_at)

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        return self._result(start_ms, end_ms, NOW_MS)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        result = self._result(start_ms, end_ms, self.refetched_at)
        self.loads.append(result)
        return result

    async def aclose(self) -> None:
        return None


async def run_once(source: TwoLoads, day: date = PAST_DAY) -> list[Message]:
    posted: list[Message] = []
    loop = SyncLoop(
        source, clock=FrozenClock(NOW_MS), options=AnalysisOptions(), refresh_interval_s=300
    )
    await loop.run(SyncRequest(day, "UTC"), posted.append, is_paused=lambda: True)
    return posted


def views_of(posted: list[Message]) -> list[ActivityView]:
    return [message.view for message in posted if isinstance(message, ActivityLoaded)]


async def test_an_unchanged_reload_settles_the_cached_view_without_analysing_it_again() -> None:
    posted = await run_once(TwoLoads(refetched_at=NOW_MS))
    cached, settled = views_of(posted)
    assert not cached.settled and settled.settled
    assert settled.report is cached.report  # not analysed again
    assert settled.version == cached.version + 1
    assert isinstance(posted[-1], SyncFinished)


async def test_a_new_fetch_is_analysed() -> None:
    posted = await run_once(TwoLoads(refetched_at=NOW_MS + 60_000))
    views = views_of(posted)
    assert [view.load.fetched_at_ms for view in views] == [NOW_MS, NOW_MS + 60_000]
    assert views[1].report is not views[0].report and views[1].settled


async def test_today_is_analysed_again_even_when_nothing_was_fetched() -> None:
    """``now`` moves today's figures (pending time), so the same records are analysed again."""
    posted = await run_once(TwoLoads(refetched_at=NOW_MS), day=TODAY)
    cached, fresh = views_of(posted)
    assert fresh.report is not cached.report and fresh.settled


def test_what_the_first_data_on_screen_imports_is_imported_by_the_sync_thread() -> None:
    """Before the cache is read (in the sync thread), not on the loop when the data shows."""
    code = (
        "import asyncio, sys\n"
        "from tests.ui.test_sync_loop import TwoLoads, run_once\n"
        "from tui.ui.sync_loop import FIRST_DATA_MODULES\n"
        "assert not any(name in sys.modules for name in FIRST_DATA_MODULES)\n"
        "asyncio.run(run_once(TwoLoads(refetched_at=0)))\n"
        "assert all(name in sys.modules for name in FIRST_DATA_MODULES)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_the_loop_waits_for_each_posted_view_to_be_shown_before_going_on() -> None:
    """The monitor's ``view_shown`` returns once the view is painted: the worker's next
    thread must not share the GIL with that frame."""
    posted: list[Message] = []
    views_when_waited: list[int] = []

    async def view_shown() -> None:
        views_when_waited.append(len(views_of(posted)))
        assert isinstance(posted[-1], ActivityLoaded)  # nothing posted after the view yet

    loop = SyncLoop(
        TwoLoads(refetched_at=NOW_MS + 60_000),
        clock=FrozenClock(NOW_MS),
        options=AnalysisOptions(),
        refresh_interval_s=300,
        view_shown=view_shown,
    )
    await loop.run(SyncRequest(PAST_DAY, "UTC"), posted.append, is_paused=lambda: True)
    assert views_when_waited == [1, 2]
