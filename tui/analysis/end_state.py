"""Where each agent stood at the end of the data: "away · Lunch since 09:40", "logged out 17:31".

Read from the agent's timeline (so it agrees with the bars): the last interval that ends at
*data complete to* (or the window end) — never "now", since reporting data is up to an hour
behind. Teams count their agents per end state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui.analysis.model import LOGGED_IN_STATES, AgentActivity
from tui.core.records import State

END_STATE_ORDER = (
    State.ONLINE,
    State.OCCUPIED,
    State.AWAY,
    State.OFFLINE,
    State.OTHER,
    State.UNKNOWN,
    State.LOGGED_OUT,
)
"""The order the Teams pane lists its counts in."""


@dataclass(frozen=True)
class EndState:
    """The agent's state where the figures stop, and since when (``None``: before the window).

    For ``LOGGED_OUT``, ``since_ms`` is the last logout in the window (``None`` when the agent
    was not logged in at all inside it).
    """

    state: State
    since_ms: int | None
    reason: str | None = None


def end_state(activity: AgentActivity, window_start_ms: int, complete_to_ms: int) -> EndState:
    """The state in force just before ``complete_to_ms`` (timelines must have been built).

    Read from the end of the timeline backwards (what follows ``complete_to`` is pending,
    provisional or not yet): a few intervals per agent, not the whole day.
    """
    timeline = activity.timeline
    last = None
    position = len(timeline)
    while position:
        position -= 1
        interval = timeline[position]
        if interval.start_ms < complete_to_ms and interval.state is not State.PENDING:
            last = interval
            break
    if last is None or last.state not in LOGGED_IN_STATES:  # a tuple: no Enum hashing
        return EndState(State.LOGGED_OUT, activity.last_logout_ms)
    since = last.start_ms
    while position:  # merge the same-state run before it (a reason change splits)
        position -= 1
        interval = timeline[position]
        if interval.end_ms != since or interval.state is not last.state:
            break
        if interval.reason != last.reason:
            break
        since = interval.start_ms
    return EndState(last.state, None if since <= window_start_ms else since, last.reason)


def end_state_counts(ends: Iterable[EndState]) -> Mapping[State, int]:
    """How many agents ended in each state, in :data:`END_STATE_ORDER` (zero counts left out)."""
    counts: dict[State, int] = {}
    for end in ends:
        counts[end.state] = counts.get(end.state, 0) + 1
    return {state: counts[state] for state in END_STATE_ORDER if state in counts}
