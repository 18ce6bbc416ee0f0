"""The view's orders and the Events filter, built on C-level keys, keep the documented rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.analysis.builders import DAY, DAY0_MS
from tests.analysis.test_properties import records
from tests.bench.synthetic import synthetic_v2_page
from tui.analysis import analyze
from tui.analysis.options import AnalysisOptions
from tui.analysis.review import review_exceptions
from tui.api.parsing import parse_page
from tui.core.records import StatusRecord
from tui.core.source_contract import LoadResult
from tui.core.windows import day_window
from tui.ui.activity_view import (
    ActivityView,
    build_view,
    events_in_window,
    records_by_agent_in_window,
)
from tui.ui.filtering import TextFilter
from tui.ui.panes.events import event_names, filter_events
from tui.ui.widgets.event_log import type_label

START, END = DAY0_MS, DAY0_MS + DAY


@settings(max_examples=200, deadline=None)
@given(records())
def test_orders_match_the_sort_key_and_the_events_rule(stream: list[StatusRecord]) -> None:
    in_window = [r for r in stream if START <= r.time_ms < END]
    by_agent = records_by_agent_in_window(stream, START, END)
    expected: dict[int, list[StatusRecord]] = {}
    for record in in_window:
        expected.setdefault(record.agent_id, []).append(record)
    assert set(by_agent) == set(expected)
    for agent_id, agent_records in by_agent.items():
        assert [r.sort_key() for r in agent_records] == sorted(
            r.sort_key() for r in expected[agent_id]
        )
        assert sorted(agent_records, key=repr) == sorted(expected[agent_id], key=repr)
    events = events_in_window(stream, START, END)
    assert events == tuple(
        sorted(in_window, key=lambda record: (record.time_ms, record.agent_id, record.sequence))
    )


@pytest.mark.parametrize("text", ["lunch", "!lunch", "Agent Number 1", "online|login", "!E-0000"])
def test_the_events_filter_keeps_what_a_record_by_record_check_keeps(text: str) -> None:
    window = day_window(date(2026, 3, 2), "UTC")
    page = parse_page(synthetic_v2_page(agents=30, records_per_agent=40, day_start_ms=START))
    load = LoadResult(window.start_ms, window.end_ms, page.records, window.end_ms, END)
    report = analyze(load.records, window, data_complete_to_ms=window.end_ms)
    view = build_view(report, load, version=1, now_ms=END, source_label="t", day=None)
    text_filter = TextFilter.parse(text)
    kept = filter_events(view, text_filter)
    assert list(kept) == record_by_record(view, text_filter)
    assert 0 < len(kept) < len(view.events)


def test_the_view_carries_every_agents_and_teams_row_formatted_in_the_worker() -> None:
    window = day_window(date(2026, 3, 2), "UTC")
    page = parse_page(synthetic_v2_page(agents=30, records_per_agent=40, day_start_ms=START))
    load = LoadResult(window.start_ms, window.end_ms, page.records, window.end_ms, END)
    report = analyze(load.records, window, data_complete_to_ms=window.end_ms)
    exceptions = review_exceptions(report, AnalysisOptions())
    assert exceptions
    view = build_view(
        report, load, version=1, now_ms=END, source_label="t", day=None, exceptions=exceptions
    )
    assert set(view.agent_rows) == {activity.agent.agent_id for activity in report.agents}
    assert set(view.team_rows) == {group.group_id for group in report.groups}
    bare = replace(view, agent_rows={}, team_rows={}, exception_rows=())  # formats on demand
    for activity in report.agents:
        assert view.agent_row(activity) is view.agent_rows[activity.agent.agent_id]
        assert bare.agent_row(activity) == view.agent_row(activity)
    for group in report.groups:
        assert bare.team_row(group) == view.team_row(group)
    assert len(view.exception_rows) == len(exceptions)
    for index in range(len(exceptions)):
        assert bare.exception_row(index) == view.exception_row(index)


FILTER_TEXTS = (
    "lunch",
    "!lunch",
    "reason #3",
    "(none)",
    "login",
    "logout",
    "state",
    "away|online",
    "!online",
    "other",
    "type 2",
    "Group 10",
    "agent 2",
    "E-3",
    "ag-1",
)


@st.composite
def named_records(draw: st.DrawFn) -> list[StatusRecord]:
    """Any mix of types, subtypes and reasons, agents moving between teams; an agent's names
    are the same on all its records (the filter reads them from the agent's first record)."""
    stream = draw(records())
    return [
        msgspec.structs.replace(
            record,
            group_id=draw(st.sampled_from((-1, 10, 11))),
            user_name=None if record.agent_id == 3 else f"Agent {record.agent_id}",
            login_name=f"ag-{record.agent_id}",
            employee_id=f"E-{record.agent_id}",
            reason_text=draw(st.sampled_from((None, "", "  ", "Lunch", "Training"))),
        )
        for record in stream
    ]


@settings(max_examples=150, deadline=None)
@given(named_records(), st.sampled_from(FILTER_TEXTS), st.sampled_from((None, -1, 10)))
def test_the_events_filter_keeps_what_a_record_by_record_check_keeps_for_any_records(
    stream: list[StatusRecord], text: str, group_id: int | None
) -> None:
    load = LoadResult(START, END, tuple(stream), END, END)
    report = analyze(load.records, day_window(date(2026, 3, 2), "UTC"), data_complete_to_ms=END)
    view = build_view(report, load, version=1, now_ms=END, source_label="t", day=None)
    text_filter = TextFilter.parse(text)
    expected = record_by_record(view, text_filter, group_id)
    assert list(filter_events(view, text_filter, group_id)) == expected


def record_by_record(
    view: ActivityView, text_filter: TextFilter, group_id: int | None = None
) -> list[StatusRecord]:
    """What the Events filter keeps, by its definition: each record's agent, team and detail
    tested on their own."""
    positive = TextFilter(text_filter.text, text_filter.pattern, inverted=False)
    names = event_names(view)
    expected = []
    for record in view.events:
        if group_id is not None and record.group_id != group_id:
            continue
        agent_name, team_name = names(record)
        state = record.state
        hit = positive.matches(
            (agent_name, record.login_name, record.employee_id, team_name)
        ) or positive.matches(
            (type_label(record), None if state is None else state.value, record.reason)
        )
        if hit != text_filter.inverted:
            expected.append(record)
    return expected
