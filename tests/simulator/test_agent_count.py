"""``--agents N``: the simulated account at contact-centre scale, with the same team mix."""

from __future__ import annotations

from collections import Counter

import pytest

from tui.cli import build_parser, main
from tui.simulator.world import DEFAULT_SEED, World


def test_demo_and_simulator_take_an_agent_count() -> None:
    parser = build_parser()
    assert parser.parse_args(["demo", "--agents", "10000"]).agents == 10_000
    assert parser.parse_args(["simulator", "--agents", "2000"]).agents == 2_000
    assert parser.parse_args(["demo"]).agents is None


@pytest.mark.parametrize("value", ["0", "-5", "many", "50001"])
def test_a_bad_agent_count_is_one_clear_line(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["simulator", "--agents", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--agents" in err
    assert "Traceback" not in err


def test_ten_thousand_agents_keep_the_team_mix_and_the_day_scales() -> None:
    small, large = World(DEFAULT_SEED, agent_count=50), World(DEFAULT_SEED, agent_count=10_000)
    assert small.teams == large.teams
    assert len(large.agents) == 10_000
    assert len({agent.agent_id for agent in large.agents}) == 10_000
    per_team = Counter(agent.group_id for agent in large.agents)
    grouped = [count for group_id, count in per_team.items() if group_id != -1]
    assert len(grouped) == len(large.teams)
    assert max(grouped) - min(grouped) <= 1  # the same round-robin mix as the default world
    assert per_team[-1] == 1
    day = 20_000  # a UTC day, in days since the epoch
    records = large.day_records(day)
    assert len(records) > 50 * len(large.agents)
    reasons = {record.reason_text for record in records if record.reason_text}
    assert reasons == {reason.text for reason in large.reasons}
