"""`e` on the Week pane: the range day by day, as ``export --by day`` writes it (CSV and JSON).

The same writers as the command line (:mod:`tui.analysis.day_range_export`), narrowed to the
pane's scope (a team, an agent), so a file from the pane and one from ``export --by day`` agree.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.analysis.day_range import RangeDay
from tui.analysis.day_range_export import range_csv, range_json
from tui.core.atomic import write_atomically
from tui.core.clock import Clock
from tui.ui import export_view
from tui.ui import format as fmt
from tui.ui.range_view import RangeView


def scoped_days(
    days: tuple[RangeDay, ...], group_id: int | None, agent_id: int | None
) -> tuple[RangeDay, ...]:
    """The days with only the scope's agents (and their teams)."""
    if group_id is None and agent_id is None:
        return days
    scoped: list[RangeDay] = []
    for range_day in days:
        report = range_day.report
        if report is None:
            scoped.append(range_day)
            continue
        agents = tuple(
            a
            for a in report.agents
            if (agent_id is None or a.agent.agent_id == agent_id)
            and (group_id is None or a.agent.group_id == group_id)
        )
        teams = {a.agent.group_id for a in agents}
        groups = tuple(g for g in report.groups if g.group_id in teams and agent_id is None)
        scoped.append(replace(range_day, report=replace(report, agents=agents, groups=groups)))
    return tuple(scoped)


def export_week(
    week: RangeView,
    source_label: str,
    group_id: int | None,
    agent_id: int | None,
    clock: Clock,
) -> tuple[Path, Path]:
    """Write ``<source>-<first>..<last>-by-day-<HHMMSS>.csv`` and ``.json``; CSV path first."""
    day_range = week.day_range
    days = scoped_days(week.report.days, group_id, agent_id)
    stamp = fmt.local_datetime(clock.now_ms(), day_range.timezone).strftime("%H%M%S")
    scope = "all" if group_id is None and agent_id is None else "filtered"
    stem = f"{source_label}-{day_range.first}..{day_range.last}-by-day-{scope}-{stamp}"
    directory = export_view.exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"{stem}.csv"
    json_path = directory / f"{stem}.json"
    write_atomically(csv_path, range_csv(days))
    write_atomically(json_path, range_json(day_range, days))
    return csv_path, json_path
