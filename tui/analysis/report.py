"""The entry point: status records + a window -> :class:`ActivityReport`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tui.analysis.agents import agent_activity
from tui.analysis.groups import StaffingAccumulator, group_summary
from tui.analysis.intervals import walk_agent
from tui.analysis.model import ActivityReport, AgentActivity
from tui.analysis.options import AnalysisOptions
from tui.core.collector import collector_paused
from tui.core.records import SKIP_UNKNOWN_TYPE, StatusRecord
from tui.core.windows import Window
from tui.core.zones import zone_info


def complete_to(window: Window, data_complete_to_ms: int | None) -> int:
    """``min(window end, data_complete_to)``, never before the window start."""
    if data_complete_to_ms is None:
        return window.end_ms
    return max(window.start_ms, min(window.end_ms, data_complete_to_ms))


def analyze(
    records: Iterable[StatusRecord],
    window: Window,
    *,
    data_complete_to_ms: int | None,
    options: AnalysisOptions | None = None,
    skipped_by_reason: Mapping[str, int] | None = None,
    now_ms: int | None = None,
) -> ActivityReport:
    """Apply DESIGN.md §2 to every agent and sum per team.

    ``records`` may hold anything the caller has: duplicates, any order, records before the
    window (they set the state carried into it) and after it. ``skipped_by_reason`` are the
    parse-time skips to report alongside the records analysis itself skips (unknown types).
    ``now_ms`` splits the time after ``data_complete_to`` into pending (before now) and not yet
    (``None``: the whole window has happened). An agent appears when they have a counted record
    inside the window or logged-in time in it; records after ``data_complete_to`` are
    provisional: on timelines, never counted.
    """
    with collector_paused():  # a day's segments and figures: many objects, no cycles
        return _analyze(
            records,
            window,
            data_complete_to_ms=data_complete_to_ms,
            options=options,
            skipped_by_reason=skipped_by_reason,
            now_ms=now_ms,
        )


def _analyze(
    records: Iterable[StatusRecord],
    window: Window,
    *,
    data_complete_to_ms: int | None,
    options: AnalysisOptions | None,
    skipped_by_reason: Mapping[str, int] | None,
    now_ms: int | None,
) -> ActivityReport:
    options = options or AnalysisOptions()
    start_ms, end_ms = window.start_ms, window.end_ms
    complete_to_ms = complete_to(window, data_complete_to_ms)
    pending_end_ms = end_ms if now_ms is None else max(complete_to_ms, min(end_ms, now_ms))
    by_agent: dict[int, list[StatusRecord]] = {}
    for record in records:
        agent_records = by_agent.get(record.agent_id)
        if agent_records is None:
            by_agent[record.agent_id] = [record]
        else:
            agent_records.append(record)

    skipped = dict(skipped_by_reason or {})
    zone = None
    if options.schedule is not None:  # loaded with the schedule itself: free here
        from tui.analysis.schedule import schedule_figures, scheduled_spans

        zone = zone_info(window.timezone)
    activities: list[AgentActivity] = []
    staffing: dict[int, StaffingAccumulator] = {}
    unknown_types = 0
    keep_segments = options.build_timelines or options.build_details or options.schedule is not None
    for agent_id in sorted(by_agent):
        walk = walk_agent(
            by_agent[agent_id],
            start_ms,
            end_ms,
            complete_to_ms,
            short_flip_ms=options.short_flip_ms,
            pending_end_ms=pending_end_ms,
            data_complete_to_ms=data_complete_to_ms,
            keep_segments=keep_segments,
        )
        unknown_types += walk.unknown_type_records
        if not walk.has_record_in_window and not any(walk.spent_ms):  # no logged-in time
            continue
        figures = None
        planned: tuple[tuple[int, int], ...] = ()
        if options.schedule is not None and zone is not None:
            latest = walk.latest_record
            shifts = options.schedule.shifts_for(
                agent_id, latest.employee_id if latest is not None else None
            )
            if shifts:
                figures = schedule_figures(shifts, walk.segments, start_ms, complete_to_ms, zone)
                if options.build_timelines:
                    planned = scheduled_spans(shifts, start_ms, end_ms, zone)
        activity = agent_activity(
            walk,
            agent_id,
            start_ms=start_ms,
            end_ms=end_ms,
            complete_to_ms=complete_to_ms,
            pending_end_ms=pending_end_ms,
            options=options,
            schedule=figures,
            scheduled_spans=planned,
        )
        activities.append(activity)
        if not (options.build_details and options.build_staffing):
            continue
        group_id = activity.agent.group_id
        accumulator = staffing.get(group_id)
        if accumulator is None:
            accumulator = StaffingAccumulator(start_ms, end_ms, options.staffing_slot_ms)
            staffing[group_id] = accumulator
        accumulator.add(walk.segments)

    if unknown_types:
        skipped[SKIP_UNKNOWN_TYPE] = skipped.get(SKIP_UNKNOWN_TYPE, 0) + unknown_types
    members: dict[int, list[AgentActivity]] = {}
    for activity in activities:
        members.setdefault(activity.agent.group_id, []).append(activity)
    groups = tuple(
        group_summary(
            group_id,
            members[group_id],
            staffing.get(group_id),
            complete_to_ms=complete_to_ms,
            pending_end_ms=pending_end_ms,
            options=options,
        )
        for group_id in sorted(members)
    )
    return ActivityReport(
        window=window,
        data_complete_to_ms=data_complete_to_ms,
        skipped_records=sum(skipped.values()),
        agents=tuple(activities),
        groups=groups,
        skipped_by_reason=dict(sorted(skipped.items())),
        has_schedule=options.schedule is not None,
        now_ms=now_ms,
    )
