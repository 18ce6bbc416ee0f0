"""Who the simulated account has: teams, agents and the away reasons configured on it.

Plain data shared by :mod:`tui.simulator.world` (which builds the roster from a seed) and
:mod:`tui.simulator.shifts` (which plays one agent's day), so neither imports the other's module.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

DEFAULT_SEED = 20_240_601
"""The seed of the demo account; the same seed always gives the same people and records."""

_TEAM_TEMPLATES: tuple[tuple[str, int, int], ...] = (
    ("Billing", 7 * 60, 510),
    ("Technical Support", 9 * 60, 510),
    ("Sales", 12 * 60, 510),
    ("Retention", 14 * 60, 510),
    ("Night Desk", 22 * 60, 480),
)


@dataclass(frozen=True)
class SimTeam:
    """An agent group: LivePerson's ``agentGroupId`` with its name and its usual shift (UTC)."""

    group_id: int
    name: str
    shift_start_minute: int = 0
    """Minutes after 00:00 UTC the team's shift starts."""
    shift_minutes: int = 510


@dataclass(frozen=True)
class SimAgent:
    """One agent as the API names them, with their personal shift (UTC)."""

    agent_id: int
    employee_id: str
    login_name: str
    user_name: str
    group_id: int
    shift_start_minute: int = 0
    shift_minutes: int = 510


@dataclass(frozen=True)
class AwayReason:
    """A custom away reason configured on the account (stable id and text)."""

    reason_id: int
    text: str


LUNCH = AwayReason(3101, "Lunch")
BREAK = AwayReason(3102, "Break")
MEETING = AwayReason(3103, "Meeting")
TRAINING = AwayReason(3104, "Training")
COACHING = AwayReason(3105, "Coaching")
TECHNICAL_ISSUE = AwayReason(3106, "Technical issue")
AWAY_REASONS = (LUNCH, BREAK, MEETING, TRAINING, COACHING, TECHNICAL_ISSUE)


def world_random(seed: int) -> random.Random:
    """The generator a world of ``seed`` draws from: its teams first, then its agents."""
    return random.Random(f"world/{seed}")


def draw_teams(rng: random.Random) -> tuple[SimTeam, ...]:
    """The account's teams, their ids drawn from ``rng`` (a fresh :func:`world_random`)."""
    group_ids = rng.sample(range(100_000, 10_000_000), len(_TEAM_TEMPLATES))
    return tuple(
        SimTeam(group_id, name, start, length)
        for group_id, (name, start, length) in zip(group_ids, _TEAM_TEMPLATES, strict=True)
    )


def teams_of(seed: int) -> tuple[SimTeam, ...]:
    """The teams of the world of ``seed``, without building its agents (the demo names its
    teams before its first frame; the world itself is built in the sync worker)."""
    return draw_teams(world_random(seed))
