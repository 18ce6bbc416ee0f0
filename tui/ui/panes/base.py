"""The base class of the five panes the app switches between in one ``ContentSwitcher``."""

from __future__ import annotations

from typing import ClassVar

from textual.widget import Widget

from tui.ui.activity_view import ActivityView


class Pane(Widget):
    """One pane of the monitor (Teams, Agents, Timeline, Agent, Events).

    The app calls :meth:`update_view` whenever data changes (``None`` = nothing loaded yet: show
    an explained empty state). ``pane_id`` is the widget id in the switcher and the ``view: …``
    palette key; ``title`` is shown in the tab bar. Panes post ``AgentSelected`` /
    ``TeamSelected`` (:mod:`tui.ui.messages`) to navigate; the app switches panes.
    """

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
        width: 1fr;
    }
    """

    pane_id: ClassVar[str] = ""
    title: ClassVar[str] = ""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id or self.pane_id or None, classes=classes)

    def focus_main_list(self) -> None:
        """Focus the pane's main list: its first shown, focusable table or scroll view."""
        for widget in self.query("DataTable, ScrollView"):
            shown = all(node.display for node in widget.ancestors_with_self if node is not self)
            if shown and widget.can_focus:
                widget.focus()
                return

    def update_view(self, view: ActivityView | None) -> None:
        """Show ``view`` (or the empty state for ``None``). Must not do I/O."""
        raise NotImplementedError
