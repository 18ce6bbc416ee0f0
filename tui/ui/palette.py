"""Ctrl+P: namespaced palette commands (view:, date:, team:, agent:, export:, theme:, sync:).

Only commands that make sense now are offered: no "view: Teams" on the Teams pane, no team or
agent commands before data has loaded, no export without data.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from tui.ui.messages import AgentSelected, TeamSelected

if TYPE_CHECKING:
    from tui.ui.app import AgentActivityApp


def monitor_commands(app: AgentActivityApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """The palette entries for the app's current state."""
    if screen is not app.screen_stack[0]:
        return
    from tui.ui.app import PANE_CLASSES

    current = app.current_pane_id
    for number, pane_class in enumerate(PANE_CLASSES, start=1):
        if pane_class.pane_id != current:
            yield SystemCommand(
                f"view: {pane_class.title}",
                f"Show the {pane_class.title} pane (key {number})",
                partial(app.action_show_pane, pane_class.pane_id),
            )
    yield SystemCommand(
        "date: previous day", "Open the day before", partial(app.action_step_day, -1)
    )
    yield SystemCommand("date: next day", "Open the day after", partial(app.action_step_day, 1))
    yield SystemCommand("date: today", "Open today", app.action_today)
    yield SystemCommand("date: pick…", "Type a date to open", app.action_pick_date)
    yield SystemCommand(
        "date: next time zone",
        f"Day boundaries in another zone (now {app.timezone})",
        app.action_cycle_zone,
    )
    yield SystemCommand("sync: refresh now", "Fetch the newest data now", app.action_refresh)
    yield SystemCommand(
        "sync: resume auto-refresh" if app.paused else "sync: pause auto-refresh",
        "Stop or restart the refresh every few minutes",
        app.action_toggle_pause,
    )
    view = app.view
    if view is not None:
        yield SystemCommand(
            "export: CSV and JSON",
            "Write the current view to the exports folder",
            app.action_export,
        )
        for group in view.report.groups:
            yield SystemCommand(
                f"team: {group.name}",
                f"Agents of {group.name} ({group.agents})",
                partial(app.post_message, TeamSelected(group.group_id)),
                discover=False,
            )
        for activity in view.report.agents:
            info = activity.agent
            yield SystemCommand(
                f"agent: {info.display_name}",
                f"Timeline and records of {info.display_name} ({view.group_name(info.group_id)})",
                partial(app.post_message, AgentSelected(info.agent_id)),
                discover=False,
            )
    for theme_name in app.theme_names:
        if theme_name != app.theme:
            yield SystemCommand(
                f"theme: {theme_name}", "Switch colours", partial(setattr, app, "theme", theme_name)
            )
