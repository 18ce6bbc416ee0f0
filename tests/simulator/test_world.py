"""The simulated world: deterministic, consistent across ranges, realistic, with the API quirks."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from tests.simulator.conftest import DAY_MS, YESTERDAY_MS
from tui.core.records import NO_GROUP, StatusRecord, StatusSubType, StatusType
from tui.simulator.world import MAX_ARRIVAL_LAG_MS, World


def _by_agent(records: list[StatusRecord]) -> dict[int, list[StatusRecord]]:
    agents: dict[int, list[StatusRecord]] = defaultdict(list)
    for record in records:
        agents[record.agent_id].append(record)
    for history in agents.values():
        history.sort(key=StatusRecord.sort_key)
    return agents


def test_same_seed_same_world_other_seed_other_world() -> None:
    first, second, other = World(7), World(7), World(8)
    assert first.teams == second.teams
    assert first.agents == second.agents
    assert first.records(YESTERDAY_MS, YESTERDAY_MS + DAY_MS) == second.records(
        YESTERDAY_MS, YESTERDAY_MS + DAY_MS
    )
    assert first.agents != other.agents


def test_teams_and_agents_look_like_an_account(world: World) -> None:
    assert 4 <= len(world.teams) <= 6
    assert all(10_000 <= team.group_id <= 9_999_999 and team.name for team in world.teams)
    assert len({team.name for team in world.teams}) == len(world.teams)
    assert 40 <= len(world.agents) <= 60
    assert len({agent.agent_id for agent in world.agents}) == len(world.agents)
    assert len({agent.login_name for agent in world.agents}) == len(world.agents)
    groups = Counter(agent.group_id for agent in world.agents)
    assert groups[NO_GROUP] == 1
    assert set(groups) - {NO_GROUP} == {team.group_id for team in world.teams}
    assert World(agent_count=2000).agents[1999].agent_id > 0


def test_records_are_consistent_across_any_split_of_a_range(world: World) -> None:
    rng = random.Random(3)
    start = YESTERDAY_MS - DAY_MS
    end = YESTERDAY_MS + DAY_MS
    whole = set(world.records(start, end))
    for _ in range(5):
        cut = rng.randrange(start + 1, end)
        left, right = world.records(start, cut), world.records(cut, end)
        assert set(left) | set(right) == whole
        assert len(left) + len(right) == len(whole)
        assert all(start <= r.time_ms < cut for r in left)
    fresh = World(world.seed)
    assert set(fresh.records(start + 3_600_000, end)) == {
        r for r in whole if r.time_ms >= start + 3_600_000
    }


def test_a_day_has_about_a_hundred_records_per_agent(world: World) -> None:
    records = world.records(YESTERDAY_MS, YESTERDAY_MS + DAY_MS)
    per_agent = len(records) / len(world.agents)
    assert 60 <= per_agent <= 140


def test_sessions_have_the_api_quirks(world: World) -> None:
    agents = _by_agent(world.records(YESTERDAY_MS - DAY_MS, YESTERDAY_MS + DAY_MS))
    sessions_checked = 0
    for history in agents.values():
        for index, record in enumerate(history):
            if record.status_type != StatusType.LOGIN:
                continue
            default = history[index + 1]
            assert record.sequence == -1 and record.session_id == -1
            assert default.time_ms == record.time_ms
            assert default.status_type == StatusType.STATE_CHANGE
            assert default.status_subtype in (StatusSubType.ONLINE, StatusSubType.OFFLINE)
            assert default.sequence == 1 and default.session_id == -1
            rest: list[StatusRecord] = []
            for later in history[index + 2 :]:
                rest.append(later)
                if later.status_type == StatusType.LOGOUT:
                    break
            if rest and rest[-1].status_type == StatusType.LOGOUT:
                sessions_checked += 1
                assert len({r.session_id for r in rest}) == 1 and rest[0].session_id > 0
                sequences = [r.sequence for r in rest]
                assert sequences == list(range(2, 2 + len(rest)))
                times = [r.time_ms for r in rest]
                assert times == sorted(times) and times[0] >= record.time_ms
    assert sessions_checked > 50


def test_reasons_only_on_away_and_all_reasons_used(world: World) -> None:
    records = world.records(YESTERDAY_MS - 3 * DAY_MS, YESTERDAY_MS + DAY_MS)
    reasons: Counter[str] = Counter()
    for record in records:
        if record.status_subtype == StatusSubType.AWAY:
            assert record.reason_id is not None and record.reason_text
            reasons[record.reason_text] += 1
        else:
            assert record.reason_id is None and record.reason_text is None
    names = {reason.text for reason in world.reasons}
    assert set(reasons) == names
    ids = {reason.text: reason.reason_id for reason in world.reasons}
    assert all(r.reason_id == ids[r.reason_text] for r in records if r.reason_text is not None)


def test_shifts_include_overnight_relogins_and_early_and_late_days(world: World) -> None:
    records = world.records(YESTERDAY_MS - 6 * DAY_MS, YESTERDAY_MS + DAY_MS)
    agents = _by_agent(records)
    overnight = relogins = 0
    for history in agents.values():
        logins = [r for r in history if r.status_type == StatusType.LOGIN]
        for login in logins:
            logout = next(
                (
                    r
                    for r in history
                    if r.status_type == StatusType.LOGOUT and r.time_ms > login.time_ms
                ),
                None,
            )
            if logout is not None and logout.time_ms // DAY_MS != login.time_ms // DAY_MS:
                overnight += 1
        days = Counter(login.time_ms // DAY_MS for login in logins)
        relogins += sum(1 for count in days.values() if count > 1)
    assert overnight > 10
    assert relogins > 3
    states = Counter(r.status_subtype for r in records if r.status_type == StatusType.STATE_CHANGE)
    assert states[StatusSubType.OCCUPIED] > states[StatusSubType.AWAY] > 0
    assert states[StatusSubType.OFFLINE] > 0


def test_arrival_lag_is_positive_at_most_an_hour_and_varied(world: World) -> None:
    records = world.records(YESTERDAY_MS, YESTERDAY_MS + DAY_MS)
    lags = [world.arrival_ms(r) - r.time_ms for r in records]
    assert all(0 < lag <= MAX_ARRIVAL_LAG_MS for lag in lags)
    assert min(lags) < 60_000 and max(lags) > 50 * 60_000
    assert world.arrival_ms(records[0]) == World(world.seed).arrival_ms(records[0])
    known = [world.session_id_known_ms(r) for r in records if r.session_id != -1]
    assert all(
        k - r.time_ms <= MAX_ARRIVAL_LAG_MS
        for r, k in zip((r for r in records if r.session_id != -1), known, strict=True)
    ), "a late session id still arrives within the 1 h SLA"
    assert (
        sum(
            1
            for r, k in zip((r for r in records if r.session_id != -1), known, strict=True)
            if k > world.arrival_ms(r)
        )
        > 0
    )
