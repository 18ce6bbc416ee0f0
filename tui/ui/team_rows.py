"""The Teams table's columns and the cells of one team's row (sortable, escaped text).

Built for every team when a view is built, in the sync worker's thread: a team's "at end of
data" counts walk each of its agents' timelines, which for a 2,000-agent day is too much for the
event loop (:attr:`~tui.ui.activity_view.ActivityView.team_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import attrgetter

from tui.analysis.end_state import end_state, end_state_counts
from tui.analysis.model import ActivityReport, AgentActivity, GroupSummary
from tui.analysis.productivity import ProductivityFigures, ProductivityReport
from tui.core.records import NO_GROUP, StatusRecord, group_display_name
from tui.ui import format as fmt
from tui.ui.end_state_text import class_text, end_counts_text
from tui.ui.productivity_text import PRODUCTIVITY_COLUMNS, productivity_cells
from tui.ui.widgets.keyed_table import SortCell, cell, missing, pinned

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

_GROUP_ID = attrgetter("group_id")

TOTAL_ROW_KEY = "total"
"""The row key of the totals row (team rows are keyed by their group id)."""
TOTAL_NAME = "All teams"
NO_ACTIVITY_YET = "no activity yet"


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


def total_cells(
    report: ActivityReport,
    *,
    agents_by_id: Mapping[int, AgentActivity],
    productivity: ProductivityReport | None,
) -> tuple[SortCell, ...]:
    """The totals row: every team's figures summed, as one more team row would show them."""
    from tui.analysis.groups import sum_totals  # runs in the sync thread, not before paint

    groups = report.groups
    class_ms: dict[str, int] = {}
    for group in groups:
        for klass, duration in group.reason_class_ms.items():
            class_ms[klass] = class_ms.get(klass, 0) + duration
    everyone = GroupSummary(
        group_id=NO_GROUP,
        name=TOTAL_NAME,
        agent_ids=tuple(agent_id for group in groups for agent_id in group.agent_ids),
        totals=sum_totals([group.totals for group in groups]),
        logged_in_at_end=sum(group.logged_in_at_end for group in groups),
        reason_class_ms=dict(sorted(class_ms.items())),
    )
    cells = team_cells(everyone, report=report, agents_by_id=agents_by_id, productivity=None)
    cells = (pinned(TOTAL_NAME), *cells[1:])
    if productivity is not None:
        figures = ProductivityFigures()
        for group_figures in productivity.groups.values():
            figures = figures.plus(group_figures.figures)
        start = COLUMN_KEYS.index(PRODUCTIVITY_COLUMNS[0][0])
        summed = productivity_cells(figures, productivity)
        cells = (*cells[:start], *summed, *cells[start + len(summed) :])
    return cells


def idle_team_cells(name: str) -> tuple[SortCell, ...]:
    """A known team with no activity in the window yet (a row, so every team is listed)."""
    cells = {key: missing() for key in COLUMN_KEYS}
    cells["name"] = cell(name)
    cells["agents"] = cell("0", 0)
    cells["at_end"] = missing(NO_ACTIVITY_YET)
    return tuple(cells[key] for key in COLUMN_KEYS)


def idle_groups(
    report: ActivityReport, names: Mapping[int, str], records: Iterable[StatusRecord]
) -> dict[int, str]:
    """Teams known from their names (config, the Agent Groups API) or from records before the
    window, that have no row in ``report``: id -> display name."""
    known = set(names).union(map(_GROUP_ID, records))  # a C loop over a big day
    active = {group.group_id for group in report.groups}
    return {
        group_id: group_display_name(group_id, names)
        for group_id in sorted(known - active)
        if group_id != NO_GROUP
    }


def _share(part_ms: int, whole_ms: int) -> SortCell:
    if whole_ms <= 0:
        return missing()
    return cell(fmt.percent(part_ms, whole_ms), part_ms / whole_ms)
