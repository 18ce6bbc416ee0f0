"""login's profile writer: creates, updates in place, keeps comments, never damages a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config.loading import load_settings
from tui.config.writing import save_profile, save_theme
from tui.core import paths
from tui.core.errors import ConfigError
from tui.core.settings import AuthMethod, Profile

WORK = Profile("work", "12345678", AuthMethod.OAUTH2)


def test_creates_the_file_and_directory() -> None:
    path = save_profile(WORK)
    assert path == paths.config_file()
    assert load_settings(profile="work", environ={}).profile == WORK


def test_updates_one_profile_and_keeps_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = (
        "# my settings\n"
        'timezone = "Europe/Berlin"\n'
        "\n"
        "[profiles.work]\n"
        "# the billing account\n"
        'account_id = "1"\n'
        'source_name = "mine"\n'
        "\n"
        "[profiles.other]\n"
        'account_id = "2"\n'
        "\n"
        "[groups]\n"
        '"5" = "Sales"\n'
    )
    path.write_text(original, encoding="utf-8")
    save_profile(
        Profile("work", "12345678", AuthMethod.OAUTH1, "mine", insecure_file_storage=True), path
    )
    text = path.read_text(encoding="utf-8")
    assert "# my settings" in text and "# the billing account" in text
    settings = load_settings(path, profile="work", environ={})
    assert settings.profile == Profile(
        "work", "12345678", AuthMethod.OAUTH1, "mine", insecure_file_storage=True
    )
    assert settings.profiles["other"].account_id == "2"
    assert settings.group_names == {5: "Sales"}
    assert settings.timezone == "Europe/Berlin"
    assert text.count("[profiles.work]") == 1


def test_adds_a_new_profile_after_existing_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nquit = "q"\n', encoding="utf-8")
    save_profile(WORK, path)
    settings = load_settings(path, profile="work", environ={})
    assert settings.profile == WORK
    assert settings.keymap == {"quit": "q"}


def test_refuses_to_edit_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("mouse = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mouse: expected true or false"):
        save_profile(WORK, path)
    assert path.read_text(encoding="utf-8") == "mouse = 3\n"


def test_a_profile_in_a_form_it_cannot_edit_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = '[profiles]\nwork = { account_id = "1" }\n'
    path.write_text(original, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        save_profile(WORK, path)
    assert "[profiles.work]" in caught.value.message
    assert 'account_id = "12345678"' in caught.value.message
    assert path.read_text(encoding="utf-8") == original


def test_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    path.chmod(0o600)
    save_profile(WORK, path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


# -- the theme the monitor persists --------------------------------------------------------


def test_theme_creates_the_file() -> None:
    path = save_theme("agent-activity-light")
    assert path == paths.config_file()
    assert path.read_text(encoding="utf-8") == 'theme = "agent-activity-light"\n'
    assert load_settings(environ={}).theme == "agent-activity-light"


def test_theme_replaces_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = (
        "# my settings\n"
        'timezone = "Europe/Berlin"\n'
        'theme = "agent-activity-dark"  # the old one\n'
        "\n"
        "[groups]\n"
        '"5" = "Sales"\n'
        '# theme = "not this one"\n'
    )
    path.write_text(original, encoding="utf-8")
    save_theme("nord", path)
    assert path.read_text(encoding="utf-8") == original.replace(
        'theme = "agent-activity-dark"  # the old one', 'theme = "nord"'
    )


def test_theme_is_added_before_the_first_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# top\ntimezone = "UTC"\n\n[groups]\n"5" = "Sales"\n', encoding="utf-8")
    save_theme("nord", path)
    text = path.read_text(encoding="utf-8")
    assert text == '# top\ntimezone = "UTC"\ntheme = "nord"\n\n[groups]\n"5" = "Sales"\n'
    settings = load_settings(path, environ={})
    assert settings.theme == "nord" and settings.group_names == {5: "Sales"}


def test_theme_in_a_table_is_not_touched(tmp_path: Path) -> None:
    """A ``theme`` key inside a table is another key: the top-level one is added."""
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ntheme = "t"\n', encoding="utf-8")
    save_theme("nord", path)
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n[keys]\ntheme = "t"\n'


def test_theme_refuses_an_invalid_file_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("timezone = [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        save_theme("nord", path)
    assert path.read_text(encoding="utf-8") == "timezone = [unclosed\n"


def test_theme_names_are_quoted_safely(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_theme('odd "name" \\ here', path)
    assert load_settings(path, environ={}).theme == 'odd "name" \\ here'
