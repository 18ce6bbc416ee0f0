"""One agent's walk -> :class:`AgentActivity`: totals, episodes, exceptions, timeline."""

from __future__ import annotations

from collections.abc import Sequence

from tui.analysis.intervals import AgentWalk, Segment
from tui.analysis.model import (
    ActivityException,
    AgentActivity,
    AgentInfo,
    AwayEpisodes,
    Interval,
    ScheduleFigures,
    StateTotals,
)
from tui.analysis.options import AnalysisOptions
from tui.core.records import NO_GROUP, State

LONG_AWAY = "long_away"
SHORT_FLIP = "short_flip"


def _minutes(duration_ms: int) -> str:
    return f"{duration_ms / 60_000:.1f} min"


def state_totals(segments: list[Segment]) -> StateTotals:
    """Time per logged-in state; ``logged_in_ms`` is their sum by construction."""
    online = occupied = away = offline = other = unknown = 0
    by_reason: dict[str, int] = {}
    for start_ms, end_ms, state, reason in segments:
        duration = end_ms - start_ms
        if state is State.ONLINE:
            online += duration
        elif state is State.OCCUPIED:
            occupied += duration
        elif state is State.AWAY:
            away += duration
            label = reason or "(none)"
            by_reason[label] = by_reason.get(label, 0) + duration
        elif state is State.OFFLINE:
            offline += duration
        elif state is State.OTHER:
            other += duration
        else:
            unknown += duration
    return StateTotals(
        online_ms=online,
        occupied_ms=occupied,
        away_ms=away,
        offline_ms=offline,
        other_ms=other,
        unknown_ms=unknown,
        away_by_reason_ms=dict(sorted(by_reason.items())),
    )


def walk_totals(walk: AgentWalk) -> StateTotals:
    """:func:`state_totals` of ``walk.segments``, from the sums the walk kept while finding them."""
    online, occupied, away, offline, other, unknown = walk.spent_ms
    return StateTotals(
        online_ms=online,
        occupied_ms=occupied,
        away_ms=away,
        offline_ms=offline,
        other_ms=other,
        unknown_ms=unknown,
        away_by_reason_ms=dict(sorted(walk.away_ms.items())),
    )


def _away_episodes(
    segments: list[Segment], options: AnalysisOptions
) -> tuple[tuple[AwayEpisodes, ...], list[ActivityException]]:
    """Away episodes per reason (a merged away segment is one episode) and the long ones."""
    stats: dict[str, list[int]] = {}
    long_away: list[ActivityException] = []
    for start_ms, end_ms, state, reason in segments:
        if state is not State.AWAY:
            continue
        label = reason or "(none)"
        duration = end_ms - start_ms
        entry = stats.get(label)
        if entry is None:
            stats[label] = [1, duration, duration]
        else:
            entry[0] += 1
            entry[1] += duration
            entry[2] = max(entry[2], duration)
        threshold = options.long_away_threshold_ms(label)
        if threshold is not None and duration > threshold:
            long_away.append(
                ActivityException(
                    kind=LONG_AWAY,
                    start_ms=start_ms,
                    end_ms=end_ms,
                    state=State.AWAY,
                    reason=label,
                    detail=f"away ({label}) for {_minutes(duration)}, over {_minutes(threshold)}",
                )
            )
    episodes = tuple(
        AwayEpisodes(reason=label, count=count, total_ms=total, longest_ms=longest)
        for label, (count, total, longest) in sorted(stats.items())
    )
    return episodes, long_away


def _flip_exceptions(flips: list[Segment], options: AnalysisOptions) -> list[ActivityException]:
    limit = options.short_flip_ms / 1000
    return [
        ActivityException(
            kind=SHORT_FLIP,
            start_ms=start_ms,
            end_ms=end_ms,
            state=state,
            reason=reason,
            detail=f"{state.value} for {(end_ms - start_ms) / 1000:.1f} s (under {limit:g} s)",
        )
        for start_ms, end_ms, state, reason in flips
    ]


