"""One query's records in a stable serving order, and the v2/v1 page bodies cut from it.

Records are ordered by arrival time (then agent, time, sequence): whatever arrives later sorts
after everything already visible, so the pages of one fetch never lose or repeat a record even
while data keeps arriving. Within a page the order is shuffled deterministically (the real API does
not sort by time either).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from typing import Any

import httpx
from msgspec.structs import replace

from tui.core.records import StatusRecord
from tui.simulator.wire import (
    DAY_MS,
    V1_CHANGES_PER_AGENT_DAY,
    StatusQuery,
    agent_fields,
    timeframe_json,
    v1_history_entry,
    v2_record,
)
from tui.simulator.world import World


@dataclass(frozen=True)
class RecordView:
    """The records of one (range, filter) in serving order, with when each becomes visible and
    when its real ``sessionId`` is served."""

    start_ms: int
    end_ms: int
    records: tuple[StatusRecord, ...]
    arrivals: tuple[int, ...]
    session_known: tuple[int, ...]

    def visible_count(self, now_ms: int) -> int:
        """How many records have arrived by ``now_ms`` (they are the first ones)."""
        return bisect.bisect_right(self.arrivals, now_ms)

    def served(self, lo: int, hi: int, now_ms: int) -> list[StatusRecord]:
        """Records ``lo:hi`` as served at ``now_ms`` (``sessionId`` -1 until it is known)."""
        out: list[StatusRecord] = []
        for index in range(lo, hi):
            record = self.records[index]
            if record.session_id != -1 and now_ms < self.session_known[index]:
                record = replace(record, session_id=-1)
            out.append(record)
        return out


def build_view(
    world: World, start_ms: int, end_ms: int, filter_name: str | None, values: frozenset[str]
) -> RecordView:
    records = world.records(start_ms, end_ms)
    if filter_name == "agentId":
        records = [r for r in records if str(r.agent_id) in values]
    elif filter_name == "empId":
        records = [r for r in records if r.employee_id in values]
    elif filter_name == "groupId":
        records = [r for r in records if str(r.group_id) in values]
    keyed = []
    for index, record in enumerate(records):
        arrival, session_known = world.serving_times(record)
        keyed.append(
            (arrival, record.agent_id, record.time_ms, record.sequence, session_known, index)
        )
    keyed.sort()  # (agent, time, sequence) is unique, so the tail never decides
    return RecordView(
        start_ms=start_ms,
        end_ms=end_ms,
        records=tuple(records[item[5]] for item in keyed),
        arrivals=tuple(item[0] for item in keyed),
        session_known=tuple(item[4] for item in keyed),
    )


def _references(url: httpx.URL, total: int, query: StatusQuery) -> list[dict[str, str]]:
    """self and first always; next/previous/last only when there is more than one page."""
    limit, offset = query.limit, query.offset

    def at(new_offset: int) -> str:
        return str(url.copy_set_param("offset", str(new_offset)))

    references = [{"rel": "self", "href": str(url)}, {"rel": "first", "href": at(0)}]
    if total > limit:
        if offset + limit < total:
            references.append({"rel": "next", "href": at(offset + limit)})
        if offset > 0:
            references.append({"rel": "previous", "href": at(max(0, offset - limit))})
        references.append({"rel": "last", "href": at((total - 1) // limit * limit)})
    return references


def _shuffled(items: list[StatusRecord], *salt: int) -> list[StatusRecord]:
    random.Random(repr(salt)).shuffle(items)
    return items


def v2_page_body(
    view: RecordView, query: StatusQuery, now_ms: int, url: httpx.URL
) -> dict[str, Any]:
    """A v2 page: ``_metadata`` (count, references, timeframe) and ``stateChanges[]``."""
    total = view.visible_count(now_ms)
    lo = min(query.offset, total)
    page = _shuffled(
        view.served(lo, min(lo + query.limit, total), now_ms), view.start_ms, view.end_ms, lo
    )
    return {
        "_metadata": {
            "count": total,
            "references": _references(url, total, query),
            "timeframe": timeframe_json(query.start_ms, query.end_ms),
        },
        "stateChanges": [v2_record(record) for record in page],
    }


def v1_page_body(
    view: RecordView, query: StatusQuery, now_ms: int, url: httpx.URL
) -> dict[str, Any]:
    """A v1 page: ``limit`` agents per page, grouped; silently truncated to
    20 changes × limit × days as documented, read per agent-day: each agent keeps its first
    20 × days changes in time order, ``days`` counting every day the query touches. The paging
    references sit in ``metadata``, as the docs' v1 table names it (v2's example says
    ``_metadata``)."""
    visible = view.served(0, view.visible_count(now_ms), now_ms)
    by_agent: dict[int, list[StatusRecord]] = {}
    for record in visible:
        by_agent.setdefault(record.agent_id, []).append(record)
    agent_ids = sorted(by_agent)
    days = max(1, -(-(query.end_ms - query.start_ms) // DAY_MS))
    per_agent = V1_CHANGES_PER_AGENT_DAY * days
    agents_info: list[dict[str, Any]] = []
    for agent_id in agent_ids[query.offset : query.offset + query.limit]:
        history = sorted(by_agent[agent_id], key=lambda r: (r.time_ms, r.sequence))
        info = agent_fields(history[0])
        info["statusChangeHistory"] = [v1_history_entry(r) for r in history[:per_agent]]
        agents_info.append(info)
    return {
        "metadata": {
            "count": len(agent_ids),
            "references": _references(url, len(agent_ids), query),
        },
        "timeframe": timeframe_json(query.start_ms, query.end_ms),
        "agentsInfo": agents_info,
    }
