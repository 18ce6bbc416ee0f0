"""Ctrl+P: namespaced palette commands (view:, date:, team:, agent:, export:, sync:).

Only commands that make sense now are offered: no "view: Teams" on the Teams pane, no team or
agent commands before data has loaded, no export without data. The monitor screen answers for
its state and actions through :class:`PaletteHost`, so this module needs none of its code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand
from textual.message import Message

from tui.ui.messages import AgentSelected, TeamSelected
from tui.ui.panes.catalogue import PaneEntry

if TYPE_CHECKING:
    from tui.ui.activity_view import ActivityView


class PaletteHost(Protocol):
    """What the palette reads and does on the monitor."""

    @property
    def current_pane_id(self) -> str: ...

    @property
    def timezone(self) -> str: ...

    @property
    def paused(self) -> bool: ...

    @property
    def view(self) -> ActivityView | None: ...

    def show_pane(self, pane_id: str) -> None: ...

    def step_day(self, days: int) -> None: ...

    def show_today(self) -> None: ...

    def pick_date(self) -> None: ...

    def toggle_week(self) -> None: ...

    def cycle_zone(self) -> None: ...

    def refresh_now(self) -> None: ...

    def toggle_pause(self) -> None: ...

    def export(self) -> None: ...

    def post_message(self, message: Message) -> bool: ...


def monitor_commands(host: PaletteHost, panes: Sequence[PaneEntry]) -> Iterator[SystemCommand]:
    """The palette entries for the monitor's current state."""
    current = host.current_pane_id
    for number, pane in enumerate(panes, start=1):
        if pane.pane_id != current:
            yield SystemCommand(
                f"view: {pane.title}",
                f"Show the {pane.title} pane (key {number})",
                partial(host.show_pane, pane.pane_id),
            )
    yield SystemCommand("date: previous day", "Open the day before", partial(host.step_day, -1))
    yield SystemCommand("date: next day", "Open the day after", partial(host.step_day, 1))
    yield SystemCommand("date: today", "Open today", host.show_today)
    yield SystemCommand("date: pick…", "Type a date (or a range of days) to open", host.pick_date)
    if current != "week":
        yield SystemCommand(
            "date: week", "The 7 days up to the day shown, day by day (key w)", host.toggle_week
        )
    yield SystemCommand(
        "date: next time zone",
        f"Day boundaries in another zone (now {host.timezone})",
        host.cycle_zone,
    )
    yield SystemCommand("sync: refresh now", "Fetch the newest data now", host.refresh_now)
    yield SystemCommand(
        "sync: resume auto-refresh" if host.paused else "sync: pause auto-refresh",
        "Stop or restart the refresh every few minutes",
        host.toggle_pause,
    )
    view = host.view
    if view is None:
        return
    yield SystemCommand(
        "export: CSV and JSON", "Write the current view to the exports folder", host.export
    )
    for group in view.report.groups:
        yield SystemCommand(
            f"team: {group.name}",
            f"Agents of {group.name} ({group.agents})",
            partial(host.post_message, TeamSelected(group.group_id)),
            discover=False,
        )
    for activity in view.report.agents:
        info = activity.agent
        yield SystemCommand(
            f"agent: {info.display_name}",
            f"Timeline and records of {info.display_name} ({view.group_name(info.group_id)})",
            partial(host.post_message, AgentSelected(info.agent_id)),
            discover=False,
        )
