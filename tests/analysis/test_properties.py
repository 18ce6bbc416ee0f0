"""Properties that hold for any record stream (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.analysis.builders import DAY, DAY0_MS, MINUTE
from tui.analysis import AnalysisOptions, analyze
from tui.analysis.end_state import EndState, end_state
from tui.analysis.groups import with_staffing
from tui.analysis.model import LOGGED_IN_STATES, ActivityReport, AgentActivity
from tui.core.records import State, StatusRecord
from tui.core.windows import Window, split_days

RANGE = Window(DAY0_MS, DAY0_MS + 3 * DAY, "Europe/London")


@st.composite
def records(draw: st.DrawFn) -> list[StatusRecord]:
    """Any mix of logins, logouts and state changes (known and unknown types and subtypes)."""
    count = draw(st.integers(0, 40))
    result = []
    for _ in range(count):
        result.append(
            StatusRecord(
                agent_id=draw(st.integers(1, 3)),
                time_ms=DAY0_MS + draw(st.integers(-DAY // MINUTE, 4 * DAY // MINUTE)) * MINUTE,
                status_type=draw(st.sampled_from((1, 1, 1, 3, 4, 2))),
                status_subtype=draw(st.sampled_from((None, 1, 2, 3, 4, 4, 7))),
                sequence=draw(st.integers(-1, 5)),
                group_id=draw(st.sampled_from((-1, 10))),
                reason_id=draw(st.sampled_from((None, 3, 8))),
                reason_text=draw(st.sampled_from((None, "Lunch"))),
            )
        )
    return result


def _consistent(records: list[StatusRecord]) -> list[StatusRecord]:
    """One set of names/group per agent, so "who the agent is" cannot depend on order."""
    return [
        StatusRecord(
            r.agent_id,
            r.time_ms,
            r.status_type,
            r.status_subtype,
            r.sequence,
            group_id=r.agent_id % 2,
            reason_id=r.reason_id,
            reason_text=r.reason_text if r.reason_id is not None else None,
        )
        for r in records
    ]


complete_to = st.one_of(st.none(), st.integers(DAY0_MS - DAY, DAY0_MS + 4 * DAY))


@settings(max_examples=150, deadline=None)
@given(records(), complete_to)
def test_state_times_add_up_to_logged_in_and_timeline_covers_the_window(
    stream: list[StatusRecord], complete_to_ms: int | None
) -> None:
    report = analyze(stream, RANGE, data_complete_to_ms=complete_to_ms)
    for activity in report.agents:
        totals = activity.totals
        assert totals.logged_in_ms == sum(
            interval.duration_ms
            for interval in activity.timeline
            if interval.state in LOGGED_IN_STATES
        )
        assert sum(totals.away_by_reason_ms.values()) == totals.away_ms
        assert sum(interval.duration_ms for interval in activity.timeline) == RANGE.duration_ms
        assert activity.timeline[0].start_ms == RANGE.start_ms
        assert all(
            a.end_ms == b.start_ms
            for a, b in zip(activity.timeline, activity.timeline[1:], strict=False)
        )
        pending = sum(
            i.duration_ms
            for i in activity.timeline
            if i.state in (State.PENDING, State.PROVISIONAL)
        )
        assert pending == activity.pending_ms == RANGE.end_ms - report.complete_to_ms
        assert totals.logged_in_ms <= report.complete_to_ms - RANGE.start_ms


@settings(max_examples=150, deadline=None)
@given(records(), complete_to, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_order_or_duplication(
    stream: list[StatusRecord], complete_to_ms: int | None, rng: random.Random
) -> None:
    stream = _consistent(stream)
    expected = analyze(stream, RANGE, data_complete_to_ms=complete_to_ms)
    shuffled = stream + rng.sample(stream, k=len(stream) // 2)
    rng.shuffle(shuffled)
    assert analyze(shuffled, RANGE, data_complete_to_ms=complete_to_ms) == expected


def _figures(report: ActivityReport) -> dict[int, tuple[int, ...]]:
    return {
        a.agent.agent_id: (
            a.totals.online_ms,
            a.totals.occupied_ms,
            a.totals.away_ms,
            a.totals.offline_ms,
            a.totals.other_ms,
            a.totals.unknown_ms,
            a.sessions,
            a.state_changes,
        )
        for a in report.agents
    }


@settings(max_examples=150, deadline=None)
@given(records(), complete_to)
def test_day_splits_add_up_to_the_range(
    stream: list[StatusRecord], complete_to_ms: int | None
) -> None:
    options = AnalysisOptions(build_timelines=False)
    whole = _figures(analyze(stream, RANGE, data_complete_to_ms=complete_to_ms, options=options))
    summed: dict[int, list[int]] = {}
    days = split_days(RANGE)
    assert len(days) == 3
    for day in days:
        report = analyze(stream, day, data_complete_to_ms=complete_to_ms, options=options)
        for agent_id, figures in _figures(report).items():
            running = summed.setdefault(agent_id, [0] * len(figures))
            for index, value in enumerate(figures):
                running[index] += value
    assert {agent: tuple(values) for agent, values in summed.items() if any(values)} == {
        agent: values for agent, values in whole.items() if any(values)
    }


@settings(max_examples=150, deadline=None)
@given(records(), complete_to, st.one_of(st.none(), st.integers(DAY0_MS, DAY0_MS + 3 * DAY)))
def test_staffing_added_later_from_the_timelines_is_the_same(
    records: list[StatusRecord], complete_to_ms: int | None, now_ms: int | None
) -> None:
    """The monitor shows the figures first and adds the staffing strips after: same slots."""
    options = AnalysisOptions(staffing_slot_ms=15 * MINUTE)
    at_once = analyze(
        records, RANGE, data_complete_to_ms=complete_to_ms, options=options, now_ms=now_ms
    )
    first = analyze(
        records,
        RANGE,
        data_complete_to_ms=complete_to_ms,
        options=replace(options, build_staffing=False),
        now_ms=now_ms,
    )
    assert not any(group.staffing for group in first.groups)
    assert with_staffing(first, options.staffing_slot_ms) == at_once


@settings(max_examples=150, deadline=None)
@given(records(), complete_to, st.one_of(st.none(), st.integers(DAY0_MS, DAY0_MS + 3 * DAY)))
def test_totals_only_walk_gives_the_full_walks_figures(
    records: list[StatusRecord], complete_to_ms: int | None, now_ms: int | None
) -> None:
    """An export's analysis (no timelines, no details: the walk keeps only its sums, no
    segments) lists the same agents with the same figures as the monitor's full one."""
    full = analyze(records, RANGE, data_complete_to_ms=complete_to_ms, now_ms=now_ms)
    lean = analyze(
        records,
        RANGE,
        data_complete_to_ms=complete_to_ms,
        options=AnalysisOptions(build_timelines=False, build_details=False),
        now_ms=now_ms,
    )
    bare = replace(full, groups=tuple(replace(g, staffing=()) for g in full.groups))
    assert lean == replace(
        bare,
        agents=tuple(replace(a, timeline=(), away_episodes=(), exceptions=()) for a in bare.agents),
    )


