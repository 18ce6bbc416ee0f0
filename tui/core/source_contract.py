"""The contract between the sync layer and its readers (the monitor, export).

An :class:`ActivitySource` serves the stored status changes of one account (or the demo) for a
window, fetching what is missing first. It never raises for fetch failures: the failure comes back
in :attr:`LoadResult.error` beside whatever the cache holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from tui.core.records import StatusRecord
from tui.core.segments import ProductivityLoad


@dataclass(frozen=True)
class RetryNotice:
    """A request failed and will be sent again: retry ``attempt`` of ``of`` after ``wait_s``.

    ``of`` is ``None`` for the longer back-off after LivePerson's three retries (and for 429s,
    which are paced rather than counted).
    """

    label: str
    attempt: int
    of: int | None
    wait_s: float
    reason: str

    def describe(self) -> str:
        """``retry 2/3 in 10 s`` (what the header and the export's progress line show)."""
        count = f"{self.attempt}/{self.of}" if self.of is not None else f"{self.attempt}"
        wait = f"{self.wait_s:.0f} s" if self.wait_s < 120 else f"{self.wait_s / 60:.0f} min"
        return f"retry {count} in {wait}"


RETRY_LISTENER: ContextVar[Callable[[RetryNotice], None] | None] = ContextVar(
    "retry_listener", default=None
)
"""Who hears about retries in the running task (the sync sets it for its fetch); the API client
calls it before every wait, so progress can say "retry 2/3 in 10 s" while nothing arrives."""


@dataclass(frozen=True)
class SyncProgress:
    """How far a fetch has got: pages done of the pages known so far, and records stored;
    ``retry`` is the wait under way, if a request is being retried."""

    pages_done: int
    pages_total: int | None
    records_stored: int
    retry: RetryNotice | None = None


@dataclass(frozen=True)
class LoadFailure:
    """Why the last fetch failed, as the user should read it."""

    title: str
    message: str
    at_ms: int


@dataclass(frozen=True)
class LoadResult:
    """The records for a window (plus the look-back before it) and how fresh they are.

    ``data_complete_to_ms`` is fetch time minus the lag allowance (``None`` when nothing was ever
    fetched for the window); ``fetched_at_ms`` is when the window was last fetched successfully.
    ``notice`` is something the user should read once that is not a failure (say, an unusable
    cache file was moved aside and rebuilt). ``skipped_by_reason`` counts, per reason (the
    ``SKIP_*`` texts of :mod:`tui.core.records`), the records this load's fetch could not read;
    the cache keeps only readable records, so a result read from the cache alone has none.
    ``warnings`` say what the user must know about the last fetch's completeness (say, LivePerson
    answered v1, whose pages may be truncated).
    """

    start_ms: int
    end_ms: int
    records: tuple[StatusRecord, ...]
    data_complete_to_ms: int | None
    fetched_at_ms: int | None
    error: LoadFailure | None = None
    skipped_by_reason: Mapping[str, int] = field(default_factory=dict)
    notice: str | None = None
    warnings: tuple[str, ...] = ()
    productivity: ProductivityLoad | None = None
    """The segments closed in the window (DESIGN.md §5), when the source has productivity."""
    group_names: Mapping[int, str] = field(default_factory=dict)
    """Team names from LivePerson's Agent Groups API, as cached (the config's win over them:
    :func:`~tui.core.group_names.merged_group_names`)."""
    group_names_refused: str | None = None
    """Set when the Agent Groups API refused the key: how to name teams, for the user to read
    once (a notice, never an error)."""
    in_event_order: bool = False
    """The window's records (after the look-back's) come in (time, agent, sequence) order, as
    the cache reads them: the Events index then needs no sort."""

    @property
    def skipped_records(self) -> int:
        return sum(self.skipped_by_reason.values())

    @property
    def counted_to_ms(self) -> int:
        """Where figures from this load may count to: ``data_complete_to``, or the window start
        when no complete fetch holds it (nothing of the window is complete yet)."""
        if self.data_complete_to_ms is None:
            return self.start_ms
        return self.data_complete_to_ms


ProgressCallback = Callable[[SyncProgress], None]


class ActivitySource(Protocol):
    """Where the monitor gets its data: the saved account, or the simulated demo account."""

    @property
    def label(self) -> str:
        """The account id, or ``"demo"``."""
        ...

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        """What the cache already holds for the window; no network (instant reopen)."""
        ...

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        """Fetch what is missing or may still change for the window, store it, return the window."""
        ...

    async def aclose(self) -> None:
        """Release network and database resources."""
        ...


@runtime_checkable
class ProductivityRefresh(Protocol):
    """A source whose productivity (segments) refreshes at its own, slower pace."""

    def request_productivity_refresh(self) -> None:
        """Fetch segments at the next load whatever their refresh interval says (``r``)."""
        ...
