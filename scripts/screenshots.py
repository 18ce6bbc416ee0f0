"""Make ``screenshots/*.svg`` (shown in the README) from the demo account with a frozen clock.

Run: ``uv run python scripts/screenshots.py [NAME ...]`` (writes into ``screenshots/``, every
picture or the ones named; same output every time, since the simulated world and the clock are
fixed). Each picture drives the real app with
Textual's test pilot and saves what the terminal shows via ``App.save_screenshot``.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from tui.core.clock import FakeClock
from tui.core.settings import Settings
from tui.simulator.demo_plan import demo_plan_schedule
from tui.simulator.world import DEFAULT_SEED
from tui.ui.app import AgentActivityApp
from tui.wiring.sources import demo_settings, demo_source

FROZEN_NOW_MS = int(datetime(2026, 11, 24, 15, 42, tzinfo=UTC).timestamp() * 1000)
OUTPUT = Path(__file__).resolve().parents[1] / "screenshots"

SHOTS: tuple[tuple[str, tuple[str, ...], tuple[int, int], str], ...] = (
    ("teams", (), (120, 40), "agent-activity-dark"),
    ("agents", ("2",), (120, 40), "agent-activity-dark"),
    ("timeline", ("3",), (120, 40), "agent-activity-dark"),
    ("agent", ("2", "enter"), (120, 40), "agent-activity-dark"),
    ("events", ("5",), (120, 40), "agent-activity-dark"),
    # the agent who closed the most conversations: sort the Agents pane by Closed, descending
    ("productivity", ("2", "C", "enter"), (120, 40), "agent-activity-dark"),
    ("exceptions", ("6",), (120, 40), "agent-activity-dark"),
    ("week", ("w",), (120, 40), "agent-activity-dark"),
    ("help", ("question_mark",), (120, 40), "agent-activity-dark"),
    ("teams-80x24-light", (), (80, 24), "agent-activity-light"),
    ("timeline-colorblind", ("3",), (120, 40), "agent-activity-colorblind"),
    ("teams-staffing", ("s",), (120, 40), "agent-activity-dark"),
    ("timeline-schedule", ("3",), (120, 40), "agent-activity-dark"),
    ("agents-schedule", ("2", "G"), (120, 40), "agent-activity-dark"),
)
SCHEDULED = frozenset({"timeline-schedule", "agents-schedule"})
"""Shots taken with the simulated account's planned day (:mod:`tui.simulator.demo_plan`)."""


class FrozenClock(FakeClock):
    """Time stands still; the refresh loop's sleep never ends (the picture is taken first)."""

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.Event().wait()


async def shoot(name: str, keys: tuple[str, ...], size: tuple[int, int], theme: str) -> Path:
    clock = FrozenClock(FROZEN_NOW_MS)
    settings = demo_settings(Settings(timezone="UTC", theme=theme), DEFAULT_SEED)
    schedule = demo_plan_schedule() if name in SCHEDULED else None
    app = AgentActivityApp(
        demo_source(clock=clock, settings=settings), settings, clock=clock, schedule=schedule
    )
    async with app.run_test(size=size) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        for key in keys:
            generation = app.monitor.sync_generation
            await pilot.press(key)
            if key == "w":  # the week loads its days: wait until they are all in
                await app.monitor.wait_for_sync(generation)
        await pilot.pause()
        path = Path(app.save_screenshot(f"{name}.svg", path=str(OUTPUT)))
    return path


async def main() -> int:
    OUTPUT.mkdir(exist_ok=True)
    wanted = set(sys.argv[1:])
    unknown = wanted - {name for name, *_rest in SHOTS}
    if unknown:
        print(f"no such screenshot: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for name, keys, size, theme in SHOTS:
        if not wanted or name in wanted:
            print(await shoot(name, keys, size, theme))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
