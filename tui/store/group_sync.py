"""Team names kept up to date at sync time: fetched through the account's client (the Agent
Groups API) at most every :data:`GROUP_NAMES_REFRESH_MS`, stored in the cache, read from it.

A refusal (401/403: the key lacks the permission) is remembered for the session — nothing more
is asked — and reported once through :attr:`GroupNameSync.refused`; any other failure keeps the
cached names and is retried at the next interval. Neither ever fails a load.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Protocol

from tui.core.clock import Clock
from tui.core.errors import AgentActivityError
from tui.core.group_names import GroupNamesRefused
from tui.store.group_table import GroupNameTable

GROUP_NAMES_REFRESH_MS = 6 * 3_600_000
"""Team names change rarely: ask again after six hours (and at every start)."""


class GroupNameFetcher(Protocol):
    async def fetch_agent_groups(self) -> dict[int, str]: ...


class GroupNameSync:
    """Fetches and stores one account's team names; one instance per session."""

    def __init__(
        self,
        table: GroupNameTable,
        fetcher: GroupNameFetcher,
        clock: Clock,
        *,
        refresh_ms: int = GROUP_NAMES_REFRESH_MS,
        network_errors: tuple[type[Exception], ...] = (),
    ) -> None:
        self.table = table
        self.fetcher = fetcher
        self.clock = clock
        self.refresh_ms = refresh_ms
        self._network_errors = network_errors
        self.refused: str | None = None
        """How to name teams, once the API refused the key (then nothing more is asked)."""
        self.failure: str | None = None
        """Why the last fetch failed (not a refusal); cached names stay in use."""
        self._last_attempt_ms: int | None = None
        self.fetches = 0

    def due(self) -> bool:
        if self.refused is not None:
            return False
        last = self._last_attempt_ms
        return last is None or self.clock.now_ms() - last >= self.refresh_ms

    async def sync(self) -> None:
        """Fetch and store the names when due; failures are kept, never raised (but storage)."""
        if not self.due():
            return
        now_ms = self.clock.now_ms()
        self._last_attempt_ms = now_ms
        self.fetches += 1
        failures: tuple[type[Exception], ...] = (AgentActivityError, *self._network_errors)
        try:
            names = await self.fetcher.fetch_agent_groups()
        except GroupNamesRefused as error:
            self.refused = error.message
            return
        except failures as error:
            self.failure = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
            return
        self.failure = None
        await asyncio.to_thread(self.table.replace, names, now_ms)

    def load(self) -> dict[int, str]:
        """The cached names (blocking: call in a thread); empty when the cache cannot say."""
        try:
            return self.table.read()
        except sqlite3.Error:
            return {}
