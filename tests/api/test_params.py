"""Request parameters: the documented rules, time format, and month-sized splitting.

Checked against LivePerson's method page (get-status-changes): ``v`` picks the version and
defaults to v1, so ``v=2`` is always sent; v2's ``limit`` defaults to 1,000 records and allows
5,000; ``from`` may be at most 6 months back; there is no group filter.
"""

from __future__ import annotations

import pytest

from tui.api.errors import InvalidQuery
from tui.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_SPAN_MS,
    StatusChangesQuery,
    chunked_queries,
    earliest_from_ms,
    format_time,
    limit_maximum,
    query_days,
    split_range,
)
from tui.api.parsing import parse_time_ms
from tui.core.errors import InputError

DAY_MS = 86_400_000
NOW = parse_time_ms("2026-03-31T12:00:00.000Z")


def test_times_are_rfc3339_utc_with_milliseconds() -> None:
    assert format_time(0) == "1970-01-01T00:00:00.000Z"
    assert format_time(parse_time_ms("2026-03-31T12:34:56.789Z")) == "2026-03-31T12:34:56.789Z"


def test_earliest_from_is_six_calendar_months_back_clamped() -> None:
    assert format_time(earliest_from_ms(NOW)) == "2025-09-30T12:00:00.000Z"
    august = parse_time_ms("2026-08-31T00:00:00.000Z")
    assert format_time(earliest_from_ms(august)) == "2026-02-28T00:00:00.000Z"
    july = parse_time_ms("2026-07-15T00:00:00.000Z")
    assert format_time(earliest_from_ms(july)) == "2026-01-15T00:00:00.000Z"


def test_from_older_than_six_months_is_refused_and_six_months_exactly_is_not() -> None:
    earliest = earliest_from_ms(NOW)
    assert StatusChangesQuery("s", earliest, earliest + DAY_MS).problems(NOW) == []
    (problem,) = StatusChangesQuery("s", earliest - 1, earliest + DAY_MS).problems(NOW)
    assert "older than 6 months" in problem


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
    assert query.params(2000) == {
        "v": "2",
        "source": "tui",
        "from": "2026-03-30T12:00:00.000Z",
        "to": "2026-03-31T12:00:00.000Z",
        "empId": "E7",
        "limit": "1000",
        "offset": "2000",
    }
    assert "from" not in StatusChangesQuery("tui").params()
    assert StatusChangesQuery("tui").params()["v"] == "2"


def test_page_size_defaults_to_1000_and_allows_1_to_5000() -> None:
    assert StatusChangesQuery("tui").limit == DEFAULT_PAGE_SIZE == 1000
    assert StatusChangesQuery("tui", limit=MAX_PAGE_SIZE).problems(NOW) == []
    assert StatusChangesQuery("tui", limit=1).problems(NOW) == []
    for limit in (0, 5001):
        (problem,) = StatusChangesQuery("tui", limit=limit).problems(NOW)
        assert "limit must be between 1 and 5000" in problem


@pytest.mark.parametrize(
    ("causes", "maximum"),
    [
        (
            [
                "offset: must be greater than or equal to 0",
                "limit: must be less than or equal to 100",
            ],
            100,
        ),
        (["Limit: must be less than or equal to 250"], 250),
        (["limit must be less than or equal to 500"], 500),
        (["offset: must be greater than or equal to 0"], None),
        (["source is required"], None),
        ([], None),
    ],
)
def test_a_limit_maximum_is_read_from_a_400s_causes(causes: list[str], maximum: int | None) -> None:
    assert limit_maximum(causes) == maximum


def test_query_days_round_down_to_whole_days_at_least_one() -> None:
    assert query_days(None, None) == 1
    assert query_days(NOW - 3_600_000, NOW) == 1
    assert query_days(NOW - DAY_MS, NOW) == 1
    assert query_days(NOW - DAY_MS - 3_600_000, NOW) == 1
    assert query_days(NOW - 7 * DAY_MS, NOW) == 7


def test_split_range_makes_consecutive_chunks_no_longer_than_the_span() -> None:
    start = NOW - 75 * DAY_MS
    chunks = split_range(start, NOW)
    assert chunks[0][0] == start and chunks[-1][1] == NOW
    assert all(b - a <= MAX_SPAN_MS for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    assert len(chunks) == 3
    assert split_range(NOW, NOW) == []


def test_chunked_queries_keep_the_filter_and_page_size_and_check_the_whole_range() -> None:
    queries = chunked_queries("tui", NOW - 40 * DAY_MS, NOW, NOW, employee_id="E3", limit=250)
    assert [(q.employee_id, q.limit) for q in queries] == [("E3", 250), ("E3", 250)]
    assert all("groupId" not in q.params() for q in queries)
    with pytest.raises(InvalidQuery, match="before"):
        chunked_queries("tui", NOW, NOW - DAY_MS, NOW)
