"""The same day saved as v2 and as v1 responses gives the identical report."""

from __future__ import annotations

from typing import Any

from tests.analysis.builders import UTC_DAY
from tui.analysis import analyze
from tui.api.parsing import parse_page

AGENT_FIELDS = ("agentId", "employeeId", "agentLoginName", "agentUserName", "agentGroupId")


def _change(
    agent: int,
    time: str,
    status_type: int,
    subtype: int | None,
    sequence: int,
    reason_id: int = -1,
    reason_text: str | None = None,
) -> dict[str, Any]:
    return {
        "agentId": agent,
        "employeeId": f"E{agent}",
        "agentLoginName": f"a{agent}",
        "agentUserName": f"Agent {agent}",
        "agentGroupId": 5 if agent == 1 else -1,
        "time": time,
        "sessionId": -1 if sequence < 2 else 900 + agent,
        "sequenceNumber": sequence,
        "statusType": status_type,
        "statusSubType": subtype,
        "statusReasonId": reason_id,
        "statusReasonText": reason_text,
        "prevStatusChangeTime": None,
    }


CHANGES = [
    _change(1, "2026-03-02T08:00:00.000Z", 3, None, -1),
    _change(1, "2026-03-02T08:00:00.000Z", 1, 2, 1),
    _change(1, "2026-03-02T10:00:00.000+0000", 1, 4, 2, 4, "Lunch"),
    _change(1, "2026-03-02T11:00:00.000+00:00", 1, 3, 3),
    _change(1, "2026-03-02T12:00:00.000Z", 4, None, 4),
    _change(2, "2026-03-02T05:00:00.000-05:00", 1, 4, 7, 9, ""),
    _change(2, "2026-03-02T13:30:00.000Z", 4, None, 8),
]


def _v1(changes: list[dict[str, Any]]) -> dict[str, Any]:
    agents: dict[int, dict[str, Any]] = {}
    for change in changes:
        agent = agents.setdefault(
            change["agentId"],
            {**{k: change[k] for k in AGENT_FIELDS}, "statusChangeHistory": []},
        )
        agent["statusChangeHistory"].append(
            {k: v for k, v in change.items() if k not in AGENT_FIELDS}
        )
    return {"agentsInfo": list(agents.values())}


def test_v1_and_v2_give_identical_reports() -> None:
    v2 = parse_page({"_metadata": {}, "stateChanges": CHANGES})
    v1 = parse_page(_v1(CHANGES))
    assert (v2.format, v1.format) == ("v2", "v1")
    from_v2 = analyze(v2.records, UTC_DAY, data_complete_to_ms=None)
    from_v1 = analyze(v1.records, UTC_DAY, data_complete_to_ms=None)
    assert from_v1 == from_v2
    agent_two = next(a for a in from_v2.agents if a.agent.agent_id == 2)
    # Agent 2's first record (10:00Z away, reason id 9 with empty text) has nothing before it:
    # unknown 00:00-10:00, then away "reason #9" 10:00-13:30.
    assert agent_two.totals.unknown_ms == 10 * 3_600_000
    assert agent_two.totals.away_by_reason_ms == {"reason #9": 3.5 * 3_600_000}
