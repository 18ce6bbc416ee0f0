"""The one terminal-safety rule for outside text: control characters shown, never acted on."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tui.core.text import ECHO_LIMIT, csv_cell, echo, json_terminal_safe, printable

ATTACKS = (
    "\x1b[2J",  # clear screen
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\x9b31m",  # C1 CSI
    "\x1b[31mred",
    "a\rb",
    "evil\u202egnp.exe",  # right-to-left override
)


def test_escape_sequences_become_visible_text() -> None:
    assert printable("\x1b[2J") == "\\x1b[2J"
    assert printable("\x9b31m") == "\\x9b31m"
    assert printable("evil\u202egnp") == "evil\\u202egnp"
    assert printable("line\nnext") == "line\\x0anext"
    assert printable("line\nnext", keep_newlines=True) == "line\nnext"


def test_plain_and_accented_text_is_untouched() -> None:
    for text in ("Ana Lima", "José Müller", "李雷", "Break – lunch", ""):
        assert printable(text) is text


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = printable(text)
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in shown)
    assert "\u202e" not in shown and "\u2066" not in shown


def test_echo_caps_untrusted_input() -> None:
    shown = echo("x" * 5000 + "\x1b[2J")
    assert len(shown) < ECHO_LIMIT + 40
    assert "4804 more characters" in shown
    assert "\x1b" not in echo("\x1b" * 10)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    for formula in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(formula).startswith("'")
    assert csv_cell("Ana") == "Ana"
    assert csv_cell("=\x1b[2J") == "'=\\x1b[2J"


@given(st.text())
def test_json_escaping_is_lossless_and_terminal_safe(text: str) -> None:
    encoded = json_terminal_safe(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"name": text}
    assert not any(0x7F <= ord(char) <= 0x9F for char in encoded)
    assert "\x1b" not in encoded and "\u202e" not in encoded
