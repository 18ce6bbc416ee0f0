"""Pure text for the Agent pane: totals, sessions, away episodes, exceptions, schedule, raw rows.

Everything here is derived from the analysis result (sessions by :mod:`tui.analysis.sessions`)
and the agent's raw records, so the pane shows the same numbers as the Agents pane and the export.
"""

from __future__ import annotations

from tui.analysis.model import AgentActivity
from tui.analysis.sessions import sessions_of
from tui.core.records import StatusRecord, StatusType
from tui.ui import format as fmt
from tui.ui.widgets.timeline.render import STATE_LABELS, duration_text

_TYPE_LABELS = {
    StatusType.LOGIN: "login",
    StatusType.LOGOUT: "logout",
    StatusType.STATE_CHANGE: "state",
}


def totals_lines(activity: AgentActivity) -> list[str]:
    """Time in each state, and available % (online ÷ logged in)."""
    totals = activity.totals
    logged_in = totals.logged_in_ms
    available = totals.available_pct
    parts = [
        ("online", totals.online_ms),
        ("occupied", totals.occupied_ms),
        ("away", totals.away_ms),
        ("offline", totals.offline_ms),
        ("other", totals.other_ms),
        ("unknown", totals.unknown_ms),
    ]
    minutes = fmt.parts_adding_up(logged_in, [value for _label, value in parts])
    lines = [
        f"  {'logged in':<10} {fmt.duration(logged_in):>6}  {fmt.percent(logged_in, logged_in):>4}"
    ]
    lines += [
        f"  {label:<10} {fmt.minutes_text(shown):>6}  {fmt.percent(value, logged_in):>4}"
        for (label, value), shown in zip(parts, minutes, strict=True)
    ]
    lines.append(f"  {'available':<10} {'—' if available is None else f'{available:.0f}%':>6}")
    if activity.pending_ms:
        lines.append(f"  {'pending':<10} {fmt.duration(activity.pending_ms):>6}  not final")
    return lines


def session_lines(activity: AgentActivity, window_start_ms: int, zone: str) -> list[str]:
    """``login → logout (duration)`` per session, noting carried-over and still-open ends."""
    sessions = sessions_of(activity.timeline, window_start_ms)
    if not sessions:
        if activity.provisional_records:
            return ["  no counted session (only provisional records, below)"]
        return ["  not logged in during this window"]
    lines = []
    for session in sessions:
        start = "(before)" if session.from_window_start else fmt.clock_time(session.start_ms, zone)
        end = "(open)" if session.open_end else fmt.clock_time(session.end_ms, zone)
        lines.append(f"  {start:>8} → {end:<8} {fmt.duration(session.duration_ms):>6}")
    return lines


def away_lines(activity: AgentActivity) -> list[str]:
    """Away episodes per reason: count, total, longest."""
    if not activity.away_episodes:
        return ["  no away time"]
    width = max(len(episode.reason) for episode in activity.away_episodes)
    width = min(max(width, 6), 20)
    lines = [f"  {'reason':<{width}} {'count':>5} {'total':>6} {'longest':>7}"]
    for episode in sorted(activity.away_episodes, key=lambda e: -e.total_ms):
        lines.append(
            f"  {episode.reason[:width]:<{width}} {episode.count:>5} "
            f"{fmt.duration(episode.total_ms):>6} {fmt.duration(episode.longest_ms):>7}"
        )
    return lines


def exception_lines(activity: AgentActivity, zone: str) -> list[str]:
    """Long away episodes and short state flips, each with when and what."""
    if not activity.exceptions:
        return ["  none"]
    lines = []
    for exception in activity.exceptions:
        kind = exception.kind.replace("_", " ")
        what = exception.detail
        if not what:
            state = STATE_LABELS[exception.state]
            if exception.reason:
                state = f"{state} ({exception.reason})"
            what = f"{state}, {duration_text(exception.end_ms - exception.start_ms)}"
        lines.append(f"  {fmt.clock_time(exception.start_ms, zone)} {kind}: {what}")
    return lines


def schedule_lines(activity: AgentActivity, has_schedule: bool, zone: str = "UTC") -> list[str]:
    """Schedule figures, or why there are none; the planned work (the ▔ band under the bar)."""
    schedule = activity.schedule
    planned = [
        f"{fmt.clock_time(start, zone)}–{fmt.clock_time(end, zone)}"
        for start, end in activity.scheduled_spans
    ]
    planned_line = [f"  planned      {', '.join(planned)} (▔)"] if planned else []
    if schedule is None:
        if has_schedule:
            return planned_line or ["  not on the schedule for this day"]
        return ["  needs schedule (config: schedule_file)"]

    def optional(value: int | None) -> str:
        return "—" if value is None else fmt.duration(value)

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}%"

    return [
        f"  scheduled    {fmt.duration(schedule.scheduled_ms):>6}",
        f"  late login   {optional(schedule.late_login_ms):>6}",
        f"  early logout {optional(schedule.early_logout_ms):>6}",
        f"  conformance  {pct(schedule.conformance_pct):>6}",
        f"  adherence    {pct(schedule.adherence_pct):>6}",
        *planned_line,
    ]


def record_cells(
    record: StatusRecord, zone: str, *, provisional: bool = False
) -> tuple[str, str, str, str, str, str, str]:
    """One raw status change as table cells: time, type, state, reason, session, sequence, and
    whether it is provisional (arrived after data complete to: shown, not counted)."""
    try:
        type_label = _TYPE_LABELS[StatusType(record.status_type)]
    except ValueError:
        type_label = f"type {record.status_type}"
    state = record.state
    return (
        fmt.clock_time(record.time_ms, zone, seconds=True),
        type_label,
        "" if state is None else STATE_LABELS[state],
        record.reason or "",
        "—" if record.session_id < 0 else str(record.session_id),
        str(record.sequence),
        "provisional" if provisional else "",
    )
