"""Per-team sums and staffing per 15-minute slot."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from tui.analysis.intervals import Segment
from tui.analysis.model import (
    ActivityReport,
    AgentActivity,
    GroupSummary,
    Interval,
    StaffingSlot,
    StateTotals,
)
from tui.analysis.options import AnalysisOptions
from tui.core.records import State


def sum_totals(totals: Sequence[StateTotals]) -> StateTotals:
    """Field-wise sum, away reasons merged."""
    by_reason: dict[str, int] = {}
    for item in totals:
        for reason, duration in item.away_by_reason_ms.items():
            by_reason[reason] = by_reason.get(reason, 0) + duration
    return StateTotals(
        online_ms=sum(item.online_ms for item in totals),
        occupied_ms=sum(item.occupied_ms for item in totals),
        away_ms=sum(item.away_ms for item in totals),
        offline_ms=sum(item.offline_ms for item in totals),
        other_ms=sum(item.other_ms for item in totals),
        unknown_ms=sum(item.unknown_ms for item in totals),
        away_by_reason_ms=dict(sorted(by_reason.items())),
    )


class StaffingAccumulator:
    """Milliseconds of online/occupied/away per slot, summed over a team's agents.

    Sparse: only slots some segment touches hold a row, so the memory follows the data, not the
    window; :meth:`slots` spells out every slot of the window only when a view asks for them.
    """

    def __init__(self, start_ms: int, end_ms: int, slot_ms: int) -> None:
        self.start_ms = start_ms
        self.end_ms = end_ms
        self.slot_ms = slot_ms
        self.state_ms: dict[int, list[int]] = {}

    def add(self, segments: Iterable[Segment]) -> None:
        start_ms, slot_ms, state_ms = self.start_ms, self.slot_ms, self.state_ms
        online, occupied, away = State.ONLINE, State.OCCUPIED, State.AWAY
        row_of = state_ms.get
        for seg_start, seg_end, state, _reason in segments:
            if state is online:
                column = 0
            elif state is occupied:
                column = 1
            elif state is away:
                column = 2
            else:
                continue
            index = (seg_start - start_ms) // slot_ms
            cursor = seg_start
            while cursor < seg_end:
                slot_end = start_ms + (index + 1) * slot_ms
                piece_end = seg_end if seg_end < slot_end else slot_end
                row = row_of(index)
                if row is None:
                    row = state_ms[index] = [0, 0, 0]
                row[column] += piece_end - cursor
                cursor = piece_end
                index += 1

    def slots(self, complete_to_ms: int, pending_end_ms: int) -> tuple[StaffingSlot, ...]:
        """Time-weighted average agents per state for every slot of the window; averaged over
        the complete part of a slot.

        A slot reaching past ``complete_to`` is ``pending`` (its figures cover only the part
        before it, and are 0 when none of it is complete); one that starts at or after
        ``pending_end`` (now) has not happened: ``not_yet``.
        """
        result = []
        count = max(0, -(-(self.end_ms - self.start_ms) // self.slot_ms))
        empty = (0, 0, 0)
        for index in range(count):
            online, occupied, away = self.state_ms.get(index, empty)
            slot_start = self.start_ms + index * self.slot_ms
            slot_end = min(self.end_ms, slot_start + self.slot_ms)
            complete = min(slot_end, complete_to_ms) - slot_start
            scale = 1.0 / complete if complete > 0 else 0.0
            result.append(
                StaffingSlot(
                    start_ms=slot_start,
                    end_ms=slot_end,
                    online=online * scale,
                    occupied=occupied * scale,
                    away=away * scale,
                    pending=slot_end > complete_to_ms,
                    not_yet=slot_start >= pending_end_ms,
                )
            )
        return tuple(result)


def group_summary(
    group_id: int,
    agents: Sequence[AgentActivity],
    staffing: StaffingAccumulator | None,
    *,
    complete_to_ms: int,
    pending_end_ms: int,
    options: AnalysisOptions,
) -> GroupSummary:
    reason_class_ms: dict[str, int] = {}
    for activity in agents:
        for klass, duration in activity.reason_class_ms.items():
            reason_class_ms[klass] = reason_class_ms.get(klass, 0) + duration
    return GroupSummary(
        group_id=group_id,
        name=options.group_name(group_id),
        agent_ids=tuple(activity.agent.agent_id for activity in agents),
        totals=sum_totals([activity.totals for activity in agents]),
        logged_in_at_end=sum(1 for activity in agents if activity.logged_in_at_end),
        staffing=(staffing.slots(complete_to_ms, pending_end_ms) if staffing is not None else ()),
        reason_class_ms=dict(sorted(reason_class_ms.items())),
    )


def _timeline_segments(timeline: Iterable[Interval]) -> list[Segment]:
    """A timeline's bars as segments (:meth:`StaffingAccumulator.add` sums only its states)."""
    return [(bar.start_ms, bar.end_ms, bar.state, None) for bar in timeline]


def with_staffing(report: ActivityReport, slot_ms: int) -> ActivityReport:
    """``report`` (analysed with ``build_staffing=False`` and timelines) with every team's
    staffing slots, from its agents' timelines: the same slots :func:`~tui.analysis.analyze`
    gives, whose counted segments are exactly the timelines' online, occupied and away bars."""
    window = report.window
    by_id = {activity.agent.agent_id: activity for activity in report.agents}
    groups = []
    for group in report.groups:
        accumulator = StaffingAccumulator(window.start_ms, window.end_ms, slot_ms)
        for agent_id in group.agent_ids:
            accumulator.add(_timeline_segments(by_id[agent_id].timeline))
        slots = accumulator.slots(report.complete_to_ms, report.pending_end_ms)
        groups.append(replace(group, staffing=slots))
    return replace(report, groups=tuple(groups))
