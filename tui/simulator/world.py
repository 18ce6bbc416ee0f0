"""The simulated account's people and what they did: a deterministic world from a seed.

Days are UTC days (the simulated site runs on UTC; each team's shift is fixed in UTC, the Night
Desk's runs across midnight). Every (agent, day) is generated on its own from a
``random.Random`` seeded with (seed, agent id, day), so any time range is reproducible and ranges
are consistent with each other: ``records(a, c) == records(a, b) + records(b, c)`` as sets.
A session belongs to the day its shift starts on; records are filtered by their own time.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Sequence

from tui.core.records import NO_GROUP, StatusRecord
from tui.core.segments import Segment
from tui.simulator.conversations import agent_day_segments
from tui.simulator.roster import (
    AWAY_REASONS,
    AwayReason,
    SimAgent,
    SimTeam,
    draw_teams,
    world_random,
)
from tui.simulator.roster import DEFAULT_SEED as DEFAULT_SEED  # noqa: PLC0414 - re-exported
from tui.simulator.shifts import generate_agent_day

DAY_MS = 86_400_000
MINUTE_MS = 60_000
MAX_ARRIVAL_LAG_MS = 60 * MINUTE_MS
"""Records become visible at most this long after their time (LivePerson's 1 h SLA)."""

MAX_SESSION_ID_FILL_MS = 10 * MINUTE_MS
"""How long a record may be served with ``sessionId`` -1 after it arrives, before the real id.

The fill-in still lands within :data:`MAX_ARRIVAL_LAG_MS` of the record's time: the 1 h SLA covers
the whole record, so data older than the lag is final in every field."""

MAX_SEGMENT_LAG_MS = 24 * 60 * MINUTE_MS
"""Segments become visible at most this long after their close (the Actual Handle Time API's
"within 24 hours")."""

_MASK64 = (1 << 64) - 1
_CACHED_DAYS = 4
_TWO_53 = float(1 << 53)


_FIRST_NAMES = (
    "Ava", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jonas",
    "Keiko", "Liam", "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rosa", "Samir", "Tessa",
    "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Carmen", "Dmitri",
)  # fmt: skip
_LAST_NAMES = (
    "Adams", "Bauer", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero",
    "Rossi", "Silva", "Tanaka", "Underwood", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip


def _mix64(seed: int, agent_id: int, time_ms: int, sequence: int) -> int:
    """A fast, well-spread 64-bit hash of one record's key (splitmix64 finaliser)."""
    state = (
        agent_id * 0x9E3779B97F4A7C15
        + time_ms * 0xC2B2AE3D27D4EB4F
        + sequence * 0x165667B19E3779F9
        + seed * 0x27D4EB2F165667C5
    ) & _MASK64
    state = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    state = ((state ^ (state >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state ^ (state >> 31)


class World:
    """The simulated account's teams, agents and their status changes, all from ``seed``.

    ``agent_count`` defaults to 40–60 (chosen by the seed); benchmarks ask for thousands.
    """

    def __init__(self, seed: int = DEFAULT_SEED, *, agent_count: int | None = None) -> None:
        self.seed = seed
        rng = world_random(seed)
        self.teams: tuple[SimTeam, ...] = draw_teams(rng)
        count = rng.randint(40, 60) if agent_count is None else agent_count
        self.agents: tuple[SimAgent, ...] = tuple(_make_agents(rng, self.teams, count))
        self.reasons: tuple[AwayReason, ...] = AWAY_REASONS
        self._agents_by_id = {agent.agent_id: agent for agent in self.agents}
        self._days: OrderedDict[int, list[StatusRecord]] = OrderedDict()
        self._segment_days: OrderedDict[int, list[Segment]] = OrderedDict()

    def agent(self, agent_id: int) -> SimAgent | None:
        return self._agents_by_id.get(agent_id)

    def team_name(self, group_id: int) -> str | None:
        for team in self.teams:
            if team.group_id == group_id:
                return team.name
        return None

    def day_records(self, day: int) -> list[StatusRecord]:
        """Every record of the sessions whose shift starts on UTC day ``day`` (days since epoch).

        Cached for a few days: the service asks for the same days over and over while paging.
        """
        cached = self._days.get(day)
        if cached is not None:
            self._days.move_to_end(day)
            return cached
        records: list[StatusRecord] = []
        for agent in self.agents:
            rng = random.Random((self.seed * 1_000_003 + agent.agent_id) * 100_003 + day)
            records.extend(generate_agent_day(agent, day * DAY_MS, rng))
        self._days[day] = records
        while len(self._days) > _CACHED_DAYS:
            self._days.popitem(last=False)
        return records

    def records(self, start_ms: int, end_ms: int) -> list[StatusRecord]:
        """Ground truth: every record with time in ``[start_ms, end_ms)``, in its final form.

        Final form: the first two records of a session carry ``sessionId`` -1 (that never
        changes), the rest their real session id. Order: by agent, then time.
        """
        if end_ms <= start_ms:
            return []
        first_day = start_ms // DAY_MS - 1  # an overnight shift from the day before reaches in
        last_day = (end_ms - 1) // DAY_MS
        found: list[StatusRecord] = []
        for day in range(first_day, last_day + 1):
            found.extend(r for r in self.day_records(day) if start_ms <= r.time_ms < end_ms)
        found.sort(key=lambda r: (r.agent_id, r.time_ms, r.sequence))
        return found

    def day_segments(self, day: int) -> list[Segment]:
        """The conversation segments of the sessions whose shift starts on UTC day ``day``,
        played over those sessions' records (cached like :meth:`day_records`)."""
        cached = self._segment_days.get(day)
        if cached is not None:
            self._segment_days.move_to_end(day)
            return cached
        by_agent: dict[int, list[StatusRecord]] = {}
        for record in self.day_records(day):
            by_agent.setdefault(record.agent_id, []).append(record)
        segments: list[Segment] = []
        for agent_id, records in by_agent.items():
            rng = random.Random((self.seed * 1_000_033 + agent_id) * 100_019 + day)
            agent = self._agents_by_id[agent_id]
            segments.extend(agent_day_segments(agent, records, rng, account=str(self.seed)))
        self._segment_days[day] = segments
        while len(self._segment_days) > _CACHED_DAYS:
            self._segment_days.popitem(last=False)
        return segments

    def segments(self, start_ms: int, end_ms: int) -> list[Segment]:
        """Ground truth: every segment that closed in ``[start_ms, end_ms)``, by close time."""
        if end_ms <= start_ms:
            return []
        found: list[Segment] = []
        for day in range(start_ms // DAY_MS - 1, (end_ms - 1) // DAY_MS + 1):
            found.extend(s for s in self.day_segments(day) if start_ms <= s.end_ms < end_ms)
        found.sort(key=lambda s: (s.end_ms, s.segment_id))
        return found

    def segment_arrival_ms(self, segment: Segment) -> int:
        """When ``segment`` becomes visible: its close plus a lag in (0, 24 h], most within a
        few hours."""
        mixed = _mix64(self.seed, segment.agent_id, segment.end_ms, segment.handle_ms)
        unit = ((mixed >> 11) + 1) / _TWO_53  # (0, 1]
        return segment.end_ms + max(1, int(MAX_SEGMENT_LAG_MS * unit * unit))

    def arrival_ms(self, record: StatusRecord) -> int:
        """When ``record`` becomes visible to the API: its time plus a lag in (0, 60 min].

        Most records arrive within 15 minutes; a few take nearly the full hour.
        """
        return self.serving_times(record)[0]

    def session_id_known_ms(self, record: StatusRecord) -> int:
        """From when the real ``sessionId`` is served; before that (for about a third of the
        records that have one) the record is served with ``sessionId`` -1."""
        return self.serving_times(record)[1]

    def serving_times(self, record: StatusRecord) -> tuple[int, int]:
        """``(arrival_ms, session_id_known_ms)`` of ``record`` in one go (the service needs both
        for every record of a query)."""
        mixed = _mix64(self.seed, record.agent_id, record.time_ms, record.sequence)
        unit = ((mixed >> 11) + 1) / _TWO_53  # (0, 1]
        arrival = record.time_ms + max(1, int(MAX_ARRIVAL_LAG_MS * unit * unit))
        if record.session_id == -1 or mixed % 3:
            return arrival, arrival
        filled = arrival + 1 + (mixed >> 3) % MAX_SESSION_ID_FILL_MS
        return arrival, min(filled, record.time_ms + MAX_ARRIVAL_LAG_MS)


def _make_agents(rng: random.Random, teams: Sequence[SimTeam], count: int) -> list[SimAgent]:
    """``count`` agents spread over the teams; exactly one has no group (when count > 1)."""
    agent_ids = sorted(rng.sample(range(1_000_000_000, 4_000_000_000), count))
    used_logins: set[str] = set()
    agents: list[SimAgent] = []
    for index, agent_id in enumerate(agent_ids):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        login = f"{first[0]}{last}".lower()
        suffix = 2
        while login in used_logins:
            login = f"{first[0]}{last}{suffix}".lower()
            suffix += 1
        used_logins.add(login)
        team = teams[index % len(teams)]
        group_id = NO_GROUP if count > 1 and index == count // 2 else team.group_id
        offset = rng.choice((-60, -30, 0, 0, 0, 30, 60))
        agents.append(
            SimAgent(
                agent_id=agent_id,
                employee_id=f"E{10_000 + index * 7 + rng.randint(0, 6)}",
                login_name=login,
                user_name=f"{first} {last}",
                group_id=group_id,
                shift_start_minute=(team.shift_start_minute + offset) % (24 * 60),
                shift_minutes=team.shift_minutes,
            )
        )
    return agents
