"""config.toml -> Settings: defaults, every key, profile choice, every error with its key path."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tui.config.loading import TOP_LEVEL_KEYS, load_settings
from tui.core import paths
from tui.core.errors import ConfigError
from tui.core.settings import AuthMethod, Profile, Settings
from tui.core.windows import parse_day_start


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml", environ={}) == Settings()


def test_default_path_is_the_user_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("theme = 'textual-light'\n", encoding="utf-8")
    assert load_settings(environ={}).theme == "textual-light"


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
default_profile = "work"
timezone = "Europe/Berlin"
refresh_interval_s = 120
lag_allowance_s = 1800
trailing_refetch_s = 3600
lookback_s = 7200
retention_days = 10
max_in_flight = 3
page_size = 2500
short_flip_s = 5
domain_api = "https://api.example.net/"
schedule_file = "rota.csv"
theme = "textual-light"
mouse = false

[profiles.work]
account_id = 12345678
auth_method = "client-credentials"
source_name = "lead_review"
insecure_file_storage = true

[profiles.home]
account_id = "le87654321"
auth_method = "app-keys"

[groups]
"12345" = "Billing"
"-1" = "No group"

[reasons.classes]
Lunch = "break"
"Team meeting" = "meeting"

[reasons.long_away_s]
"*" = 900
Lunch = 3600

[keys]
"app.quit" = "q, ctrl+q"
app.help = "f1"
agents.filter = "slash"
""",
    )
    settings = load_settings(path, environ={})
    assert settings.profile == Profile(
        "work", "12345678", AuthMethod.OAUTH2, "lead_review", insecure_file_storage=True
    )
    assert settings.profiles["home"] == Profile("home", "le87654321", AuthMethod.OAUTH1)
    assert settings.timezone == "Europe/Berlin"
    assert (settings.refresh_interval_s, settings.lag_allowance_s) == (120, 1800)
    assert (settings.trailing_refetch_s, settings.lookback_s) == (3600, 7200)
    assert (settings.retention_days, settings.max_in_flight, settings.short_flip_s) == (10, 3, 5)
    assert settings.page_size == 2500
    assert settings.domain_api == "https://api.example.net"
    assert settings.schedule_file == tmp_path / "rota.csv"
    assert (settings.theme, settings.mouse) == ("textual-light", False)
    assert settings.group_names == {12345: "Billing", -1: "No group"}
    assert settings.reason_classes == {"Lunch": "break", "Team meeting": "meeting"}
    assert settings.long_away_s == {"*": 900, "Lunch": 3600}
    assert settings.default_long_away_s == 900
    assert settings.keymap == {"app.quit": "q,ctrl+q", "app.help": "f1", "agents.filter": "slash"}


def test_absolute_and_home_schedule_paths(tmp_path: Path) -> None:
    path = write(tmp_path, f'schedule_file = "{tmp_path / "x.csv"}"\n')
    assert load_settings(path, environ={}).schedule_file == tmp_path / "x.csv"
    path = write(tmp_path, 'schedule_file = "~/rota.csv"\n')
    assert load_settings(path, environ={}).schedule_file == Path("~/rota.csv").expanduser()


def test_profile_choice_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'default_profile = "b"\n[profiles.a]\naccount_id = "1"\n[profiles.b]\naccount_id = "2"\n',
    )
    assert load_settings(path, environ={}).profile.account_id == "2"
    env = {"AGENT_ACTIVITY_PROFILE": "a"}
    assert load_settings(path, environ=env).profile.account_id == "1"
    assert load_settings(path, profile="b", environ=env).profile.account_id == "2"
    unknown = load_settings(path, profile="new", environ={}).profile
    assert unknown == Profile(name="new")


def test_default_profile_is_named_default(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml", environ={}).profile.name == "default"


@pytest.mark.parametrize("name", ["../etc", "a/b", "", "-x", "x" * 65])
def test_unusable_profile_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="--profile: expected a name"):
        load_settings(tmp_path / "none.toml", profile=name or " ", environ={})


