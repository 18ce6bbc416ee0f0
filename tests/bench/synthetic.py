"""A deterministic synthetic v2 response of many agents (benchmarks and property tests)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

AWAY_REASONS = ((11, "Lunch"), (12, "Break"), (13, "Meeting"), (-1, None), (14, ""))


def _rfc3339(instant_ms: int) -> str:
    moment = datetime.fromtimestamp(instant_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant_ms % 1000:03d}Z"


def synthetic_v2_page(
    *, agents: int, records_per_agent: int, day_start_ms: int, seed: int = 7
) -> dict[str, Any]:
    """One v2 page: each agent logs in, changes state ``records_per_agent - 2`` times, logs out."""
    rng = random.Random(seed)
    changes: list[dict[str, Any]] = []
    for index in range(agents):
        agent_id = 1_000_000 + index
        base = {
            "agentId": agent_id,
            "employeeId": f"E-{index:05d}",
            "agentLoginName": f"agent{index}",
            "agentUserName": f"Agent Number {index}",
            "agentGroupId": 100 + index % 20,
        }
        time_ms = day_start_ms + rng.randrange(6 * 3_600_000, 10 * 3_600_000)
        session_id = 50_000_000 + index
        previous_ms: int | None = None
        for sequence in range(records_per_agent):
            if sequence == 0:
                status_type, subtype, sequence_number = 3, None, -1
            elif sequence == records_per_agent - 1:
                status_type, subtype, sequence_number = 4, None, sequence
            else:
                status_type, subtype, sequence_number = 1, rng.choice((2, 2, 3, 3, 4, 1)), sequence
            reason_id, reason_text = rng.choice(AWAY_REASONS) if subtype == 4 else (-1, None)
            changes.append(
                {
                    **base,
                    "time": _rfc3339(time_ms),
                    "sessionId": -1 if sequence < 2 else session_id,
                    "sequenceNumber": sequence_number,
                    "statusType": status_type,
                    "statusSubType": subtype,
                    "statusReasonId": reason_id,
                    "statusReasonText": reason_text,
                    "prevStatusChangeTime": None if previous_ms is None else _rfc3339(previous_ms),
                }
            )
            previous_ms = time_ms
            if sequence > 0:
                time_ms += rng.randrange(5_000, 600_000)
    changes.sort(key=lambda change: change["time"])
    return {
        "_metadata": {
            "references": [{"rel": "self", "href": "https://example.invalid/status-changes"}],
            "timeframe": {
                "startTime": _rfc3339(day_start_ms),
                "endTime": _rfc3339(day_start_ms + 86_400_000),
                "startTimeL": day_start_ms,
                "endTimeL": day_start_ms + 86_400_000,
            },
        },
        "stateChanges": changes,
    }
