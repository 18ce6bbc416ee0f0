"""The Teams table's columns and the cells of one team's row (sortable, escaped text).

Built for every team when a view is built, in the sync worker's thread: a team's "at end of
data" counts walk each of its agents' timelines, which for a 2,000-agent day is too much for the
event loop (:attr:`~tui.ui.activity_view.ActivityView.team_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.analysis.end_state import end_state, end_state_counts
from tui.analysis.model import ActivityReport, AgentActivity, GroupSummary
from tui.analysis.productivity import ProductivityReport
from tui.ui import format as fmt
from tui.ui.end_state_text import class_text, end_counts_text
from tui.ui.productivity_text import PRODUCTIVITY_COLUMNS, productivity_cells
from tui.ui.widgets.keyed_table import SortCell, cell, missing

TEAM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Team"),
    ("agents", "Agents"),
    ("at_end", "At end of data"),
    ("logged_in_h", "Hours in"),
    ("online", "Online"),
    ("occupied", "Occupied"),
    ("away", "Away"),
    *PRODUCTIVITY_COLUMNS,
    ("reasons", "Top away reasons"),
    ("classes", "Away by class"),
)
COLUMN_KEYS = tuple(key for key, _label in TEAM_COLUMNS)


def top_reasons(group: GroupSummary, limit: int = 2) -> str:
    """The team's largest away reasons, e.g. ``Lunch 2h10, Break 1h05``."""
    ranked = sorted(group.totals.away_by_reason_ms.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{reason} {fmt.duration(ms)}" for reason, ms in ranked[:limit] if ms > 0)


def team_cells(
    group: GroupSummary,
    *,
    report: ActivityReport,
    agents_by_id: Mapping[int, AgentActivity],
    productivity: ProductivityReport | None,
) -> tuple[SortCell, ...]:
    """One team's row of ``report``; ``agents_by_id`` looks its agents up, ``productivity`` is
    the day's conversations (``None`` when the source has none)."""
    totals = group.totals
    logged_in = totals.logged_in_ms
    ends = [
        end_state(agents_by_id[agent_id], report.window.start_ms, report.complete_to_ms)
        for agent_id in group.agent_ids
        if agent_id in agents_by_id
    ]
    classes = class_text(group.reason_class_ms, limit=2)
    figures = None if productivity is None else productivity.groups.get(group.group_id)
    return (
        cell(group.name),
        cell(str(group.agents), group.agents),
        cell(end_counts_text(end_state_counts(ends)), group.logged_in_at_end),
        cell(fmt.hours(logged_in), logged_in),
        _share(totals.online_ms, logged_in),
        _share(totals.occupied_ms, logged_in),
        _share(totals.away_ms, logged_in),
        *productivity_cells(None if figures is None else figures.figures, productivity),
        cell(top_reasons(group) or "—", totals.away_ms),
        cell(classes, totals.away_ms) if classes else missing(),
    )


def _share(part_ms: int, whole_ms: int) -> SortCell:
    if whole_ms <= 0:
        return missing()
    return cell(fmt.percent(part_ms, whole_ms), part_ms / whole_ms)
