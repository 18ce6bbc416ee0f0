"""v1 answers (no ``v``, or ``v=1``; the documented default): grouped by agent, paged by
agents (default 50, at most 100), silently truncated to 20 changes per agent and query day."""

from __future__ import annotations

import httpx

from tests.simulator.conftest import TODAY_MS, V2_URL, YESTERDAY_MS
from tui.api.parsing import parse_page
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.wire import format_time
from tui.simulator.world import World

DAY = {"source": "sim_tests", "from": format_time(YESTERDAY_MS), "to": format_time(TODAY_MS)}


async def test_v1_groups_histories_by_agent(
    client: httpx.AsyncClient, auth: dict[str, str], world: World
) -> None:
    response = await client.get(V2_URL, params={**DAY, "limit": "5"}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    agents = body["agentsInfo"]
    assert len(agents) == 5
    for info in agents:
        assert {"agentId", "employeeId", "agentLoginName", "agentUserName", "agentGroupId"} <= set(
            info
        )
        history = info["statusChangeHistory"]
        assert history and "agentId" not in history[0]
        assert {"time", "sessionId", "sequenceNumber", "statusType"} <= set(history[0])
    ids = [info["agentId"] for info in agents]
    assert ids == sorted(ids)
    page = parse_page(body)
    assert page.format == "v1" and page.records
    assert {r.agent_id for r in page.records} == set(ids)
    assert "next" in {ref["rel"] for ref in body["metadata"]["references"]}  # the v1 table's name
    assert page.references["next"].startswith(V2_URL)


async def test_v1_truncates_silently_to_20_changes_per_agent_day(
    client: httpx.AsyncClient, auth: dict[str, str], service: SimulatedLivePerson
) -> None:
    body = (await client.get(V2_URL, params={**DAY, "limit": "3"}, headers=auth)).json()
    served = parse_page(body).records
    assert len(served) == 20 * 3 * 1  # every agent had more than 20 changes that day
    agent_ids = {info["agentId"] for info in body["agentsInfo"]}
    visible = [
        r for r in service.visible_records(YESTERDAY_MS, TODAY_MS) if r.agent_id in agent_ids
    ]
    assert len(visible) > len(served)  # the rest is silently missing
    assert {r.identity() for r in served} <= {r.identity() for r in visible}


async def test_v1_validates_like_v2_with_its_own_limits(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.get(V2_URL, params={"limit": "1000"}, headers=auth)
    assert response.status_code == 400
    assert response.json()["causes"] == [
        "source is required",
        "limit: must be less than or equal to 100",
    ]
    assert (await client.get(V2_URL, params=DAY)).status_code == 401
    body = (await client.get(V2_URL, params={**DAY, "v": "1"}, headers=auth)).json()
    assert len(body["agentsInfo"]) == min(50, body["metadata"]["count"])  # default limit 50
