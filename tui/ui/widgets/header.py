"""The persistent header: pane tabs, account/date/zone, the reporting-data badge and the clocks.

It shows two reactives its screen binds (``data_bind``): ``freshness`` (everything the lines
say) and ``active_pane`` (the bracketed tab); nothing calls it to repaint.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from tui.ui.freshness import REPORTING_BADGE, Freshness


class FreshnessHeader(Widget):
    """Three lines (four when stale) shown above every pane."""

    DEFAULT_CSS = """
    FreshnessHeader {
        height: auto;
        dock: top;
    }
    """

    freshness: var[Freshness | None] = var(None)
    """What the context, clocks and stale lines and the progress bar show."""
    active_pane: var[str] = var("")
    """The pane whose tab is bracketed."""

    def __init__(self, tabs: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs = tuple(tabs)
        self.set_reactive(FreshnessHeader.active_pane, tabs[0][0] if tabs else "")

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-top"):
            yield Static(self._tabs_content(), id="header-tabs")
            yield Static("", id="header-context")
        with Horizontal(id="header-badge-row"):
            yield Static(f"⚠ {REPORTING_BADGE}", id="header-badge")
        with Horizontal(id="header-clocks-row"):
            yield Static("", id="header-clocks")
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="header-progress"
            )
        yield Static("", id="header-stale")

    def watch_active_pane(self) -> None:
        self.query_one("#header-tabs", Static).update(self._tabs_content())

    def _tabs_content(self) -> Content:
        """``[1 Teams] 2 Agents 3 Timeline …``: the active pane bracketed, others clickable."""
        parts: list[Content] = []
        for number, (pane_id, title) in enumerate(self._tabs, start=1):
            label = f"{number} {title}"
            if pane_id == self.active_pane:
                parts.append(Content.styled(f"[{label}]", "bold reverse"))
            else:
                link = f"[@click=app.show_pane('{pane_id}')]{label}[/]"
                parts.append(Content.from_markup(link))
        return Content(" ").join(parts)

    def watch_freshness(self, freshness: Freshness | None) -> None:
        if freshness is None:
            return
        self.query_one("#header-context", Static).update(freshness.context_line())
        self.query_one("#header-clocks", Static).update(freshness.clocks_line())
        stale = self.query_one("#header-stale", Static)
        stale_text = freshness.stale_line()
        stale.update(stale_text)
        stale.display = bool(stale_text)
        self.set_class(freshness.stale, "-stale")
        progress = self.query_one("#header-progress", ProgressBar)
        progress.display = freshness.fetching
        fraction = freshness.progress_fraction()
        if fraction is None:
            progress.update(total=None)
        else:
            progress.update(total=100, progress=round(100 * fraction))
