"""The export skips what no format prints (staffing, away episodes, exceptions), not a figure."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bench.synthetic import synthetic_v2_page
from tui.analysis import AnalysisOptions, analyze
from tui.analysis.export_formats import report_csv, report_json, report_table, seconds
from tui.api.parsing import parse_page
from tui.core.windows import Window

DAY_START_MS = 1_772_409_600_000


def test_every_export_format_is_the_same_without_the_details() -> None:
    page = parse_page(synthetic_v2_page(agents=40, records_per_agent=30, day_start_ms=DAY_START_MS))
    window = Window(DAY_START_MS, DAY_START_MS + 86_400_000, "UTC")
    complete_to = DAY_START_MS + 15 * 3_600_000
    full_options = AnalysisOptions(long_away_ms={"*": 60_000}, build_timelines=False)
    full = analyze(page.records, window, data_complete_to_ms=complete_to, options=full_options)
    lean = analyze(
        page.records,
        window,
        data_complete_to_ms=complete_to,
        options=replace(full_options, build_details=False),
    )
    assert any(activity.exceptions for activity in full.agents)
    assert all(group.staffing for group in full.groups)
    assert not any(activity.exceptions or activity.away_episodes for activity in lean.agents)
    assert not any(group.staffing for group in lean.groups)
    assert report_json(lean) == report_json(full)
    assert report_csv(lean) == report_csv(full)
    assert report_table(lean) == report_table(full)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.integers(-(2**50), 2**50), st.integers(-(2**60), 2**60)))
def test_seconds_are_milliseconds_rounded_to_three_decimals(duration_ms: int) -> None:
    """The export's seconds: whole seconds as integers, else the float ``round(..., 3)`` gives
    (what the JSON and CSV print, byte for byte)."""
    value = seconds(duration_ms)
    if duration_ms % 1000 == 0:
        assert value == duration_ms // 1000
        assert type(value) is int
    else:
        assert type(value) is float
        assert repr(value) == repr(round(duration_ms / 1000, 3))
