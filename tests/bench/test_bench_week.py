"""The week pane's work on the event loop, against analysing one day (its baseline).

Run: ``uv run pytest -m bench tests/bench/test_bench_week.py -s``. Seven UTC days of the simulated
account (2,000 agents) are analysed as the range loader does (each day on its own, in the
worker's thread). Then, in the same run, alternately:

- baseline: ``analyze`` of one day (the thread work behind every day the week shows);
- event loop: what the pane computes when a day arrives (``like_for_like``, ``range_figures``
  for the range and the one before, ``scope_days``, the team totals by day);
- rows: ``agent_rows`` for every agent and day (built in a thread; the table takes them a step
  per frame).

Printed: seconds and RATIOS to the baseline; the check is on the event-loop ratio (the machine is
shared and noisy: never an absolute time).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from tui.analysis.day_range import (
    RangeDay,
    add_totals,
    like_for_like,
    range_figures,
    scope_days,
)
from tui.analysis.options import AnalysisOptions
from tui.analysis.report import analyze
from tui.core.day_range import DayRange
from tui.simulator.world import World
from tui.ui.panes.week import agent_rows

HOUR = 3_600_000
NOW_MS = int(datetime(2026, 12, 5, 12, 0, tzinfo=UTC).timestamp() * 1000)
EVENT_LOOP_RATIO_LIMIT = 0.25
"""The pane's per-day work on the event loop, at most this share of one day's analysis."""


@pytest.mark.bench
def test_week_pane_work_against_one_days_analysis() -> None:
    world = World(agent_count=2_000)
    week = DayRange(date(2026, 11, 29), date(2026, 12, 5), "UTC")
    options = AnalysisOptions(build_timelines=False, build_details=False)
    inputs = [
        (day, window, world.records(window.start_ms - 12 * HOUR, min(window.end_ms, NOW_MS)))
        for day, window in zip(week.dates(), week.day_windows(), strict=True)
    ]

    def analyse(index: int) -> RangeDay:
        day, window, records = inputs[index]
        report = analyze(
            records, window, data_complete_to_ms=NOW_MS - HOUR, options=options, now_ms=NOW_MS
        )
        return RangeDay(day, report)

    days = tuple(analyse(index) for index in range(len(inputs)))
    previous = days  # the same shape of work as the range before

    def event_loop_work() -> None:
        compared, before = like_for_like(days, previous)
        range_figures(compared)
        range_figures(before)
        scope_days(days)
        for range_day in days:
            assert range_day.report is not None
            add_totals(group.totals for group in range_day.report.groups)

    timings: dict[str, list[float]] = {"baseline": [], "event_loop": [], "rows": []}
    for _ in range(3):
        started = time.perf_counter()
        analyse(3)
        timings["baseline"].append(time.perf_counter() - started)
        started = time.perf_counter()
        event_loop_work()
        timings["event_loop"].append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = agent_rows(days, None, None, "UTC")
        timings["rows"].append(time.perf_counter() - started)
    best = {name: min(values) for name, values in timings.items()}
    loop_ratio = best["event_loop"] / best["baseline"]
    rows_ratio = best["rows"] / best["baseline"]
    print(
        f"\nweek of 2,000 agents ({len(rows)} agent rows): one day's analysis "
        f"{best['baseline']:.3f} s; pane work on the event loop {best['event_loop']:.3f} s "
        f"(RATIO {loop_ratio:.3f}); agent rows in a thread {best['rows']:.3f} s "
        f"(RATIO {rows_ratio:.2f})"
    )
    assert loop_ratio <= EVENT_LOOP_RATIO_LIMIT
