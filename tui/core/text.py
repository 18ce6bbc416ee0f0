"""Text from outside (the API, files, the command line) made safe to show in a terminal.

One rule, used wherever such text is displayed or printed: every control character (C0, DEL,
C1 — ESC among them), the Unicode bidirectional overrides and the line/paragraph separators is
shown as a visible escape (``\\x1b``, ``\\u202e``), so an agent name can never clear the screen,
write the clipboard (OSC 52) or reorder what a lead reads. Untrusted text echoed in a message is
also capped in length, and CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import re

ECHO_LIMIT = 200
"""How many characters of untrusted input a message repeats."""

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_UNSAFE_KEEPING_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_UNSAFE_AFTER_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""What a JSON encoder leaves raw (it escapes C0 itself; the layout's newlines stay)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every terminal control character shown as an escape (``\\x1b``).

    ``keep_newlines`` leaves ``\\n`` alone (multi-line messages); everything else that a terminal
    would act on, or that reorders text, is escaped. Plain text comes back as the same object.
    """
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """Untrusted input as a message repeats it: printable and at most ``limit`` characters."""
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit} more characters)"
    return printable(text)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: printable, and a leading ``= + - @``, tab or CR
    (a formula to Excel and LibreOffice) prefixed with ``'`` (OWASP's CSV-injection advice)."""
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return printable(text)


def json_terminal_safe(encoded: str) -> str:
    """Encoded JSON with the characters a terminal would act on written as ``\\uXXXX``.

    JSON encoders already escape C0; C1 and the bidi controls pass through when non-ASCII is
    kept. The escapes decode to the same string, so the data is unchanged.
    """
    if encoded.isascii() and "\x7f" not in encoded:  # O(1) and one memchr: the usual case
        return encoded
    if _UNSAFE_AFTER_JSON.search(encoded) is None:
        return encoded
    return _UNSAFE_AFTER_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
