"""The sync loop the app runs in its one exclusive worker: cache first, then fetch, then wait.

Everything here runs on the app's event loop (``ActivitySource.load`` is async); analysis runs in a
thread via :func:`asyncio.to_thread` so a 200k-record day never freezes the UI. Results reach the
UI only as messages.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.message import Message

from tui.analysis.model import Window
from tui.analysis.options import AnalysisOptions
from tui.analysis.windows import day_window
from tui.clock import Clock, SystemClock
from tui.errors import AgentActivityError, CredentialsError
from tui.source import ActivitySource, LoadFailure, LoadResult, ProgressCallback, SyncProgress
from tui.ui.messages import (
    ActivityLoaded,
    LoadFailed,
    LoginNeeded,
    SourceNoticed,
    SyncFinished,
    SyncProgressed,
    SyncStarted,
)
from tui.ui.state import ActivityView, build_view

SourceFactory = Callable[[], ActivitySource]
PostMessage = Callable[[Message], object]


@dataclass(frozen=True)
class SyncRequest:
    """The day and zone the user is looking at."""

    day: date
    timezone: str

    def window(self) -> Window:
        return day_window(self.day, self.timezone)


def worker_failure(error: BaseException | None, at_ms: int) -> LoadFailure:
    """A sync worker that crashed, as the failure the header shows until a refresh succeeds."""
    return LoadFailure(
        title="Refresh failed", message=f"{type(error).__name__}: {error}", at_ms=at_ms
    )


class LazySource:
    """An :class:`ActivitySource` built on first use, off the event loop.

    The monitor and the demo wrap their source factory in this so the slow parts (the simulator,
    httpx, the keyring, opening and checking the cache file) run in the sync worker's thread after
    the first frame is painted, not at start-up. A factory that raises an
    :class:`~tui.errors.AgentActivityError` (say, a cache file that cannot be opened) gives results
    with that error, and the next call tries again; :class:`~tui.errors.CredentialsError` is
    raised on (the sync loop asks the app to say how to log in).
    """

    def __init__(self, label: str, factory: SourceFactory, *, clock: Clock | None = None) -> None:
        self._label = label
        self._factory = factory
        self._clock: Clock = clock or SystemClock()
        self._source: ActivitySource | None = None
        self._opening = threading.Lock()

    @property
    def label(self) -> str:
        return self._label

    def _open(self) -> ActivitySource | LoadFailure:
        with self._opening:
            if self._source is None:
                try:
                    self._source = self._factory()
                except CredentialsError:
                    raise
                except AgentActivityError as error:
                    return LoadFailure(error.title, error.message, self._clock.now_ms())
            return self._source

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        opened = self._open()
        if isinstance(opened, LoadFailure):
            return LoadResult(start_ms, end_ms, (), None, None, error=opened)
        return opened.cached(start_ms, end_ms)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        opened: ActivitySource | LoadFailure | None = self._source
        if opened is None:
            opened = await asyncio.to_thread(self._open)
        if isinstance(opened, LoadFailure):
            return LoadResult(start_ms, end_ms, (), None, None, error=opened)
        return await opened.load(start_ms, end_ms, progress=progress)

    async def aclose(self) -> None:
        if self._source is not None:
            await self._source.aclose()


class SyncLoop:
    """Runs refresh cycles for one source; one :meth:`run` at a time (an exclusive worker)."""

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
        self._options = options
        self.refresh_interval_s = refresh_interval_s
        self._version = 0
        self._notices_posted: set[str] = set()

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
        cached = await asyncio.to_thread(source.cached, window.start_ms, window.end_ms)
        self._post_notice(cached, post)
        if cached.records or cached.fetched_at_ms is not None:
            post(ActivityLoaded(await self._analyse(cached, request, window)))
        while True:
            post(SyncStarted())

            def report_progress(progress: SyncProgress) -> None:
                post(SyncProgressed(progress))

            result = await source.load(window.start_ms, window.end_ms, progress=report_progress)
            self._post_notice(result, post)
            if result.error is None or result.records or result.fetched_at_ms is not None:
                post(ActivityLoaded(await self._analyse(result, request, window)))
            if result.error is not None:
                post(LoadFailed(result.error))
            if is_paused():
                post(SyncFinished(next_refresh_ms=None))
                return
            post(SyncFinished(self._clock.now_ms() + self.refresh_interval_s * 1000))
            await self._clock.sleep(self.refresh_interval_s)

    def _post_notice(self, load: LoadResult, post: PostMessage) -> None:
        """Each notice and warning once per app run, however many results carry it."""
        if load.notice is not None and load.notice not in self._notices_posted:
            self._notices_posted.add(load.notice)
            post(SourceNoticed(load.notice))
        for warning in load.warnings:
            if warning not in self._notices_posted:
                self._notices_posted.add(warning)
                post(SourceNoticed(warning, title="Data may be incomplete"))

    async def _analyse(
        self, load: LoadResult, request: SyncRequest, window: Window
    ) -> ActivityView:
        self._version += 1
        version = self._version
        now_ms = self._clock.now_ms()

        def analyse() -> ActivityView:
            from tui.analysis.report import analyze  # in the thread, after the first frame

            report = analyze(
                load.records,
                window,
                data_complete_to_ms=load.data_complete_to_ms,
                options=self._options,
            )
            return build_view(
                report,
                load,
                version=version,
                now_ms=now_ms,
                source_label=self._source.label,
                day=request.day,
            )

        return await asyncio.to_thread(analyse)

    async def aclose(self) -> None:
        await self._source.aclose()
