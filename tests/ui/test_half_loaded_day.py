"""A day whose data is still loading never shows its figures as final (functional, no sleeps).

Stepping back a day shows what the cache holds at once: for the day before today that is only
the look-back today's view fetched (its afternoon, with no complete range from its start), so
its figures are not shown ("nothing of this day is complete yet"); a day cached as complete to
12:00 shows its figures dimmed under a "partial" banner. When the fetch ends the figures are
final, said as such.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from textual.widgets import DataTable, Static

from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tests.ui.test_app import header_text
from tui.core.source_contract import LoadResult, ProgressCallback
from tui.core.windows import day_window
from tui.ui.app import AgentActivityApp

TODAY = day_window(date(2026, 11, 24), "UTC")
HOUR_MS = 3_600_000


@dataclass
class SlowPastDays(WorldSource):
    """Today loads at once; an earlier day's fetch waits for the test to ``release`` it. Its
    cache holds records from ``cached_from_hour`` on and is complete to ``cached_complete_to``
    (``None``: no complete fetch holds the day's start)."""

    cached_from_hour: int = 12
    cached_complete_to_hour: int | None = None
    started: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        if start_ms >= TODAY.start_ms:
            return super().cached(start_ms, end_ms)
        held_from = start_ms + self.cached_from_hour * HOUR_MS
        records = tuple(r for r in self._visible(start_ms, end_ms) if r.time_ms >= held_from)
        complete_to = (
            None
            if self.cached_complete_to_hour is None
            else start_ms + self.cached_complete_to_hour * HOUR_MS
        )
        return LoadResult(start_ms, end_ms, records, complete_to, start_ms + HOUR_MS)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        if start_ms < TODAY.start_ms:
            self.started.set()
            await self.release.wait()
        return await super().load(start_ms, end_ms, progress=progress)


async def test_the_day_before_shows_no_figures_until_its_fetch_ends() -> None:
    source = SlowPastDays(FrozenClock(NOW_MS))
    app = AgentActivityApp(source, demo_settings(), clock=source.clock)
    async with app.run_test(size=(120, 40)) as pilot:
        monitor = app.monitor
        await monitor.wait_for_sync(0)
        generation = monitor.sync_generation
        await pilot.press("[")
        await source.started.wait()  # the cache was painted before the fetch began
        await pilot.pause()
        view = monitor.view
        assert view is not None and view.day == date(2026, 11, 23)
        assert view.partial and view.nothing_complete
        assert view.report.agents == ()  # the look-back records are provisional, not figures
        assert not app.query_one("#teams-table", DataTable).display
        empty = str(app.query_one("#teams-empty", Static).render())
        assert empty.startswith("Nothing of this day is complete yet")
        assert app.query_one("#partial-banner", Static).display
        assert "nothing of this day complete yet" in header_text(app)

        source.release.set()
        await monitor.wait_for_sync(generation)
        await pilot.pause()
        view = monitor.view
        assert view is not None and view.settled and view.report.final
        assert app.query_one("#teams-table", DataTable).display
        assert not app.query_one("#partial-banner", Static).display
        assert not monitor.query_one("#panes").has_class("-partial")
        text = header_text(app)
        assert text.splitlines()[-1].startswith("final · fetched Tue 11-24 15:42")
        assert "next refresh" not in text  # a final day cannot change: no countdown


async def test_a_day_cached_to_noon_shows_dimmed_partial_figures() -> None:
    source = SlowPastDays(FrozenClock(NOW_MS), cached_from_hour=0, cached_complete_to_hour=12)
    app = AgentActivityApp(source, demo_settings(), clock=source.clock)
    async with app.run_test(size=(120, 40)) as pilot:
        monitor = app.monitor
        await monitor.wait_for_sync(0)
        await pilot.press("[")
        await source.started.wait()
        await pilot.pause()
        view = monitor.view
        assert view is not None and view.partial and not view.nothing_complete
        # figures stop at 12:00: the other 12 hours of the day are pending, not counted
        assert view.report.complete_to_ms == view.report.window.start_ms + 12 * HOUR_MS
        assert all(a.pending_ms == 12 * HOUR_MS for a in view.report.agents)
        assert app.query_one("#teams-table", DataTable).display
        assert monitor.query_one("#panes").has_class("-partial")
        banner = str(app.query_one("#partial-banner", Static).render())
        assert banner.startswith("partial: these figures are complete to 12:00 only")
        assert "data complete to 12:00" in header_text(app)
        source.release.set()
