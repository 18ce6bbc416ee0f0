"""The client speaks the API as LivePerson's method page documents it, and copes with what the
docs leave open — checked against the simulator, which plays each documented reading.

Facts (developer-center ``AgentActivityAPI/Methods/get-status-changes`` and ``error-codes``):
``v`` picks the version and defaults to v1; v2's ``limit`` counts records (default 1,000, at
most 5,000), v1's counts agents (default 50, at most 100) and v1 pages are cut at 20 changes ×
limit × query days; a 400 lists ``causes`` such as "limit: must be less than or equal to 100";
``from`` at most 6 months back; no group filter; the example gives ``startTimeL``/``endTimeL``
as strings and login records with statusSubType 0.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.fake_liveperson import (
    T0,
    FakeLivePerson,
    client_credentials,
    json_response,
    make_record,
)
from tui.analysis.export_formats import report_json
from tui.analysis.report import analyze
from tui.api.client import FetchResult, StatusChangesClient
from tui.api.discovery import DISCOVERY_CACHE_TTL_MS, DiscoveryFileCache
from tui.api.errors import BadRequest, InvalidQuery
from tui.api.params import earliest_from_ms, limit_maximum
from tui.core.clock import FakeClock
from tui.core.records import ParsedPage, StatusRecord
from tui.core.windows import Window
from tui.simulator.account import DEMO_CLIENT_SECRET, SIM_DOMAIN_API, demo_client_credentials
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.wire import V1_CHANGES_PER_AGENT_DAY
from tui.simulator.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
NOW = 1_764_072_000_000  # 2025-11-25T12:00:00Z
DAY = (NOW - 2 * DAY_MS, NOW - DAY_MS)
"""A past day: its records no longer change."""


class Recorded:
    """The simulator behind a transport that keeps every request it was sent."""

    def __init__(self, service: SimulatedLivePerson) -> None:
        self.service = service
        self.requests: list[httpx.Request] = []

    def transport(self) -> httpx.MockTransport:
        async def handle(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return await self.service.handle(request)

        return httpx.MockTransport(handle)

    def status_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/status-changes")]


def client_for(
    recorded: Recorded, clock: FakeClock | None = None, **kwargs: object
) -> StatusChangesClient:
    return StatusChangesClient(
        demo_client_credentials(),
        domain_api=SIM_DOMAIN_API,
        transport=recorded.transport(),
        clock=clock or FakeClock(NOW),
        rng=random.Random(5),
        **kwargs,  # type: ignore[arg-type]
    )


def ordered(records: tuple[StatusRecord, ...] | list[StatusRecord]) -> list[StatusRecord]:
    return sorted(records, key=lambda r: (r.agent_id, r.time_ms, r.sequence))


def figures(result: FetchResult, window: tuple[int, int]) -> dict[str, object]:
    report = analyze(result.records, Window(*window), data_complete_to_ms=window[1])
    return report_json(report)


async def test_every_request_asks_for_v2_and_never_sends_a_group_filter() -> None:
    recorded = Recorded(SimulatedLivePerson(World(seed=5, agent_count=4), FakeClock(NOW)))
    window = (NOW - 45 * DAY_MS, NOW - DAY_MS)
    async with client_for(recorded, page_size=500) as client:
        await client.validate()
        await client.fetch(*window)
        agent = recorded.service.world.agents[0]
        await client.fetch(*DAY, agent_id=agent.agent_id)
        await client.fetch(*DAY, employee_id=agent.employee_id)
    requests = recorded.status_requests()
    assert len(requests) > 20
    assert all(request.url.params.get("v") == "2" for request in requests)
    assert not any("groupId" in request.url.params for request in requests)
    assert {request.url.params["limit"] for request in requests} == {"1", "500"}


async def test_a_day_comes_in_pages_of_1000_records() -> None:
    recorded = Recorded(SimulatedLivePerson(World(agent_count=120), FakeClock(NOW)))
    async with client_for(recorded) as client:
        result = await client.fetch(*DAY)
    truth = recorded.service.visible_records(*DAY)
    assert ordered(result.records) == truth
    assert result.pages == len(recorded.status_requests()) == -(-len(truth) // 1000) > 5
    assert {r.url.params["limit"] for r in recorded.status_requests()} == {"1000"}
    assert (result.warnings, result.v1_pages) == ((), 0)


async def test_a_server_capping_limit_costs_one_extra_request_and_changes_no_figure(
    tmp_path: Path,
) -> None:
    world = World(agent_count=60)
    free = Recorded(SimulatedLivePerson(world, FakeClock(NOW)))
    capped = Recorded(SimulatedLivePerson(world, FakeClock(NOW), faults=FaultPlan(limit_cap=250)))
    clock = FakeClock(NOW)
    cache = DiscoveryFileCache(tmp_path / "discovery.json", clock)
    async with client_for(free) as client:
        unconstrained = await client.fetch(*DAY)
    async with client_for(capped, clock, discovery_cache=cache) as client:
        adapted = await client.fetch(*DAY)
    assert ordered(adapted.records) == ordered(unconstrained.records)
    assert figures(adapted, DAY) == figures(unconstrained, DAY)
    records = len(unconstrained.records)
    assert adapted.page_size == 250 and adapted.pages == -(-records // 250)
    limits = [r.url.params["limit"] for r in capped.status_requests()]
    assert limits.count("1000") == 1  # the one refused request, never asked again
    assert len(limits) == adapted.pages + 1
    assert capped.service.stats.by_status[400] == 1

    # remembered for the account, beside the discovered hosts, with nothing secret
    text = (tmp_path / "discovery.json").read_text()
    assert '"limit": 250' in text and DEMO_CLIENT_SECRET not in text
    again = Recorded(capped.service)
    async with client_for(again, clock, discovery_cache=cache) as client:
        assert client.page_size == 250
        await client.fetch(*DAY)
    assert {r.url.params["limit"] for r in again.status_requests()} == {"250"}
    assert capped.service.stats.by_status[400] == 1

    # forgotten with the discovered hosts: the next client asks for the documented size again
    clock.advance(DISCOVERY_CACHE_TTL_MS / 1000)
    async with client_for(Recorded(free.service), clock, discovery_cache=cache) as client:
        assert client.page_size == 1000


async def test_a_cap_met_by_several_month_queries_is_adopted_by_all() -> None:
    clock = FakeClock(NOW)
    service = SimulatedLivePerson(
        World(seed=5, agent_count=3), clock, faults=FaultPlan(limit_cap=300)
    )
    recorded = Recorded(service)
    window = (NOW - 45 * DAY_MS, NOW - DAY_MS)
    async with client_for(recorded, clock, max_in_flight=1) as client:
        result = await client.fetch(*window)
        assert client.page_size == 300
    assert ordered(result.records) == service.visible_records(*window)
    limits = [r.url.params["limit"] for r in recorded.status_requests()]
    assert limits.count("1000") == 1  # the second query started at the adopted size
    assert set(limits) == {"1000", "300"}


async def test_a_cap_that_would_not_help_stays_a_clear_error() -> None:
    service = FakeLivePerson()
    cause = "limit: must be less than or equal to 1000"
    service.script.append(json_response(400, {"causes": [cause], "message": "Bad request"}))
    clock = FakeClock(T0 + DAY_MS)
    async with StatusChangesClient(
        client_credentials(), transport=service.transport(), clock=clock
    ) as client:
        with pytest.raises(BadRequest) as raised:
            await client.fetch(T0, T0 + DAY_MS)
    assert raised.value.causes == (cause,)
    assert len(service.status_requests()) == 1
    assert clock.sleeps == []


async def test_a_v1_answer_is_read_and_flagged_as_maybe_truncated() -> None:
    """A server that ignores ``v=2`` answers v1: at most 100 agents per page (so our 1,000 gets
    the documented 400 first) and at most 20 changes per agent and day."""
    world = World(agent_count=150)
    service = SimulatedLivePerson(world, FakeClock(NOW), faults=FaultPlan(version=1))
    recorded = Recorded(service)
    async with client_for(recorded) as client:
        result = await client.fetch(*DAY)
    truth = service.visible_records(*DAY)
    assert (result.page_size, result.pages, result.v1_pages) == (100, 2, 2)
    assert result.truncated_pages == 2
    (warning,) = result.warnings
    assert "may be truncated (v1 answer)" in warning
    kept: dict[int, list[StatusRecord]] = {}
    for record in truth:
        kept.setdefault(record.agent_id, []).append(record)
    served = [r for records in kept.values() for r in records[:V1_CHANGES_PER_AGENT_DAY]]
    assert ordered(result.records) == ordered(served)
    assert len(served) < len(truth)  # the truncation the warning is about
    offsets = [r.url.params["offset"] for r in recorded.status_requests()]
    assert sorted(offsets) == ["0", "0", "100"]  # offsets count agents in v1


async def test_a_v1_answer_below_the_truncation_threshold_is_exact_and_not_flagged() -> None:
    world = World(agent_count=150)
    service = SimulatedLivePerson(world, FakeClock(NOW), faults=FaultPlan(version=1))
    window = (DAY[0] + 3 * HOUR_MS, DAY[0] + 3 * HOUR_MS + 20 * 60_000)
    truth = service.visible_records(*window)
    agents = {record.agent_id for record in truth}
    assert len(agents) > 80  # three pages of 40 agents ...
    assert all(sum(r.agent_id == a for r in truth) < 20 for a in agents)  # ... none cut
    async with client_for(Recorded(service), page_size=40) as client:
        result = await client.fetch(*window)
    assert ordered(result.records) == truth
    assert result.v1_pages == result.pages == 3
    assert (result.truncated_pages, result.warnings) == (0, ())


async def test_from_may_be_six_months_back_and_no_further() -> None:
    recorded = Recorded(SimulatedLivePerson(World(agent_count=5), FakeClock(NOW)))
    earliest = earliest_from_ms(NOW)
    async with client_for(recorded) as client:
        result = await client.fetch(earliest, earliest + DAY_MS)
        assert result.records
        with pytest.raises(InvalidQuery, match="older than 6 months"):
            await client.fetch(earliest - 1, earliest + DAY_MS)
    assert recorded.service.stats.by_status[400] == 0
    assert len(recorded.status_requests()) == 1


async def test_the_docs_example_page_is_read_as_one_page() -> None:
    """The v2 example: only self/first references, epoch fields as strings, a login with
    statusSubType 0 and reason 0/"", and (our addition) a field the docs do not list."""
    href = "https://host/api/v2/account/1/status-changes?v=2&source=x&limit=1000&offset=0"
    common = {"agentId": 3252247132, "employeeId": "543acbc", "agentGroupId": 12345}
    body = {
        "_metadata": {
            "references": [{"rel": "self", "href": href}, {"rel": "first", "href": href}]
        },
        "timeframe": {
            "startTime": "2025-11-24T16:00:00Z",
            "endTime": "2025-11-25T16:00:00Z",
            "startTimeL": str(T0),
            "endTimeL": str(T0 + DAY_MS),
        },
        "stateChanges": [
            {
                **common,
                "time": "2025-11-24T18:18:51.625Z",
                "sessionId": -1,
                "sequenceNumber": -1,
                "statusType": 3,
                "statusSubType": 0,
                "statusReasonId": 0,
                "statusReasonText": "",
                "prevStatusChangeTime": None,
                "somethingNew": {"nested": [1, 2]},
            },
            {
                **common,
                "time": "2025-11-24T18:18:51.625Z",
                "sessionId": -1,
                "sequenceNumber": 1,
                "statusType": 1,
                "statusSubType": 2,
                "statusReasonId": 0,
                "statusReasonText": "",
                "prevStatusChangeTime": None,
            },
            {
                **common,
                "time": "2025-11-24T18:40:00.000Z",
                "sessionId": 30376039,
                "sequenceNumber": 2,
                "statusType": 1,
                "statusSubType": 4,
                "statusReasonId": 7,
                "statusReasonText": "Training",
            },
        ],
    }
    service = FakeLivePerson()
    service.script.append(json_response(200, body))
    pages: list[ParsedPage] = []
    async with StatusChangesClient(
        client_credentials(), transport=service.transport(), clock=FakeClock(T0 + DAY_MS)
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS, on_page=pages.append)
    assert len(service.status_requests()) == 1
    assert (result.pages, result.skipped_count) == (1, 0)
    login, online, away = sorted(result.records, key=lambda r: (r.time_ms, r.sequence))
    assert (login.status_type, login.status_subtype, login.reason) == (3, 0, None)
    assert (login.reason_id, login.reason_text) == (None, None)
    assert online.reason is None and away.reason == "Training"
    timeframe = pages[0].timeframe
    assert timeframe is not None
    assert timeframe.start_ms == T0 and timeframe.end_ms == T0 + DAY_MS


async def test_a_full_page_without_any_references_is_followed_until_a_short_one() -> None:
    """No ``_metadata`` at all (as in one docs example) tells nothing about further pages."""
    service = FakeLivePerson()
    original_page = service._page

    def without_metadata(request: httpx.Request) -> httpx.Response:
        body = json.loads(original_page(request).content)
        del body["_metadata"]
        return json_response(200, body)

    service._page = without_metadata  # type: ignore[method-assign]
    async with StatusChangesClient(
        client_credentials(),
        transport=service.transport(),
        clock=FakeClock(T0 + DAY_MS),
        page_size=100,
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 250
    assert [r.url.params["offset"] for r in service.status_requests()] == ["0", "100", "200"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.integers(min_value=0, max_value=1500),
    page_size=st.integers(min_value=40, max_value=5000),
    cap=st.integers(min_value=40, max_value=5000),
    cause_first=st.booleans(),
)
def test_any_cap_is_adopted_with_at_most_one_refused_request(
    records: int, page_size: int, cap: int, cause_first: bool
) -> None:
    """Whatever the page size asked for and the server's cap, every record comes back once and
    at most one request is refused (the documented 400 may list other causes too)."""
    service = FakeLivePerson([make_record(i) for i in range(records)])
    original_page = service._page
    refused: list[str] = []

    def capped(request: httpx.Request) -> httpx.Response:
        limit = request.url.params["limit"]
        if int(limit) > cap:
            refused.append(limit)
            causes = [f"limit: must be less than or equal to {cap}"]
            if cause_first:
                causes.insert(0, "offset: must be greater than or equal to 0")
            return json_response(400, {"causes": causes, "message": "Bad request"})
        return original_page(request)

    service._page = capped  # type: ignore[method-assign]

    async def fetch() -> FetchResult:
        async with StatusChangesClient(
            client_credentials(),
            transport=service.transport(),
            clock=FakeClock(T0 + DAY_MS),
            page_size=page_size,
        ) as client:
            return await client.fetch(T0, T0 + DAY_MS)

    result = asyncio.run(fetch())
    assert len(result.records) == records
    assert len({r.identity() for r in result.records}) == records
    assert refused == ([str(page_size)] if page_size > cap else [])
    assert result.page_size == min(page_size, cap)


@given(st.text(max_size=200))
def test_reading_a_limit_maximum_never_fails_on_any_cause_text(text: str) -> None:
    maximum = limit_maximum([text])
    assert maximum is None or maximum >= 0
