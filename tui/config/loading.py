"""Load and validate ``config.toml`` into :class:`tui.core.settings.Settings`.

A missing file means the defaults. Every problem (unknown key, wrong type, bad value) is reported
with its key path, e.g. ``profiles.work.auth_method: expected "app-keys" or "client-credentials",
got "x"``, so a lead can fix the file without reading code. Secrets never live here: the keyring
(or the opt-in file) holds them; this file only names the account and the method.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui.core import paths
from tui.core.environment import ENV_DOMAIN_API, ENV_PROFILE
from tui.core.errors import ConfigError, InputError
from tui.core.files import CONFIG_LIMIT, FileRefused, read_text
from tui.core.settings import REASON_CLASSES, AuthMethod, Profile, Settings
from tui.core.text import echo
from tui.core.windows import parse_day_start
from tui.core.zones import is_zone_name

DEFAULT_PROFILE = "default"

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SOURCE_NAME = re.compile(r"[A-Za-z0-9_]{1,20}")
_ACCOUNT_ID = re.compile(r"[A-Za-z0-9]{1,32}")
_GROUP_ID = re.compile(r"-?[0-9]{1,19}")


def validate_profile_name(name: str, *, origin: str = "profile") -> str:
    """The name if usable in a keyring service and a file name, else :class:`ConfigError`."""
    try:
        return _profile_name(name)
    except ValueError as error:
        raise ConfigError(f"{origin}: {error}") from None


def validate_account_id(account_id: str, *, origin: str = "account id") -> str:
    """A LivePerson account id (letters and digits), stripped, else :class:`ConfigError`."""
    try:
        return _account(account_id)
    except ValueError as error:
        raise ConfigError(f"{origin}: {error}") from None


def load_settings(
    path: Path | None = None,
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from ``config.toml`` (``tui.core.paths.config_file()`` by default).

    The profile is ``profile`` if given, else ``$AGENT_ACTIVITY_PROFILE``, else the file's
    ``default_profile``, else ``"default"``; a profile the file does not describe yet (before the
    first ``login``) gets the defaults. ``$AGENT_ACTIVITY_DOMAIN_API`` overrides ``domain_api``.
    """
    environ = os.environ if environ is None else environ
    path = paths.config_file() if path is None else path
    document = read_document(path)
    parser = _SettingsParser(path)
    settings = parser.parse(document)
    chosen = profile or environ.get(ENV_PROFILE) or parser.default_profile or DEFAULT_PROFILE
    validate_profile_name(chosen, origin="--profile" if profile else ENV_PROFILE)
    selected = settings.profiles.get(chosen, Profile(name=chosen))
    settings = replace(settings, profile=selected)
    domain_override = environ.get(ENV_DOMAIN_API, "").strip()
    if domain_override:
        try:
            settings = replace(settings, domain_api=_url(domain_override))
        except ValueError as error:
            raise ConfigError(f"{ENV_DOMAIN_API}: {error}") from None
    return settings


