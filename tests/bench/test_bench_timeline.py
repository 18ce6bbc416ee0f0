"""Timeline frame benchmark: 2,000 agents × a full day, one frame after a keypress at 120×40.

Run: ``uv run pytest -m bench tests/bench/test_bench_timeline.py -s``. Target: ≤ 16 ms per frame.

Three figures, each the median (and worst) of many keypresses:

* *cold frame*: after a pan (``l``) every bar on screen has a new cache key, so this is
  ``render_line`` for every visible line with a cold strip cache — the widget's whole cost;
* *warm frame*: after a cursor move (``down``/``right``) only the cursor overlay changes;
* *keypress → screen*: ``pilot.press`` plus a pause in ``run_test``: Textual's event dispatch,
  our action, the panes' info lines, and compositing (headless, so no terminal I/O). The pilot
  polls for idleness between steps, so wall time is mostly its own waiting; CPU time is the
  honest figure, and the same figures for an unbound key are printed as the baseline.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

from tests.ui.timeline_fixtures import PaneHarness, generated_view
from tui.ui.panes.timeline import TimelinePane
from tui.ui.widgets.timeline.agent_timeline import AgentTimeline

AGENTS = 2_000
SIZE = (120, 40)
TARGET_MS = 16.0


def render_frame(timeline: AgentTimeline) -> float:
    """Milliseconds to build every line the widget shows."""
    started = time.perf_counter()
    for y in range(timeline.size.height):
        timeline.render_line(y)
    return (time.perf_counter() - started) * 1000


def summary(name: str, samples: list[float]) -> str:
    return (
        f"{name:<22} median {statistics.median(samples):6.2f} ms   "
        f"worst {max(samples):6.2f} ms   ({len(samples)} frames)"
    )


@pytest.mark.bench
async def test_timeline_frame_after_a_keypress_with_2000_agents() -> None:
    started = time.perf_counter()
    view = generated_view(AGENTS, teams=20, max_gap_min=10)
    build_s = time.perf_counter() - started
    intervals = sum(len(activity.timeline) for activity in view.report.agents)
    app = PaneHarness(TimelinePane(), view)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timeline = app.query_one("#timeline-bars", AgentTimeline)
        timeline.focus()
        await pilot.press("pagedown", "pagedown", "pagedown", "plus")  # a 4 h view mid-list
        await pilot.pause()

        def frames(keys: list[str], action: Callable[[str], None]) -> list[float]:
            samples = []
            for key in keys:
                action(key)
                samples.append(render_frame(timeline))
            return samples

        def pan(key: str) -> None:
            timeline.action_pan_right() if key == "l" else timeline.action_pan_left()

        def move(key: str) -> None:
            (timeline.action_cursor_down if key == "down" else timeline.action_cursor_right)()

        cold = frames(["l"] * 12 + ["h"] * 12, pan)  # every pan shows a view not seen yet
        warm = frames(["down", "right"] * 20, move)

        async def presses(keys: list[str]) -> tuple[list[float], list[float]]:
            wall, cpu = [], []
            for key in keys:
                started, started_cpu = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            return wall, cpu

        pan_wall, pan_cpu = await presses(["l"] * 20)  # each pan shows a view never drawn
        move_wall, move_cpu = await presses(["down", "right"] * 10)
        idle_wall, idle_cpu = await presses(["x"] * 20)  # unbound: the pilot's own waiting

    print()
    print(
        f"timeline bench: {AGENTS} agents, {intervals} intervals, {SIZE[0]}x{SIZE[1]}, "
        f"data built in {build_s:.2f} s"
    )
    print(summary("cold frame (pan)", cold))
    print(summary("warm frame (cursor)", warm))
    print(summary("pan key, wall", pan_wall))
    print(summary("pan key, cpu", pan_cpu))
    print(summary("cursor key, wall", move_wall))
    print(summary("cursor key, cpu", move_cpu))
    print(summary("unbound key, wall", idle_wall))
    print(summary("unbound key, cpu", idle_cpu))
    for name, cpu in (("pan", pan_cpu), ("cursor", move_cpu)):
        extra = statistics.median(cpu) - statistics.median(idle_cpu)
        print(f"{name} keypress -> screen, CPU above an unbound key: {extra:.2f} ms (median)")
    print(f"target {TARGET_MS:.0f} ms per frame")
    assert statistics.median(cold) <= TARGET_MS
