"""Hostile input, fuzzed: mutated v2/v1 pages, configs, themes and schedules.

Whatever the bytes, the command ends with exit status 0 or 2 and a readable line, never a
traceback, and each example stays within a time and memory budget. The example counts are bounded
so the suite stays fast; raise them locally with ``--hypothesis-seed`` and a profile to dig.
"""

from __future__ import annotations

import json
import math
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.analysis import AnalysisOptions, analyze
from tui.analysis.schedule import parse_schedule
from tui.cli import main
from tui.core.errors import AgentActivityError
from tui.core.records import StatusRecord
from tui.core.windows import Window
from tui.ui.themes import ThemeFileError, load_theme_file

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TIME_BUDGET_S = 5.0
MEMORY_BUDGET = 200 * 1024 * 1024

HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "²",
            "١٢",
            "-0",
            " 3 ",
            "\x1b[2J",
            "9" * 40,
            "9999-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "1e400",
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _record(agent: int, minute: int) -> dict[str, Any]:
    return {
        "agentId": agent,
        "employeeId": f"E{agent}",
        "agentLoginName": f"a{agent}",
        "agentUserName": f"Agent {agent}",
        "agentGroupId": 7,
        "time": f"2026-03-02T09:{minute:02d}:00.000Z",
        "sessionId": 5,
        "sequenceNumber": minute,
        "statusType": 1,
        "statusSubType": 2 + minute % 3,
        "statusReasonId": 3,
        "statusReasonText": "Lunch",
        "prevStatusChangeTime": None,
    }


def v2_page() -> dict[str, Any]:
    return {
        "_metadata": {
            "references": [{"rel": "self", "href": "https://x/?offset=0"}],
            "timeframe": {
                "startTime": "2026-03-02T00:00:00.000Z",
                "endTime": "2026-03-03T00:00:00.000Z",
                "startTimeL": 1772409600000,
                "endTimeL": "1772496000000",
            },
        },
        "stateChanges": [_record(1, m) for m in range(5)] + [_record(2, m) for m in range(3)],
    }


def v1_page() -> dict[str, Any]:
    page = v2_page()
    records = page.pop("stateChanges")
    page["agentsInfo"] = [{"agentId": 1, "statusChangeHistory": records}]
    return page


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    page = draw(st.sampled_from([v2_page, v1_page]))()
    for _ in range(draw(st.integers(1, 4))):
        paths = [path for path in _paths(page) if path]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = page
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(HOSTILE_VALUES)
    text = json.dumps(page, allow_nan=True)
    trick = draw(st.sampled_from(["", "huge-number", "deep", "truncate"]))
    if trick == "huge-number":
        text = text.replace("1772409600000", "1" * 5000, 1)
    elif trick == "deep":
        text = text.replace('"stateChanges": [', '"stateChanges": [' + "[" * 5000, 1)
    elif trick == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _within_budget(run: Any) -> Any:
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = run()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < TIME_BUDGET_S
    assert peak < MEMORY_BUDGET
    return result


@FUZZ
@given(text=mutated_pages(), output=st.sampled_from(["json", "csv", "table"]))
def test_a_mutated_page_exports_or_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, output: str
) -> None:
    page = tmp_path / "page.json"
    page.write_text(text)
    status = _within_budget(lambda: main(["export", "--input", str(page), "--format", output]))
    captured = capsys.readouterr()
    assert status in (0, 2), captured.err
    assert "Traceback" not in captured.err
    assert "\x1b" not in captured.out and "\x1b" not in captured.err


TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e308",
            "true",
            '"x"',
            '"/dev/zero"',
            "[]",
            "{}",
            '"\\u001b[2J"',
            "[" * 200 + "]" * 200,
            "1979-05-27T07:32:00Z",
        ]
    ),
)
CONFIG_KEYS = st.sampled_from(
    [
        "refresh_interval_s",
        "lag_allowance_s",
        "trailing_refetch_s",
        "lookback_s",
        "retention_days",
        "max_in_flight",
        "short_flip_s",
        "timezone",
        "domain_api",
        "schedule_file",
        "theme",
        "mouse",
        "page_size",
        "unknown",
    ]
)


@FUZZ
@given(
    lines=st.lists(st.tuples(CONFIG_KEYS, TOML_SCALARS), max_size=6),
    garbage=st.sampled_from(
        [
            "",
            "[profiles.x]\naccount_id = 1e9\n",
            "[[[",
            "= =\n",
            '[reasons.long_away_s]\n"*" = 1e999\n',
        ]
    ),
)
def test_a_hostile_config_is_one_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lines: list[tuple[str, str]],
    garbage: str,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("".join(f"{key} = {value}\n" for key, value in lines) + garbage)
    monkeypatch.setenv("AGENT_ACTIVITY_CONFIG", str(config))
    page = tmp_path / "page.json"
    page.write_text(json.dumps(v2_page()))
    status = _within_budget(lambda: main(["export", "--input", str(page)]))
    captured = capsys.readouterr()
    assert status in (0, 2), captured.err
    assert "Traceback" not in captured.err


THEME_VALUES = st.one_of(
    st.sampled_from(
        [
            '"#112233"',
            '"red"',
            '"not a colour"',
            "nan",
            "inf",
            "-inf",
            "1e308",
            "0.5",
            "-3",
            "true",
            "[" * 300 + "]" * 300,
            "{a = {b = {c = 1}}}",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
THEME_KEYS = st.sampled_from(
    ["primary", "background", "luminosity_spread", "text_alpha", "dark", "name", "variables"]
)


@FUZZ
@given(fields=st.lists(st.tuples(THEME_KEYS, THEME_VALUES), max_size=6))
def test_a_hostile_theme_is_refused_or_usable(
    tmp_path: Path, fields: list[tuple[str, str]]
) -> None:
    path = tmp_path / "mine.toml"
    body = dict(fields)
    path.write_text("".join(f"{key} = {value}\n" for key, value in body.items()))
    try:
        theme = load_theme_file(path)
    except ThemeFileError:
        return
    system = theme.to_color_system().generate()  # what the app computes at start
    assert system
    assert math.isfinite(theme.luminosity_spread) and math.isfinite(theme.text_alpha)


SCHEDULE_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "E1",
            "²",
            "4711",
            "9" * 40,
            "2026-03-02",
            "9999-12-31",
            "0001-01-01",
            "09:00",
            "17:30",
            "25:00",
            "²:00",
            "00:00",
            "12:00-12:30",
            "x-y",
            "=cmd",
            "\x1b[2J",
        ]
    ),
    st.text(max_size=12),
)


@FUZZ
@given(rows=st.lists(st.lists(SCHEDULE_CELLS, min_size=5, max_size=6), max_size=6))
def test_a_hostile_schedule_is_refused_or_analysed(rows: list[list[str]]) -> None:
    text = "employee_id,agent_id,date,start,end,breaks\n" + "\n".join(
        ",".join(cell.replace(",", ";").replace("\n", " ") for cell in row) for row in rows
    )
    try:
        schedule = parse_schedule(text, "schedule.csv")
    except AgentActivityError:
        return
    window = Window(1772409600000, 1772496000000, "Europe/London")
    records = [
        StatusRecord(4711, window.start_ms + 3_600_000, 3, 0, -1, employee_id="E1"),
        StatusRecord(4711, window.start_ms + 9 * 3_600_000, 4, 0, 9, employee_id="E1"),
    ]
    report = analyze(
        records, window, data_complete_to_ms=None, options=AnalysisOptions(schedule=schedule)
    )
    assert len(report.agents) == 1
