"""Records the fetch could not read are counted per reason all the way to the monitor: the
header says how many, help says why."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Static

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource
from tui.core.source_contract import LoadResult, ProgressCallback
from tui.ui.widgets.header import FreshnessHeader

SKIPS = {"bad time": 2, "no agentId": 1}


@dataclass
class SkippingSource(WorldSource):
    """The world's records, plus three the parser could not read."""

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        result = await super().load(start_ms, end_ms, progress=progress)
        return LoadResult(
            result.start_ms,
            result.end_ms,
            result.records,
            result.data_complete_to_ms,
            result.fetched_at_ms,
            skipped_by_reason=SKIPS,
        )


async def test_the_header_counts_skipped_records_and_help_names_the_reasons(
    make_app: AppFactory,
) -> None:
    app = make_app(SkippingSource(FrozenClock(NOW_MS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.view is not None
        assert dict(app.monitor.view.report.skipped_by_reason) == SKIPS
        clocks = str(app.query_one(FreshnessHeader).query_one("#header-clocks", Static).render())
        assert "3 unreadable records skipped" in clocks
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
    assert "Skipped 3 unreadable records in the last fetch (bad time: 2, no agentId: 1)" in text
