"""The base class of the five panes the app switches between in one ``ContentSwitcher``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import Input

from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.keyed_table import RowSync, displayed

if TYPE_CHECKING:
    from tui.ui.activity_view import ActivityView


class Pane(Widget):
    """One pane of the monitor (Teams, Agents, Timeline, Agent, Events).

    The app calls :meth:`update_view` whenever data changes (``None`` = nothing loaded yet: show
    an explained empty state). ``pane_id`` is the widget id in the switcher and the ``view: …``
    palette key; ``title`` is shown in the tab bar (``short_title`` when narrow). Panes post
    ``AgentSelected`` / ``TeamSelected`` (:mod:`tui.ui.messages`) to navigate; the app
    switches panes.
    """

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
        width: 1fr;
    }
    """

    pane_id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    help_note: ClassVar[str] = ""
    """What help says about the pane beside its keys (a mark's meaning, say)."""
    short_title: ClassVar[str] = ""
    """The tab's label on a narrow terminal (the title when empty)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id or self.pane_id or None, classes=classes)
        self._deferred_view: ActivityView | None = None
        """A view that arrived while the pane was hidden (:meth:`receive_view`)."""

    def focus_main_list(self) -> None:
        """Focus the pane's main list: its first shown, focusable table or scroll view.

        Never the filter box (an ``Input`` is a scroll view too): a filter that is set stays
        shown, but only ``/`` puts the cursor in it, so the next key is a command, not text.
        """
        for widget in self.query("DataTable, ScrollView"):
            if isinstance(widget, Input):
                continue
            shown = all(node.display for node in widget.ancestors_with_self if node is not self)
            if shown and widget.can_focus:
                # At once, not after the queued events (``focus()`` waits for them): keys that
                # arrive in the same read as the pane key, as over SSH, belong to this list.
                self.screen.set_focus(widget)
                return
        focused = self.screen.focused
        if focused is not None and self not in focused.ancestors_with_self:
            # Nothing to focus here (the Agent pane with no agent): the list of the pane just
            # hidden must not keep the focus, or the footer would offer its keys until Textual
            # notices it is hidden.
            self.screen.set_focus(None)

    @classmethod
    def help_bindings(cls) -> list[BindingType]:
        """Every key that works on this pane (its own and its widgets'), for help."""
        return list(cls.BINDINGS)

    def step_back(self) -> bool:
        """esc: undo the pane's own narrowing (filter, then team scope); ``False`` when there
        is none left, so the monitor goes up one level."""
        for bar in self.query(FilterBar):
            if bar.text_filter.active:
                bar.set_text("")
                self.focus_main_list()
                return True
        return False

    async def mount_body(self) -> None:
        """Mount what the pane left out of the first frame (the monitor awaits it once that
        frame is on the terminal, before any data or key reaches the pane); it then shows the
        view it was last given."""

    def update_view(self, view: ActivityView | None) -> None:
        """Show ``view`` (or the empty state for ``None``). Must not do I/O."""
        raise NotImplementedError

    def receive_view(self, view: ActivityView | None) -> None:
        """The monitor's way to hand the pane a new view: shown at once when the pane is on
        screen; a hidden pane keeps it for :meth:`catch_up` (projecting, filtering and sorting
        2,000 agents' rows for a pane no one looks at would cost the event loop tens of ms
        each time a view arrives). ``None`` (a day is being opened) is shown at once: cheap."""
        if view is not None and self.is_mounted and not displayed(self):
            self._deferred_view = view
            return
        self._deferred_view = None
        self.update_view(view)

    def apply_deferred_view(self) -> None:
        """Show the view that arrived while the pane was hidden, if any (before a pane is
        pointed at something of the new view: an agent, a moment)."""
        view, self._deferred_view = self._deferred_view, None
        if view is not None:
            self.update_view(view)

    def row_syncs(self) -> list[RowSync]:
        """The pane's stepwise-filled tables (they fill only while the pane is shown)."""
        return []

    def shown(self) -> None:
        """Called each time the pane is shown: catch up on what it left for later while hidden."""

    @on(events.Show)
    def catch_up(self) -> None:
        """Bring the pane up to date now that it is displayed. The monitor calls it in the same
        turn as the pane key, so keys typed ahead find rows; the ``Show`` event is then a no-op."""
        self.apply_deferred_view()
        self.shown()
        for rows in self.row_syncs():
            rows.resume()
