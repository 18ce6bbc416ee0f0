"""Faults on demand: throttling, error runs, token expiry, broken bodies, slowness, drops, and
the readings LivePerson's docs leave open (a lower ``limit`` cap, a server answering v1).

A :class:`FaultPlan` says which faults are on (all off by default) and seeds their dice; a
:class:`FaultInjector` is the service's running state for one plan. Faults apply to the
``status-changes`` endpoint (the Domain API and sentinel always answer), except token expiry,
which invalidates bearer tokens. ``page-cost`` is not a fault but the server's work per page:
a fixed part plus a part per record served, so bigger pages cost more, as on a real server.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from tui.core.errors import InputError


class FaultSpecError(InputError):
    """A ``--fault`` value the simulator does not understand."""

    title = "Unknown fault"


@dataclass(frozen=True)
class FaultPlan:
    """Which faults the simulated service injects; every probability is per request.

    ``max_in_flight``/``max_per_second``: 429 above that many concurrent requests / requests in
    the last second (clock time), with ``Retry-After: retry_after_s`` on about half of them.
    ``server_error_rate``: chance a request starts a run of ``server_error_run`` failures
    (500 with ``internalCode`` or 503). ``expire_token_every``: a bearer token expires once it
    has served that many requests, so every request still using it (those in flight at that
    moment included) gets 401, and the token fetched next serves its own N (as a real token's
    ``expires_in`` running out, counted in requests so a fake clock can drive it).
    ``malformed_rate``: 200 with a truncated or broken JSON body. ``slow_rate``/``slow_s``: extra
    real delay. ``drop_rate``: the connection drops with no response. ``limit_cap``: strict
    mode, a ``limit`` above it gets the documented 400 ("limit: must be less than or equal to
    N"). ``version``: answer in that API version whatever ``v`` says (a server that ignores it).
    ``page_cost_fixed_s`` + ``page_cost_per_record_s`` × records: real time each page of
    status changes takes to serve.
    """

    seed: int = 0
    max_in_flight: int | None = None
    max_per_second: int | None = None
    retry_after_s: int = 1
    server_error_rate: float = 0.0
    server_error_run: int = 2
    expire_token_every: int | None = None
    malformed_rate: float = 0.0
    slow_rate: float = 0.0
    slow_s: float = 2.0
    drop_rate: float = 0.0
    latency_s: float = 0.0
    """Delay every response by this much real time (only used by the command line)."""
    limit_cap: int | None = None
    version: int | None = None
    page_cost_fixed_s: float = 0.0
    page_cost_per_record_s: float = 0.0

    def page_cost_s(self, records: int) -> float:
        """Real time serving a page of ``records`` status changes takes."""
        return self.page_cost_fixed_s + self.page_cost_per_record_s * records

    @classmethod
    def from_specs(cls, specs: Sequence[str], *, seed: int = 0) -> FaultPlan:
        """``NAME[=VALUE]`` strings from ``--fault``: rate-limit[=N in flight],
        rate-per-second[=N], errors[=P], token-expiry[=N requests per token], malformed[=P],
        slow[=SECONDS], drop[=P], latency[=SECONDS], limit-cap[=N], version[=1|2],
        page-cost[=FIXED_S,PER_RECORD_S]."""
        plan = cls(seed=seed)
        for spec in specs:
            name, _, value = spec.partition("=")
            plan = _apply_spec(plan, name.strip().lower(), value.strip())
        return plan

    @property
    def active(self) -> bool:
        return self != FaultPlan(seed=self.seed)


FAULT_NAMES = (
    "rate-limit",
    "rate-per-second",
    "errors",
    "token-expiry",
    "malformed",
    "slow",
    "drop",
    "latency",
    "limit-cap",
    "version",
    "page-cost",
)

DEFAULT_LIMIT_CAP = 100
"""``limit-cap`` without a value: the cap in the error-codes page's example."""
DEFAULT_PAGE_COST = (0.02, 0.0001)
"""``page-cost`` without a value: 20 ms per page plus 0.1 ms per record, so a 1,000-record page
takes 120 ms and a 100-record page 30 ms."""


def _number(name: str, value: str, default: float) -> float:
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise FaultSpecError(f"--fault {name}={value}: the value must be a number") from None
    if number < 0:
        raise FaultSpecError(f"--fault {name}={value}: the value must not be negative")
    return number


def _probability(name: str, value: str, default: float) -> float:
    number = _number(name, value, default)
    if number > 1:
        raise FaultSpecError(f"--fault {name}={value}: a probability is between 0 and 1")
    return number


def _apply_spec(plan: FaultPlan, name: str, value: str) -> FaultPlan:
    if name == "rate-limit":
        return replace(plan, max_in_flight=max(1, int(_number(name, value, 4))))
    if name == "rate-per-second":
        return replace(plan, max_per_second=max(1, int(_number(name, value, 10))))
    if name == "errors":
        return replace(plan, server_error_rate=_probability(name, value, 0.05))
    if name == "token-expiry":
        return replace(plan, expire_token_every=max(1, int(_number(name, value, 50))))
    if name == "malformed":
        return replace(plan, malformed_rate=_probability(name, value, 0.05))
    if name == "slow":
        return replace(plan, slow_rate=0.1, slow_s=_number(name, value, 2.0))
    if name == "drop":
        return replace(plan, drop_rate=_probability(name, value, 0.05))
    if name == "latency":
        return replace(plan, latency_s=_number(name, value, 0.05))
    if name == "limit-cap":
        return replace(plan, limit_cap=max(1, int(_number(name, value, DEFAULT_LIMIT_CAP))))
    if name == "version":
        if value not in ("", "1", "2"):
            raise FaultSpecError(f"--fault version={value}: the version is 1 or 2")
        return replace(plan, version=int(value or "1"))
    if name == "page-cost":
        fixed, _, per_record = value.partition(",")
        return replace(
            plan,
            page_cost_fixed_s=_number(name, fixed, DEFAULT_PAGE_COST[0]),
            page_cost_per_record_s=_number(name, per_record, DEFAULT_PAGE_COST[1]),
        )
    raise FaultSpecError(f"--fault {name}: not one of {', '.join(FAULT_NAMES)}")


class Fault(Enum):
    """What the injector decided for one request before it is served."""

    THROTTLE = "throttle"
    SERVER_ERROR = "server_error"
    UNAVAILABLE = "unavailable"
    DROP = "drop"


class FaultInjector:
    """The running state of a plan: dice, the current error run, recent request times."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self._rng = random.Random(plan.seed)
        self._run_left = 0
        self._run_fault = Fault.SERVER_ERROR
        self._recent_ms: deque[int] = deque()
        self._served_by_token: dict[str, int] = {}

    def before(self, now_ms: int, in_flight: int) -> Fault | None:
        """Decide whether this data request fails before it is served (``in_flight`` counts it)."""
        plan = self.plan
        recent = self._recent_ms
        recent.append(now_ms)
        while recent and recent[0] <= now_ms - 1000:
            recent.popleft()
        if plan.max_in_flight is not None and in_flight > plan.max_in_flight:
            return Fault.THROTTLE
        if plan.max_per_second is not None and len(recent) > plan.max_per_second:
            return Fault.THROTTLE
        if self._run_left > 0:
            self._run_left -= 1
            return self._run_fault
        if plan.server_error_rate and self._rng.random() < plan.server_error_rate:
            self._run_left = plan.server_error_run - 1
            self._run_fault = Fault.SERVER_ERROR if self._rng.random() < 0.5 else Fault.UNAVAILABLE
            return self._run_fault
        if plan.drop_rate and self._rng.random() < plan.drop_rate:
            return Fault.DROP
        return None

    def retry_after(self) -> int | None:
        """``Retry-After`` seconds for a 429, sent about half the time (as real servers do)."""
        return self.plan.retry_after_s if self._rng.random() < 0.5 else None

    def token_serves(self, token: str) -> bool:
        """Count one request served with ``token``; False once it has served its quota.

        A token that has served ``expire_token_every`` requests has expired: this and every later
        request carrying it must be refused.
        """
        quota = self.plan.expire_token_every
        if quota is None:
            return True
        served = self._served_by_token.get(token, 0)
        if served >= quota:
            return False
        self._served_by_token[token] = served + 1
        return True

    def extra_delay_s(self) -> float:
        plan = self.plan
        delay = plan.latency_s
        if plan.slow_rate and self._rng.random() < plan.slow_rate:
            delay += plan.slow_s
        return delay

    def corrupt(self, body: bytes) -> bytes | None:
        """A broken version of a good JSON body (truncated, or not JSON), or ``None``."""
        if not self.plan.malformed_rate or self._rng.random() >= self.plan.malformed_rate:
            return None
        if self._rng.random() < 0.5 and len(body) > 2:
            return body[: self._rng.randrange(1, len(body) - 1)]
        return b"<html><body>Bad gateway</body></html>"
