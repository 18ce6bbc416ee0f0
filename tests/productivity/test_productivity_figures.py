"""DESIGN.md §5 figures with the arithmetic written out: segments count by close time, ratios of
sums, nulls for zero denominators, handle share above 100 % kept and flagged, provisional after
the last fetch − 24 h."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.analysis.builders import (
    DAY,
    DAY0_MS,
    HOUR,
    MINUTE,
    OCCUPIED,
    ONLINE,
    UTC_DAY,
    at,
    login,
    logout,
    report_of,
    state,
)
from tui.analysis.productivity import (
    ProductivityFigures,
    analyze_productivity,
    segment_figures,
)
from tui.core.records import StatusRecord
from tui.core.segments import END_REASONS, ProductivityLoad, Segment

FINAL = DAY0_MS + DAY  # every segment of the day is final
SECOND = 1000


def seg(
    sid: str,
    close_min: float,
    reason: str = "closedByConsumer",
    handle_s: int = 600,
    *,
    agent: int = 1,
    start_min: float | None = None,
    group: int | None = 10,
) -> Segment:
    start = None if start_min is None else at(start_min)
    return Segment(
        sid, agent, at(close_min), start, group_id=group, end_reason=reason,
        handle_ms=handle_s * SECOND,
    )  # fmt: skip


def day_of_one_agent() -> list[StatusRecord]:
    """Agent 1: login 08:00; online 08:00–09:00, occupied 09:00–10:00, away 10:00–10:30
    (lunch), online 10:30–12:00; logout 12:00. Logged in 4 h, online+occupied 3.5 h."""
    return [
        login(8 * 60),
        state(8 * 60, ONLINE, sequence=1),
        state(9 * 60, OCCUPIED, sequence=2),
        state(10 * 60, 4, sequence=3, reason_text="Lunch"),
        state(10 * 60 + 30, ONLINE, sequence=4),
        logout(12 * 60, sequence=5),
    ]


def test_one_agent_all_figures() -> None:
    segments = [
        seg("a", 9 * 60 + 20, "closedByConsumer", 900),  # 15 min
        seg("b", 9 * 60 + 50, "closedByAgent", 1200),  # 20 min
        seg("c", 11 * 60, "agentTransfer", 300),  # 5 min, not closed
        seg("d", 11 * 60 + 10, "backToQueue", 60),
        seg("e", 11 * 60 + 20, "closedBySystem", 300),
        seg("f", 11 * 60 + 30, "skillTransfer", 240),
    ]
    report = report_of(day_of_one_agent())
    _, productivity = analyze_productivity(
        report, ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL)
    )
    figures = productivity.agents[1].figures
    assert (figures.closed, figures.transfers, figures.back_to_queue) == (3, 2, 1)
    # handle time of all six: 900 + 1200 + 300 + 60 + 300 + 240 = 3000 s
    assert figures.handle_ms == 3000 * SECOND
    # closed per online hour: 3 closed ÷ 3.5 h (online 2.5 h + occupied 1 h) = 0.857…
    assert figures.closed_per_online_hour == pytest.approx(3 / 3.5)
    # handle share: 3000 s ÷ 4 h (14,400 s) = 0.2083…
    assert figures.handle_share == pytest.approx(3000 / 14_400)
    # average handle of the closed: (900 + 1200 + 300) ÷ 3 = 800 s
    assert figures.avg_handle_ms == pytest.approx(800 * SECOND)
    assert not figures.inconsistent
    assert figures.provisional == 0
    group = productivity.groups[10].figures
    assert group == figures  # one agent: the team's sums are the agent's


def test_segments_crossing_the_window_edges_count_by_close_time() -> None:
    segments = [
        # started 23:50 the day before, closed 00:10 today: counts today, all 20 min of it
        seg("in", 10, handle_s=1200, start_min=-10),
        # started 23:50 today, closes 00:05 tomorrow: not today's
        seg("out", 24 * 60 + 5, handle_s=900, start_min=23 * 60 + 50),
        # closed 00:00:00.000 exactly: inside [from, to)
        seg("edge-start", 0, handle_s=60),
        # closed at 24:00 exactly: the next day's
        seg("edge-end", 24 * 60, handle_s=60),
    ]
    records = [login(-30), state(-30, OCCUPIED), logout(60, sequence=3)]
    report = report_of(records)
    _, productivity = analyze_productivity(
        report, ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL)
    )
    figures = productivity.agents[1].figures
    assert [s.segment_id for s in productivity.agents[1].segments] == ["edge-start", "in"]
    assert figures.closed == 2
    # handle: 1200 + 60 = 1260 s, all booked at close; logged in 00:00–01:00 = 3600 s
    assert figures.handle_ms == 1260 * SECOND
    assert figures.handle_share == pytest.approx(1260 / 3600)


def test_an_agent_with_segments_but_no_presence_is_listed_with_null_ratios() -> None:
    report = report_of(day_of_one_agent())
    segments = [
        seg("x", 14 * 60, agent=2, group=20, handle_s=420),
        seg("y", 15 * 60, agent=2, group=20),
    ]
    report, productivity = analyze_productivity(
        report,
        ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL),
        group_names={20: "Chat"},
    )
    assert [a.agent.agent_id for a in report.agents] == [1, 2]
    ghost = next(a for a in report.agents if a.agent.agent_id == 2)
    assert ghost.totals.logged_in_ms == 0 and ghost.sessions == 0
    figures = productivity.agents[2].figures
    assert figures.closed == 2
    assert figures.handle_ms == (420 + 600) * SECOND
    # no online time, no logged-in time: both ratios are null, never 0 or infinity
    assert figures.closed_per_online_hour is None
    assert figures.handle_share is None
    assert figures.avg_handle_ms == pytest.approx(510 * SECOND)  # (420 + 600) ÷ 2
    team = next(g for g in report.groups if g.group_id == 20)
    assert (team.name, team.agent_ids) == ("Chat", (2,))
    assert productivity.groups[20].figures.closed == 2
    # agent 1 closed nothing: 0 closed, 0 per hour (3.5 h online), average null
    one = productivity.agents[1].figures
    assert (one.closed, one.closed_per_online_hour, one.avg_handle_ms) == (0, 0.0, None)


def test_handle_share_above_100_percent_is_kept_and_flagged() -> None:
    # logged in 08:00–09:00 (3600 s) but 5400 s of handle time: 150 %, never clipped
    records = [login(8 * 60), state(8 * 60, OCCUPIED), logout(9 * 60, sequence=3)]
    segments = [seg("p", 8 * 60 + 30, handle_s=2700), seg("q", 8 * 60 + 59, handle_s=2700)]
    _, productivity = analyze_productivity(
        report_of(records), ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL)
    )
    figures = productivity.agents[1].figures
    assert figures.handle_share == pytest.approx(1.5)
    assert figures.inconsistent


def test_team_ratios_are_ratios_of_sums_not_averages() -> None:
    # agent 1: 1 h occupied, 4 closed; agent 2: 3 h occupied, 2 closed (same team)
    records = [
        login(0, 1), state(0, OCCUPIED, 1), logout(60, 1, sequence=3),
        login(0, 2), state(0, OCCUPIED, 2), logout(180, 2, sequence=3),
    ]  # fmt: skip
    segments = [seg(f"a{i}", 10 + i, agent=1) for i in range(4)]
    segments += [seg(f"b{i}", 10 + i, agent=2) for i in range(2)]
    _, productivity = analyze_productivity(
        report_of(records), ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL)
    )
    assert productivity.agents[1].figures.closed_per_online_hour == pytest.approx(4.0)
    assert productivity.agents[2].figures.closed_per_online_hour == pytest.approx(2 / 3)
    # team: 6 closed ÷ 4 h = 1.5 (the mean of 4 and 0.67 would be 2.33)
    assert productivity.groups[10].figures.closed_per_online_hour == pytest.approx(1.5)


def test_segments_after_fetch_minus_24_hours_are_provisional() -> None:
    complete_to = at(12 * 60)  # fetched at 12:00 the next day
    segments = [seg("early", 11 * 60 + 59), seg("late", 12 * 60)]
    _, productivity = analyze_productivity(
        report_of(day_of_one_agent()),
        ProductivityLoad(tuple(segments), "ok", complete_to_ms=complete_to),
    )
    assert productivity.provisional
    assert productivity.agents[1].figures.provisional == 1
    assert not productivity.is_provisional(segments[0])
    assert productivity.is_provisional(segments[1])
    final = analyze_productivity(
        report_of(day_of_one_agent()),
        ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL),
    )[1]
    assert not final.provisional


def test_not_enabled_changes_nothing_else() -> None:
    report = report_of(day_of_one_agent())
    same, productivity = analyze_productivity(
        report, ProductivityLoad(status="not_enabled", message="ask for it")
    )
    assert same is report
    assert (productivity.status, productivity.available, productivity.message) == (
        "not_enabled",
        False,
        "ask for it",
    )
    assert productivity.agents == {}


segments_strategy = st.lists(
    st.builds(
        Segment,
        segment_id=st.text(min_size=1, max_size=5),
        agent_id=st.integers(1, 4),
        end_ms=st.integers(DAY0_MS - HOUR, DAY0_MS + DAY + HOUR),
        end_reason=st.sampled_from(END_REASONS),
        handle_ms=st.integers(0, 4 * HOUR),
    ),
    max_size=30,
)


@given(segments_strategy)
def test_counts_partition_the_segments_and_groups_sum_agents(segments: list[Segment]) -> None:
    records = [login(0, agent) for agent in (1, 2)] + [state(0, ONLINE, agent) for agent in (1, 2)]
    _, productivity = analyze_productivity(
        report_of(records, complete_to=DAY0_MS + DAY),
        ProductivityLoad(tuple(segments), "ok", complete_to_ms=FINAL),
    )
    inside = {s.segment_id: s for s in segments if UTC_DAY.start_ms <= s.end_ms < UTC_DAY.end_ms}
    counted = [s for a in productivity.agents.values() for s in a.segments]
    assert sorted(s.end_ms for s in counted) == sorted(
        s.end_ms for s in segments if UTC_DAY.start_ms <= s.end_ms < UTC_DAY.end_ms
    )
    assert len(inside) <= len(counted)
    total = ProductivityFigures()
    for group in productivity.groups.values():
        total = total.plus(group.figures)
    assert total.segments == len(counted)
    assert total.handle_ms == sum(s.handle_ms for s in counted)
    share = total.handle_share
    assert share is None or share >= 0  # never clipped, never negative


def test_segment_figures_minute_arithmetic() -> None:
    figures = segment_figures(
        [seg("a", 1, handle_s=30 * 60), seg("b", 2, "backToQueue", 15 * 60)],
        online_ms=30 * MINUTE,
        logged_in_ms=45 * MINUTE,
        complete_to_ms=None,
    )
    # 1 closed in half an hour online = 2 per hour; 45 min handle ÷ 45 min logged in = 100 %
    assert figures.closed_per_online_hour == pytest.approx(2.0)
    assert figures.handle_share == pytest.approx(1.0)
    assert not figures.inconsistent  # exactly 100 % is consistent
    assert figures.provisional == 2  # nothing is final without a completeness instant
