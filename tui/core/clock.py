"""Time as a dependency: the real clock in the app, a fake one in tests and snapshots.

Anything that asks "what time is it" or waits (retry back-off, refresh loop, the simulator's
arrival lag) takes a :class:`Clock`, so tests never sleep and snapshots never change.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time in epoch milliseconds, and an awaitable pause."""

    def now_ms(self) -> int: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    async def sleep(self, seconds: float) -> None:
        import asyncio  # here: a command that never waits (export --input) need not load it

        await asyncio.sleep(seconds)


class FakeClock:
    """A clock that moves only when told; ``sleep`` advances it at once and records the wait."""

    def __init__(self, now_ms: int) -> None:
        self._now_ms = now_ms
        self.sleeps: list[float] = []

    def now_ms(self) -> int:
        return self._now_ms

    def advance(self, seconds: float) -> None:
        self._now_ms += round(seconds * 1000)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        import asyncio

        await asyncio.sleep(0)
