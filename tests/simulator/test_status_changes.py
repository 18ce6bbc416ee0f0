"""status-changes with ``v=2``: arrival lag, paging, ordering, filters, validation, sessionId
fill-in, and the wire quirks the docs show (string epoch fields, subtype 0 on login/logout,
fields the docs do not list)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.simulator.conftest import (
    DAY_MS,
    NOW_MS,
    TODAY_MS,
    V2_URL,
    YESTERDAY_MS,
    bearer_headers,
)
from tui.api.parsing import parse_page
from tui.core.clock import FakeClock
from tui.core.records import StatusRecord
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.wire import BAD_REQUEST_MESSAGE, UNDOCUMENTED_FIELD, format_time
from tui.simulator.world import MAX_SESSION_ID_FILL_MS, World


def _range(start_ms: int, end_ms: int, **extra: Any) -> dict[str, Any]:
    return {
        "v": "2",
        "source": "sim_tests",
        "from": format_time(start_ms),
        "to": format_time(end_ms),
        **extra,
    }


async def _fetch_all(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, Any]
) -> tuple[list[StatusRecord], list[dict[str, Any]]]:
    """Follow ``next`` from offset 0; returns every record and every raw body."""
    records: list[StatusRecord] = []
    bodies: list[dict[str, Any]] = []
    url: str | None = V2_URL
    request_params: dict[str, Any] | None = {**params, "limit": 100}
    while url is not None:
        response = await client.get(url, params=request_params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        bodies.append(body)
        page = parse_page(body)
        assert page.skipped_count == 0
        records.extend(page.records)
        url, request_params = page.references.get("next"), None
    return records, bodies


def _ordered(records: list[StatusRecord]) -> list[StatusRecord]:
    return sorted(records, key=lambda r: (r.agent_id, r.time_ms, r.sequence))


async def test_a_complete_fetch_returns_exactly_the_visible_records(
    client: httpx.AsyncClient, auth: dict[str, str], service: SimulatedLivePerson, world: World
) -> None:
    records, _ = await _fetch_all(client, auth, _range(YESTERDAY_MS, TODAY_MS))
    assert _ordered(records) == service.visible_records(YESTERDAY_MS, TODAY_MS)
    truth = world.records(YESTERDAY_MS, TODAY_MS)
    assert {r.identity() for r in records} == {r.identity() for r in truth}  # yesterday is done


async def test_records_appear_as_the_clock_advances(
    client: httpx.AsyncClient, clock: FakeClock, world: World
) -> None:
    params = _range(TODAY_MS, TODAY_MS + DAY_MS)
    truth = world.records(TODAY_MS, TODAY_MS + DAY_MS)
    seen_counts = []
    for _ in range(4):
        headers = await bearer_headers(client)  # tokens live an hour of clock time
        records, _ = await _fetch_all(client, headers, params)
        now = clock.now_ms()
        expected = {r.identity() for r in truth if world.arrival_ms(r) <= now}
        assert {r.identity() for r in records} == expected
        assert all(r.time_ms <= now for r in records)
        seen_counts.append(len(records))
        clock.advance(20 * 60)
    assert seen_counts == sorted(seen_counts) and seen_counts[0] < seen_counts[-1]
    lagging = [r for r in truth if r.time_ms <= NOW_MS < world.arrival_ms(r)]
    assert lagging, "some records of the last hour are not visible yet at NOW"


async def test_session_id_is_filled_in_after_a_while(
    client: httpx.AsyncClient, auth: dict[str, str], clock: FakeClock, world: World
) -> None:
    params = _range(TODAY_MS, TODAY_MS + DAY_MS)
    early, _ = await _fetch_all(client, auth, params)
    truth = {r.identity(): r for r in world.records(TODAY_MS, TODAY_MS + DAY_MS)}
    pending = [r for r in early if r.session_id == -1 and truth[r.identity()].session_id != -1]
    assert pending, "some records are first served with sessionId -1"
    clock.advance((MAX_SESSION_ID_FILL_MS + 1) / 1000)
    later, _ = await _fetch_all(client, auth, params)
    later_by_identity = {r.identity(): r for r in later}
    for record in pending:
        assert (
            later_by_identity[record.identity()].session_id == truth[record.identity()].session_id
        )


async def test_pages_are_not_time_sorted_and_carry_references(
    client: httpx.AsyncClient, auth: dict[str, str], service: SimulatedLivePerson
) -> None:
    records, bodies = await _fetch_all(client, auth, _range(YESTERDAY_MS, TODAY_MS))
    total = len(records)
    assert len(bodies) == -(-total // 100)
    first = bodies[0]
    times = [change["time"] for change in first["stateChanges"]]
    assert times != sorted(times)
    assert first["_metadata"]["count"] == total
    assert first["_metadata"]["timeframe"] == {
        "startTime": format_time(YESTERDAY_MS),
        "endTime": format_time(TODAY_MS),
        "startTimeL": str(YESTERDAY_MS),
        "endTimeL": str(TODAY_MS),
    }
    rels = {ref["rel"]: ref["href"] for ref in first["_metadata"]["references"]}
    assert set(rels) == {"self", "first", "next", "last"}
    last_offset = (total - 1) // 100 * 100
    assert httpx.URL(rels["last"]).params["offset"] == str(last_offset)
    assert httpx.URL(rels["next"]).params["offset"] == "100"
    assert httpx.URL(rels["next"]).params["source"] == "sim_tests"
    assert rels["next"].startswith(V2_URL)
    middle = {ref["rel"] for ref in bodies[1]["_metadata"]["references"]}
    assert middle == {"self", "first", "next", "previous", "last"}
    final = {ref["rel"] for ref in bodies[-1]["_metadata"]["references"]}
    assert final == {"self", "first", "previous", "last"}


async def test_pages_fetched_out_of_order_while_data_arrives_lose_and_repeat_nothing(
    client: httpx.AsyncClient, auth: dict[str, str], clock: FakeClock, world: World
) -> None:
    params = _range(TODAY_MS, TODAY_MS + DAY_MS, limit=100)
    first = (await client.get(V2_URL, params=params, headers=auth)).json()
    total = first["_metadata"]["count"]
    visible_at_start = {
        r.identity()
        for r in world.records(TODAY_MS, TODAY_MS + DAY_MS)
        if world.arrival_ms(r) <= clock.now_ms()
    }
    collected = list(parse_page(first).records)
    offsets = list(range(100, total, 100))
    for offset in reversed(offsets):
        clock.advance(30)
        body = (await client.get(V2_URL, params={**params, "offset": offset}, headers=auth)).json()
        collected.extend(parse_page(body).records)
    identities = [r.identity() for r in collected]
    assert len(identities) == len(set(identities))  # nothing repeated
    assert set(identities) >= visible_at_start  # nothing lost
    assert len(visible_at_start) == total


async def test_one_page_only_has_no_next_previous_or_last(
    client: httpx.AsyncClient, auth: dict[str, str], world: World
) -> None:
    first_record = world.records(YESTERDAY_MS, TODAY_MS)[0]
    start = first_record.time_ms
    params = _range(start, start + 7_200_000, agentId=str(first_record.agent_id), limit=100)
    body = (await client.get(V2_URL, params=params, headers=auth)).json()
    assert 0 < len(body["stateChanges"]) < 100
    assert {ref["rel"] for ref in body["_metadata"]["references"]} == {"self", "first"}
    assert {change["agentId"] for change in body["stateChanges"]} == {first_record.agent_id}


@pytest.mark.parametrize("name", ["empId", "groupId"])
async def test_employee_and_group_filters(
    client: httpx.AsyncClient, auth: dict[str, str], world: World, name: str
) -> None:
    agent = world.agents[1]
    value = agent.employee_id if name == "empId" else str(agent.group_id)
    records, _ = await _fetch_all(client, auth, _range(YESTERDAY_MS, TODAY_MS, **{name: value}))
    assert records
    if name == "empId":
        assert {r.agent_id for r in records} == {agent.agent_id}
    else:
        assert {r.group_id for r in records} == {agent.group_id}


async def test_default_range_is_the_last_24_hours_and_v2_pages_hold_1000(
    client: httpx.AsyncClient, auth: dict[str, str], service: SimulatedLivePerson
) -> None:
    body = (await client.get(V2_URL, params={"v": "2", "source": "x"}, headers=auth)).json()
    frame = body["_metadata"]["timeframe"]
    assert (frame["startTimeL"], frame["endTimeL"]) == (str(NOW_MS - DAY_MS), str(NOW_MS))
    assert len(service.visible_records(NOW_MS - DAY_MS, NOW_MS)) > 1000
    assert len(body["stateChanges"]) == 1000  # v2's documented default limit
    params = {"v": "2", "source": "x", "limit": "5000"}
    body = (await client.get(V2_URL, params=params, headers=auth)).json()
    assert len(body["stateChanges"]) == len(service.visible_records(NOW_MS - DAY_MS, NOW_MS))


async def test_without_v_the_answer_is_v1(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for params in ({"source": "x"}, {"source": "x", "v": "1"}):
        body = (await client.get(V2_URL, params=params, headers=auth)).json()
        assert "stateChanges" not in body
        assert body["agentsInfo"]
        assert parse_page(body).format == "v1"


async def test_records_carry_the_documented_quirks(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    records, bodies = await _fetch_all(client, auth, _range(YESTERDAY_MS, TODAY_MS))
    changes = [change for body in bodies for change in body["stateChanges"]]
    assert all(UNDOCUMENTED_FIELD in change for change in changes)
    logins_and_logouts = [change for change in changes if change["statusType"] in (3, 4)]
    assert logins_and_logouts
    assert all(change["statusSubType"] == 0 for change in logins_and_logouts)
    assert all(change["statusReasonId"] == 0 for change in logins_and_logouts)
    assert all(change["statusReasonText"] == "" for change in logins_and_logouts)
    not_away = [c for c in changes if c["statusType"] == 1 and c["statusSubType"] != 4]
    assert all((c["statusReasonId"], c["statusReasonText"]) == (-1, None) for c in not_away)
    # the client's parser reads them all: no skips, no reasons outside away
    assert len(records) == len(changes)
    assert all(r.reason_id is None and r.reason_text is None for r in records if r.reason is None)


@pytest.mark.parametrize(
    ("params", "cause"),
    [
        ({}, "source is required"),
        ({"source": "has space"}, "source must be"),
        ({"source": "a" * 21}, "source must be"),
        ({"source": "x", "from": format_time(YESTERDAY_MS)}, "together"),
        ({"source": "x", "from": "yesterday", "to": "today"}, "RFC 3339"),
        (_range(TODAY_MS, YESTERDAY_MS), "later than from"),
        (_range(YESTERDAY_MS - 40 * DAY_MS, YESTERDAY_MS), "one month"),
        (_range(NOW_MS - 190 * DAY_MS, NOW_MS - 180 * DAY_MS), "6 months"),
        ({"source": "x", "agentId": "1", "groupId": "2"}, "only one of"),
        ({"source": "x", "limit": "101"}, "limit: must be less than or equal to 100"),
        ({"source": "x", "v": "1", "limit": "101"}, "limit: must be less than or equal to 100"),
        ({"source": "x", "v": "2", "limit": "5001"}, "limit: must be less than or equal to 5000"),
        ({"source": "x", "v": "2", "limit": "0"}, "limit: must be greater than or equal to 1"),
        ({"source": "x", "v": "3"}, "v: must be 1 or 2"),
        ({"source": "x", "offset": "-1"}, "offset: must be greater than or equal to 0"),
        ({"source": "x", "offset": "ten"}, "offset"),
    ],
)
async def test_bad_queries_get_400_with_causes(
    client: httpx.AsyncClient, auth: dict[str, str], params: dict[str, Any], cause: str
) -> None:
    response = await client.get(V2_URL, params=params, headers=auth)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == BAD_REQUEST_MESSAGE
    assert any(cause in text for text in body["causes"]), body["causes"]


async def test_several_causes_are_reported_together(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.get(V2_URL, params={"limit": "500"}, headers=auth)
    assert response.status_code == 400
    assert len(response.json()["causes"]) == 2


async def test_a_span_of_exactly_31_days_is_allowed(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    params = _range(TODAY_MS - 31 * DAY_MS, TODAY_MS, limit=1)
    assert (await client.get(V2_URL, params=params, headers=auth)).status_code == 200


async def test_unauthenticated_and_wrong_account(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    assert (await client.get(V2_URL, params={"source": "x"})).status_code == 401
    other = V2_URL.replace("/account/", "/account/1").replace(
        "/api/v2/account/1", "/api/v2/account/1"
    )
    assert (await client.get(other, params={"source": "x"}, headers=auth)).status_code == 403
    wrong = {"authorization": "Bearer not-a-token"}
    assert (await client.get(V2_URL, params={"source": "x"}, headers=wrong)).status_code == 401
    unknown = V2_URL.replace("status-changes", "nothing-here")
    assert (await client.get(unknown, headers=auth)).status_code == 404
