"""Test doubles for the monitor: a frozen clock and in-memory sources over the simulated world."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.core.segments import PRODUCTIVITY_LAG_MS, ProductivityLoad
from tui.core.settings import Settings
from tui.core.source_contract import LoadFailure, LoadResult, ProgressCallback, SyncProgress
from tui.simulator.world import World

NOW_MS = int(datetime(2026, 11, 24, 15, 42, tzinfo=UTC).timestamp() * 1000)
"""The frozen "now" of every UI test: mid-afternoon, so the day has data and a pending hour."""

LAG_MS = 3_600_000


class FrozenClock(FakeClock):
    """A fake clock whose ``sleep`` never returns: the sync loop waits for the test, forever."""

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.Event().wait()


def demo_settings(world: World | None = None, **overrides: object) -> Settings:
    """Settings naming the simulated teams, in UTC."""
    world = world or World()
    names = {team.group_id: team.name for team in world.teams}
    values: dict[str, object] = {"timezone": "UTC", "group_names": names, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class WorldSource:
    """An :class:`ActivitySource` serving what the simulated account has delivered by ``now``."""

    clock: FakeClock
    world: World = field(default_factory=World)
    label: str = "demo"
    loads: int = 0
    fail_with: LoadFailure | None = None
    productivity: bool = True
    """Serve the window's conversation segments too (as the demo does)."""

    def _visible(self, start_ms: int, end_ms: int) -> tuple[StatusRecord, ...]:
        now = self.clock.now_ms()
        return tuple(
            record
            for record in self.world.records(start_ms - 12 * 3_600_000, min(end_ms, now))
            if self.world.arrival_ms(record) <= now
        )

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        return LoadResult(start_ms, end_ms, (), None, None)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        self.loads += 1
        now = self.clock.now_ms()
        if progress is not None:
            progress(SyncProgress(pages_done=1, pages_total=2, records_stored=0))
        if self.fail_with is not None:
            return LoadResult(start_ms, end_ms, (), None, None, error=self.fail_with)
        return LoadResult(
            start_ms,
            end_ms,
            self._visible(start_ms, end_ms),
            data_complete_to_ms=now - LAG_MS,
            fetched_at_ms=now,
            productivity=self.segments(start_ms, end_ms) if self.productivity else None,
        )

    def segments(self, start_ms: int, end_ms: int) -> ProductivityLoad:
        """The segments closed in the window that have arrived by now; final to now − 24 h."""
        now = self.clock.now_ms()
        segments = tuple(
            segment
            for segment in self.world.segments(start_ms, min(end_ms, now))
            if self.world.segment_arrival_ms(segment) <= now
        )
        complete_to = max(start_ms, min(end_ms, now - PRODUCTIVITY_LAG_MS))
        return ProductivityLoad(segments, "ok", complete_to_ms=complete_to, fetched_at_ms=now)

    async def aclose(self) -> None:
        return None


@dataclass
class FlakySource(WorldSource):
    """Succeeds on the first load, then fails (keeping its last good records, as stores do)."""

    last_good: LoadResult | None = None

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        if self.last_good is None:
            self.last_good = await super().load(start_ms, end_ms, progress=progress)
            return self.last_good
        self.loads += 1
        failure = LoadFailure(
            "Service unavailable", "LivePerson answered 503 three times", self.clock.now_ms()
        )
        good = self.last_good
        return LoadResult(
            start_ms,
            end_ms,
            good.records,
            good.data_complete_to_ms,
            good.fetched_at_ms,
            error=failure,
        )
