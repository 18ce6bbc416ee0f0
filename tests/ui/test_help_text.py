"""The help screen's remapping hint names the config section the config loader really reads."""

from __future__ import annotations

import re
from pathlib import Path

from tui.config.loading import load_settings
from tui.core.settings import Settings
from tui.ui.bindings import APP_BINDINGS
from tui.ui.panes.catalogue import pane_classes
from tui.ui.screens.help import help_sections, help_text


def test_the_remap_hint_in_help_works_when_pasted_into_config(tmp_path: Path) -> None:
    text = help_text(help_sections(APP_BINDINGS, pane_classes(), Settings()))
    hint = re.search(r"\[(\w+)\] binding-id = \"keys\"", text)
    assert hint is not None, text
    config = tmp_path / "config.toml"
    config.write_text(f'[{hint.group(1)}]\n"app.pane.events" = "e,x"\n', encoding="utf-8")
    assert dict(load_settings(config).keymap) == {"app.pane.events": "e,x"}
