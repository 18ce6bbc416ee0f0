"""Words for where agents stood at the end of the data (never "now": the data lags)."""

from __future__ import annotations

from collections.abc import Mapping

from tui.analysis.end_state import EndState
from tui.core.records import State
from tui.ui import format as fmt

_SHORT = {
    State.ONLINE: "online",
    State.OCCUPIED: "occ",
    State.AWAY: "away",
    State.OFFLINE: "offline",
    State.OTHER: "other",
    State.UNKNOWN: "unknown",
    State.LOGGED_OUT: "out",
}


def end_state_text(end: EndState, zone: str) -> str:
    """``away · Lunch since 09:40``, ``online since 08:02``, ``logged out 17:31``."""
    if end.state is State.LOGGED_OUT:
        if end.since_ms is None:
            return "logged out"
        return f"logged out {fmt.clock_time(end.since_ms, zone)}"
    label = end.state.value
    if end.state is State.AWAY and end.reason:
        label = f"away · {end.reason}"
    if end.since_ms is None:
        return f"{label} all day"
    return f"{label} since {fmt.clock_time(end.since_ms, zone)}"


def end_counts_text(counts: Mapping[State, int]) -> str:
    """``3 online · 1 occ · 2 away · 4 out`` (states with nobody left out)."""
    return " · ".join(f"{count} {_SHORT[state]}" for state, count in counts.items()) or "—"


def class_text(by_class_ms: Mapping[str, int], limit: int = 3) -> str:
    """The largest away classes, e.g. ``lunch 2h10 · break 45m``."""
    ranked = sorted(by_class_ms.items(), key=lambda item: (-item[1], item[0]))
    return " · ".join(f"{klass} {fmt.duration(ms)}" for klass, ms in ranked[:limit] if ms > 0)
