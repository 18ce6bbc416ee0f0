"""Hostile config and theme files: one clear line each, never a hang, an OOM or a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.config.loading import load_settings
from tui.core.errors import ConfigError
from tui.ui.themes import ThemeFileError, load_theme_file


def test_a_fifo_config_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="named pipe"):
        load_settings(fifo, environ={})


def test_a_huge_config_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ConfigError, match="larger than 1 MB"):
        load_settings(path, environ={})


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("refresh_interval_s = 99999999999999999", "refresh_interval_s"),
        ("lookback_s = 9223372036854775807", "lookback_s"),
        ("retention_days = 100000000", "retention_days"),
        ('[reasons.long_away_s]\n"*" = 9223372036854775807', "long_away_s"),
    ],
)
def test_huge_numbers_are_range_errors(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(line + "\n")
    with pytest.raises(ConfigError, match=key):
        load_settings(path, environ={})


def test_deep_nesting_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("keys = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match=r"nested too deep|not valid TOML"):
        load_settings(path, environ={})


@pytest.mark.parametrize("override", ["https://[::1", "https://host:99999", "http://"])
def test_an_invalid_domain_api_override_is_an_error(tmp_path: Path, override: str) -> None:
    with pytest.raises(ConfigError, match="AGENT_ACTIVITY_DOMAIN_API"):
        load_settings(tmp_path / "none.toml", environ={"AGENT_ACTIVITY_DOMAIN_API": override})


def test_config_pointing_at_a_fifo_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    monkeypatch.setenv("AGENT_ACTIVITY_CONFIG", str(fifo))
    assert main(["export", "--demo", "--date", "2026-03-02"]) == 2
    assert "named pipe" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "7", "-1"])
def test_a_theme_number_out_of_range_is_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(f'primary = "#112233"\nluminosity_spread = {value}\n')
    with pytest.raises(ThemeFileError, match="between 0 and 1"):
        load_theme_file(path)


def test_a_fifo_or_deeply_nested_theme_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(ThemeFileError, match="named pipe"):
        load_theme_file(fifo)
    deep = tmp_path / "deep.toml"
    deep.write_text("primary = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ThemeFileError):
        load_theme_file(deep)
