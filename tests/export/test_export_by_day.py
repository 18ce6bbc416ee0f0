"""``export --by day`` end to end through ``tui.cli.main``: one row per agent and per team per
day, the same figures as a day export of each day, shift days, and the exit statuses."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.export.midday import local_days_back, midday_zone
from tests.export.test_export_cli import AGENT_KEYS, DAY_CHANGES, change, run_export, v2_file
from tui.cli import main
from tui.simulator.faults import FaultPlan
from tui.simulator.service import SimulatedLivePerson


def _days_back(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


def _by_day(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = run_export(["--by", "day", *argv], capsys)
    assert (status, err) == (0, "")
    document: dict[str, Any] = json.loads(out)
    return document


def test_demo_days_match_the_day_exports(capsys: pytest.CaptureFixture[str]) -> None:
    first, last = _days_back(3), _days_back(2)
    document = _by_day(capsys, "--demo", "--tz", "UTC", "--from", first, "--to", last)
    assert document["by"] == "day" and document["day_start"] == "00:00"
    assert [day["day"] for day in document["days"]] == [first, last]
    assert document["final"] is True and document["complete"] is True
    assert all(day["final"] for day in document["days"])
    for day in (first, last):
        status, out, _ = run_export(["--demo", "--tz", "UTC", "--date", day], capsys)
        assert status == 0
        single = json.loads(out)
        rows = [row for row in document["agents"] if row["day"] == day]
        assert [{k: row[k] for k in AGENT_KEYS} for row in rows] == [
            {k: agent[k] for k in AGENT_KEYS} for agent in single["agents"]
        ]
        teams = [row for row in document["groups"] if row["day"] == day]
        assert [{k: v for k, v in row.items() if k != "day"} for row in teams] == [
            {k: group[k] for k in group if k in teams[0]} for group in single["groups"]
        ]


def test_csv_has_a_day_column_and_a_row_per_agent_per_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, last = _days_back(4), _days_back(2)
    status, out, err = run_export(
        ["--by", "day", "--demo", "--tz", "UTC", "--from", first, "--to", last, "--format", "csv"],
        capsys,
    )
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:2] == ["day", "agent_id"]
    assert {row["day"] for row in rows} == {first, _days_back(3), last}
    keys = [(row["day"], row["agent_id"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_table_lists_days_teams_and_agents(capsys: pytest.CaptureFixture[str]) -> None:
    day = _days_back(2)
    status, out, _ = run_export(
        ["--by", "day", "--demo", "--tz", "UTC", "--date", day, "--format", "table"], capsys
    )
    assert status == 0
    assert ": final" in out and "Teams by day" in out and "Agents by day" in out
    assert "vs mean" not in out and "Trend" in out


def test_shift_days_keep_a_night_shift_in_one_row(capsys: pytest.CaptureFixture[str]) -> None:
    """The simulated Night Desk works 22:00-06:00 UTC: with 18:00 days each shift is one row."""
    first, last = _days_back(4), _days_back(3)
    argv = ("--demo", "--tz", "UTC", "--from", first, "--to", last, "--group", "Night Desk")
    shifts = _by_day(capsys, *argv, "--day-start", "18:00")
    assert shifts["day_start"] == "18:00"
    assert shifts["days"][0]["window"]["from"] == f"{first}T18:00:00+00:00"
    whole = [row for row in shifts["agents"] if row["first_login"] and row["last_logout"]]
    assert whole
    for row in whole:
        assert row["first_login"][:10] == row["day"]  # in at night, out next morning: one row
        assert row["last_logout"] > row["first_login"]
    calendar = _by_day(capsys, *argv)
    assert any(row["last_logout"] is None and row["first_login"] for row in calendar["agents"])


def test_files_by_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = [
        {**record, "time": record["time"].replace("2026-03-02", "2026-03-03")}
        for record in DAY_CHANGES
    ]
    day_one = v2_file(tmp_path / "one.json", DAY_CHANGES)
    day_two = tmp_path / "two.json"
    day_two.write_text(
        json.dumps(
            {
                "_metadata": {
                    "timeframe": {
                        "startTime": "2026-03-03T00:00:00.000Z",
                        "endTime": "2026-03-04T00:00:00.000Z",
                    }
                },
                "stateChanges": second,
            }
        )
    )
    document = _by_day(
        capsys,
        "--input",
        str(day_one),
        "--input",
        str(day_two),
        "--tz",
        "UTC",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-03",
    )
    agent_one = [row for row in document["agents"] if row["agent_id"] == 1]
    assert [(row["day"], row["logged_in_s"]) for row in agent_one] == [
        ("2026-03-02", 4 * 3600),
        ("2026-03-03", 4 * 3600),
    ]
    assert change(1, "08:00", 3, None, -1)["agentId"] == 1


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--demo"], "--by day needs the days"),
        (["--demo", "--from", "2026-01-01", "--to", "2026-03-01"], "spans 60 days"),
        (["--demo", "--from", "2026-01-05", "--to", "2026-01-01"], "is before"),
        (["--demo", "--from", "2026-01-01T10:00", "--to", "2026-01-02"], "takes dates"),
        (["--demo", "--date", "2026-01-01", "--day-start", "25:00"], "--day-start '25:00'"),
    ],
)
def test_bad_ranges_exit_2_with_one_line(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_export(["--by", "day", *argv], capsys)
    assert status == 2 and out == ""
    assert says in err and len(err.splitlines()) == 1


def test_a_day_that_failed_exits_3_and_names_it(
    served: SimulatedLivePerson, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zone, offset = midday_zone()  # local noon: yesterday is final, today half complete
    first, last = local_days_back(2, offset), local_days_back(1, offset)
    argv = ["export", "--by", "day", "--tz", zone, "--from", first, "--to", last]
    assert main(argv) == 0  # fills the cache: both days final
    capsys.readouterr()
    today = local_days_back(0, offset)
    served.set_faults(FaultPlan(server_error_rate=1.0))
    output = tmp_path / "week.json"
    status = main([*argv[:-1], today, "--output", str(output)])
    captured = capsys.readouterr()
    assert status == 3 and not output.exists()
    assert f"agent-activity: not complete, nothing written: {today}: " in captured.err
    assert main([*argv[:-1], today, "--allow-partial"]) == 0
    partial = json.loads(capsys.readouterr().out)
    assert partial["complete"] is False
    assert [day["final"] for day in partial["days"]] == [True, True, False]
    assert [day["complete"] for day in partial["days"]] == [True, True, False]
