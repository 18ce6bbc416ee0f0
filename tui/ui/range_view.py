"""The immutable snapshot the week pane renders, built by the range loader off the event loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tui.analysis.day_range import RangeReport
from tui.core.day_range import DayRange


@dataclass(frozen=True)
class RangeView:
    """What the week pane shows: the range's and the previous range's days as loaded so far.

    ``settled`` counts the days of each range whose figures are as good as this run gets them
    (fetched now, or final in the cache); ``loading`` is ``False`` once every day has been
    through its fetch.
    """

    report: RangeReport
    version: int
    settled: int
    previous_settled: int
    loading: bool
    waiting: frozenset[date] = frozenset()
    """Days not final whose fetch in this run has not happened yet (shown as loading, not as
    what an older cache said)."""

    @property
    def day_range(self) -> DayRange:
        return self.report.day_range

    def progress_text(self) -> str:
        """``4 of 7 days loaded`` (and the previous range's count while it loads)."""
        days = self.day_range.days
        text = f"{self.settled} of {days} days loaded"
        if self.settled == days and self.previous_settled < days:
            text += f" · previous {days}: {self.previous_settled} of {days}"
        return text
