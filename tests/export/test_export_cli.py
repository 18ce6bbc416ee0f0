"""``agent-activity export`` end to end through ``tui.cli.main``: shapes, sources, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui.analysis.productivity_export import PRODUCTIVITY_FIELDS
from tui.cli import main

T = "2026-03-02T{}:00.000Z"
AGENT_KEYS = [
    "agent_id",
    "employee_id",
    "login_name",
    "user_name",
    "group_id",
    "logged_in_s",
    "online_s",
    "occupied_s",
    "away_s",
    "offline_s",
    "other_s",
    "unknown_s",
    "away_by_reason_s",
    "sessions",
    "state_changes",
    "first_login",
    "last_logout",
    "pending_s",
    "away_by_class_s",
]
GROUP_KEYS = [
    "group_id",
    "name",
    "agents",
    "logged_in_s",
    "online_s",
    "occupied_s",
    "away_s",
    "offline_s",
    "other_s",
    "unknown_s",
    "away_by_reason_s",
    "away_by_class_s",
]


def change(
    agent: int, hhmm: str, status_type: int, subtype: int | None, sequence: int, **extra: Any
) -> dict[str, Any]:
    return {
        "agentId": agent,
        "employeeId": f"E{agent}",
        "agentLoginName": f"a{agent}",
        "agentUserName": f"Agent {agent}",
        "agentGroupId": 10 * agent,
        "time": T.format(hhmm),
        "sessionId": -1,
        "sequenceNumber": sequence,
        "statusType": status_type,
        "statusSubType": subtype,
        "statusReasonId": extra.get("reason_id", -1),
        "statusReasonText": extra.get("reason_text"),
        "prevStatusChangeTime": None,
    }


DAY_CHANGES = [
    change(1, "08:00", 3, None, -1),
    change(1, "08:00", 1, 2, 1),
    change(1, "10:00", 1, 4, 2, reason_id=4, reason_text="Lunch"),
    change(1, "10:30", 1, 3, 3),
    change(1, "12:00", 4, None, 4),
    change(2, "09:00", 3, None, -1),
    change(2, "09:00", 1, 2, 1),
]


def v2_file(path: Path, changes: list[Any], *, end: str = "2026-03-03T00:00:00.000Z") -> Path:
    path.write_text(
        json.dumps(
            {
                "_metadata": {
                    "timeframe": {"startTime": "2026-03-02T00:00:00.000Z", "endTime": end}
                },
                "stateChanges": changes,
            }
        )
    )
    return path


def run_export(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["export", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_shape_and_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES, end="2026-03-02T18:00:00.000Z")
    status, out, err = run_export(["--input", str(page), "--tz", "Europe/London"], capsys)
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert list(document) == [
        "window",
        "timezone",
        "data_complete_to",
        "complete",
        "missing",
        "skipped_records",
        "skipped_by_reason",
        "agents",
        "groups",
    ]
    assert (document["complete"], document["missing"]) == (True, [])
    assert document["window"] == {
        "from": "2026-03-02T00:00:00+00:00",
        "to": "2026-03-02T18:00:00+00:00",
    }
    assert document["timezone"] == "Europe/London"
    assert document["data_complete_to"] == "2026-03-02T18:00:00+00:00"
    assert document["skipped_records"] == 0
    one, two = document["agents"]
    assert list(one) == AGENT_KEYS
    # online 08:00-10:00 (7200 s), away Lunch 10:00-10:30 (1800 s), occupied 10:30-12:00 (5400 s)
    assert (one["online_s"], one["away_s"], one["occupied_s"]) == (7200, 1800, 5400)
    assert one["logged_in_s"] == 14400
    assert one["away_by_reason_s"] == {"Lunch": 1800}
    assert (one["first_login"], one["last_logout"]) == (
        "2026-03-02T08:00:00+00:00",
        "2026-03-02T12:00:00+00:00",
    )
    # agent 2 is still online at the end of the data (18:00): 9 h
    assert two["online_s"] == 9 * 3600 and two["last_logout"] is None
    assert [list(group) for group in document["groups"]] == [GROUP_KEYS, GROUP_KEYS]
    assert [(g["group_id"], g["name"], g["agents"]) for g in document["groups"]] == [
        (10, "Group 10", 1),
        (20, "Group 20", 1),
    ]


def test_date_window_and_group_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    status, out, _ = run_export(
        ["--input", str(page), "--date", "2026-03-02", "--tz", "UTC", "--group", "20"], capsys
    )
    document = json.loads(out)
    assert status == 0
    assert [agent["agent_id"] for agent in document["agents"]] == [2]
    assert [group["group_id"] for group in document["groups"]] == [20]
    assert document["agents"][0]["online_s"] == 15 * 3600  # 09:00-24:00


def test_files_merge_and_duplicates_drop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = v2_file(tmp_path / "whole.json", DAY_CHANGES)
    first = v2_file(tmp_path / "p1.json", DAY_CHANGES[:4])
    second = v2_file(tmp_path / "p2.json", DAY_CHANGES[2:])
    _, expected, _ = run_export(["--input", str(whole), "--tz", "UTC"], capsys)
    status, merged, err = run_export(
        ["--input", str(first), "--input", str(second), "--tz", "UTC"], capsys
    )
    assert (status, err) == (0, "")
    assert merged == expected


def test_v1_file_gives_the_same_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v2 = v2_file(tmp_path / "v2.json", DAY_CHANGES)
    agent_keys = ("agentId", "employeeId", "agentLoginName", "agentUserName", "agentGroupId")
    agents: dict[int, dict[str, Any]] = {}
    for item in DAY_CHANGES:
        entry = agents.setdefault(
            item["agentId"], {**{k: item[k] for k in agent_keys}, "statusChangeHistory": []}
        )
        entry["statusChangeHistory"].append({k: v for k, v in item.items() if k not in agent_keys})
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps({"agentsInfo": list(agents.values())}))
    args = ["--tz", "UTC", "--date", "2026-03-02"]
    _, from_v2, _ = run_export(["--input", str(v2), *args], capsys)
    _, from_v1, v1_warning = run_export(["--input", str(v1), *args], capsys)
    assert "a v1 response" in v1_warning and v1_warning.count("\n") == 2
    assert "no timeframe" in v1_warning  # so complete to the window end, said once
    document_v2, document_v1 = json.loads(from_v2), json.loads(from_v1)
    # the v2 file covers the whole day; the v1 file carries no timeframe: the window end
    assert document_v1["data_complete_to"] == document_v2["data_complete_to"]
    assert document_v1 == document_v2


def test_skipped_records_warn_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [*DAY_CHANGES, {"agentId": 3}, "junk", change(3, "09:00", 9, None, 1)]
    page = v2_file(tmp_path / "day.json", bad)
    status, out, err = run_export(["--input", str(page), "--tz", "UTC"], capsys)
    assert status == 0
    assert json.loads(out)["skipped_records"] == 3
    assert err.count("\n") == 1
    assert "warning: skipped 3 unreadable records" in err
    assert "unknown statusType: 1" in err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "no such file"),
        ("", "empty file"),
        ("hello", "not JSON"),
        ('{"stateChanges": [{"agentId": 1, "time": "2026', "truncated"),
        ('{"hello": 1}', "not an Agent Activity response"),
        ("[1, 2]", "not an Agent Activity response"),
        (b"\xff\xfe\x00junk", "not JSON"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes | None, fragment: str
) -> None:
    path = tmp_path / "input.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    status, out, err = run_export(["--input", str(path)], capsys)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("agent-activity: Bad input: ")
    assert str(path) in err
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--tz", "Nowhere/City"], "unknown time zone"),
        (["--date", "2026-02-31"], "--date"),
        (["--from", "2026-03-02"], "go together"),
        (["--demo", "--input", "x.json"], "either --demo or --input"),
    ],
)
def test_bad_arguments(argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_export(argv, capsys)
    assert (status, out) == (2, "")
    assert fragment in err and err.count("\n") == 1


def test_no_account_configured(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_export(["--tz", "UTC"], capsys)
    assert status == 2
    assert "no account configured: run agent-activity login, or use --demo / --input" in err


def test_output_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    target = tmp_path / "out" / "report.csv"
    target.parent.mkdir()
    target.write_text("previous export\n")
    status, out, err = run_export(
        ["--input", str(page), "--tz", "UTC", "--format", "csv", "--output", str(target)], capsys
    )
    assert (status, out, err) == (0, "", "")
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [row["agent_id"] for row in rows] == ["1", "2"]
    assert rows[0]["away_s:Lunch"] == "1800"
    assert rows[0]["adherence_pct"] == "needs schedule"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.csv"]


def test_failed_write_leaves_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    target = tmp_path / "report.json"
    target.write_text("previous export\n")

    def fail(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    status, _, err = run_export(["--input", str(page), "--output", str(target)], capsys)
    assert status == 2
    assert "No space left on device" in err
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.json", "report.json"]


def test_output_into_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    status, _, err = run_export(
        ["--input", str(page), "--output", str(tmp_path / "no" / "such" / "r.json")], capsys
    )
    assert status == 2 and "cannot write" in err


def test_output_to_a_pipe_is_streamed_and_the_pipe_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    fifo = tmp_path / "reader.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, out, _ = run_export(["--input", str(page), "--output", str(fifo)], capsys)
    reader.join(timeout=30)
    assert (status, out) == (0, "")
    assert json.loads(received[0])["skipped_records"] == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_to_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    status, out, err = run_export(["--input", str(page), "--output", str(tmp_path)], capsys)
    assert (status, out) == (2, "")
    assert "is a directory, not a regular file" in err
    assert tmp_path.is_dir()


def test_output_through_a_symlink_replaces_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    real = tmp_path / "latest-real.json"
    real.write_text("old\n")
    real.chmod(0o644)
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    status, _, _ = run_export(["--input", str(page), "--output", str(link)], capsys)
    assert status == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["skipped_records"] == 0
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_table_says_what_the_data_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES, end="2026-03-02T18:00:00.000Z")
    status, out, _ = run_export(
        ["--input", str(page), "--format", "table", "--tz", "UTC", "--date", "2026-03-02"], capsys
    )
    assert status == 0
    lines = out.splitlines()
    assert "up to 1 h behind" in lines[0]
    assert lines[1] == "Window: 2026-03-02T00:00:00+00:00 to 2026-03-03T00:00:00+00:00 (UTC)"
    assert lines[2] == "Data complete to: 2026-03-02T18:00:00+00:00"
    assert lines[3] == "Pending (happened, still arriving): 6:00"
    agent_one = next(line for line in lines if line.startswith("Agent 1 "))
    assert "4:00" in agent_one and "needs schedule" in agent_one


def test_schedule_option_turns_on_adherence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    plan = tmp_path / "plan.csv"
    plan.write_text("employee_id,date,start,end\nE1,2026-03-02,08:00,12:00\n")
    status, out, _ = run_export(
        ["--input", str(page), "--tz", "UTC", "--format", "csv", "--schedule", str(plan)], capsys
    )
    assert status == 0
    rows = {row["agent_id"]: row for row in csv.DictReader(io.StringIO(out))}
    # scheduled 4 h; logged in 08:00-12:00, away 30 min: adherence 3.5/4 = 87.5 %.
    assert rows["1"]["scheduled_s"] == "14400"
    assert rows["1"]["adherence_pct"] == "87.5"
    assert rows["1"]["late_login_s"] == "0"
    assert rows["2"]["adherence_pct"] == "not scheduled"


def test_bad_schedule_row_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = v2_file(tmp_path / "day.json", DAY_CHANGES)
    plan = tmp_path / "plan.csv"
    plan.write_text("employee_id,date,start,end\nE1,2026-03-02,8 o'clock,12:00\n")
    status, _, err = run_export(["--input", str(page), "--schedule", str(plan)], capsys)
    assert status == 2
    assert f"{plan}, line 2: start" in err


def test_demo_export_works_offline(capsys: pytest.CaptureFixture[str]) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    status, out, err = run_export(["--demo", "--tz", "UTC", "--date", yesterday], capsys)
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["timezone"] == "UTC"
    assert document["data_complete_to"] is not None
    assert document["agents"], "the simulated account has activity every day"
    assert sum(group["agents"] for group in document["groups"]) == len(document["agents"])
    productivity_keys = list(PRODUCTIVITY_FIELDS)
    assert all(list(agent) == AGENT_KEYS + productivity_keys for agent in document["agents"])
    assert document["productivity"]["status"] == "ok"
    names = {group["name"] for group in document["groups"]}
    assert not any(name.startswith("Group ") for name in names - {"No group"})


def test_a_maybe_truncated_v1_answer_is_a_warning_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo account behind a server that answers v1 although v2 is asked for."""
    import tui.wiring.sources as sources
    from tui.api.client import V1_TRUNCATION_WARNING, StatusChangesClient
    from tui.core.clock import SystemClock
    from tui.core.settings import Settings
    from tui.simulator.account import SIM_DOMAIN_API, demo_client_credentials
    from tui.simulator.faults import FaultPlan
    from tui.simulator.service import SimulatedLivePerson
    from tui.simulator.world import World
    from tui.store.database import ActivityStore
    from tui.store.stored_source import StoredSource

    def v1_demo_source(*, settings: Settings | None = None, **_: object) -> StoredSource:
        clock = SystemClock()
        service = SimulatedLivePerson(World(), clock, faults=FaultPlan(version=1))
        client = StatusChangesClient(
            demo_client_credentials(),
            domain_api=SIM_DOMAIN_API,
            transport=service.transport(),
            clock=clock,
        )
        store = ActivityStore.in_memory(clock=clock)
        return StoredSource(store, client, clock, settings or Settings(), label="demo")

    monkeypatch.setattr(sources, "demo_source", v1_demo_source)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    status, out, err = run_export(["--demo", "--tz", "UTC", "--date", yesterday], capsys)
    assert status == 0
    assert json.loads(out)["agents"]
    assert err.count(V1_TRUNCATION_WARNING) == 1
    assert "may be truncated (v1 answer)" in err
