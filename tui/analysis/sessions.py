"""Sessions as a reader sees them: maximal runs of logged-in time on an agent's timeline.

Derived from :attr:`~tui.analysis.model.AgentActivity.timeline` (so the Agent pane, the export
and the tests can all list the same sessions); a run cut by the window start or by where the
figures stop (the window end or *data complete to*) says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.analysis.model import LOGGED_IN_STATES, Interval
from tui.core.records import State

_LOGGED_IN = frozenset(LOGGED_IN_STATES)
_AFTER_DATA = frozenset((State.PENDING, State.PROVISIONAL, State.NOT_YET))


@dataclass(frozen=True)
class Session:
    """One logged-in stretch of the timeline.

    ``from_window_start``: already logged in when the window began; ``open_end``: still logged
    in where the figures stop (the window end or *data complete to*).
    """

    start_ms: int
    end_ms: int
    from_window_start: bool
    open_end: bool

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


def sessions_of(timeline: Sequence[Interval], window_start_ms: int) -> list[Session]:
    """Maximal runs of logged-in intervals (logged out and pending end a run)."""
    sessions: list[Session] = []
    run_start: int | None = None
    run_end = 0
    for interval in timeline:
        if interval.state in _LOGGED_IN:
            if run_start is None:
                run_start = interval.start_ms
            run_end = interval.end_ms
            continue
        if run_start is not None:
            open_end = interval.state in _AFTER_DATA
            sessions.append(Session(run_start, run_end, run_start == window_start_ms, open_end))
            run_start = None
    if run_start is not None:
        sessions.append(Session(run_start, run_end, run_start == window_start_ms, True))
    return sessions
