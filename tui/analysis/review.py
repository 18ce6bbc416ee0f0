"""The review's exceptions: every moment of a day a lead should look at, one row each.

Built from an :class:`~tui.analysis.model.ActivityReport` (and the schedule, when one is set):
late login and early logout against a planned shift, no-show (a shift with no login at all),
long away per reason (thresholds per reason class, :mod:`tui.analysis.options`), very short state
flips, logged in but ``unknown``/``other`` for long, and sessions still open where the data ends
(only once the window's data is complete to its end: while a day is still running, being logged
in is not an exception).
Rows are newest first; each names the agent and the instant the Agent pane opens at.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from tui.analysis.agents import LONG_AWAY, SHORT_FLIP
from tui.analysis.model import LOGGED_IN_STATES, ActivityReport, AgentActivity, Interval
from tui.analysis.options import AnalysisOptions
from tui.analysis.schedule import Shift
from tui.analysis.sessions import sessions_of
from tui.core.records import NO_GROUP, State
from tui.core.zones import zone_info

_LOGGED_IN = frozenset(LOGGED_IN_STATES)


class ExceptionKind(Enum):
    """What kind of exception a row is (the value is what the pane and the export show)."""

    LATE_LOGIN = "late login"
    EARLY_LOGOUT = "early logout"
    NO_SHOW = "no-show"
    LONG_AWAY = "long away"
    SHORT_FLIP = "short flip"
    UNCLEAR_STATE = "unclear state"
    OPEN_AT_END = "open at end"


@dataclass(frozen=True)
class ReviewException:
    """One row of the Exceptions pane and of its export.

    ``at_ms`` is when it happened (the Agent pane opens there); ``duration_ms`` how long it
    lasted where that means something (late by, away for...). ``agent_id`` is ``None`` only for
    a no-show known by employee id alone (nobody with that id has a record).
    """

    kind: ExceptionKind
    at_ms: int
    agent_id: int | None
    agent_name: str
    group_id: int
    detail: str
    duration_ms: int | None = None
    reason: str | None = None


def _minutes(duration_ms: int) -> str:
    return f"{round(duration_ms / 60_000)} min"


def review_exceptions(
    report: ActivityReport, options: AnalysisOptions
) -> tuple[ReviewException, ...]:
    """Every exception of the report's window, newest first (ties: agent name, kind)."""
    rows: list[ReviewException] = []
    for activity in report.agents:
        rows.extend(_activity_rows(activity, report, options))
    rows.extend(_no_shows(report, options))
    rows.sort(key=lambda row: (-row.at_ms, row.agent_name.casefold(), row.kind.value))
    return tuple(rows)


def _row(
    activity: AgentActivity,
    kind: ExceptionKind,
    at_ms: int,
    detail: str,
    *,
    duration_ms: int | None = None,
    reason: str | None = None,
) -> ReviewException:
    info = activity.agent
    return ReviewException(
        kind=kind,
        at_ms=at_ms,
        agent_id=info.agent_id,
        agent_name=info.display_name,
        group_id=info.group_id,
        detail=detail,
        duration_ms=duration_ms,
        reason=reason,
    )


def _activity_rows(
    activity: AgentActivity, report: ActivityReport, options: AnalysisOptions
) -> Iterator[ReviewException]:
    for exception in activity.exceptions:
        if exception.kind == LONG_AWAY:
            yield _row(
                activity,
                ExceptionKind.LONG_AWAY,
                exception.start_ms,
                exception.detail,
                duration_ms=exception.end_ms - exception.start_ms,
                reason=exception.reason,
            )
        elif exception.kind == SHORT_FLIP:
            yield _row(
                activity,
                ExceptionKind.SHORT_FLIP,
                exception.start_ms,
                exception.detail,
                duration_ms=exception.end_ms - exception.start_ms,
            )
    limit = options.unclear_state_ms
    for interval in activity.timeline:
        if interval.state in (State.UNKNOWN, State.OTHER) and interval.duration_ms > limit:
            yield _row(
                activity,
                ExceptionKind.UNCLEAR_STATE,
                interval.start_ms,
                f"logged in but {interval.state.value} for {_minutes(interval.duration_ms)}, "
                f"over {_minutes(limit)}",
                duration_ms=interval.duration_ms,
            )
    sessions = sessions_of(activity.timeline, report.window.start_ms)
    day_is_over = report.complete_to_ms >= report.window.end_ms
    if day_is_over and sessions and sessions[-1].open_end and activity.logged_in_at_end:
        last = sessions[-1]
        yield _row(
            activity,
            ExceptionKind.OPEN_AT_END,
            last.start_ms,
            f"logged in for {_minutes(last.duration_ms)}, still in at end of data",
            duration_ms=last.duration_ms,
        )
    yield from _schedule_rows(activity, report, options)