def test_bad_profile_name_in_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="AGENT_ACTIVITY_PROFILE: expected a name"):
        load_settings(tmp_path / "none.toml", environ={"AGENT_ACTIVITY_PROFILE": "a b"})


def test_domain_api_from_environment_wins(tmp_path: Path) -> None:
    path = write(tmp_path, 'domain_api = "https://config.example"\n')
    env = {"AGENT_ACTIVITY_DOMAIN_API": "http://127.0.0.1:8765/"}
    assert load_settings(path, environ=env).domain_api == "http://127.0.0.1:8765"


def test_bad_domain_api_in_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="AGENT_ACTIVITY_DOMAIN_API: expected an http"):
        load_settings(tmp_path / "x.toml", environ={"AGENT_ACTIVITY_DOMAIN_API": "ftp://x"})


def test_bad_toml_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "a"\nmouse = = true\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert str(path) in caught.value.message
    assert "line 2, column" in caught.value.message
    assert caught.value.title == "Configuration error"


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"theme = '\xff'\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(path, environ={})


ERROR_CASES = [
    ('colour = "red"', "colour: unknown key"),
    ('timezone = "Mars/Olympus"', 'timezone: expected an IANA time zone such as "Europe/Berlin"'),
    ("timezone = 3", "timezone: expected a string, got an integer"),
    ('refresh_interval_s = "5m"', "refresh_interval_s: expected an integer, got a string"),
    (
        "refresh_interval_s = 1",
        "refresh_interval_s: expected an integer between 10 and 86400, got 1",
    ),
    ("lag_allowance_s = -1", "lag_allowance_s: expected an integer between 0 and 604800"),
    ("trailing_refetch_s = 1.5", "trailing_refetch_s: expected an integer, got a float"),
    ("lookback_s = true", "lookback_s: expected an integer, got a boolean"),
    ("retention_days = 0", "retention_days: expected an integer between 1 and 3660"),
    ("max_in_flight = 50", "max_in_flight: expected an integer between 1 and 20, got 50"),
    ("page_size = 5001", "page_size: expected an integer between 1 and 5000, got 5001"),
    ("page_size = 0", "page_size: expected an integer between 1 and 5000, got 0"),
    ("short_flip_s = []", "short_flip_s: expected an integer, got an array"),
    ('domain_api = "api.liveperson.net"', "domain_api: expected an http(s) URL"),
    ("schedule_file = 1", "schedule_file: expected a string, got an integer"),
    ('theme = ""', "theme: expected a non-empty string"),
    ('mouse = "yes"', "mouse: expected true or false, got a string"),
    ("default_profile = 'a b'", "default_profile: expected a name"),
    ("profiles = 3", "profiles: expected a table, got an integer"),
    ("[profiles]\nwork = 1", "profiles.work: expected a table, got an integer"),
    ('[profiles."a b"]', 'profiles."a b": expected a name'),
    (
        '[profiles.work]\nauth_method = "x"',
        'profiles.work.auth_method: expected "app-keys" or "client-credentials", got "x"',
    ),
    (
        "[profiles.work]\nauth_method = 2",
        'profiles.work.auth_method: expected "app-keys" or "client-credentials", got an integer',
    ),
    (
        '[profiles.work]\naccount_id = "12-34"',
        'profiles.work.account_id: expected letters and digits only, got "12-34"',
    ),
    (
        "[profiles.work]\naccount_id = 1.5",
        "profiles.work.account_id: expected a string, got a float",
    ),
    (
        '[profiles.work]\nsource_name = "has space"',
        "profiles.work.source_name: expected at most 20 letters",
    ),
    (
        '[profiles.work]\nsource_name = "' + "x" * 21 + '"',
        "profiles.work.source_name: expected at most 20",
    ),
    (
        '[profiles.work]\ninsecure_file_storage = "no"',
        "profiles.work.insecure_file_storage: expected true or false",
    ),
    ('[profiles.work]\npassword = "x"', "profiles.work.password: unknown key"),
    ('[groups]\nbilling = "Billing"', "groups.billing: expected a numeric group id as the key"),
    ('[groups]\n"12" = 3', "groups.12: expected a string, got an integer"),
    ('[groups]\n"12" = " "', "groups.12: expected a non-empty string"),
    ("reasons = 1", "reasons: expected a table"),
    ("[reasons]\nlong_away = 3", "reasons.long_away: unknown key"),
    (
        '[reasons.classes]\nLunch = "snack"',
        'reasons.classes.Lunch: expected one of "productive", "break"',
    ),
    ("[reasons.classes]\nLunch = 1", "reasons.classes.Lunch: expected a string"),
    (
        '[reasons.long_away_s]\n"*" = 0',
        'reasons.long_away_s."*": expected an integer between 1 and 604800, got 0',
    ),
    ('[reasons.long_away_s]\nLunch = "1h"', "reasons.long_away_s.Lunch: expected an integer"),
    ("[keys]\nquit = 1", "keys.quit: expected a string, got an integer"),
    ('[keys]\nquit = "q,,x"', "keys.quit: expected keys separated by commas"),
    ("[keys]\nquit = ''", "keys.quit: expected a non-empty string"),
    ("keys = 'q'", "keys: expected a table, got a string"),
    ("[keys]\napp.quit = 1", "keys.app.quit: expected a string, got an integer"),
    ("when = 1979-05-27", "when: unknown key"),
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_each_problem_names_its_key_path(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert expected in caught.value.message
    assert caught.value.message.startswith(f"{path}: ")


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, 'mouse = 1\ntheme = 2\n[profiles.w]\nauth_method = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = caught.value.message
    assert "mouse:" in message and "theme:" in message and "profiles.w.auth_method:" in message


EXAMPLE = Path(__file__).parents[2] / "docs" / "config.example.toml"
_EXAMPLE_ONLY = {"timezone", "schedule_file", "default_profile"}
"""Keys whose example value is not the default (the default cannot be written in TOML)."""


def _uncommented_example() -> str:
    """docs/config.example.toml with every commented ``key = value`` and ``[table]`` line live."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        body = line[2:] if line.startswith("# ") else ""
        if body.startswith("[") or re.match(r'^("[^"]*"|[A-Za-z0-9_*-]+) = ', body):
            lines.append(body)
    return "\n".join(lines) + "\n"


def test_example_config_loads_as_shipped_and_uncommented(tmp_path: Path) -> None:
    assert load_settings(EXAMPLE, environ={}) == Settings()  # as shipped: all commented out
    settings = load_settings(write(tmp_path, _uncommented_example()), environ={})
    assert settings.profiles  # the example profile, groups, reasons and keys are all valid
    assert settings.group_names and settings.reason_classes and settings.keymap


def test_example_config_states_the_real_defaults() -> None:
    """Every top-level key is documented, with the value :class:`Settings` really defaults to."""
    text = _uncommented_example()
    document = tomllib.loads(text[: text.index("\n[")])
    defaults = Settings()
    for key, written in document.items():
        # day_start is a time of day, written as "HH:MM" text
        value = parse_day_start(written) if key == "day_start" else written
        if key not in _EXAMPLE_ONLY:
            assert value == getattr(defaults, key), f"config.example.toml: {key} = {value!r}"
    documented = set(document) | {"profiles", "groups", "reasons", "keys"}
    assert documented == set(TOP_LEVEL_KEYS)


def test_class_long_away_thresholds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[reasons.classes]\n"Siesta" = "lunch"\n[reasons.class_long_away_s]\nlunch = 2700\n'
        "meeting = 0\n",
    )
    settings = load_settings(path, environ={})
    assert settings.class_long_away_s == {"lunch": 2700, "meeting": 0}
    assert settings.reason_classes == {"Siesta": "lunch"}
    bad = write(tmp_path, "[reasons.class_long_away_s]\nlunchtime = 10\nbreak = -1\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(bad, environ={})
    assert "reasons.class_long_away_s.lunchtime: expected a class" in caught.value.message
    assert "reasons.class_long_away_s.break" in caught.value.message
