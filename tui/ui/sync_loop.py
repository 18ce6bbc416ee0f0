"""The sync loop the monitor runs in its one exclusive worker: cache first, then fetch, then wait.

Everything here runs on the app's event loop (``ActivitySource.load`` is async); reading the cache
and the analysis run in a thread via :func:`asyncio.to_thread` so a 200k-record day never freezes
the UI, and the day's data is kept out of the garbage collector's full collections
(:mod:`tui.core.collector`). Results reach the UI only as messages.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, time
from typing import TYPE_CHECKING

from textual.message import Message

from tui.analysis.options import AnalysisOptions
from tui.core.clock import Clock
from tui.core.collector import (
    RELEASE_REST_S,
    collector_paused,
    release_in_steps,
    settle_long_lived,
)
from tui.core.errors import CredentialsError
from tui.core.group_names import merged_group_names
from tui.core.source_contract import (
    ActivitySource,
    LoadFailure,
    LoadResult,
    ProductivityRefresh,
    SyncProgress,
)
from tui.core.windows import MIDNIGHT, Window, day_window
from tui.ui.messages import (
    ActivityLoaded,
    LoadFailed,
    LoginNeeded,
    SourceNoticed,
    SyncFinished,
    SyncProgressed,
    SyncStarted,
)

if TYPE_CHECKING:  # analysis loads in the sync thread, after the first frame
    from tui.analysis.model import ActivityReport
    from tui.analysis.productivity import ProductivityReport
    from tui.ui.activity_view import ActivityView

PostMessage = Callable[[Message], object]

FIRST_DATA_MODULES = ("textual.scrollbar", "rich._emoji_codes")
"""What Textual and Rich import the first time a day's data is on screen (a table's scroll bars,
the emoji table markup cells are checked against): imported in the sync thread, before the data
arrives, rather than on the event loop (some 20-30 ms)."""

FIGURES_FIRST_AT_RECORDS = 20_000
"""From this many records a load's figures are posted before its details (a smaller day's
details take a few milliseconds: one view is enough)."""


@dataclass(frozen=True)
class SyncRequest:
    """The day and zone the user is looking at (a shift day when ``day_start`` is not midnight)."""

    day: date
    timezone: str
    day_start: time = MIDNIGHT

    def window(self) -> Window:
        return day_window(self.day, self.timezone, self.day_start)


def worker_failure(error: BaseException | None, at_ms: int) -> LoadFailure:
    """A sync worker that crashed, as the failure the header shows until a refresh succeeds."""
    return LoadFailure(
        title="Refresh failed", message=f"{type(error).__name__}: {error}", at_ms=at_ms
    )


@dataclass(frozen=True)
class _Shown:
    """The view on screen and what of its load tells an unchanged reload from a new one."""

    view: ActivityView
    key: tuple[object, ...]

    @staticmethod
    def key_of(load: LoadResult) -> tuple[object, ...]:
        """Every part of a load the figures depend on, except the records themselves (the same
        fetch time, completeness and count mean no fetch changed them)."""
        productivity = load.productivity
        return (
            load.fetched_at_ms,
            load.data_complete_to_ms,
            len(load.records),
            load.warnings,
            load.notice,
            tuple(sorted(load.group_names.items())),
            load.group_names_refused,
            None
            if productivity is None
            else (
                productivity.status,
                productivity.fetched_at_ms,
                productivity.complete_to_ms,
                productivity.message,
                len(productivity.segments),
                tuple(sorted(productivity.skipped_by_reason.items())),
            ),
        )

    def same_as(self, load: LoadResult, now_ms: int) -> bool:
        """Nothing was fetched since this view was built (no failure, nothing skipped, same
        key) and its window is over (``now`` no longer moves its figures): analysing the load
        again would give the same figures."""
        return (
            load.error is None
            and not load.skipped_by_reason
            and now_ms >= self.view.report.window.end_ms
            and self.key == _Shown.key_of(load)
        )


def _release_loads(unused: list[LoadResult]) -> None:
    """In a thread: free loads no view holds (``unused`` holds their last references), their
    records a slice at a time, with the collector paused while the list of them exists."""
    with collector_paused():
        while unused:
            records = list(unused.pop().records)
            release_in_steps(records, rest_s=RELEASE_REST_S)


async def _nothing_to_wait_for() -> None:
    """The default of :attr:`SyncLoop.view_shown`: no screen to wait for."""


class SyncLoop:
    """Runs refresh cycles for one source; one :meth:`run` at a time (an exclusive worker).

    ``view_shown`` is awaited after each view is posted, before the next work in a thread
    starts: the monitor's returns once the view's first frame is painted (or after a short
    timeout), so the worker's threads do not take the GIL from the event loop while it paints.
    """

    def __init__(
        self,
        source: ActivitySource,
        *,
        clock: Clock,
        options: AnalysisOptions,
        refresh_interval_s: int,
        view_shown: Callable[[], Awaitable[None]] = _nothing_to_wait_for,
    ) -> None:
        self._source = source
        self._view_shown = view_shown
        self._clock = clock
        self._options = options
        self.refresh_interval_s = refresh_interval_s
        self._version = 0
        self._notices_posted: set[str] = set()
        self.figures_first_at = FIGURES_FIRST_AT_RECORDS

    async def run(
        self, request: SyncRequest, post: PostMessage, *, is_paused: Callable[[], bool]
    ) -> None:
        """Paint the cache, then fetch; repeat every refresh interval until paused or cancelled.

        Ends with :class:`LoginNeeded` when the source finds no credentials.
        """
        try:
            await self._run(request, post, is_paused)
        except CredentialsError as error:
            post(LoginNeeded(error.message))

    async def _run(
        self, request: SyncRequest, post: PostMessage, is_paused: Callable[[], bool]
    ) -> None:
        source = self._source
        window = request.window()
        if isinstance(source, ProductivityRefresh):
            source.request_productivity_refresh()  # a new run: a day opened, or the user's r
        shown: _Shown | None = None
        cached = await asyncio.to_thread(self._read_cache, window)
        self._post_notice(cached, post)
        if cached.records or cached.fetched_at_ms is not None:
            view = await self.analyse(cached, request, window, post, settled=False)
            post(ActivityLoaded(view))
            shown = _Shown(view, _Shown.key_of(cached))
            await self._view_shown()
        del cached  # its records belong to the view now (freed with it, off the event loop)
        while True:
            post(SyncStarted())

            def report_progress(progress: SyncProgress) -> None:
                # The pages fetched so far live until the fetch ends; a page holds up to 100
                # records, so a big fetch is known as such from its first page on.
                settle_long_lived(max(progress.records_stored, 100 * (progress.pages_total or 0)))
                post(SyncProgressed(progress))

            result = await source.load(window.start_ms, window.end_ms, progress=report_progress)
            self._post_notice(result, post)
            error = result.error
            final = error is None and result.counted_to_ms >= window.end_ms
            if shown is not None and shown.same_as(result, self._clock.now_ms()):
                # Nothing was fetched: the view on screen holds these very figures already.
                if not shown.view.settled:  # it came from the cache: the same view, settled
                    self._version += 1
                    view = replace(shown.view, settled=True, version=self._version)
                    post(ActivityLoaded(view))
                    shown = _Shown(view, shown.key)
                    await self._view_shown()
                unused = [result]
                del result
                await asyncio.to_thread(_release_loads, unused)
            elif error is None or result.records or result.fetched_at_ms is not None:
                view = await self.analyse(result, request, window, post, settled=error is None)
                post(ActivityLoaded(view))
                shown = _Shown(view, _Shown.key_of(result))
                del result
                await self._view_shown()
            else:
                del result
            if error is not None:
                post(LoadFailed(error))
            if is_paused() or final:  # a final day cannot change: no more refreshes
                post(SyncFinished(next_refresh_ms=None))
                return
            post(SyncFinished(self._clock.now_ms() + self.refresh_interval_s * 1000))
            await self._clock.sleep(self.refresh_interval_s)

    def _read_cache(self, window: Window) -> LoadResult:
        """In a thread: what the cache holds, kept out of later collections' way (and the
        modules the first data on screen needs imported)."""
        for name in FIRST_DATA_MODULES:
            importlib.import_module(name)
        result = self._source.cached(window.start_ms, window.end_ms)
        settle_long_lived(len(result.records))
        return result

    def _post_notice(self, load: LoadResult, post: PostMessage) -> None:
        """Each notice and warning once per app run, however many results carry it (the
        productivity API not enabled, with its fix, is a notice too)."""
        notices = [load.notice]
        productivity = load.productivity
        if productivity is not None and productivity.status == "not_enabled":
            notices.append(productivity.message)
        notices.append(load.group_names_refused)
        for notice in notices:
            if notice is not None and notice not in self._notices_posted:
                self._notices_posted.add(notice)
                post(SourceNoticed(notice))
        for warning in load.warnings:
            if warning not in self._notices_posted:
                self._notices_posted.add(warning)
                post(SourceNoticed(warning, title="Data may be incomplete"))

    async def analyse(
        self,
        load: LoadResult,
        request: SyncRequest,
        window: Window,
        post: PostMessage,
        *,
        settled: bool,
    ) -> ActivityView:
        """Analyse ``load`` in a thread; returns its view. A big load posts its figures first
        (:func:`figures_view`: every figure the panes show, without the staffing slots), and the
        view returned adds the Events index, each agent's records, the staffing strips and the
        review's exceptions (a third of the work again, shared with the figures rather than
        copied): the figures are on screen that much sooner."""
        now_ms = self._clock.now_ms()
        options = self._options
        if load.group_names:
            names = merged_group_names(options.group_names, load.group_names)
            options = replace(options, group_names=names)
        figures_first = len(load.records) >= self.figures_first_at
        staffing_later = figures_first and options.build_details and options.build_timelines
        self._version += 1
        version = self._version

        def figures() -> tuple[ActivityReport, ProductivityReport | None]:
            from tui.analysis.productivity import analyze_productivity
            from tui.analysis.report import analyze  # in the thread, after the first frame

            with collector_paused():
                report = analyze(
                    load.records,
                    window,
                    data_complete_to_ms=load.counted_to_ms,
                    options=replace(options, build_staffing=not staffing_later),
                    skipped_by_reason=load.skipped_by_reason,
                    now_ms=now_ms,
                )
                if load.productivity is not None:  # a source without productivity shows none
                    report, productivity = analyze_productivity(
                        report, load.productivity, group_names=options.group_names
                    )
                else:
                    productivity = None
                # The figures live as long as the view: a young collection (in the event loop's
                # next frame, say) would traverse them all, and find nothing to free.
                settle_long_lived(len(load.records))
                return report, productivity

        def figures_only() -> ActivityView:
            from tui.ui.activity_view import figures_view  # loaded by then: not before paint

            with collector_paused():
                view = figures_view(
                    report,
                    load,
                    version=version,
                    now_ms=now_ms,
                    source_label=self._source.label,
                    day=request.day,
                    settled=settled,
                    productivity=productivity,
                    group_names=options.group_names,
                )
                settle_long_lived(len(load.records))
            return view

        def details() -> ActivityView:
            from tui.analysis.groups import with_staffing
            from tui.analysis.review import review_exceptions
            from tui.ui.activity_view import build_view

            with collector_paused():
                full = with_staffing(report, options.staffing_slot_ms) if staffing_later else report
                view = build_view(
                    full,
                    load,
                    version=version,
                    now_ms=now_ms,
                    source_label=self._source.label,
                    day=request.day,
                    settled=settled,
                    productivity=productivity,
                    exceptions=review_exceptions(full, options),
                    group_names=options.group_names,
                    rows_of=first,
                )
                settle_long_lived(len(load.records))
            return view

        report, productivity = await asyncio.to_thread(figures)
        first: ActivityView | None = None
        if figures_first:
            first = await asyncio.to_thread(figures_only)
            post(ActivityLoaded(first))
            await self._view_shown()  # the details' thread would share the GIL with its frame
            self._version += 1
            version = self._version
        return await asyncio.to_thread(details)

    async def aclose(self) -> None:
        await self._source.aclose()