def _shifts(activity: AgentActivity, options: AnalysisOptions) -> tuple[Shift, ...]:
    if options.schedule is None:
        return ()
    info = activity.agent
    return options.schedule.shifts_for(info.agent_id, info.employee_id)


def _logged_in(timeline: Iterable[Interval]) -> list[Interval]:
    return [interval for interval in timeline if interval.state in _LOGGED_IN]


def _schedule_rows(
    activity: AgentActivity, report: ActivityReport, options: AnalysisOptions
) -> Iterator[ReviewException]:
    shifts = _shifts(activity, options)
    if not shifts:
        return
    zone = zone_info(report.window.timezone)
    start_ms, complete_ms = report.window.start_ms, report.complete_to_ms
    logged_in = _logged_in(activity.timeline)
    grace = options.late_grace_ms
    for shift in shifts:
        (shift_start, shift_end), _work = shift.spans_ms(zone)
        if not start_ms <= shift_start < complete_ms:
            continue
        inside = [i for i in logged_in if i.end_ms > shift_start and i.start_ms < shift_end]
        if not inside:
            if min(shift_end, complete_ms) - shift_start > grace:
                yield _row(
                    activity,
                    ExceptionKind.NO_SHOW,
                    shift_start,
                    f"scheduled {shift.start:%H:%M}–{shift.end:%H:%M}, no login",
                )
            continue
        first_in = max(inside[0].start_ms, shift_start)
        if first_in - shift_start > grace:
            yield _row(
                activity,
                ExceptionKind.LATE_LOGIN,
                first_in,
                f"logged in {_minutes(first_in - shift_start)} after the "
                f"{shift.start:%H:%M} shift start",
                duration_ms=first_in - shift_start,
            )
        if shift_end <= complete_ms:
            last_out = min(inside[-1].end_ms, shift_end)
            if shift_end - last_out > grace:
                yield _row(
                    activity,
                    ExceptionKind.EARLY_LOGOUT,
                    last_out,
                    f"logged out {_minutes(shift_end - last_out)} before the "
                    f"{shift.end:%H:%M} shift end",
                    duration_ms=shift_end - last_out,
                )


def _no_shows(report: ActivityReport, options: AnalysisOptions) -> Iterator[ReviewException]:
    """Shifts of people with no activity at all in the window (so no agent row)."""
    schedule = options.schedule
    if schedule is None:
        return
    zone = zone_info(report.window.timezone)
    seen_agents = {activity.agent.agent_id for activity in report.agents}
    seen_employees = {
        activity.agent.employee_id for activity in report.agents if activity.agent.employee_id
    }
    start_ms, complete_ms = report.window.start_ms, report.complete_to_ms
    grace = options.late_grace_ms
    people: list[tuple[int | None, str, tuple[Shift, ...]]] = [
        (agent_id, f"Agent {agent_id}", shifts)
        for agent_id, shifts in schedule.by_agent.items()
        if agent_id not in seen_agents
    ]
    people += [
        (None, f"employee {employee_id}", shifts)
        for employee_id, shifts in schedule.by_employee.items()
        if employee_id not in seen_employees
    ]
    for agent_id, name, shifts in people:
        for shift in shifts:
            (shift_start, shift_end), _work = shift.spans_ms(zone)
            if start_ms <= shift_start < complete_ms and (
                min(shift_end, complete_ms) - shift_start > grace
            ):
                yield ReviewException(
                    kind=ExceptionKind.NO_SHOW,
                    at_ms=shift_start,
                    agent_id=agent_id,
                    agent_name=name,
                    group_id=NO_GROUP,
                    detail=f"scheduled {shift.start:%H:%M}–{shift.end:%H:%M}, no login",
                )
