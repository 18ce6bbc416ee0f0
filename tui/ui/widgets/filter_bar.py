"""The `/` filter input shared by the Agents and Events panes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from tui.ui.filtering import TextFilter


class FilterBar(Widget):
    """A one-line filter: regex when it compiles, else substring; a leading ``!`` inverts."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        display: none;
        layout: horizontal;
    }
    FilterBar.-open {
        display: block;
    }
    FilterBar Label {
        width: auto;
        padding: 0 1 0 0;
    }
    FilterBar Input {
        height: 1;
        border: none;
        padding: 0;
        width: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close filter", id="filter.close"),
    ]

    @dataclass
    class Changed(Message):
        """The filter text changed (live, as the user types)."""

        text_filter: TextFilter

    class Closed(Message):
        """The user left the filter input (the pane moves focus back to its list)."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Label("filter /")
        yield Input(placeholder=self._placeholder, compact=True)

    @property
    def text_filter(self) -> TextFilter:
        return TextFilter.parse(self.query_one(Input).value)

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    def set_text(self, text: str) -> None:
        self.query_one(Input).value = text
        self.set_class(bool(text), "-open")

    def action_close(self) -> None:
        """Hide the input; the filter stays applied while it has text."""
        text_input = self.query_one(Input)
        self.set_class(bool(text_input.value), "-open")
        self.post_message(self.Closed())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(TextFilter.parse(event.value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close()
