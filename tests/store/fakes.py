"""A scriptable fetcher standing in for the API client in store and sync tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tui.core.records import ParsedPage, StatusRecord

HOUR = 3_600_000
DAY = 24 * HOUR
T0 = 20_000 * DAY
"""A UTC midnight well inside the simulator's range (2024-10-04)."""


def record(
    agent_id: int = 7,
    time_ms: int = T0,
    *,
    sequence: int = 3,
    status_type: int = 1,
    subtype: int | None = 2,
    session_id: int = 55,
    reason_id: int | None = None,
    reason_text: str | None = None,
    user_name: str | None = "Ava Stone",
) -> StatusRecord:
    return StatusRecord(
        agent_id=agent_id,
        time_ms=time_ms,
        status_type=status_type,
        status_subtype=subtype,
        sequence=sequence,
        session_id=session_id,
        group_id=100,
        employee_id=f"E{agent_id}",
        login_name=f"agent{agent_id}",
        user_name=user_name,
        reason_id=reason_id,
        reason_text=reason_text,
        prev_time_ms=None,
    )


@dataclass(frozen=True)
class FakeResult:
    records: tuple[StatusRecord, ...]
    skipped: Mapping[str, int]
    pages: int
    warnings: tuple[str, ...] = ()


@dataclass
class FakeFetcher:
    """Serves ``records`` in pages of ``page_size``; can fail after some pages.

    ``calls`` lists every fetched ``(start, end)``; ``fail_after_pages`` raises ``error`` once that
    many pages were handed out.
    """

    records: Sequence[StatusRecord] = ()
    page_size: int = 100
    fail_after_pages: int | None = None
    error: Callable[[], BaseException] | None = None
    skipped_per_page: int = 0
    warnings: tuple[str, ...] = ()
    calls: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = False

    async def fetch(
        self,
        start_ms: int,
        end_ms: int,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        on_page: Callable[[ParsedPage], None] | None = None,
    ) -> FakeResult:
        self.calls.append((start_ms, end_ms))
        chosen = [r for r in self.records if start_ms <= r.time_ms < end_ms]
        pages = [chosen[i : i + self.page_size] for i in range(0, len(chosen), self.page_size)]
        pages = pages or [[]]
        for number, page in enumerate(pages, start=1):
            if self.fail_after_pages is not None and number > self.fail_after_pages:
                assert self.error is not None
                raise self.error()
            if on_page is not None:
                skipped = {"no agentId": self.skipped_per_page} if self.skipped_per_page else {}
                on_page(ParsedPage("v2", tuple(page), skipped))
            if progress is not None:
                progress(number, len(pages))
        skipped_total = self.skipped_per_page * len(pages)
        return FakeResult(
            tuple(chosen),
            {"no agentId": skipped_total} if skipped_total else {},
            len(pages),
            self.warnings,
        )

    async def aclose(self) -> None:
        self.closed = True