def timeline(
    segments: list[Segment],
    start_ms: int,
    end_ms: int,
    complete_to_ms: int,
    *,
    provisional: Sequence[Segment] = (),
    pending_end_ms: int | None = None,
) -> tuple[Interval, ...]:
    """Segments with the gaps filled, covering the window with no gap.

    ``LOGGED_OUT`` before ``complete_to``; after it ``PENDING`` up to ``pending_end`` (now),
    except where records already arrived there say more (``PROVISIONAL``, never counted); then
    ``NOT_YET`` up to the window end.
    """
    pending_end = end_ms if pending_end_ms is None else max(complete_to_ms, pending_end_ms)
    bars: list[Interval] = []
    cursor = start_ms
    for seg_start, seg_end, state, reason in segments:
        if seg_start > cursor:
            bars.append(Interval(State.LOGGED_OUT, cursor, seg_start))
        bars.append(Interval(state, seg_start, seg_end, reason))
        cursor = seg_end
    if complete_to_ms > cursor:
        bars.append(Interval(State.LOGGED_OUT, cursor, complete_to_ms))
        cursor = complete_to_ms
    for seg_start, seg_end, state, reason in provisional:
        if seg_start > cursor:
            bars.append(Interval(State.PENDING, cursor, seg_start))
        bars.append(
            Interval(State.PROVISIONAL, seg_start, seg_end, provisional_label(state, reason))
        )
        cursor = seg_end
    if pending_end > cursor:
        bars.append(Interval(State.PENDING, cursor, pending_end))
        cursor = pending_end
    if end_ms > cursor:
        bars.append(Interval(State.NOT_YET, cursor, end_ms))
    return tuple(bars)


def provisional_label(state: State, reason: str | None) -> str:
    """What a provisional stretch says the agent was doing: ``online``, ``away (Lunch)``."""
    if state is State.AWAY:
        return "away" if reason in (None, "(none)") else f"away ({reason})"
    return str(state.value)


def agent_info(walk: AgentWalk, agent_id: int) -> AgentInfo:
    record = walk.latest_record
    if record is None:
        return AgentInfo(agent_id=agent_id)
    return AgentInfo(
        agent_id=agent_id,
        employee_id=record.employee_id,
        login_name=record.login_name,
        user_name=record.user_name,
        group_id=record.group_id if record.group_id is not None else NO_GROUP,
    )


def agent_activity(
    walk: AgentWalk,
    agent_id: int,
    *,
    start_ms: int,
    end_ms: int,
    complete_to_ms: int,
    pending_end_ms: int,
    options: AnalysisOptions,
    schedule: ScheduleFigures | None,
    scheduled_spans: tuple[tuple[int, int], ...] = (),
) -> AgentActivity:
    """Everything the views and the export show about one agent."""
    segments = walk.segments
    totals = walk_totals(walk)
    episodes: tuple[AwayEpisodes, ...] = ()
    exceptions: list[ActivityException] = []
    if options.build_details:
        episodes, long_away = _away_episodes(segments, options)
        exceptions = sorted(
            [*long_away, *_flip_exceptions(walk.short_flips, options)],
            key=lambda item: (item.start_ms, item.kind),
        )
    reason_class_ms: dict[str, int] = {}
    for reason, duration in totals.away_by_reason_ms.items():
        klass = options.reason_class(reason)
        reason_class_ms[klass] = reason_class_ms.get(klass, 0) + duration
    return AgentActivity(
        agent=agent_info(walk, agent_id),
        totals=totals,
        timeline=(
            timeline(
                segments,
                start_ms,
                end_ms,
                complete_to_ms,
                provisional=walk.provisional,
                pending_end_ms=pending_end_ms,
            )
            if options.build_timelines
            else ()
        ),
        sessions=walk.sessions,
        state_changes=walk.state_changes,
        first_login_ms=walk.first_login_ms,
        last_logout_ms=walk.last_logout_ms,
        logged_in_at_end=walk.logged_in_at_end,
        pending_ms=pending_end_ms - complete_to_ms,
        provisional_records=walk.provisional_records,
        away_episodes=episodes,
        exceptions=tuple(exceptions),
        reason_class_ms=dict(sorted(reason_class_ms.items())),
        schedule=schedule,
        scheduled_spans=scheduled_spans,
    )
