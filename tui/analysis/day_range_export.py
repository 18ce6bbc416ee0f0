"""``export --by day``: a range as one row per agent per day and one row per team per day.

Every row carries its ``day`` (``YYYY-MM-DD``, the day the window starts on) and is otherwise the
day export's row (:func:`~tui.analysis.export_formats.agent_json` / ``group_json``, the same CSV
columns), built from that day's own report, so the rows are the week view's figures. The JSON
document adds ``by``, ``day_start``, ``complete`` and a ``days`` list saying for each day its
window, how complete its data is and whether it is final.
"""

from __future__ import annotations

from typing import Any

from tui.analysis.day_range import RangeDay, agent_ranges, range_figures
from tui.analysis.export_formats import (
    LAG_NOTICE,
    TIME_COLUMNS,
    agent_json,
    dumps_report_json,
    group_json,
    hours_minutes,
    reports_csv,
    text_table,
    time_cells,
)
from tui.core.day_range import DayRange
from tui.core.windows import day_start_text, format_instant


def _instant(instant_ms: int | None, tz: str) -> str | None:
    return None if instant_ms is None else format_instant(instant_ms, tz)


def day_entry(range_day: RangeDay) -> dict[str, Any]:
    """What the ``days`` list says about one day: window, completeness, skipped records."""
    report = range_day.report
    if report is None:
        return {"day": range_day.day.isoformat(), "loaded": False, "final": False}
    tz = report.window.timezone
    return {
        "day": range_day.day.isoformat(),
        "window": {
            "from": format_instant(report.window.start_ms, tz),
            "to": format_instant(report.window.end_ms, tz),
        },
        "data_complete_to": _instant(report.data_complete_to_ms, tz),
        "final": range_day.final,
        "complete": report.complete,
        "missing": [
            {"from": format_instant(start, tz), "to": format_instant(end, tz)}
            for start, end in report.missing
        ],
        "skipped_records": report.skipped_records,
    }


def range_document(day_range: DayRange, days: tuple[RangeDay, ...]) -> dict[str, Any]:
    """The ``--by day`` JSON document."""
    tz = day_range.timezone
    window = day_range.window()
    agents: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    for range_day in days:
        report = range_day.report
        if report is None:
            continue
        day = range_day.day.isoformat()
        agents += [{"day": day, **agent_json(activity, tz)} for activity in report.agents]
        groups += [{"day": day, **group_json(group)} for group in report.groups]
    return {
        "by": "day",
        "window": {
            "from": format_instant(window.start_ms, tz),
            "to": format_instant(window.end_ms, tz),
        },
        "timezone": tz,
        "day_start": day_start_text(day_range.day_start),
        "complete": all(d.report is not None and d.report.complete for d in days),
        "final": all(d.final for d in days),
        "skipped_records": sum(d.report.skipped_records for d in days if d.report is not None),
        "days": [day_entry(range_day) for range_day in days],
        "agents": agents,
        "groups": groups,
    }


def range_json(day_range: DayRange, days: tuple[RangeDay, ...]) -> str:
    return dumps_report_json(range_document(day_range, days))


def range_csv(days: tuple[RangeDay, ...]) -> str:
    """One row per agent per day: ``day``, then the day export's columns."""
    return reports_csv(
        (
            ((range_day.day.isoformat(),), range_day.report)
            for range_day in days
            if range_day.report is not None
        ),
        lead_columns=("day",),
    )


def _clock(instant_ms: int | None, tz: str) -> str:
    return "-" if instant_ms is None else format_instant(instant_ms, tz)[5:16].replace("T", " ")


def range_table(day_range: DayRange, days: tuple[RangeDay, ...]) -> str:
    """Teams by day, then agents by day, under the range and each day's completeness."""
    tz = day_range.timezone
    lines = [LAG_NOTICE, f"Range: {day_range.label()} ({tz})"]
    for range_day in days:
        report = range_day.report
        if report is None:
            state = "not loaded"
        elif range_day.final:
            state = "final"
        elif report.data_complete_to_ms is None or report.complete_to_ms <= report.window.start_ms:
            state = "nothing complete yet"
        else:
            state = f"complete to {format_instant(report.complete_to_ms, tz)}"
        if report is not None and not report.complete:
            state += " (INCOMPLETE: a fetch failed)"
        lines.append(f"  {range_day.day:%a %Y-%m-%d}: {state}")
    whole = range_figures(days)
    lines.append(
        f"Range total: logged in {hours_minutes(whole.totals.logged_in_ms)} · "
        f"{whole.agents} agents · {whole.final_days} of {whole.days} days final"
    )
    lines += ["", "Teams by day"]
    team_rows = [
        [
            f"{range_day.day:%a %m-%d}",
            group.name,
            str(group.agents),
            *time_cells(group.totals),
        ]
        for range_day in days
        if range_day.report is not None
        for group in range_day.report.groups
    ]
    lines += text_table(("Day", "Team", "Agents", *TIME_COLUMNS), team_rows, set(range(2, 11)))
    lines += [
        "",
        "Agents by day (Trend: logged in against the agent's mean over the range's final days; "
        "▲ 10% or more above, ▼ 10% or more below)",
    ]
    agent_rows = [
        [
            agent.info.display_name,
            f"{row.day:%a %m-%d}",
            *time_cells(row.activity.totals),
            str(row.activity.sessions),
            _clock(row.activity.first_login_ms, tz),
            _clock(row.activity.last_logout_ms, tz),
            row.trend or "partial",
        ]
        for agent in agent_ranges(days)
        for row in agent.days
    ]
    lines += text_table(
        ("Agent", "Day", *TIME_COLUMNS, "Sessions", "First in", "Last out", "Trend"),
        agent_rows,
        set(range(2, 11)),
    )
    if not agent_rows:
        lines.append("(no agent activity in this range)")
    return "\n".join(lines) + "\n"
