"""LivePerson's retry policy around one HTTP call (DESIGN.md §1), with typed failures.

- 429: wait at least 1 s (longer when ``Retry-After`` says so, doubling on repeats, plus jitter);
  meanwhile nobody else starts a request and the in-flight limit halves (see
  :mod:`tui.api.concurrency`), so throttling never turns into a burst.
- 5xx, timeouts, connection errors and 2xx bodies that are not JSON: 3 retries 5 s, 10 s and
  15 s apart, then :class:`ServerUnavailable` / :class:`NetworkUnreachable` /
  :class:`MalformedResponse`. Backing off further (minutes) is the sync loop's job, not a
  single call's.
- a 2xx with well-formed JSON of an unexpected shape: :class:`MalformedResponse` at once, saying
  what was unexpected. The same request would get the same answer, so it is not retried.
- 401: a retry with fresh credentials when the auth method can get them. A 401 on a token
  LivePerson had accepted is an expiry, retried with the token that replaced it; a second 401 on
  a token never accepted is :class:`BadCredentials` (so is any 401 for App Keys). A request
  still holding a refused token when it gets its slot is authorized again before it is sent.
- 403: :class:`MissingPermission`; any other 4xx: :class:`BadRequest` with the server's
  ``causes``, never retried.

Every wait goes through the injected :class:`Clock`, so tests see the exact pauses. Bodies are
decoded in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlencode

import httpx

from tui.api.auth import AfterUnauthorized, RequestAuth, UnreadableBody
from tui.api.concurrency import AdaptiveLimit
from tui.api.errors import (
    ApiError,
    BadCredentials,
    BadRequest,
    MalformedResponse,
    MissingPermission,
    NetworkUnreachable,
    ServerUnavailable,
    Throttled,
)
from tui.api.pacing import RequestPacer
from tui.core.clock import Clock
from tui.core.source_contract import RETRY_LISTENER, RetryNotice

T = TypeVar("T")

Decode = Callable[[bytes], T]
"""Turns a 2xx body into the caller's value; raises ``ValueError`` (bad JSON) or
:class:`UnreadableBody` (JSON of the wrong shape) when it can't."""

ClientErrorMap = Callable[[httpx.Response], ApiError | None]
"""Endpoint-specific meaning of a 4xx (e.g. sentinel's 400/401 = bad client id/secret)."""


@dataclass(frozen=True)
class RetryPolicy:
    """The waits LivePerson asks for. Defaults are the documented ones."""

    server_error_waits_s: tuple[float, ...] = (5.0, 10.0, 15.0)
    throttle_min_wait_s: float = 1.0
    throttle_max_wait_s: float = 60.0
    throttle_jitter_s: float = 0.5
    throttle_max_retries: int = 8
    extended_waits_s: tuple[float, ...] = (120.0, 240.0, 480.0)
    """After the three retries, LivePerson advises backing off longer (2, 4, 8 minutes). Used only
    inside a fetch with a :class:`FetchBudget`; each long wait starts the three retries again."""
    max_error_share: float = 0.65
    """The fetch budget: long back-offs stop once more than this share of the fetch's requests
    failed (counted after ``min_requests_for_share`` requests)."""
    min_requests_for_share: int = 20
    expired_token_max_retries: int = 200
    """Retries of one request after 401s on tokens that had worked (expiries), a safety bound."""


@dataclass
class FetchBudget:
    """One fetch's tally of requests and failures, deciding whether a long back-off is worth it.

    Under 20 % errors a day finishes (the odd request that fails four times in a row waits and
    tries again); when most requests fail, or none has succeeded yet, the fetch stops and says so
    instead of waiting many minutes.
    """

    policy: RetryPolicy
    requests: int = 0
    failures: int = 0
    successes: int = 0

    def allows_long_wait(self, rounds_done: int) -> bool:
        if rounds_done >= len(self.policy.extended_waits_s):
            return False
        if self.successes == 0:
            return False  # nothing has worked yet: LivePerson is down, say so now
        if self.requests < self.policy.min_requests_for_share:
            return True
        return self.failures <= self.policy.max_error_share * self.requests

    def describe(self) -> str:
        share = 100 * self.failures / max(1, self.requests)
        return f"{self.failures} of {self.requests} requests of this fetch failed ({share:.0f} %)"


@dataclass
class SenderStats:
    """What the sender saw, for progress lines, tests and benchmarks."""

    requests: int = 0
    throttled: int = 0
    server_errors: int = 0
    network_errors: int = 0
    malformed: int = 0
    reauthorized: int = 0


@dataclass(frozen=True)
class _Failure:
    """A retryable failure: which error to raise if the retries run out, and why."""

    error: type[ApiError]
    detail: str


