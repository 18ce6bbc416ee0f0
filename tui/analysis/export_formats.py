"""An :class:`ActivityReport` as the export writes it: JSON (DESIGN.md §4, exactly), CSV, table.

Pure text building; the command decides where it goes. Seconds are numbers (whole seconds as
integers, else three decimals); instants are ISO 8601 with the offset of the report's zone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tui.analysis.model import ActivityReport, AgentActivity, GroupSummary, StateTotals
from tui.analysis.rounding import parts_adding_up, rounded_minutes
from tui.core.text import csv_cell, json_terminal_safe, printable
from tui.core.windows import format_instant

NEEDS_SCHEDULE = "needs schedule"
NOT_SCHEDULED = "not scheduled"
LAG_NOTICE = "Reporting data from the Agent Activity API: up to 1 h behind; not for real-time use."


def seconds(duration_ms: int) -> int | float:
    """Milliseconds as JSON seconds: an integer when whole, else three decimals.

    ``duration_ms / 1000`` is already the float ``round(duration_ms / 1000, 3)`` gives (the
    float nearest a whole number of milliseconds has no nearer three-decimal value), at a tenth of
    its cost: 30k calls per export; a property test holds them equal."""
    if duration_ms % 1000 == 0:
        return duration_ms // 1000
    return duration_ms / 1000


def _instant(instant_ms: int | None, tz: str) -> str | None:
    return None if instant_ms is None else format_instant(instant_ms, tz)


def _state_seconds(totals: StateTotals) -> dict[str, Any]:
    return {
        "logged_in_s": seconds(totals.logged_in_ms),
        "online_s": seconds(totals.online_ms),
        "occupied_s": seconds(totals.occupied_ms),
        "away_s": seconds(totals.away_ms),
        "offline_s": seconds(totals.offline_ms),
        "other_s": seconds(totals.other_ms),
        "unknown_s": seconds(totals.unknown_ms),
        "away_by_reason_s": {
            reason: seconds(duration) for reason, duration in totals.away_by_reason_ms.items()
        },
    }


def agent_json(activity: AgentActivity, tz: str) -> dict[str, Any]:
    agent = activity.agent
    return {
        "agent_id": agent.agent_id,
        "employee_id": agent.employee_id,
        "login_name": agent.login_name,
        "user_name": agent.user_name,
        "group_id": agent.group_id,
        **_state_seconds(activity.totals),
        "sessions": activity.sessions,
        "state_changes": activity.state_changes,
        "first_login": _instant(activity.first_login_ms, tz),
        "last_logout": _instant(activity.last_logout_ms, tz),
        "pending_s": seconds(activity.pending_ms),
        "away_by_class_s": _class_seconds(activity.reason_class_ms),
    }


def _class_seconds(by_class_ms: Mapping[str, int]) -> dict[str, int | float]:
    """Away time per reason class (``[reasons.classes]`` and the built-in names)."""
    return {klass: seconds(duration) for klass, duration in by_class_ms.items()}


def group_json(group: GroupSummary) -> dict[str, Any]:
    return {
        "group_id": group.group_id,
        "name": group.name,
        "agents": group.agents,
        **_state_seconds(group.totals),
        "away_by_class_s": _class_seconds(group.reason_class_ms),
    }


def report_json(report: ActivityReport) -> dict[str, Any]:
    """The DESIGN.md §4 document (field names are an interface: never rename them)."""
    tz = report.window.timezone
    return {
        "window": {
            "from": format_instant(report.window.start_ms, tz),
            "to": format_instant(report.window.end_ms, tz),
        },
        "timezone": tz,
        "data_complete_to": _instant(report.data_complete_to_ms, tz),
        "complete": report.complete,
        "missing": [
            {"from": format_instant(start, tz), "to": format_instant(end, tz)}
            for start, end in report.missing
        ],
        "skipped_records": report.skipped_records,
        "skipped_by_reason": dict(report.skipped_by_reason),
        "agents": [agent_json(activity, tz) for activity in report.agents],
        "groups": [group_json(group) for group in report.groups],
    }


def dumps_report_json(document: dict[str, Any]) -> str:
    """The document as JSON text: one agent or team per line (readable, diff-friendly), built
    with the C encoder (``indent=`` would switch to the much slower pure-Python one)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {encode(key)}: [")
            lines.extend(
                f"    {encode(item)}{',' if index < len(value) - 1 else ''}"
                for index, item in enumerate(value)
            )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {encode(key)}: {encode(value)}{comma}")
    lines.append("}")
    return json_terminal_safe("\n".join(lines) + "\n")


AGENT_CSV_COLUMNS = (
    "agent_id",
    "employee_id",
    "login_name",
    "user_name",
    "group_id",
    "group_name",
    "logged_in_s",
    "online_s",
    "occupied_s",
    "away_s",
    "offline_s",
    "other_s",
    "unknown_s",
    "available_pct",
    "sessions",
    "state_changes",
    "first_login",
    "last_logout",
    "logged_in_at_end",
    "pending_s",
    "scheduled_s",
    "late_login_s",
    "early_logout_s",
    "conformance_pct",
    "adherence_pct",
)
"""Fixed CSV columns; then one ``away_s:<reason>`` column per away reason in the report, then one
``away_class_s:<class>`` column per reason class."""


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _schedule_cells(activity: AgentActivity, has_schedule: bool) -> list[Any]:
    if not has_schedule:
        return [NEEDS_SCHEDULE] * 5
    figures = activity.schedule
    if figures is None:
        return [NOT_SCHEDULED] * 5
    return [
        seconds(figures.scheduled_ms),
        "" if figures.late_login_ms is None else seconds(figures.late_login_ms),
        "" if figures.early_logout_ms is None else seconds(figures.early_logout_ms),
        _pct(figures.conformance_pct),
        _pct(figures.adherence_pct),
    ]


ExtraCells = Callable[[AgentActivity], Sequence[Any]]
"""An agent's cells for the extra CSV columns (productivity, say)."""


def report_csv(
    report: ActivityReport,
    extra_columns: Sequence[str] = (),
    extra_cells: ExtraCells | None = None,
) -> str:
    """One row per agent (teams are in the JSON and the table); empty figures are blank.
    ``extra_columns`` (filled by ``extra_cells``) follow the fixed ones, before the away reasons."""
    return _reports_csv([((), report)], (), extra_columns, extra_cells)


def reports_csv(
    rows: Iterable[tuple[Sequence[Any], ActivityReport]], lead_columns: Sequence[str] = ()
) -> str:
    """The agent rows of several reports in one CSV, each row led by its report's
    ``lead_columns`` cells (``export --by day``: the day); reason columns are their union."""
    return _reports_csv(list(rows), lead_columns, (), None)


def _reports_csv(
    reports: Sequence[tuple[Sequence[Any], ActivityReport]],
    lead_columns: Sequence[str],
    extra_columns: Sequence[str],
    extra_cells: ExtraCells | None,
) -> str:
    reasons = sorted(
        {
            reason
            for _lead, report in reports
            for a in report.agents
            for reason in a.totals.away_by_reason_ms
        }
    )
    classes = sorted(
        {klass for _lead, report in reports for a in report.agents for klass in a.reason_class_ms}
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        _csv_row(
            [
                *lead_columns,
                *AGENT_CSV_COLUMNS,
                *extra_columns,
                *(f"away_s:{reason}" for reason in reasons),
                *(f"away_class_s:{klass}" for klass in classes),
            ]
        )
    )
    for lead, report in reports:
        tz = report.window.timezone
        names = {group.group_id: group.name for group in report.groups}
        for activity in report.agents:
            agent, totals = activity.agent, activity.totals
            writer.writerow(
                _csv_row(
                    [
                        *lead,
                        agent.agent_id,
                        agent.employee_id or "",
                        agent.login_name or "",
                        agent.user_name or "",
                        agent.group_id,
                        names.get(agent.group_id, ""),
                        seconds(totals.logged_in_ms),
                        seconds(totals.online_ms),
                        seconds(totals.occupied_ms),
                        seconds(totals.away_ms),
                        seconds(totals.offline_ms),
                        seconds(totals.other_ms),
                        seconds(totals.unknown_ms),
                        _pct(totals.available_pct),
                        activity.sessions,
                        activity.state_changes,
                        _instant(activity.first_login_ms, tz) or "",
                        _instant(activity.last_logout_ms, tz) or "",
                        "yes" if activity.logged_in_at_end else "no",
                        seconds(activity.pending_ms),
                        *_schedule_cells(activity, report.has_schedule),
                        *(extra_cells(activity) if extra_cells is not None else ()),
                        *(seconds(totals.away_by_reason_ms.get(reason, 0)) for reason in reasons),
                        *(seconds(activity.reason_class_ms.get(klass, 0)) for klass in classes),
                    ]
                )
            )
    return buffer.getvalue()


def _csv_row(cells: Sequence[Any]) -> list[Any]:
    """Text cells made safe for spreadsheets and terminals (:func:`csv_cell`); numbers as is."""
    return [csv_cell(cell) if isinstance(cell, str) else cell for cell in cells]


def clock_minutes(minutes: int) -> str:
    """``H:MM``, the way a lead reads a day."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def hours_minutes(duration_ms: int) -> str:
    """``H:MM`` to the nearest minute."""
    return clock_minutes(rounded_minutes(duration_ms))


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * width for width in widths]), *map(line, rows)]


def _clock(instant_ms: int | None, tz: str) -> str:
    if instant_ms is None:
        return "-"
    return format_instant(instant_ms, tz)[11:16]


def _adherence(activity: AgentActivity, has_schedule: bool) -> str:
    if not has_schedule:
        return NEEDS_SCHEDULE
    if activity.schedule is None or activity.schedule.adherence_pct is None:
        return NOT_SCHEDULED
    return f"{activity.schedule.adherence_pct:.0f}%"


TIME_COLUMNS = (
    "Logged in",
    "Online",
    "Occupied",
    "Away",
    "Offline",
    "Other",
    "Unknown",
    "Avail",
)
"""The table's time columns: logged in, its parts, available %."""


def time_cells(totals: StateTotals) -> list[str]:
    """Logged in and its parts, rounded so that the parts add up to it; available %."""
    available = totals.available_pct
    parts = parts_adding_up(
        totals.logged_in_ms,
        totals.parts_ms,
    )
    return [
        hours_minutes(totals.logged_in_ms),
        *(clock_minutes(minutes) for minutes in parts),
        "-" if available is None else f"{available:.0f}%",
    ]


def report_table(report: ActivityReport) -> str:
    """A fixed-width report for a terminal or a cron mail."""
    tz = report.window.timezone
    window = report.window
    complete = (
        "unknown (no timeframe in the data)"
        if report.data_complete_to_ms is None
        else format_instant(report.data_complete_to_ms, tz)
    )
    lines = [
        LAG_NOTICE,
        f"Window: {format_instant(window.start_ms, tz)} to "
        f"{format_instant(window.end_ms, tz)} ({tz})",
        f"Data complete to: {complete}",
    ]
    if not report.complete:
        missing = ", ".join(
            f"{format_instant(start, tz)} to {format_instant(end, tz)}"
            for start, end in report.missing
        )
        lines.append(f"INCOMPLETE: a fetch failed; not complete: {missing}")
    pending_ms = report.pending_end_ms - report.complete_to_ms
    if pending_ms:
        lines.append(f"Pending (happened, still arriving): {hours_minutes(pending_ms)}")
    if report.pending_end_ms < window.end_ms:
        lines.append(f"Not yet (after now): {hours_minutes(window.end_ms - report.pending_end_ms)}")
    if report.skipped_records:
        lines.append(f"Skipped records: {report.skipped_records}")
    lines.append("")
    time_columns = TIME_COLUMNS
    lines.append("Teams")
    group_rows = [
        [group.name, str(group.agents), str(group.logged_in_at_end), *time_cells(group.totals)]
        for group in report.groups
    ]
    lines += text_table(
        ("Team", "Agents", "In at end", *time_columns), group_rows, set(range(1, 11))
    )
    lines.append("")
    lines.append("Agents")
    names = {group.group_id: group.name for group in report.groups}
    agent_rows = [
        [
            activity.agent.display_name,
            names.get(activity.agent.group_id, ""),
            *time_cells(activity.totals),
            str(activity.sessions),
            _clock(activity.first_login_ms, tz),
            _clock(activity.last_logout_ms, tz),
            _adherence(activity, report.has_schedule),
        ]
        for activity in sorted(
            report.agents, key=lambda a: (a.agent.display_name, a.agent.agent_id)
        )
    ]
    lines += text_table(
        ("Agent", "Team", *time_columns, "Sessions", "First in", "Last out", "Adherence"),
        agent_rows,
        set(range(2, 12)),
    )
    if not report.agents:
        lines.append("(no agent activity in this window)")
    return "\n".join(lines) + "\n"
