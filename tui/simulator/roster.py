"""Who the simulated account has: teams, agents and the away reasons configured on it.

Plain data shared by :mod:`tui.simulator.world` (which builds the roster from a seed) and
:mod:`tui.simulator.shifts` (which plays one agent's day), so neither imports the other's module.
"""

from __future__ import annotations

from dataclasses import dataclass


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