def read_document(path: Path) -> dict[str, Any]:
    """The parsed TOML table of ``path`` (empty when the file does not exist)."""
    try:
        text = read_text(path, CONFIG_LIMIT)
    except FileNotFoundError:
        return {}
    except FileRefused as error:
        raise ConfigError(f"cannot read the config: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message carries "(at line L, column C)".
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deep") from None


@dataclass(frozen=True)
class _Number:
    """The lowest (and optional highest) value an integer setting allows."""

    minimum: int
    maximum: int | None = None


_DAY_S = 86_400
_WEEK_S = 7 * _DAY_S
_NUMBERS = {
    "refresh_interval_s": _Number(10, _DAY_S),
    "lag_allowance_s": _Number(0, _WEEK_S),
    "trailing_refetch_s": _Number(0, _WEEK_S),
    "lookback_s": _Number(0, _WEEK_S),
    "retention_days": _Number(1, 3660),
    "max_in_flight": _Number(1, 20),
    "page_size": _Number(1, 5000),
    "short_flip_s": _Number(0, _DAY_S),
}
TOP_LEVEL_KEYS = (
    "default_profile",
    "timezone",
    "day_start",
    *_NUMBERS,
    "domain_api",
    "schedule_file",
    "theme",
    "mouse",
    "profiles",
    "groups",
    "reasons",
    "keys",
)
_PROFILE_KEYS = ("account_id", "auth_method", "source_name", "insecure_file_storage")
_REASON_KEYS = ("classes", "long_away_s", "class_long_away_s")


class _SettingsParser:
    """Walks the TOML document, collecting every problem before raising one :class:`ConfigError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.default_profile: str | None = None

    def parse(self, document: Mapping[str, Any]) -> Settings:
        self._unknown_keys("", document, TOP_LEVEL_KEYS)
        values: dict[str, Any] = {}
        if "default_profile" in document:
            name = self._string("default_profile", document["default_profile"])
            if name is not None:
                self.default_profile = self._checked("default_profile", name, _profile_name)
        if "timezone" in document:
            zone = self._string("timezone", document["timezone"])
            if zone is not None:
                values["timezone"] = self._checked("timezone", zone, _check_zone)
        if "day_start" in document:
            text = self._string("day_start", document["day_start"])
            if text is not None:
                try:
                    values["day_start"] = parse_day_start(text, what="day_start")
                except InputError as error:
                    self.problems.append(str(error))
        for key, number in _NUMBERS.items():
            if key in document:
                values[key] = self._integer(key, document[key], number)
        if "domain_api" in document:
            url = self._string("domain_api", document["domain_api"])
            if url is not None:
                values["domain_api"] = self._checked("domain_api", url, _url)
        if "schedule_file" in document:
            schedule = self._string("schedule_file", document["schedule_file"])
            if schedule is not None:
                values["schedule_file"] = self._relative_path(schedule)
        if "theme" in document:
            values["theme"] = self._string("theme", document["theme"], non_empty=True)
        if "mouse" in document:
            values["mouse"] = self._boolean("mouse", document["mouse"])
        values["profiles"] = self._profiles(document.get("profiles", {}))
        values["group_names"] = self._groups(document.get("groups", {}))
        self._reasons(document.get("reasons", {}), values)
        values["keymap"] = self._keys(document.get("keys", {}))
        if self.problems:
            raise ConfigError(f"{self.path}: " + "; ".join(self.problems))
        return Settings(**{key: value for key, value in values.items() if value is not None})

    # -- tables ------------------------------------------------------------------------------

    def _profiles(self, table: object) -> dict[str, Profile]:
        profiles: dict[str, Profile] = {}
        for name, body in self._table("profiles", table).items():
            key = f"profiles.{_key(name)}"
            if self._checked(key, name, _profile_name) is None:
                continue
            entries = self._table(key, body)
            self._unknown_keys(key, entries, _PROFILE_KEYS)
            profile = Profile(name=name)
            if "account_id" in entries:
                raw = entries["account_id"]
                if isinstance(raw, int) and not isinstance(raw, bool):
                    raw = str(raw)
                account = self._string(f"{key}.account_id", raw)
                if account is not None:
                    account = self._checked(f"{key}.account_id", account, _account)
                profile = replace(profile, account_id=account)
            if "auth_method" in entries:
                method = self._auth_method(f"{key}.auth_method", entries["auth_method"])
                profile = replace(profile, auth_method=method)
            if "source_name" in entries:
                source = self._string(f"{key}.source_name", entries["source_name"])
                if source is not None and self._checked(f"{key}.source_name", source, _source):
                    profile = replace(profile, source_name=source)
            if "insecure_file_storage" in entries:
                flag = self._boolean(
                    f"{key}.insecure_file_storage", entries["insecure_file_storage"]
                )
                profile = replace(profile, insecure_file_storage=bool(flag))
            profiles[name] = profile
        return profiles

    def _groups(self, table: object) -> dict[int, str]:
        names: dict[int, str] = {}
        for group_id, name in self._table("groups", table).items():
            key = f"groups.{_key(group_id)}"
            if not _GROUP_ID.fullmatch(group_id):
                self.problems.append(f"{key}: expected a numeric group id as the key")
                continue
            text = self._string(key, name, non_empty=True)
            if text is not None:
                names[int(group_id)] = text
        return names

    def _reasons(self, table: object, values: dict[str, Any]) -> None:
        reasons = self._table("reasons", table)
        self._unknown_keys("reasons", reasons, _REASON_KEYS)
        classes: dict[str, str] = {}
        for reason, reason_class in self._table(
            "reasons.classes", reasons.get("classes", {})
        ).items():
            key = f"reasons.classes.{_key(reason)}"
            text = self._string(key, reason_class)
            if text is None:
                continue
            if text not in REASON_CLASSES:
                expected = ", ".join(f'"{name}"' for name in REASON_CLASSES)
                self.problems.append(f"{key}: expected one of {expected}, got {_show(text)}")
                continue
            classes[reason] = text
        values["reason_classes"] = classes
        thresholds: dict[str, int] = {}
        long_away = self._table("reasons.long_away_s", reasons.get("long_away_s", {}))
        for reason, seconds in long_away.items():
            number = self._integer(
                f"reasons.long_away_s.{_key(reason)}", seconds, _Number(1, _WEEK_S)
            )
            if number is not None:
                thresholds[reason] = number
        values["long_away_s"] = thresholds
        if "*" in thresholds:
            values["default_long_away_s"] = thresholds["*"]
        by_class: dict[str, int] = {}
        table = self._table("reasons.class_long_away_s", reasons.get("class_long_away_s", {}))
        for reason_class, seconds in table.items():
            key = f"reasons.class_long_away_s.{_key(reason_class)}"
            if reason_class not in REASON_CLASSES:
                expected = ", ".join(f'"{name}"' for name in REASON_CLASSES)
                self.problems.append(f"{key}: expected a class, one of {expected}")
                continue
            number = self._integer(key, seconds, _Number(0))
            if number is not None:
                by_class[reason_class] = number
        values["class_long_away_s"] = by_class

    def _keys(self, table: object, prefix: str = "") -> dict[str, str]:
        """Binding id -> keys. Ids contain dots (``app.quit``): written bare, TOML nests them,
        so nested tables are flattened back into dotted ids."""
        keymap: dict[str, str] = {}
        for name, keys in self._table(f"keys{prefix}", table).items():
            binding_id = f"{prefix[1:]}.{name}" if prefix else name
            key = f"keys{prefix}.{_key(name)}"
            if isinstance(keys, dict):
                keymap |= self._keys(keys, f"{prefix}.{_key(name)}")
                continue
            text = self._string(key, keys, non_empty=True)
            if text is None:
                continue
            if any(not part.strip() for part in text.split(",")):
                self.problems.append(f'{key}: expected keys separated by commas, like "j,down"')
                continue
            keymap[binding_id] = ",".join(part.strip() for part in text.split(","))
        return keymap

    # -- values ------------------------------------------------------------------------------

    def _table(self, key: str, value: object) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.problems.append(f"{key}: expected a table, got {_type_name(value)}")
        return {}

    def _unknown_keys(self, prefix: str, table: Mapping[str, Any], known: tuple[str, ...]) -> None:
        for name in table:
            if name not in known:
                where = f"{prefix}.{_key(name)}" if prefix else _key(name)
                self.problems.append(f"{where}: unknown key (known: {', '.join(known)})")

    def _string(self, key: str, value: object, *, non_empty: bool = False) -> str | None:
        if not isinstance(value, str):
            self.problems.append(f"{key}: expected a string, got {_type_name(value)}")
            return None
        if non_empty and not value.strip():
            self.problems.append(f"{key}: expected a non-empty string")
            return None
        return value

    def _boolean(self, key: str, value: object) -> bool | None:
        if not isinstance(value, bool):
            self.problems.append(f"{key}: expected true or false, got {_type_name(value)}")
            return None
        return value

    def _integer(self, key: str, value: object, rule: _Number) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{key}: expected an integer, got {_type_name(value)}")
            return None
        if value < rule.minimum or (rule.maximum is not None and value > rule.maximum):
            bound = (
                f"between {rule.minimum} and {rule.maximum}"
                if rule.maximum is not None
                else f"at least {rule.minimum}"
            )
            self.problems.append(f"{key}: expected an integer {bound}, got {value}")
            return None
        return value

    def _auth_method(self, key: str, value: object) -> AuthMethod | None:
        methods = [method.value for method in AuthMethod]
        expected = " or ".join(f'"{method}"' for method in methods)
        if isinstance(value, str) and value in methods:
            return AuthMethod(value)
        shown = _show(value) if isinstance(value, str) else _type_name(value)
        self.problems.append(f"{key}: expected {expected}, got {shown}")
        return None

    def _checked(self, key: str, value: str, check: Callable[[str], str]) -> str | None:
        try:
            return check(value)
        except ValueError as error:
            self.problems.append(f"{key}: {error}")
            return None

    def _relative_path(self, text: str) -> Path:
        candidate = Path(text).expanduser()
        return candidate if candidate.is_absolute() else self.path.parent / candidate


def _check_zone(zone: str) -> str:
    if not is_zone_name(zone):
        raise ValueError(f'expected an IANA time zone such as "Europe/Berlin", got {_show(zone)}')
    return zone


def _url(url: str) -> str:
    problem = not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url)
    if not problem:
        try:
            parts = urlsplit(url)
            problem = not parts.hostname
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            problem = True
    if problem:
        raise ValueError(
            f'expected an http(s) URL such as "https://api.liveperson.net", got {_show(url)}'
        )
    return url.rstrip("/")


def _profile_name(name: str) -> str:
    if not _PROFILE_NAME.fullmatch(name):
        raise ValueError(
            "expected a name of letters, digits, '_', '.' or '-' "
            f"(starting with a letter or digit), got {_show(name)}"
        )
    return name


def _account(account_id: str) -> str:
    if not _ACCOUNT_ID.fullmatch(account_id.strip()):
        raise ValueError(f"expected letters and digits only, got {_show(account_id)}")
    return account_id.strip()


def _source(source: str) -> str:
    if not _SOURCE_NAME.fullmatch(source):
        raise ValueError(f"expected at most 20 letters, digits or '_', got {_show(source)}")
    return source


def _key(name: str) -> str:
    """A key as it appears in a TOML path: bare when possible, quoted otherwise."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'


def _show(value: str) -> str:
    value = echo(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    for kind, name in names.items():
        if type(value) is kind:
            return name
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return "a date/time"
