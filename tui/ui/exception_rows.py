"""The Exceptions table's columns and the cells of one exception's row.

Built for every exception when a view is built, in the sync worker's thread (a big day has
thousands), so showing them costs the event loop no formatting
(:attr:`~tui.ui.activity_view.ActivityView.exception_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.ui import format as fmt

if TYPE_CHECKING:  # the review module loads in the sync thread, after the first frame
    from tui.analysis.review import ReviewException

EXCEPTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("time", "Time"),
    ("agent", "Agent"),
    ("team", "Team"),
    ("kind", "Kind"),
    ("detail", "Detail"),
)


def exception_cells(row: ReviewException, *, zone: str, team: str) -> tuple[Text, ...]:
    """One exception's row: its time in ``zone``, the agent, ``team`` (its team's name), the
    kind and the detail, as plain text (never markup)."""
    return (
        Text(fmt.clock_time(row.at_ms, zone)),
        Text(row.agent_name),
        Text(team),
        Text(row.kind.value),
        Text(row.detail),
    )
