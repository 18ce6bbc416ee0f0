"""Pacing by rate: a token bucket whose rate is learnt from LivePerson's 429s.

The in-flight bound (:mod:`tui.api.concurrency`) limits how many requests run at once; a server
that limits requests *per second* needs a rate instead. The bucket starts unpaced. A 429 sets the
rate to half of what was sent during the last second (never above the rate already learnt), and a
``Retry-After`` pause holds everyone until it ends. Every ``recovery_s`` without a 429 the rate
grows by a tenth, so a limit that was lifted is found again; far above what was ever throttled,
pacing is dropped. The bucket holds one token: requests are spread evenly, never in a burst.
"""

from __future__ import annotations

from collections import deque

from tui.core.clock import Clock

MIN_RATE_PER_S = 0.1
"""The slowest pace (one request per 10 s); LivePerson's own minimum wait after a 429 is 1 s."""


class RequestPacer:
    """Spaces request starts by the learnt rate (``None``: not paced)."""

    def __init__(self, clock: Clock, *, recovery_s: float = 10.0, window_s: float = 1.0) -> None:
        self._clock = clock
        self.rate_per_s: float | None = None
        self._next_start_ms = 0
        self._recovery_ms = round(recovery_s * 1000)
        self._window_ms = round(window_s * 1000)
        self._sent_ms: deque[int] = deque()
        self._last_throttled_ms: int | None = None
        self._last_growth_ms = 0
        self.paced_waits_s: list[float] = []
        """Every wait the pacing imposed (spacing requests, not retrying them), for tests."""

    def _sent_recently(self, now_ms: int) -> int:
        sent = self._sent_ms
        while sent and sent[0] <= now_ms - self._window_ms:
            sent.popleft()
        return len(sent)

    async def wait_turn(self) -> None:
        """Wait until this request may start, and count it as sent."""
        while True:
            now_ms = self._clock.now_ms()
            wait_ms = self._next_start_ms - now_ms
            if wait_ms <= 0:
                break
            self.paced_waits_s.append(wait_ms / 1000)
            await self._clock.sleep(wait_ms / 1000)
        now_ms = self._clock.now_ms()
        if self.rate_per_s is not None:
            self._next_start_ms = max(self._next_start_ms, now_ms) + round(1000 / self.rate_per_s)
        self._sent_ms.append(now_ms)
        self._sent_recently(now_ms)

    def throttled(self) -> None:
        """A 429: learn a slower rate."""
        now_ms = self._clock.now_ms()
        observed = max(1, self._sent_recently(now_ms)) * 1000 / self._window_ms
        learnt = max(MIN_RATE_PER_S, observed / 2)
        if self.rate_per_s is not None:
            learnt = min(learnt, self.rate_per_s)
        self.rate_per_s = learnt
        self._last_throttled_ms = now_ms
        self._last_growth_ms = now_ms

    def succeeded(self) -> None:
        """A non-429 answer: after ``recovery_s`` calm, try a tenth faster."""
        if self.rate_per_s is None or self._last_throttled_ms is None:
            return
        now_ms = self._clock.now_ms()
        if now_ms - self._last_growth_ms < self._recovery_ms:
            return
        self._last_growth_ms = now_ms
        self.rate_per_s *= 1.1