@dataclass
class _Reauthorizations:
    """One call's retries after 401s: expiries up to a bound, a refused new token only once."""

    max_expired: int
    expired: int = 0
    refused: bool = False

    def allow(self, verdict: AfterUnauthorized) -> bool:
        if verdict is AfterUnauthorized.RETRY_EXPIRED and self.expired < self.max_expired:
            self.expired += 1
            return True
        if verdict is AfterUnauthorized.RETRY_ONCE and not self.refused:
            self.refused = True
            return True
        return False


def retry_after_s(response: httpx.Response, now_ms: int) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), or ``None``."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now_ms / 1000)


def _server_causes(response: httpx.Response) -> tuple[list[str], str | None, str | None]:
    """``causes``, ``message`` and ``internalCode`` from an error body, when it has them."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return [], None, None
    if not isinstance(body, dict):
        return [], None, None
    causes: list[str] = []
    raw_causes = body.get("causes")
    if isinstance(raw_causes, list):
        for cause in raw_causes:
            if isinstance(cause, str):
                causes.append(cause)
            elif isinstance(cause, Mapping):
                text = cause.get("message") or cause.get("description") or cause.get("field")
                if text is not None:
                    causes.append(str(text))
    message = body.get("message")
    code = body.get("internalCode")
    return (
        causes,
        message if isinstance(message, str) and message else None,
        None if code is None else str(code),
    )


def _describe_transport_error(error: httpx.TransportError) -> str:
    kind = "timed out" if isinstance(error, httpx.TimeoutException) else "connection failed"
    detail = str(error).strip()
    return f"{kind} ({type(error).__name__}{': ' + detail[:120] if detail else ''})"


def _notify(notice: RetryNotice) -> None:
    listener = RETRY_LISTENER.get()
    if listener is not None:
        listener(notice)


class RetryingSender:
    """Sends requests through one ``httpx.AsyncClient`` with the retry policy and the limit."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        clock: Clock,
        limit: AdaptiveLimit,
        *,
        policy: RetryPolicy | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._http = http
        self._clock = clock
        self.limit = limit
        self.policy = policy or RetryPolicy()
        self._rng = rng or random.Random()
        self.stats = SenderStats()
        self.pacer = RequestPacer(clock)
        self.budget: FetchBudget | None = None
        """Set by the client for the length of one fetch (long back-offs only then)."""

    def _throttle_wait_s(self, attempt: int, response: httpx.Response) -> float:
        policy = self.policy
        backoff = min(policy.throttle_max_wait_s, policy.throttle_min_wait_s * 2.0 ** (attempt - 1))
        asked = retry_after_s(response, self._clock.now_ms()) or 0.0
        if asked > policy.throttle_max_wait_s:
            raise Throttled(
                f"LivePerson asks to wait {asked:.0f} s before the next request; try again later"
            )
        jitter = self._rng.uniform(0.0, policy.throttle_jitter_s)
        return max(backoff, asked, policy.throttle_min_wait_s) + jitter

    async def call(
        self,
        method: str,
        url: str,
        *,
        label: str,
        decode: Decode[T],
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        auth: RequestAuth | None = None,
        client_error: ClientErrorMap | None = None,
    ) -> T:
        """Send until a 2xx decodes, or raise the :class:`ApiError` the policy ends in.

        ``label`` names the endpoint in messages (e.g. ``status-changes``); URLs, headers and
        bodies never appear in them.
        """
        waits = self.policy.server_error_waits_s
        failures = 0
        throttles = 0
        long_rounds = 0
        reauthorizations = _Reauthorizations(self.policy.expired_token_max_retries)
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"  # one URL parse, not two
        while True:
            request = self._http.build_request(method, url, data=data)
            if auth is not None:
                request = await auth.authorize(request)
            generation = await self.limit.acquire()
            await self.pacer.wait_turn()
            if auth is not None and auth.outdated(request):
                self.limit.release()  # its token was refused while it waited: authorize again
                continue
            self.stats.requests += 1
            if self.budget is not None:
                self.budget.requests += 1
            outcome: httpx.Response | httpx.TransportError
            try:
                response = await self._http.send(request)
            except httpx.TransportError as error:
                outcome = error
            else:
                outcome = response
                if auth is not None:  # before anyone takes the freed slot with a refused token
                    auth.answered(request, response.status_code)
            finally:
                self.limit.release()
            # Let the request that takes the freed slot go out before this one's body is
            # decoded (a CPU-bound millisecond or two): the slot never idles while we parse.
            await asyncio.sleep(0)

            if isinstance(outcome, httpx.TransportError):
                self.stats.network_errors += 1
                failure = _Failure(NetworkUnreachable, _describe_transport_error(outcome))
            elif outcome.status_code == 429:
                self.stats.throttled += 1
                throttles += 1
                if throttles > self.policy.throttle_max_retries:
                    raise Throttled(
                        f"{label} is still throttled (HTTP 429) after {throttles - 1} waits; "
                        "too many requests on this account right now — try again in a few minutes"
                    )
                pause_s = self._throttle_wait_s(throttles, outcome)
                self.limit.throttled(generation, pause_s)
                self.pacer.throttled()
                _notify(RetryNotice(label, throttles, None, pause_s, "throttled (HTTP 429)"))
                await self._clock.sleep(pause_s)
                continue
            else:
                self.limit.succeeded()
                self.pacer.succeeded()
                status = outcome.status_code
                if 200 <= status < 300:
                    try:
                        # a page takes milliseconds to decode: not on the event loop
                        value = await asyncio.to_thread(decode, outcome.content)
                        if self.budget is not None:
                            self.budget.successes += 1
                        return value
                    except UnreadableBody as error:  # JSON, but not the answer we asked for
                        self.stats.malformed += 1
                        raise MalformedResponse(
                            f"{label} answered HTTP {status} with JSON of an unexpected shape: "
                            f"{error}. Not retried (the same request gets the same answer); "
                            "the service may have changed — please report it"
                        ) from None
                    except ValueError:
                        self.stats.malformed += 1
                        failure = _Failure(MalformedResponse, "an unreadable body (bad JSON)")
                elif status == 401:
                    verdict = None if auth is None else await auth.after_unauthorized(request)
                    if verdict is not None and reauthorizations.allow(verdict):
                        self.stats.reauthorized += 1
                        continue
                    if verdict is AfterUnauthorized.RETRY_EXPIRED:
                        # The credentials work (a token was accepted); tokens just keep expiring.
                        raise ServerUnavailable(
                            f"{label}: {reauthorizations.expired} fresh tokens in a row expired "
                            "before this request could use one; LivePerson's token service may "
                            "be having trouble — try again in a few minutes"
                        )
                    mapped = client_error(outcome) if client_error is not None else None
                    if mapped is not None:
                        raise mapped
                    if auth is None:
                        raise BadCredentials(f"{label} answered HTTP 401")
                    raise BadCredentials(auth.unauthorized_message())
                elif status >= 500:
                    self.stats.server_errors += 1
                    _, message, code = _server_causes(outcome)
                    detail = f"HTTP {status}"
                    if code is not None:
                        detail += f", internal code {code}"
                    if message is not None:
                        detail += f": {message[:200]}"
                    failure = _Failure(ServerUnavailable, detail)
                else:
                    mapped = client_error(outcome) if client_error is not None else None
                    if mapped is not None:
                        raise mapped
                    if status == 403:
                        if auth is None:
                            raise MissingPermission(f"{label} answered HTTP 403 (forbidden)")
                        raise MissingPermission(auth.missing_permission_message())
                    causes, message, _ = _server_causes(outcome)
                    text = f"{label} refused the request (HTTP {status}"
                    text += f": {message[:200]})" if message else ")"
                    raise BadRequest(text, causes=causes)

            failures += 1
            budget = self.budget
            if budget is not None:
                budget.failures += 1
            if failures > len(waits):
                if budget is None or not budget.allows_long_wait(long_rounds):
                    message = self._give_up_message(label, failure, waits)
                    if budget is not None:
                        message += f" ({budget.describe()})"
                    raise failure.error(message)
                wait_s = self.policy.extended_waits_s[long_rounds]
                long_rounds += 1
                failures = 0
                _notify(RetryNotice(label, long_rounds, None, wait_s, failure.detail))
                await self._clock.sleep(wait_s)
                continue
            _notify(RetryNotice(label, failures, len(waits), waits[failures - 1], failure.detail))
            await self._clock.sleep(waits[failures - 1])

    @staticmethod
    def _give_up_message(label: str, failure: _Failure, waits: tuple[float, ...]) -> str:
        spaced = ", ".join(f"{wait:g} s" for wait in waits)
        advice = {
            NetworkUnreachable: "check the network connection (and any proxy or VPN)",
            MalformedResponse: "the service may be having trouble; try again in a few minutes",
        }.get(failure.error, "LivePerson may be down; try again in a few minutes")
        if not waits:
            return f"{label} failed: {failure.detail}. {advice}"
        return (
            f"{label} failed {len(waits) + 1} times, retried after {spaced}; "
            f"last: {failure.detail}. {advice}"
        )
