"""`?` / F1: every key binding (as remapped by `[keys]` in config), grouped by where it works."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.settings import Settings
from tui.ui.freshness import REPORTING_BADGE
from tui.ui.panes.base import Pane

KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "slash": "/",
    "shift+tab": "shift+tab",
    "enter": "enter",
    "escape": "esc",
}


def key_label(keys: str) -> str:
    """``left_square_bracket,f1`` -> ``[ / f1``."""
    return " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def binding_rows(
    bindings: Sequence[BindingType], keymap: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """(keys, description, id) for each user-facing binding, keymap applied."""
    rows: list[tuple[str, str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        rows.append((key_label(keys), binding.description, binding.id or ""))
    return rows


Section = tuple[str, list[tuple[str, str, str]]]


def about_line(
    source_label: str,
    credentials_line: str | None,
    *,
    has_credentials: bool,
    skipped_by_reason: Mapping[str, int] | None = None,
) -> str:
    """Which account the help is for, where its credentials come from (once found out), and
    which records the last fetch could not read, per reason."""
    about = f"Account: {source_label}"
    if has_credentials:
        about += f" · credentials: {credentials_line or 'checking…'}"
    if skipped_by_reason:
        total = sum(skipped_by_reason.values())
        reasons = ", ".join(f"{reason}: {count}" for reason, count in skipped_by_reason.items())
        noun = "record" if total == 1 else "records"
        about += f"\nSkipped {total} unreadable {noun} in the last fetch ({reasons})."
    return about


def help_sections(
    app_bindings: Sequence[BindingType], panes: Sequence[type[Pane]], settings: Settings
) -> list[Section]:
    """The app's bindings, then each pane's, with the user's keymap applied."""
    keymap = dict(settings.keymap)
    sections: list[Section] = [("Everywhere", binding_rows(app_bindings, keymap))]
    for pane in panes:
        title = f"{pane.title} pane" + (f" — {pane.help_note}" if pane.help_note else "")
        sections.append((title, binding_rows(pane.help_bindings(), keymap)))
    return sections


def help_text(sections: Sequence[Section], about: str | None = None) -> str:
    lines = [
        "agent-activity — keys",
        "",
        f"This is {REPORTING_BADGE}.",
        *([about] if about else []),
        'Remap any key in config.toml: [keys] binding-id = "keys".',
    ]
    for title, rows in sections:
        if not rows:
            continue
        lines += ["", title]
        width = max(len(keys) for keys, _description, _id in rows)
        lines += [
            f"  {keys.ljust(width)}  {description}  ({binding_id})"
            for keys, description, binding_id in rows
        ]
    lines += ["", "Ctrl+P opens the command palette. Press esc or ? to close this help."]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """The key reference; esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[Section], *, about: str | None = None) -> None:
        super().__init__()
        self._sections = sections
        self._about = about

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(self._sections, self._about), id="help-text", markup=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
