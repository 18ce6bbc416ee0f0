"""The ``agent-segments`` client against the simulated account: every segment once, week splits,
concurrent offsets planned from ``pagination.count``, faults survived, the not-enabled answer."""

from __future__ import annotations

import random

import pytest

from tui.api.client import StatusChangesClient
from tui.api.segment_fetch import (
    MAX_SEGMENT_SPAN_MS,
    SEGMENTS_PAGE_LIMIT,
    SegmentsNotEnabled,
    earliest_segments_from_ms,
    segment_queries,
)
from tui.core.account import AccountCredentials
from tui.core.clock import FakeClock
from tui.core.segments import NOT_ENABLED_FIX, ProductivityNotEnabled
from tui.simulator.account import SIM_DOMAIN_API, demo_app_keys, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.segments_wire import SegmentDialect
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
NOW = 1_764_072_000_000  # 2025-11-25T12:00:00Z


def client_for(service: SimulatedLivePerson, account: AccountCredentials) -> StatusChangesClient:
    return StatusChangesClient(
        account,
        domain_api=SIM_DOMAIN_API,
        transport=service.transport(),
        clock=service.clock,
        rng=random.Random(5),
    )


def visible(service: SimulatedLivePerson, start: int, end: int) -> dict[str, object]:
    now = service.clock.now_ms()
    return {
        s.segment_id: s
        for s in service.world.segments(start, end)
        if service.world.segment_arrival_ms(s) <= now
    }


@pytest.mark.parametrize("account", [demo_client_credentials(), demo_app_keys()])
async def test_a_past_day_arrives_whole_with_each_auth_method(
    account: AccountCredentials,
) -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock, latency_s=0.001)
    window = (NOW - 3 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, account) as client:
        result = await client.fetch_segments(*window)
        peak = client.peak_in_flight
    expected = visible(service, *window)
    assert len(expected) > SEGMENTS_PAGE_LIMIT  # more than one page
    assert result.segments == expected
    assert result.consistent
    assert result.skipped == {}
    assert result.pages == -(-len(expected) // SEGMENTS_PAGE_LIMIT)
    assert peak > 1  # the pages after the first went out together


async def test_the_last_24_hours_are_partly_there_and_the_rest_arrives_later() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock)
    window = (NOW - DAY_MS, NOW)
    async with client_for(service, demo_client_credentials()) as client:
        early = await client.fetch_segments(*window)
        clock.advance(DAY_MS / 1000)
        late = await client.fetch_segments(*window)
    truth = service.world.segments(*window)
    assert 0 < len(early.segments) < len(truth)
    assert set(late.segments) == {s.segment_id for s in truth}


async def test_a_ten_day_range_is_asked_for_a_week_at_a_time() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock)
    window = (NOW - 12 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, demo_client_credentials()) as client:
        result = await client.fetch_segments(*window)
    assert set(result.segments) == set(visible(service, *window))
    assert service.stats.by_status[400] == 0
    queries = segment_queries("agentactivitytui", *window, NOW)
    assert [q.to_ms - q.from_ms for q in queries] == [MAX_SEGMENT_SPAN_MS, 3 * DAY_MS]


def test_from_is_clipped_to_one_month_back() -> None:
    queries = segment_queries("src", NOW - 40 * DAY_MS, NOW - 20 * DAY_MS, NOW)
    assert queries[0].from_ms == earliest_segments_from_ms(NOW)
    assert earliest_segments_from_ms(NOW) == NOW - 31 * DAY_MS + 60_000  # Oct 25 -> Nov 25
    assert segment_queries("src", NOW - 60 * DAY_MS, NOW - 40 * DAY_MS, NOW) == []


async def test_server_errors_and_broken_bodies_are_survived() -> None:
    clock = FakeClock(NOW)
    faults = FaultPlan(seed=3, server_error_rate=0.15, server_error_run=1, malformed_rate=0.1)
    service = SimulatedLivePerson(World(), clock, faults=faults)
    window = (NOW - 6 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, demo_client_credentials()) as client:
        result = await client.fetch_segments(*window)
    assert result.segments == visible(service, *window)
    stats = service.stats
    assert stats.by_status[500] + stats.by_status[503] > 0
    assert stats.malformed > 0


