"""Which panes the monitor has, in tab order: each pane's id, titles and where its class lives.

The header's tabs, the number keys and the palette need only these names; the panes' classes
(and the widgets, row builders and analysis types they import) load after the first frame
(:func:`pane_class`), so the monitor's first frame waits for none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tui.ui.panes.base import Pane


class PaneEntry(NamedTuple):
    pane_id: str
    """The widget id in the switcher, the ``show_pane`` argument and the ``view: …`` key."""
    title: str
    """The tab's label (and the palette's)."""
    short_title: str
    """The tab's label on a narrow terminal."""
    module: str
    class_name: str


TEAMS = PaneEntry("teams", "Teams", "Team", "tui.ui.panes.teams", "TeamsPane")
AGENTS = PaneEntry("agents", "Agents", "Agts", "tui.ui.panes.agents", "AgentsPane")
TIMELINE = PaneEntry("timeline", "Timeline", "Time", "tui.ui.panes.timeline", "TimelinePane")
AGENT = PaneEntry("agent", "Agent", "Agt", "tui.ui.panes.agent", "AgentPane")
EVENTS = PaneEntry("events", "Events", "Evts", "tui.ui.panes.events", "EventsPane")
EXCEPTIONS = PaneEntry(
    "exceptions", "Exceptions", "Exc", "tui.ui.panes.exceptions", "ExceptionsPane"
)
WEEK = PaneEntry("week", "Week", "Wk", "tui.ui.panes.week", "WeekPane")

PANES: tuple[PaneEntry, ...] = (TEAMS, AGENTS, TIMELINE, AGENT, EVENTS, EXCEPTIONS, WEEK)
"""In tab order: key 1 shows the first."""
PANE_IDS = tuple(entry.pane_id for entry in PANES)
PANES_BY_ID = {entry.pane_id: entry for entry in PANES}

LOADING_TEXT = "Loading… (the first fetch of this day can take a few seconds)"
"""What a pane says until the day's first data arrives (the monitor's first frame says it too,
before the pane itself is built)."""


def pane_class(entry: PaneEntry) -> type[Pane]:
    """The pane's class (its module is imported on first use)."""
    pane: type[Pane] = getattr(importlib.import_module(entry.module), entry.class_name)
    return pane


def pane_classes() -> tuple[type[Pane], ...]:
    """Every pane's class, in tab order (for help: each pane's keys)."""
    return tuple(pane_class(entry) for entry in PANES)
