"""Themes as data files: the shipped ``themes/*.toml`` plus the user's own, as Textual themes.

Each file holds the :class:`textual.theme.Theme` fields and a ``[variables]`` table with the state
colours (``state-online`` …). A file that cannot be read or has a wrong field is reported, never
fatal: the caller shows one notification listing every failure and falls back to the default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

import tui
from tui.core import paths
from tui.core.files import CONFIG_LIMIT, FileRefused, read_text
from tui.core.text import printable

if TYPE_CHECKING:
    from textual.app import App

DEFAULT_THEME = "agent-activity-dark"

STATE_VARIABLE_DEFAULTS: Mapping[str, str] = {
    "state-online": "#5FB878",
    "state-occupied": "#4C9BE8",
    "state-away": "#E0A84F",
    "state-offline": "#8A7FBF",
    "state-other": "#C77DBA",
    "state-unknown": "#7D8590",
    "state-logged-out": "#3A424C",
    "state-pending": "#56606B",
}
"""Fallback state colours (``App.get_theme_variable_defaults``) for themes that leave one out."""

_COLOR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_KNOWN_FIELDS = frozenset({"name", "dark", "luminosity_spread", "text_alpha", "variables"}).union(
    _COLOR_FIELDS
)


@dataclass(frozen=True)
class ThemeFailure:
    """A theme file that could not be used, and why (shown to the user)."""

    path: Path
    reason: str

    def describe(self) -> str:
        return printable(f"{self.path.name}: {self.reason}")


@dataclass(frozen=True)
class LoadedThemes:
    """Every usable theme found, and the files that were not usable."""

    themes: tuple[Theme, ...]
    failures: tuple[ThemeFailure, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(theme.name for theme in self.themes)


@dataclass(frozen=True)
class RegisteredThemes:
    """What :func:`register_themes` did: the names the app can switch to, and what went wrong."""

    names: tuple[str, ...]
    failures: tuple[str, ...]
    """One line per theme file not used (and an unknown configured theme), for one warning."""


class ThemeFileError(ValueError):
    """A theme file has a missing or wrong field."""


def shipped_themes_dir() -> Path:
    """The ``themes`` directory: inside the installed wheel (which ships it as ``tui/themes``),
    else at the repository root. The package is a directory on disk (never a zip), so its path
    says where (``importlib.resources`` and ``zipfile`` stay off the start-up path)."""
    package = Path(tui.__file__).parent
    packaged = package / "themes"
    if packaged.is_dir():
        return packaged
    return package.parent / "themes"


def user_themes_dir() -> Path:
    """Where users drop their own theme files."""
    return paths.config_dir() / "themes"


def theme_from_mapping(data: Mapping[str, Any], *, default_name: str) -> Theme:
    """Validate one parsed theme file and build its :class:`Theme` (or :class:`ThemeFileError`)."""
    unknown = sorted(set(data) - _KNOWN_FIELDS)
    if unknown:
        raise ThemeFileError(f"unknown field(s) {', '.join(unknown)}")
    name = data.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError("'name' must be a non-empty string")
    colors: dict[str, str] = {}
    for field_name in _COLOR_FIELDS:
        if field_name in data:
            colors[field_name] = _color(field_name, data[field_name])
    if "primary" not in colors:
        raise ThemeFileError("'primary' colour is required")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError("'dark' must be true or false")
    variables_data = data.get("variables", {})
    if not isinstance(variables_data, Mapping):
        raise ThemeFileError("'variables' must be a table")
    variables = {
        str(key): _color(f"variables.{key}", value) for key, value in variables_data.items()
    }
    numbers: dict[str, float] = {"luminosity_spread": 0.15, "text_alpha": 0.95}
    for number_field in numbers:
        if number_field in data:
            value = data[number_field]
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ThemeFileError(f"'{number_field}' must be a number")
            if not 0.0 <= value <= 1.0:  # also refuses nan and inf
                raise ThemeFileError(f"'{number_field}' must be between 0 and 1")
            numbers[number_field] = float(value)
    return Theme(
        name=name.strip(),
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
        dark=dark,
        luminosity_spread=numbers["luminosity_spread"],
        text_alpha=numbers["text_alpha"],
        variables=variables,
    )


def _color(field_name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"'{field_name}' must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError as error:
        raise ThemeFileError(f"'{field_name}' is not a colour: {value!r}") from error
    return value


def load_theme_file(path: Path) -> Theme:
    """Read and validate one theme file."""
    try:
        data = tomllib.loads(read_text(path, CONFIG_LIMIT))
    except FileRefused as error:
        raise ThemeFileError(str(error)) from error
    except OSError as error:
        raise ThemeFileError(f"cannot read ({error.strerror})") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemeFileError(f"not valid TOML ({error})") from error
    except RecursionError as error:
        raise ThemeFileError("not valid TOML (nested too deep)") from error
    return theme_from_mapping(data, default_name=path.stem)


def load_themes(directories: Iterable[Path]) -> LoadedThemes:
    """Every ``*.toml`` theme in ``directories`` (later directories override earlier names)."""
    themes: dict[str, Theme] = {}
    failures: list[ThemeFailure] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                failures.append(ThemeFailure(path, str(error)))
                continue
            themes[theme.name] = theme
    return LoadedThemes(tuple(themes.values()), tuple(failures))


def load_all_themes() -> LoadedThemes:
    """The shipped themes, then the user's (a user theme may replace a shipped one by name)."""
    return load_themes((shipped_themes_dir(), user_themes_dir()))


def register_themes(app: App[Any], wanted: str) -> RegisteredThemes:
    """Register every usable theme with ``app`` and switch it to ``wanted``.

    An unknown ``wanted`` falls back to :data:`DEFAULT_THEME` and is reported with the unusable
    files, so the app can show every problem in one notification once it is mounted.
    """
    loaded = load_all_themes()
    for theme in loaded.themes:
        app.register_theme(theme)
    failures = tuple(failure.describe() for failure in loaded.failures)
    if wanted not in loaded.names:
        if wanted != DEFAULT_THEME:
            valid = ", ".join(sorted(loaded.names))
            failures += (f"unknown theme {wanted!r}: using {DEFAULT_THEME} (themes: {valid})",)
        wanted = DEFAULT_THEME
    if wanted in loaded.names:
        _start_with(app, wanted)
    return RegisteredThemes(loaded.names, failures)


def _start_with(app: App[Any], name: str) -> None:
    """Give an app that is not running yet the theme ``name``.

    Setting ``app.theme`` runs Textual's theme watcher, which queues a re-parse of every style
    sheet for the app's first moments: a few milliseconds before the first frame, for sheets
    that were never parsed with the old colours. Before the app runs, a dark theme (Textual's
    default is dark, so its ANSI colour mapping stays right) needs only what the watcher does
    besides: the theme's classes on the app and its colours in the style sheet's variables.
    """
    from textual.app import App

    theme = app.get_theme(name)
    if app.is_running or theme is None or not theme.dark or not app.current_theme.dark:
        app.theme = name
        return
    app.set_reactive(App.theme, name)
    for old in [class_name for class_name in app.classes if class_name.startswith("-theme-")]:
        app.remove_class(old, update=False)
    app.add_class(f"-theme-{name}", update=False)
    app.set_class(True, "-dark-mode", update=False)
    app.set_class(False, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())