def _end_state_by_a_full_walk(
    activity: AgentActivity, window_start_ms: int, complete_to_ms: int
) -> EndState:
    """:func:`end_state` as first written (forward over the whole timeline): the oracle."""
    last = None
    for interval in activity.timeline:
        if interval.start_ms >= complete_to_ms:
            break
        if interval.state is not State.PENDING:
            last = interval
    if last is None or last.state not in LOGGED_IN_STATES:
        return EndState(State.LOGGED_OUT, activity.last_logout_ms)
    since = last.start_ms
    for interval in reversed(activity.timeline):
        if (
            interval.end_ms == since
            and interval.state is last.state
            and interval.reason == last.reason
        ):
            since = interval.start_ms
    return EndState(last.state, None if since <= window_start_ms else since, last.reason)


@settings(max_examples=150, deadline=None)
@given(records(), complete_to, st.one_of(st.none(), st.integers(DAY0_MS, DAY0_MS + 3 * DAY)))
def test_end_state_read_backwards_is_the_full_walks(
    records: list[StatusRecord], complete_to_ms: int | None, now_ms: int | None
) -> None:
    report = analyze(records, RANGE, data_complete_to_ms=complete_to_ms, now_ms=now_ms)
    for activity in report.agents:
        start, complete_to = RANGE.start_ms, report.complete_to_ms
        assert end_state(activity, start, complete_to) == _end_state_by_a_full_walk(
            activity, start, complete_to
        )
