"""The view's per-agent and Events orders, built with C-level keys, are the documented ones."""

from __future__ import annotations

from hypothesis import given, settings

from tests.analysis.builders import DAY, DAY0_MS
from tests.analysis.test_properties import records
from tui.core.records import StatusRecord
from tui.ui.activity_view import events_in_window, records_by_agent_in_window

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
