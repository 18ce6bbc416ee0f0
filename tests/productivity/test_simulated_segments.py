"""The simulator's conversations agree with its agents' states, and its ``agent-segments``
endpoint follows the documented rules."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from tui.analysis.intervals import Segment, walk_agent
from tui.core.clock import FakeClock
from tui.core.records import State, StatusRecord
from tui.core.segments import END_REASONS
from tui.simulator.account import SIM_AGENT_ACTIVITY_HOST
from tui.simulator.segments_wire import MAX_SEGMENT_LIMIT
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.wire import format_time
from tui.simulator.world import MAX_SEGMENT_LAG_MS, World

HOUR = 3_600_000
DAY = 24 * HOUR
DAY_INDEX = 20_400
START = DAY_INDEX * DAY


def test_segments_happen_only_while_working_and_close_in_occupied_time() -> None:
    world = World(11)
    records = world.records(START - DAY, START + 2 * DAY)
    segments = world.segments(START, START + DAY)
    assert segments
    by_agent: dict[int, list[StatusRecord]] = {}
    for record in records:
        by_agent.setdefault(record.agent_id, []).append(record)
    timelines = {
        agent_id: walk_agent(
            agent_records, START - DAY, START + 2 * DAY, START + 2 * DAY, short_flip_ms=0
        ).segments
        for agent_id, agent_records in by_agent.items()
    }
    working = {State.ONLINE, State.OCCUPIED}
    for segment in segments:
        assert segment.start_ms is not None and segment.start_ms < segment.end_ms
        intervals = timelines[segment.agent_id]

        def state_at(instant: int, intervals: list[Segment] = intervals) -> State | None:
            for low, high, state, *_ in intervals:
                if low <= instant < high:
                    return state
            return None

        assert state_at(segment.start_ms) in working, segment
        assert state_at(segment.end_ms - 1) in working, segment  # closes inside a session
        assert 0 < segment.handle_ms <= segment.end_ms - segment.start_ms


def test_handle_time_never_exceeds_occupied_time_per_agent_day() -> None:
    world = World(11)
    segments = world.day_segments(DAY_INDEX)
    handle: Counter[int] = Counter()
    for segment in segments:
        handle[segment.agent_id] += segment.handle_ms
    records = world.day_records(DAY_INDEX)
    for agent_id, total in handle.items():
        own = [r for r in records if r.agent_id == agent_id]
        walk = walk_agent(own, START - DAY, START + 3 * DAY, START + 3 * DAY, short_flip_ms=0)
        online = sum(
            high - low
            for low, high, state, *_ in walk.segments
            if state in (State.ONLINE, State.OCCUPIED)
        )
        assert total <= online


def test_a_realistic_mix_of_end_reasons_and_volumes() -> None:
    world = World(11, agent_count=200)
    segments = world.day_segments(DAY_INDEX)
    per_agent = len(segments) / len({s.agent_id for s in segments})
    assert 20 <= per_agent <= 60  # conversations per working agent-day
    reasons = Counter(s.end_reason for s in segments)
    assert set(reasons) == set(END_REASONS)
    closed = reasons["closedByConsumer"] + reasons["closedByAgent"] + reasons["closedBySystem"]
    assert 0.7 < closed / len(segments) < 0.9
    assert reasons["agentTransfer"] + reasons["skillTransfer"] > 0
    assert reasons["backToQueue"] > 0
    assert len({s.segment_id for s in segments}) == len(segments)


def test_segments_arrive_within_24_hours() -> None:
    world = World(11)
    lags = [world.segment_arrival_ms(s) - s.end_ms for s in world.day_segments(DAY_INDEX)]
    assert all(0 < lag <= MAX_SEGMENT_LAG_MS for lag in lags)
    assert max(lags) > 12 * HOUR  # some really are late
    assert sorted(lags)[len(lags) // 2] < 8 * HOUR  # most are not


async def _get(service: SimulatedLivePerson, **params: str) -> httpx.Response:
    token = await service.handle(
        httpx.Request(
            "POST",
            f"https://{SIM_AGENT_ACTIVITY_HOST}/sentinel/api/account/demo/app/token",
            params={"grant_type": "client_credentials", "v": "1.0"},
        )
    )
    del token
    from tui.simulator.account import DEMO_ACCOUNT_ID

    return await service.handle(
        httpx.Request(
            "GET",
            f"https://{SIM_AGENT_ACTIVITY_HOST}/api/account/{DEMO_ACCOUNT_ID}/agent-segments",
            params=params,
            headers={"Authorization": "Bearer " + _token(service)},
        )
    )


def _token(service: SimulatedLivePerson) -> str:
    token = "t" * 64
    service._tokens[token] = service.clock.now_ms() + HOUR
    return token


@pytest.mark.parametrize(
    ("params", "cause"),
    [
        ({"from": format_time(START - 40 * DAY), "to": format_time(START - 39 * DAY)}, "1 month"),
        ({"from": format_time(START - 9 * DAY), "to": format_time(START)}, "one week"),
        ({"limit": "501"}, "500"),
        ({"fromMillis": str(START - DAY), "from": format_time(START - DAY)}, "fromMillis"),
    ],
)
async def test_documented_rules_are_enforced(params: dict[str, str], cause: str) -> None:
    service = SimulatedLivePerson(World(11), FakeClock(START + HOUR))
    response = await _get(service, source="test", **params)
    assert response.status_code == 400
    assert any(cause in text for text in response.json()["causes"])


async def test_pages_and_references_as_the_docs_show_them() -> None:
    service = SimulatedLivePerson(World(11), FakeClock(START + 3 * DAY))
    response = await _get(
        service,
        source="test",
        fromMillis=str(START),
        toMillis=str(START + DAY),
        limit="100",
        offset="100",
    )
    body = response.json()
    count = body["pagination"]["count"]
    assert count == len(world_segments := service.world.segments(START, START + DAY))
    assert len(body["segments"]) == 100
    references = {ref["rel"]: ref["href"] for ref in body["pagination"]["references"]}
    assert set(references) == {"self", "first", "last", "next", "previous"}
    assert f"offset={count - 1}" in references["last"] and "limit=1" in references["last"]
    assert {s["segmentId"] for s in body["segments"]} <= {s.segment_id for s in world_segments}
    assert MAX_SEGMENT_LIMIT == 500