async def test_throttling_is_survived() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(
        World(), clock, faults=FaultPlan(seed=3, max_in_flight=2), latency_s=0.005
    )
    window = (NOW - 6 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, demo_client_credentials()) as client:
        result = await client.fetch_segments(*window)
    assert result.segments == visible(service, *window)
    assert service.stats.throttled > 0


@pytest.mark.parametrize(
    "dialect",
    [SegmentDialect("segment", "EndReason"), SegmentDialect("segments", "endreason")],
)
async def test_either_reading_of_the_docs_is_understood(dialect: SegmentDialect) -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock, segment_dialect=dialect)
    window = (NOW - 3 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, demo_client_credentials()) as client:
        result = await client.fetch_segments(*window)
    assert result.segments == visible(service, *window)


@pytest.mark.parametrize("account", [demo_client_credentials(), demo_app_keys()])
async def test_a_403_means_not_enabled_with_the_fix(account: AccountCredentials) -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock, productivity_enabled=False)
    async with client_for(service, account) as client:
        with pytest.raises(SegmentsNotEnabled) as caught:
            await client.fetch_segments(NOW - DAY_MS, NOW)
    assert isinstance(caught.value, ProductivityNotEnabled)
    assert "HTTP 403" in caught.value.message
    assert NOT_ENABLED_FIX in caught.value.message
    assert service.stats.by_status[403] == 1  # never retried


async def test_a_server_capping_the_limit_at_100_is_followed() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(World(), clock)
    service.segment_limit_cap = 100  # the error-codes page's "less than or equal to 100"
    window = (NOW - 6 * DAY_MS, NOW - 2 * DAY_MS)
    async with client_for(service, demo_client_credentials()) as client:
        result = await client.fetch_segments(*window)
    expected = visible(service, *window)
    assert result.segments == expected
    assert result.limit == 100
    assert service.stats.by_status[400] == 1  # asked once with 500, then 100 throughout
    assert result.pages == -(-len(expected) // 100)


DOCS_EXAMPLE = b"""{"timeframe": {"startTime": "2022-05-13T00:00:00+03:00",
 "endTime": "2022-05-13T02:00:00+03:00", "startTimeL": 1652389200000, "endTimeL": 1652396400000},
 "segments": [{"segmentId": "111111:1224046030:f468270d:Skq5195qSmesd4ZBANzBaA",
  "startTimeL": 1652371219517, "endTimeL": 1652391099022,
  "conversationId": "fdcc34c7-50f6-4e08-2867-c4713953edd2", "agentId": 123456,
  "employeeId": "abcd123", "skillId": 146473456, "groupId": 23567815,
  "endReason": "backToQueue", "totalHandleTimeMillis": 7248915,
  "endTime": "2022-05-12T21:31:39.022Z", "startTime": "2022-05-12T16:00:19.517Z"}],
 "pagination": {"count": 10569, "references": [{"rel": "self", "href": "h?offset=0&limit=2"},
  {"rel": "last", "href": "h?offset=10568&limit=1"}]}}"""


def test_the_documented_shape_takes_the_typed_path() -> None:
    from tui.api.segment_parsing import _typed, decode_segment_page

    typed = _typed(DOCS_EXAMPLE)  # the msgspec structs, not the lenient reader
    assert typed is not None
    assert typed == decode_segment_page(DOCS_EXAMPLE)
    (only,) = typed.segments
    assert (only.agent_id, only.end_ms, only.end_reason, only.handle_ms) == (
        123456,
        1_652_391_099_022,
        "backToQueue",
        7_248_915,
    )
    assert typed.count == 10569
    # the status-changes docs' quirk (epoch ms as strings in the timeframe) stays typed too
    quirky = DOCS_EXAMPLE.replace(b"1652389200000,", b'"1652389200000",')
    assert _typed(quirky) is not None
