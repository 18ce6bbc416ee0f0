"""The monitor's app-wide key bindings (each has an id so `[keys]` in config can remap it)."""

from __future__ import annotations

from textual.binding import Binding

DAY_GROUP = Binding.Group("Day", compact=True)
"""``[]`` Day in the footer: the two day keys share one label."""

APP_BINDINGS: tuple[Binding, ...] = (
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark,f1", "help", "Help", id="app.help"),
    Binding("1", "show_pane('teams')", "Teams", show=False, id="app.pane.teams"),
    Binding("2", "show_pane('agents')", "Agents", show=False, id="app.pane.agents"),
    Binding("3", "show_pane('timeline')", "Timeline", show=False, id="app.pane.timeline"),
    Binding("4", "show_pane('agent')", "Agent", show=False, id="app.pane.agent"),
    Binding("5", "show_pane('events')", "Events", show=False, id="app.pane.events"),
    Binding("6", "show_pane('exceptions')", "Exceptions", show=False, id="app.pane.exceptions"),
    Binding("7", "show_pane('week')", "Week", show=False, id="app.pane.week"),
    Binding("w", "toggle_week", "Week", id="app.week"),
    Binding("escape", "go_back", "Back", show=False, id="app.back"),
    Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True, id="app.next"),
    Binding(
        "shift+tab", "cycle_pane(-1)", "Previous pane", show=False, priority=True, id="app.prev"
    ),
    Binding("left_square_bracket", "step_day(-1)", "Day-", id="app.prev_day", group=DAY_GROUP),
    Binding("right_square_bracket", "step_day(1)", "Day+", id="app.next_day", group=DAY_GROUP),
    Binding("t", "today", "Today", show=False, id="app.today"),
    Binding("g", "pick_date", "Go to date", show=False, id="app.pick_date"),
    Binding("z", "cycle_zone", "Time zone", show=False, id="app.zone"),
    Binding("r", "refresh", "Refresh", id="app.refresh"),
    Binding("p", "pause", "Pause", id="app.pause"),
    Binding("p", "resume", "Resume", id="app.pause"),
    Binding("e", "export", "Export", id="app.export"),
)
