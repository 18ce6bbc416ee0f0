"""A source built on first use, off the event loop, so the monitor paints before anything slow.

The monitor and the demo wrap their source factory (:mod:`tui.wiring.sources`) in a
:class:`LazySource`: the simulator, httpx, the keyring and opening and checking the cache file
then happen in the sync worker's thread after the first frame, not at start-up.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core.clock import Clock, SystemClock
from tui.core.errors import AgentActivityError, CredentialsError

if TYPE_CHECKING:  # the contract's types (and the records and msgspec they use) load with the
    # first sync, after the first frame
    from tui.core.source_contract import (
        ActivitySource,
        LoadFailure,
        LoadResult,
        ProgressCallback,
    )

SourceFactory = Callable[[], "ActivitySource"]


class LazySource:
    """An :class:`ActivitySource` built on first use, in a thread.

    A factory that raises an :class:`~tui.core.errors.AgentActivityError` (say, a cache file that
    cannot be opened) gives results with that error, and the next call tries again;
    :class:`~tui.core.errors.CredentialsError` is raised on (the sync loop asks the app to say how
    to log in).
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
        from tui.core.source_contract import LoadFailure

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
        from tui.core.source_contract import LoadFailure, LoadResult

        opened = self._open()
        if isinstance(opened, LoadFailure):
            return LoadResult(start_ms, end_ms, (), None, None, error=opened)
        return opened.cached(start_ms, end_ms)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        from tui.core.source_contract import LoadFailure, LoadResult

        opened: ActivitySource | LoadFailure | None = self._source
        if opened is None:
            opened = await asyncio.to_thread(self._open)
        if isinstance(opened, LoadFailure):
            return LoadResult(start_ms, end_ms, (), None, None, error=opened)
        return await opened.load(start_ms, end_ms, progress=progress)

    def request_productivity_refresh(self) -> None:
        """Passed on once the source exists (before that, its first load fetches anyway)."""
        from tui.core.source_contract import ProductivityRefresh

        source: object = self._source
        if isinstance(source, ProductivityRefresh):
            source.request_productivity_refresh()

    async def aclose(self) -> None:
        if self._source is not None:
            await self._source.aclose()
