"""What the header says about how fresh the data is: pure, so tests can pin every case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from tui.core.day_range import window_label
from tui.core.text import printable
from tui.core.windows import MIDNIGHT
from tui.ui import format as fmt

if TYPE_CHECKING:  # annotations only: these load after the first frame
    from tui.core.source_contract import LoadFailure, SyncProgress
    from tui.ui.activity_view import ActivityView

REPORTING_BADGE = "reporting data · up to 1 h behind · not for real-time decisions"


@dataclass(frozen=True)
class Freshness:
    """Everything the header shows, computed from the monitor's state whenever it changes.

    ``skipped_records`` counts the records the last fetch could not read (the reasons are in
    help, `?`).
    """

    source_label: str
    day: date
    timezone: str
    now_ms: int
    refresh_interval_s: int
    day_start: time = MIDNIGHT
    """Where the shown day starts (not midnight: a shift day, its window in the header)."""
    range_text: str | None = None
    """The week view's range (``Mon 30 Nov → Sun 06 Dec 2026 (7 days)``), shown instead of the
    day while the week pane is open."""
    range_status: str | None = None
    """How far the week view's days have loaded (``4 of 7 days loaded · 3 final``): it replaces
    the day's clocks while the week pane is open."""
    data_complete_to_ms: int | None = None
    fetched_at_ms: int | None = None
    next_refresh_ms: int | None = None
    paused: bool = False
    fetching: bool = False
    progress: SyncProgress | None = None
    failure: LoadFailure | None = None
    skipped_records: int = 0
    final: bool = False
    """The shown day's data is complete to its end: it says "final", no clock, no countdown."""
    partial: bool = False
    """The figures shown are from the cache while the day loads (or after a failed load)."""

    @property
    def stale(self) -> bool:
        """Stale: the last refresh failed, or the data is older than two refresh intervals."""
        if self.failure is not None:
            return True
        if self.fetched_at_ms is None:
            return False
        return self.now_ms - self.fetched_at_ms > 2 * self.refresh_interval_s * 1000

    def context_line(self) -> str:
        """``demo · Tue 2026-11-24 · Europe/London``; a shift day says its window (``Sun 06 Dec
        18:00 → Mon 07 Dec 18:00``), the week view its range."""
        shown = (
            self.range_text
            if self.range_text is not None
            else window_label(self.day, self.timezone, self.day_start)
        )
        return f"{self.source_label} · {shown} · {self.timezone}"

    def complete_to_text(self) -> str:
        """``final``, ``data complete to 09:34``, with the date when that instant is on another
        day than the one shown, or that nothing of the day is complete yet."""
        if self.final:
            return "final"
        if self.data_complete_to_ms is None:
            return "nothing of this day complete yet"
        return (
            f"data complete to {fmt.instant_on(self.data_complete_to_ms, self.timezone, self.day)}"
        )

    def clocks_line(self) -> str:
        """The two clocks and the next refresh (none for a final day: it cannot change)."""
        zone = self.timezone
        if self.range_status is not None:
            parts = [self.range_status]
        else:
            parts = [self.complete_to_text()]
            if self.partial and not self.fetching:
                parts.append("partial")
            if self.fetched_at_ms is None:
                parts.append("fetching…" if self.fetching else "not fetched yet")
            else:
                parts.append(
                    f"fetched {fmt.instant_on(self.fetched_at_ms, zone, self.day)} "
                    f"({fmt.ago(self.fetched_at_ms, self.now_ms)})"
                )
        if self.skipped_records and self.range_status is None:
            noun = "record" if self.skipped_records == 1 else "records"
            parts.append(f"{self.skipped_records} unreadable {noun} skipped (? says why)")
        if self.paused:
            parts.append("refresh paused")
        elif self.fetching and self.progress is not None and self.progress.retry is not None:
            parts.append(f"refreshing now · {self.progress.retry.describe()}")
        elif self.fetching:
            parts.append("refreshing now")
        elif self.next_refresh_ms is not None and not self.final:
            parts.append(f"next refresh {fmt.clock_time(self.next_refresh_ms, zone)}")
        return " · ".join(parts)

    def stale_line(self) -> str:
        """Why the data is stale (empty when it is not)."""
        if self.failure is not None:
            when = fmt.clock_time(self.failure.at_ms, self.timezone)
            message = printable(" ".join(self.failure.message.split()))
            return f"STALE · refresh failed at {when}: {printable(self.failure.title)}: {message}"
        if self.stale:
            return "STALE · not refreshed for over two refresh intervals"
        return ""

    def progress_fraction(self) -> float | None:
        """How far the running fetch is (``None`` when unknown or idle)."""
        if not self.fetching or self.progress is None or not self.progress.pages_total:
            return None
        return min(1.0, self.progress.pages_done / self.progress.pages_total)


def partial_text(view: ActivityView, fetching: bool) -> str:
    """The banner over figures that may still change: how far they are complete, and why."""
    report = view.report
    why = "loading the rest…" if fetching else "the last fetch failed (r retries)."
    if report.complete_to_ms <= report.window.start_ms:
        return f"partial: nothing of this day is complete yet; {why}"
    done = fmt.clock_time(report.complete_to_ms, view.timezone)
    return f"partial: these figures are complete to {done} only; {why} They will change."
