"""Each fault on demand, seeded and reproducible, and the service's statistics."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.simulator.conftest import NOW_MS, V2_URL, bearer_headers
from tui.core.clock import FakeClock
from tui.simulator.faults import FaultPlan, FaultSpecError
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.wire import BAD_REQUEST_MESSAGE
from tui.simulator.world import World

PARAMS = {"source": "x", "limit": "10"}


def _service(world: World, plan: FaultPlan, *, latency_s: float = 0.0) -> SimulatedLivePerson:
    return SimulatedLivePerson(world, FakeClock(NOW_MS), faults=plan, latency_s=latency_s)


async def _statuses(service: SimulatedLivePerson, count: int) -> list[int | str]:
    """Status of ``count`` sequential requests; ``"drop"`` when the connection dropped."""
    outcomes: list[int | str] = []
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        for _ in range(count):
            try:
                response = await client.get(V2_URL, params=PARAMS, headers=headers)
            except httpx.TransportError:
                outcomes.append("drop")
            else:
                outcomes.append(response.status_code)
    return outcomes


async def test_no_faults_by_default(world: World) -> None:
    service = _service(world, FaultPlan())
    assert await _statuses(service, 20) == [200] * 20
    assert not FaultPlan().active


async def test_concurrency_above_the_limit_is_throttled(world: World) -> None:
    service = _service(world, FaultPlan(max_in_flight=3), latency_s=0.02)
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        responses = await asyncio.gather(
            *(client.get(V2_URL, params=PARAMS, headers=headers) for _ in range(8))
        )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 200, 200] + [429] * 5
    throttled = [r for r in responses if r.status_code == 429]
    assert all(r.headers.get("retry-after", "1") == "1" for r in throttled)
    assert service.stats.max_in_flight == 8
    assert service.stats.throttled == 5


async def test_rate_per_second_on_the_clock(world: World) -> None:
    clock = FakeClock(NOW_MS)
    service = SimulatedLivePerson(world, clock, faults=FaultPlan(max_per_second=4))
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        first = [
            (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code for _ in range(6)
        ]
        clock.advance(1.0)
        after_wait = (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code
    assert first == [200, 200, 200, 200, 429, 429]
    assert after_wait == 200


async def test_retry_after_is_sent_sometimes(world: World) -> None:
    service = _service(world, FaultPlan(max_per_second=1, retry_after_s=3, seed=5))
    seen: set[str | None] = set()
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        for _ in range(20):
            response = await client.get(V2_URL, params=PARAMS, headers=headers)
            if response.status_code == 429:
                seen.add(response.headers.get("retry-after"))
    assert seen == {"3", None}


async def test_server_errors_come_in_seeded_runs(world: World) -> None:
    plan = FaultPlan(server_error_rate=0.2, server_error_run=3, seed=11)
    outcomes = await _statuses(_service(world, plan), 60)
    assert outcomes == await _statuses(_service(world, plan), 60)  # same seed, same story
    assert {500, 503} <= set(outcomes)
    runs = "".join("x" if code in (500, 503) else "." for code in outcomes).split(".")
    assert all(len(run) % 3 == 0 for run in runs[:-1])  # the last run may be cut short


async def test_500_carries_an_internal_code(world: World) -> None:
    service = _service(world, FaultPlan(server_error_rate=1.0, server_error_run=1, seed=1))
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        bodies = [(await client.get(V2_URL, params=PARAMS, headers=headers)) for _ in range(10)]
    errors = [r.json() for r in bodies if r.status_code == 500]
    assert errors and all(isinstance(body["internalCode"], int) for body in errors)


async def test_a_token_expires_after_serving_its_quota(world: World) -> None:
    service = _service(world, FaultPlan(expire_token_every=3))
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        codes = [
            (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code for _ in range(5)
        ]
        assert codes == [200, 200, 200, 401, 401]  # the expired token stays expired
        fresh = await bearer_headers(client)
        codes = [
            (await client.get(V2_URL, params=PARAMS, headers=fresh)).status_code for _ in range(4)
        ]
        assert codes == [200, 200, 200, 401]  # a new token serves its own three
    assert service.stats.tokens_expired == 2


async def test_every_request_in_flight_when_the_token_expires_gets_401(world: World) -> None:
    service = _service(world, FaultPlan(expire_token_every=4), latency_s=0.002)
    async with httpx.AsyncClient(transport=service.transport()) as client:
        old = await bearer_headers(client)
        burst = [client.get(V2_URL, params=PARAMS, headers=old) for _ in range(6)]
        codes = sorted(response.status_code for response in await asyncio.gather(*burst))
        assert codes == [200, 200, 200, 200, 401, 401]
        fresh = await bearer_headers(client)  # issued after the burst: valid for its own four
        burst = [client.get(V2_URL, params=PARAMS, headers=fresh) for _ in range(4)]
        assert [response.status_code for response in await asyncio.gather(*burst)] == [200] * 4
        assert (await client.get(V2_URL, params=PARAMS, headers=old)).status_code == 401
    assert service.stats.tokens_expired == 1
    assert service.stats.by_status[401] == 3


async def test_malformed_bodies_are_truncated_or_not_json(world: World) -> None:
    service = _service(world, FaultPlan(malformed_rate=0.5, seed=2))
    broken = 0
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        for _ in range(20):
            response = await client.get(V2_URL, params=PARAMS, headers=headers)
            assert response.status_code == 200
            try:
                json.loads(response.content)
            except ValueError:
                broken += 1
    assert 0 < broken < 20
    assert service.stats.malformed == broken


async def test_dropped_connections_raise_transport_errors(world: World) -> None:
    service = _service(world, FaultPlan(drop_rate=0.3, seed=4))
    outcomes = await _statuses(service, 30)
    assert "drop" in outcomes and 200 in outcomes
    assert service.stats.dropped == outcomes.count("drop")
    assert service.stats.requests == 31  # the token request too


async def test_slow_responses_take_real_time(world: World) -> None:
    service = _service(world, FaultPlan(slow_rate=1.0, slow_s=0.05))
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await _statuses(service, 2) == [200, 200]
    assert loop.time() - started >= 0.1


def test_fault_specs_from_the_command_line() -> None:
    plan = FaultPlan.from_specs(
        ["rate-limit=2", "errors", "token-expiry=7", "drop=0.1", "slow=0.5", "latency=0.05"], seed=9
    )
    assert plan.max_in_flight == 2 and plan.server_error_rate == 0.05
    assert plan.expire_token_every == 7 and plan.drop_rate == 0.1
    assert plan.slow_s == 0.5 and plan.latency_s == 0.05 and plan.seed == 9
    assert plan.active
    with pytest.raises(FaultSpecError, match="not one of"):
        FaultPlan.from_specs(["earthquake"])
    with pytest.raises(FaultSpecError, match="between 0 and 1"):
        FaultPlan.from_specs(["drop=3"])
    with pytest.raises(FaultSpecError, match="must be a number"):
        FaultPlan.from_specs(["errors=lots"])


async def test_faults_can_be_switched_on_and_off_while_serving(world: World) -> None:
    service = _service(world, FaultPlan())
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        assert (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code == 200
        service.set_faults(FaultPlan(server_error_rate=1.0, server_error_run=1))
        assert (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code in (500, 503)
        service.set_faults(None)
        assert (await client.get(V2_URL, params=PARAMS, headers=headers)).status_code == 200


def test_documented_readings_and_page_cost_from_the_command_line() -> None:
    plan = FaultPlan.from_specs(["limit-cap", "version", "page-cost"])
    assert (plan.limit_cap, plan.version) == (100, 1)
    assert plan.page_cost_s(1000) == pytest.approx(0.12)
    assert plan.page_cost_s(100) == pytest.approx(0.03)
    plan = FaultPlan.from_specs(["limit-cap=250", "version=2", "page-cost=0.005,0.00002"])
    assert (plan.limit_cap, plan.version) == (250, 2)
    assert plan.page_cost_s(500) == pytest.approx(0.015)
    with pytest.raises(FaultSpecError, match="1 or 2"):
        FaultPlan.from_specs(["version=3"])


async def test_limit_cap_answers_a_larger_limit_with_the_documented_400(world: World) -> None:
    service = _service(world, FaultPlan(limit_cap=100))
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        asked = {"v": "2", "source": "x", "limit": "1000"}
        refused = await client.get(V2_URL, params=asked, headers=headers)
        capped = {"v": "2", "source": "x", "limit": "100"}
        accepted = await client.get(V2_URL, params=capped, headers=headers)
    assert refused.status_code == 400
    assert refused.json() == {
        "causes": ["limit: must be less than or equal to 100"],
        "message": BAD_REQUEST_MESSAGE,
    }
    assert accepted.status_code == 200
    assert len(accepted.json()["stateChanges"]) == 100


async def test_version_fault_answers_v1_although_v2_was_asked_for(world: World) -> None:
    service = _service(world, FaultPlan(version=1))
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        params = {"v": "2", "source": "x", "limit": "100"}
        body = (await client.get(V2_URL, params=params, headers=headers)).json()
    assert "stateChanges" not in body and len(body["agentsInfo"]) <= 100


async def test_page_cost_grows_with_the_page(world: World) -> None:
    service = _service(world, FaultPlan(page_cost_fixed_s=0.01, page_cost_per_record_s=0.0001))
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(transport=service.transport()) as client:
        headers = await bearer_headers(client)
        timings = []
        for limit in ("10", "1000"):
            started = loop.time()
            params = {"v": "2", "source": "x", "limit": limit}
            response = await client.get(V2_URL, params=params, headers=headers)
            assert len(response.json()["stateChanges"]) == int(limit)
            timings.append(loop.time() - started)
    assert timings[0] >= 0.011
    assert timings[1] >= 0.11
