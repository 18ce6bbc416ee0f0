"""An adaptive bound on requests in flight: halves on throttling, creeps back up on success.

This is additive-increase/multiplicative-decrease (as TCP does it): a 429 halves the limit once
per "generation" (requests that started before the cut do not cut it again); once no 429 has come
for ``recovery_s``, every success adds ``1/limit`` so the limit grows by about one per round of
requests. After a 429 nobody starts a new request until the server's wait is over, so throttling
never turns into a burst.
"""

from __future__ import annotations

import asyncio
from collections import deque

from tui.core.clock import Clock


class AdaptiveLimit:
    """How many requests may be in flight now (between 1 and ``maximum``)."""

    def __init__(self, maximum: int, clock: Clock, *, recovery_s: float = 5.0) -> None:
        if maximum < 1:
            raise ValueError(f"maximum must be at least 1, not {maximum}")
        self.maximum = maximum
        self._clock = clock
        self._limit = float(maximum)
        self._in_flight = 0
        self._generation = 0
        self._resume_at_ms = 0
        self._recovery_ms = round(recovery_s * 1000)
        self._last_throttled_ms: int | None = None
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.peak_in_flight = 0
        """The most requests ever in flight at once (for benchmarks and tests)."""

    @property
    def current(self) -> int:
        """The whole number of requests allowed in flight now."""
        return max(1, int(self._limit))

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def acquire(self) -> int:
        """Wait for a slot (and for any throttling pause to end); returns the generation."""
        while True:
            pause_ms = self._resume_at_ms - self._clock.now_ms()
            if pause_ms > 0:
                await self._clock.sleep(pause_ms / 1000)
                continue
            if self._in_flight < self.current:
                self._in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
                return self._generation
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # pass the wake-up on to someone still waiting
                raise
            finally:
                if not waiter.done():
                    waiter.cancel()

    def release(self) -> None:
        """A request finished (whatever its outcome)."""
        self._in_flight -= 1
        self._wake()

    def succeeded(self) -> None:
        """A request got a non-429 answer: grow by about one slot per round, once calm."""
        if (
            self._last_throttled_ms is not None
            and self._clock.now_ms() - self._last_throttled_ms < self._recovery_ms
        ):
            return
        before = self.current
        self._limit = min(float(self.maximum), self._limit + 1.0 / self._limit)
        if self.current > before:
            self._wake()

    def throttled(self, generation: int, pause_s: float) -> None:
        """A request started in ``generation`` got 429: pause everyone, halve once per round."""
        now_ms = self._clock.now_ms()
        self._last_throttled_ms = now_ms
        resume_at = now_ms + round(pause_s * 1000)
        self._resume_at_ms = max(self._resume_at_ms, resume_at)
        if generation == self._generation:
            self._limit = max(1.0, self._limit / 2)
            self._generation += 1

    def _wake(self) -> None:
        free = self.current - self._in_flight
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1
