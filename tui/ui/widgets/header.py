"""The persistent header: pane tabs, account/date/zone, the reporting-data badge and the clocks.

It shows two reactives its screen binds (``data_bind``): ``freshness`` (everything the lines
say) and ``active_pane`` (the bracketed tab); nothing calls it to repaint.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from tui.ui.freshness import REPORTING_BADGE, Freshness

Tab = tuple[str, str, str]
"""(pane id, title, short title) of one pane's tab."""


def tab_labels(tabs: Sequence[Tab], active: str, width: int) -> list[str]:
    """The tab labels that fit ``width`` cells, widest form first.

    Every pane keeps a numbered tab at any width: full titles (``1 Teams 2 Agents …``); else
    short titles for the other panes (``2 Agts 3 Time``), the active one in full; else short
    titles throughout; else only the numbers beside the active pane's title (short when even
    that is too wide). The active pane is bracketed.
    """

    def labels(form: int) -> list[str]:
        result = []
        for number, (pane_id, title, short) in enumerate(tabs, start=1):
            if pane_id == active:
                result.append(f"[{number} {short if form in (2, 4) else title}]")
            elif form == 0:
                result.append(f"{number} {title}")
            elif form < 3:
                result.append(f"{number} {short}")
            else:
                result.append(str(number))
        return result

    for form in (0, 1, 2, 3):
        candidate = labels(form)
        if sum(map(len, candidate)) + len(candidate) - 1 <= width:
            return candidate
    return labels(4)


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

    def __init__(self, tabs: Sequence[Tab], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs = tuple(tabs)
        self._shown: dict[str, object] = {}
        """What each line shows now (keyed by widget id), so a line is updated (and the
        screen laid out again) only when its text changes — not on every progress message."""
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
        self._show_tabs()

    def on_resize(self, event: events.Resize) -> None:
        self._show_tabs()

    def _show_tabs(self) -> None:
        if self.is_mounted:
            key = (self.active_pane, self._tabs_width())
            if self._shown.get("header-tabs-key") != key:
                self._shown["header-tabs-key"] = key
                self.query_one("#header-tabs", Static).update(self._tabs_content())

    def _show_line(self, widget_id: str, text: str) -> Static:
        """Put ``text`` on the line ``widget_id`` unless it is there already."""
        line = self.query_one(f"#{widget_id}", Static)
        if self._shown.get(widget_id) != text:
            self._shown[widget_id] = text
            line.update(text)
        return line

    def _tabs_width(self) -> int:
        """The cells left for the tabs beside the context (account · day · zone)."""
        if not self.size.width:
            return 10_000
        context = "" if self.freshness is None else self.freshness.context_line()
        return self.size.width - len(context) - 2  # the context's padding

    def _tabs_content(self) -> Content:
        """``[1 Teams] 2 Agents 3 Timeline …``: the active pane bracketed, others clickable;
        shorter labels when the terminal is narrow (:func:`tab_labels`)."""
        labels = tab_labels(self._tabs, self.active_pane, self._tabs_width())
        parts: list[Content] = []
        for (pane_id, _title, _short), label in zip(self._tabs, labels, strict=True):
            if pane_id == self.active_pane:
                parts.append(Content.styled(label, "bold reverse"))
            else:
                link = f"[@click=app.show_pane('{pane_id}')]{label}[/]"
                parts.append(Content.from_markup(link))
        return Content(" ").join(parts)

    def watch_freshness(self, freshness: Freshness | None) -> None:
        if freshness is None:
            return
        self._show_line("header-context", freshness.context_line())
        self._show_tabs()
        self._show_line("header-clocks", freshness.clocks_line())
        stale_text = freshness.stale_line()
        self._show_line("header-stale", stale_text).display = bool(stale_text)
        self.set_class(freshness.stale, "-stale")
        progress = self.query_one("#header-progress", ProgressBar)
        progress.display = freshness.fetching
        fraction = freshness.progress_fraction()
        if fraction is None:
            progress.update(total=None)
        else:
            progress.update(total=100, progress=round(100 * fraction))
