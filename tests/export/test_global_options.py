"""Global options mean the same before or after the sub-command, and are never ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export.test_export_cli import DAY_CHANGES, v2_file
from tui.cli import build_parser, main


@pytest.mark.parametrize(
    "argv",
    [
        ["--tz", "Europe/Berlin", "--date", "2026-03-02", "export"],
        ["export", "--tz", "Europe/Berlin", "--date", "2026-03-02"],
        ["--tz", "Europe/Berlin", "export", "--date", "2026-03-02"],
    ],
)
def test_tz_and_date_before_or_after_export_are_the_same(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    assert main([*argv, "--input", str(page)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["timezone"] == "Europe/Berlin"
    # 2026-03-02 in Berlin: 00:00+01:00 to 00:00+01:00 the next day (not the UTC day)
    assert document["window"] == {
        "from": "2026-03-02T00:00:00+01:00",
        "to": "2026-03-03T00:00:00+01:00",
    }


@pytest.mark.parametrize("before", [True, False])
def test_monitor_options_before_or_after_demo(before: bool) -> None:
    options = ["--tz", "Europe/Berlin", "--date", "2026-03-02", "--no-mouse", "--theme", "x"]
    argv = [*options, "demo"] if before else ["demo", *options]
    args = build_parser().parse_args(argv)
    assert (args.tz, args.date, args.no_mouse, args.theme) == (
        "Europe/Berlin",
        "2026-03-02",
        True,
        "x",
    )


def test_profile_before_or_after_a_command() -> None:
    for argv in (["--profile", "work", "doctor"], ["doctor", "--profile", "work"]):
        assert build_parser().parse_args(argv).profile == "work"


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--tz", "UTC", "login"], "--tz"),
        (["--date", "2026-03-02", "simulator"], "--date"),
        (["--theme", "x", "export", "--demo"], "--theme"),
        (["--no-mouse", "doctor"], "--no-mouse"),
    ],
)
def test_an_option_the_command_does_not_use_is_refused(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert f"{option} does not apply to" in capsys.readouterr().err
