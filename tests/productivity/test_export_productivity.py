"""``export --input`` joins saved agent-segments responses with status-changes files offline;
the §5 fields per agent and group, named exactly as DESIGN.md names them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.export.test_export_cli import DAY_CHANGES, run_export, v2_file
from tui.analysis.productivity_export import PRODUCTIVITY_FIELDS
from tui.api.segment_parsing import (
    SKIP_NO_AGENT_ID,
    SKIP_NO_END_TIME,
    NotASegmentsResponse,
    decode_segment_page,
)

T = "2026-03-02T{}:00.000Z"


def segment(
    sid: str, agent: int, close: str, reason: str, handle_s: int, **extra: Any
) -> dict[str, Any]:
    return {
        "segmentId": sid,
        "startTime": T.format("07:00"),
        "endTime": T.format(close),
        "conversationId": f"c-{sid}",
        "agentId": agent,
        "employeeId": f"E{agent}",
        "skillId": 5,
        "groupId": 10 * agent,
        "endReason": reason,
        "totalHandleTimeMillis": handle_s * 1000,
        **extra,
    }


def segments_file(path: Path, segments: Sequence[object], *, key: str = "segments") -> Path:
    path.write_text(
        json.dumps(
            {
                "timeframe": {
                    "startTime": "2026-03-02T00:00:00.000Z",
                    "endTime": "2026-03-03T00:00:00.000Z",
                },
                key: segments,
                "pagination": {"count": len(segments), "references": []},
            }
        )
    )
    return path


SEGMENTS = [
    # agent 1: logged in 08:00–12:00 (4 h), online 08:00–10:00 + occupied 10:30–12:00 = 3.5 h
    segment("s1", 1, "09:00", "closedByConsumer", 600),
    segment("s2", 1, "11:00", "closedByAgent", 1200),
    segment("s3", 1, "11:30", "agentTransfer", 300),
    segment("s4", 1, "11:45", "backToQueue", 60),
    # agent 3 has segments but no status changes at all
    segment("s5", 3, "13:00", "closedBySystem", 240),
]


def test_segments_files_join_status_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changes = v2_file(tmp_path / "changes.json", DAY_CHANGES)
    # the same segments in two files, one in the table's spelling: duplicates dropped
    first = segments_file(tmp_path / "seg1.json", SEGMENTS[:3])
    renamed = [
        {("EndReason" if k == "endReason" else k): v for k, v in s.items()} for s in SEGMENTS[2:]
    ]
    second = segments_file(tmp_path / "seg2.json", renamed, key="segment")
    argv = ["--input", str(changes), "--input", str(first), "--input", str(second)]
    argv += ["--date", "2026-03-02"]
    status, out, err = run_export([*argv, "--tz", "UTC"], capsys)
    assert (status, err) == (0, "")
    document = json.loads(out)
    agents = {agent["agent_id"]: agent for agent in document["agents"]}
    one = agents[1]
    assert [key for key in one if key in PRODUCTIVITY_FIELDS] == list(PRODUCTIVITY_FIELDS)
    assert (one["closed_conversations"], one["transfers"], one["back_to_queue"]) == (2, 1, 1)
    assert one["handle_time_s"] == 600 + 1200 + 300 + 60  # 2160
    assert one["closed_per_online_hour"] == pytest.approx(2 / 3.5, abs=1e-3)
    assert one["handle_share"] == pytest.approx(2160 / 14_400, abs=1e-4)  # 0.15
    assert one["avg_handle_time_s"] == 900  # (600 + 1200) / 2
    three = agents[3]  # listed from segments alone: presence 0, ratios null
    assert three["logged_in_s"] == 0
    assert (three["closed_conversations"], three["closed_per_online_hour"]) == (1, None)
    assert three["handle_share"] is None
    groups = {group["group_id"]: group for group in document["groups"]}
    assert groups[30]["closed_conversations"] == 1
    assert groups[10]["handle_time_s"] == 2160
    assert document["productivity"]["status"] == "ok"
    assert document["productivity"]["provisional"] is False

    status, out, err = run_export([*argv, "--tz", "UTC", "--format", "csv"], capsys)
    assert status == 0
    rows = {row["agent_id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["1"]["closed_conversations"] == "2"
    assert rows["3"]["closed_per_online_hour"] == ""


def test_without_segments_files_the_export_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changes = v2_file(tmp_path / "changes.json", DAY_CHANGES)
    status, out, _ = run_export(["--input", str(changes), "--tz", "UTC"], capsys)
    assert status == 0
    document = json.loads(out)
    assert "productivity" not in document
    assert not any(key in document["agents"][0] for key in PRODUCTIVITY_FIELDS)


def test_an_unreadable_segment_is_skipped_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changes = v2_file(tmp_path / "changes.json", DAY_CHANGES)
    broken = [*SEGMENTS[:2], {"segmentId": "x", "endTime": T.format("10:00")}, "nonsense"]
    seg = segments_file(tmp_path / "seg.json", broken)
    status, out, err = run_export(
        ["--input", str(changes), "--input", str(seg), "--tz", "UTC"], capsys
    )
    assert status == 0
    assert "skipped 2 unreadable records" in err
    assert json.loads(out)["agents"][0]["closed_conversations"] == 2


def test_a_file_that_is_neither_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": []}')
    status, _, err = run_export(["--input", str(other)], capsys)
    assert status == 2
    assert str(other) in err and "Traceback" not in err


def test_lenient_reading_of_every_documented_spelling() -> None:
    body = {
        "Segment": [
            {"SEGMENTID": 17, "agentid": "5", "endTimeL": "1772442000000", "ENDREASON": "x"},
            {"segmentId": "a", "endTime": T.format("10:00")},
            {"segmentId": "b", "agentId": 1},
        ],
        "Pagination": {"Count": 3, "References": [{"rel": "self", "href": "h"}]},
    }
    page = decode_segment_page(json.dumps(body))
    (only,) = page.segments
    assert (only.segment_id, only.agent_id, only.end_ms, only.end_reason) == (
        "17",
        5,
        1_772_442_000_000,
        "other",
    )
    assert page.skipped == {SKIP_NO_AGENT_ID: 1, SKIP_NO_END_TIME: 1}
    assert page.count == 3 and page.references == {"self": "h"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["segmentId", "agentId", "endTimeL", "endTime", "endReason", "x"]),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["segments", "segment", "pagination"]), json_values))
def test_any_server_body_reads_or_is_refused_cleanly(body: dict[str, Any]) -> None:
    try:
        page = decode_segment_page(json.dumps(body))
    except NotASegmentsResponse:
        return
    assert page.raw_count >= len(page.segments)
    for item in page.segments:
        assert item.segment_id and isinstance(item.agent_id, int) and item.handle_ms >= 0
