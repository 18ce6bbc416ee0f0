"""The week view's loader: a range of days, a day at a time, run by the monitor's sync worker.

It replaces the day's refresh loop while the week pane is open (same exclusive worker group, so
one worker still owns fetching) and loads each day exactly as the day view does: what the cache
holds first (every day of the range and of the range before it, painted at once), then a fetch
of each day that is not final yet, oldest first, the range before last. Each day is analysed by
:func:`tui.analysis.report.analyze` in a thread, with the day's own window and completeness, so a
day's row is the day view's figures. After every day a new immutable :class:`RangeView` goes to
the UI (``RangeLoaded``), with how many days are loaded ("4 of 7 days loaded").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from textual.message import Message

from tui.analysis.day_range import RangeDay, RangeReport, empty_range_report
from tui.analysis.options import AnalysisOptions
from tui.core.clock import Clock
from tui.core.day_range import DayRange
from tui.core.errors import CredentialsError
from tui.core.group_names import merged_group_names
from tui.core.source_contract import ActivitySource, LoadResult, SyncProgress
from tui.core.windows import Window, day_window
from tui.ui.messages import (
    LoadFailed,
    LoginNeeded,
    RangeLoaded,
    SyncFinished,
    SyncProgressed,
    SyncStarted,
)
from tui.ui.range_view import RangeView

PostMessage = Callable[[Message], object]


class RangeLoop:
    """Loads one range at a time for the monitor (call :meth:`run` from an exclusive worker)."""

    def __init__(
        self,
        source: ActivitySource,
        *,
        clock: Clock,
        options: AnalysisOptions,
        refresh_interval_s: int,
    ) -> None:
        self._source = source
        self._clock = clock
        self._options = replace(options, build_timelines=False, build_details=False)
        self.refresh_interval_s = refresh_interval_s
        self._version = 0

    async def run(
        self, day_range: DayRange, post: PostMessage, *, is_paused: Callable[[], bool]
    ) -> None:
        """Paint the cache, fetch each day that is not final, then refresh the days still
        changing every refresh interval until paused or cancelled."""
        try:
            await self._run(day_range, post, is_paused)
        except CredentialsError as error:
            post(LoginNeeded(error.message))

    async def _run(
        self, day_range: DayRange, post: PostMessage, is_paused: Callable[[], bool]
    ) -> None:
        report = empty_range_report(day_range)
        all_days = (*day_range.dates(), *day_range.previous().dates())
        done: set[date] = set()
        """Days as good as this run gets them: final in the cache, or fetched."""
        for day in all_days:
            window = day_window(day, day_range.timezone, day_range.day_start)
            cached = await asyncio.to_thread(self._source.cached, window.start_ms, window.end_ms)
            if cached.records or cached.fetched_at_ms is not None:
                range_day = await self._analyse(day, cached, window, failed=False)
                report = _with_day(report, range_day)
                if range_day.final:
                    done.add(day)
        post(RangeLoaded(self._view(report, done, loading=True)))
        while True:
            post(SyncStarted())
            for day in all_days:
                if _day(report, day).final:
                    continue  # a final day cannot change: never fetched again
                window = day_window(day, day_range.timezone, day_range.day_start)

                def report_progress(progress: SyncProgress) -> None:
                    post(SyncProgressed(progress))

                result = await self._source.load(
                    window.start_ms, window.end_ms, progress=report_progress
                )
                if result.error is not None:
                    post(LoadFailed(result.error))
                range_day = await self._analyse(
                    day, result, window, failed=result.error is not None
                )
                report = _with_day(report, range_day)
                done.add(day)
                post(RangeLoaded(self._view(report, done, loading=True)))
            post(RangeLoaded(self._view(report, done, loading=False)))
            if is_paused() or _all_final(report):
                post(SyncFinished(next_refresh_ms=None))
                return
            post(SyncFinished(self._clock.now_ms() + self.refresh_interval_s * 1000))
            await self._clock.sleep(self.refresh_interval_s)

    def _view(self, report: RangeReport, done: set[date], *, loading: bool) -> RangeView:
        self._version += 1
        return RangeView(
            report=report,
            version=self._version,
            settled=sum(1 for day in report.days if day.day in done),
            previous_settled=sum(1 for day in report.previous if day.day in done),
            loading=loading,
            waiting=frozenset(
                day.day
                for day in (*report.days, *report.previous)
                if day.day not in done and not day.final
            ),
        )

    async def _analyse(
        self, day: date, load: LoadResult, window: Window, *, failed: bool
    ) -> RangeDay:
        now_ms = self._clock.now_ms()
        options = self._options
        if load.group_names:
            options = replace(
                options, group_names=merged_group_names(options.group_names, load.group_names)
            )

        def analyse() -> RangeDay:
            from tui.analysis.report import analyze  # in the thread, after the first frame

            report = analyze(
                load.records,
                window,
                data_complete_to_ms=load.counted_to_ms,
                options=options,
                skipped_by_reason=load.skipped_by_reason,
                now_ms=now_ms,
            )
            return RangeDay(day, report, failed=failed)

        return await asyncio.to_thread(analyse)


def _with_day(report: RangeReport, range_day: RangeDay) -> RangeReport:
    """``report`` with one day's figures replaced (in whichever of the two ranges holds it)."""
    return replace(
        report,
        days=tuple(range_day if d.day == range_day.day else d for d in report.days),
        previous=tuple(range_day if d.day == range_day.day else d for d in report.previous),
    )


def _day(report: RangeReport, day: date) -> RangeDay:
    for range_day in (*report.days, *report.previous):
        if range_day.day == day:
            return range_day
    return RangeDay(day)


def _all_final(report: RangeReport) -> bool:
    return all(day.final for day in (*report.days, *report.previous))
