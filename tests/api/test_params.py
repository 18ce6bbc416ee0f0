"""Request parameters: the documented rules, time format, and month-sized splitting."""

from __future__ import annotations

import pytest

from tui.api.errors import InvalidQuery
from tui.api.params import (
    MAX_SPAN_MS,
    StatusChangesQuery,
    chunked_queries,
    earliest_from_ms,
    format_time,
    split_range,
)
from tui.api.parsing import parse_time_ms
from tui.core.errors import InputError

DAY_MS = 86_400_000
NOW = parse_time_ms("2026-03-31T12:00:00.000Z")


def test_times_are_rfc3339_utc_with_milliseconds() -> None:
    assert format_time(0) == "1970-01-01T00:00:00.000Z"
    assert format_time(parse_time_ms("2026-03-31T12:34:56.789Z")) == "2026-03-31T12:34:56.789Z"


def test_earliest_from_is_thirteen_calendar_months_back_clamped() -> None:
    assert format_time(earliest_from_ms(NOW)) == "2025-02-28T12:00:00.000Z"
    july = parse_time_ms("2026-07-15T00:00:00.000Z")
    assert format_time(earliest_from_ms(july)) == "2025-06-15T00:00:00.000Z"


@pytest.mark.parametrize("source", ["agentactivitytui", "A_1", "x" * 20])
def test_good_source_names(source: str) -> None:
    assert StatusChangesQuery(source).problems(NOW) == []


@pytest.mark.parametrize("source", ["", "x" * 21, "agent-activity", "naïve", "a b"])
def test_bad_source_names(source: str) -> None:
    (problem,) = StatusChangesQuery(source).problems(NOW)
    assert "source name" in problem


def test_from_and_to_go_together() -> None:
    (problem,) = StatusChangesQuery("s", from_ms=NOW - DAY_MS).problems(NOW)
    assert "together" in problem


def test_span_and_age_and_filters_are_all_reported_at_once() -> None:
    query = StatusChangesQuery(
        "bad name", NOW - 500 * DAY_MS, NOW - 400 * DAY_MS, agent_id=1, employee_id="e"
    )
    with pytest.raises(InvalidQuery) as raised:
        query.check(NOW)
    assert len(raised.value.causes) == 4
    assert isinstance(raised.value, InputError)


def test_params_for_a_page() -> None:
    query = StatusChangesQuery("tui", NOW - DAY_MS, NOW, employee_id="E7")
    assert query.params(200) == {
        "source": "tui",
        "from": "2026-03-30T12:00:00.000Z",
        "to": "2026-03-31T12:00:00.000Z",
        "empId": "E7",
        "limit": "100",
        "offset": "200",
    }
    assert "from" not in StatusChangesQuery("tui").params()


def test_split_range_makes_consecutive_chunks_no_longer_than_the_span() -> None:
    start = NOW - 75 * DAY_MS
    chunks = split_range(start, NOW)
    assert chunks[0][0] == start and chunks[-1][1] == NOW
    assert all(b - a <= MAX_SPAN_MS for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    assert len(chunks) == 3
    assert split_range(NOW, NOW) == []


def test_chunked_queries_keep_the_filter_and_check_the_whole_range() -> None:
    queries = chunked_queries("tui", NOW - 40 * DAY_MS, NOW, NOW, group_id=3)
    assert [q.group_id for q in queries] == [3, 3]
    with pytest.raises(InvalidQuery, match="before"):
        chunked_queries("tui", NOW, NOW - DAY_MS, NOW)
