"""Write the few keys the tool persists into ``config.toml``: ``login``'s ``[profiles.NAME]``
table, and the ``theme`` the user picks in the monitor.

A tiny line-based TOML writer, not a general one: it rewrites only the lines it owns (the key
lines of one profile table, or the top-level ``theme =`` line) and leaves every other line
(comments included) as the user wrote it. The result is parsed
and validated before it replaces the file, so a file this writer cannot edit safely is never
damaged; the user is told what to add instead. Secrets are never written here.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from tui.config.loading import load_settings
from tui.core import paths
from tui.core.atomic import write_atomically
from tui.core.errors import ConfigError
from tui.core.settings import Profile


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Record ``profile`` (account id, method, source name, file opt-in) in the config file."""
    path = paths.config_file() if path is None else path
    try:
        original = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        original = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    load_settings(
        path, environ={}
    )  # refuse to edit a file that is already invalid: the user must fix it
    updated = _with_profile(original, profile)
    _check_written(path, updated, profile)
    _replace_file(path, updated)
    return path


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Record ``theme`` as the top-level ``theme`` key, keeping the rest of the file as it is."""
    path = paths.config_file() if path is None else path
    try:
        original = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        original = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    load_settings(path, environ={})  # never edit a file that is already invalid
    updated = _with_theme(original, theme)
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / "config.toml"
        candidate.write_text(updated, encoding="utf-8")
        try:
            written = load_settings(candidate, environ={}).theme
        except ConfigError:
            written = None
    if written != theme:
        raise ConfigError(
            f"{path}: cannot set the theme automatically (its theme line is written in a form "
            f"this tool does not edit). Put this line before the first [table]:\n"
            f"theme = {_toml_value(theme)}"
        )
    _replace_file(path, updated)
    return path


_THEME_LINE = re.compile(r"^\s*(theme|\"theme\"|'theme')\s*=")
_TABLE_LINE = re.compile(r"^\s*\[")


def _with_theme(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme = …`` line replaced (or added before the first
    table, after the leading comments and keys)."""
    lines = text.splitlines()
    first_table = next(
        (index for index, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines)
    )
    wanted = f"theme = {_toml_value(theme)}"
    for index in range(first_table):
        if _THEME_LINE.match(lines[index]):
            lines[index] = wanted
            return "\n".join(lines) + "\n"
    insert_at = first_table
    while insert_at > 0 and not lines[insert_at - 1].strip():
        insert_at -= 1  # keep the blank line(s) that separate the keys from the first table
    lines.insert(insert_at, wanted)
    return "\n".join(lines) + "\n"


def profile_lines(profile: Profile) -> list[str]:
    """The ``key = value`` lines that describe ``profile`` (header excluded)."""
    values: dict[str, str | bool] = {}
    if profile.account_id is not None:
        values["account_id"] = profile.account_id
    if profile.auth_method is not None:
        values["auth_method"] = profile.auth_method.value
    values["source_name"] = profile.source_name
    values["insecure_file_storage"] = profile.insecure_file_storage
    return [f"{key} = {_toml_value(value)}" for key, value in values.items()]


def _with_profile(text: str, profile: Profile) -> str:
    lines = text.splitlines()
    header = re.compile(
        r"^\s*\[\s*profiles\s*\.\s*("
        + re.escape(profile.name)
        + r'|"'
        + re.escape(profile.name)
        + r'")\s*\]\s*(#.*)?$'
    )
    start = next((index for index, line in enumerate(lines) if header.match(line)), None)
    wanted = profile_lines(profile)
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [f"[profiles.{profile.name}]", *wanted]
        return "\n".join(lines) + "\n"
    end = next(
        (index for index in range(start + 1, len(lines)) if lines[index].lstrip().startswith("[")),
        len(lines),
    )
    section = lines[start + 1 : end]
    for line in wanted:
        key = line.split(" = ", 1)[0]
        assignment = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        index = next((i for i, old in enumerate(section) if assignment.match(old)), None)
        if index is None:
            last = max((i for i, old in enumerate(section) if old.strip()), default=-1)
            section.insert(last + 1, line)
        else:
            section[index] = line
    return "\n".join([*lines[: start + 1], *section, *lines[end:]]) + "\n"


def _check_written(path: Path, text: str, profile: Profile) -> None:
    """Parse the new text as the loader would; raise if it does not say what we meant."""
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / "config.toml"
        candidate.write_text(text, encoding="utf-8")
        try:
            written = load_settings(candidate, environ={}).profiles.get(profile.name)
        except ConfigError:
            written = None
    if written != profile:
        lines = "\n".join([f"[profiles.{profile.name}]", *profile_lines(profile)])
        raise ConfigError(
            f"{path}: cannot update profile '{profile.name}' automatically (it is written in a "
            f"form this tool does not edit). Replace it with:\n{lines}"
        )


def _replace_file(path: Path, text: str) -> None:
    """Write atomically (:func:`~tui.core.atomic.write_atomically`); a file that is already there
    keeps its mode, a new one is 0644 (it holds no secret)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text, new_file_mode=0o644)
    except OSError as error:
        raise ConfigError(f"{path}: cannot write: {error}") from None


def _toml_value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in escaped)
    return f'"{escaped}"'
