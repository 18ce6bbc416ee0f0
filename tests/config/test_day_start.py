"""``day_start`` in config.toml and ``--day-start`` on the command line: read, checked, named."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.config.loading import load_settings
from tui.core.errors import ConfigError


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_day_start_is_read(tmp_path: Path) -> None:
    settings = load_settings(_config(tmp_path, 'day_start = "18:00"\n'), environ={})
    assert settings.day_start == time(18, 0)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"25:00"', "day_start '25:00' is not a time of day: use HH:MM"),
        ('"evening"', "day_start 'evening' is not a time of day"),
        ("18", "day_start: expected a string, got an integer"),
        ("18:00:00", "day_start: expected a string"),  # a TOML local time: write "18:00"
    ],
)
def test_a_bad_day_start_is_named_with_the_fix(tmp_path: Path, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(_config(tmp_path, f"day_start = {value}\n"), environ={})
    assert says in str(caught.value)


def test_day_start_on_the_command_line_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--demo", "--date", "2026-11-20", "--day-start", "7pm"]) == 2
    err = capsys.readouterr().err
    assert "--day-start '7pm' is not a time of day: use HH:MM" in err
    assert len(err.splitlines()) == 1


def test_day_start_shifts_the_export_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["export", "--demo", "--tz", "UTC", "--date", "2026-11-20", "--day-start", "18:00"])
        == 0
    )
    window = json.loads(capsys.readouterr().out)["window"]
    assert window == {"from": "2026-11-20T18:00:00+00:00", "to": "2026-11-21T18:00:00+00:00"}
