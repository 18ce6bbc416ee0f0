"""Snapshots of the monitor on the deterministic simulated account with a frozen clock.

Update after an intended change with ``uv run pytest tests/ui --snapshot-update`` and look at
the SVGs in the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FlakySource, FrozenClock
from tui.simulator.demo_plan import demo_plan_schedule
from tui.ui.app import AgentActivityApp
from tui.ui.panes.week import WeekPane

SnapCompare = Callable[..., bool]
WIDE = (120, 40)
SMALL = (80, 24)


def after_sync(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the first load, then press ``keys``, then let the screen settle."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AgentActivityApp)
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="teams"),
        pytest.param(("2",), id="agents"),
        pytest.param(("5",), id="events"),
        pytest.param(("5", "slash", *"Lunch", "enter"), id="events-filtered"),
        pytest.param(("6",), id="exceptions"),
        pytest.param(("s",), id="teams-staffing-numbers"),
    ],
)
def test_pane(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after_sync(*keys))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize(
    "keys",
    [pytest.param(("2", "G"), id="agents-by-late-login"), pytest.param(("6",), id="exceptions")],
)
def test_pane_with_a_schedule(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    app = make_app(schedule=demo_plan_schedule())
    assert snap_compare(app, terminal_size=size, run_before=after_sync(*keys))


def after_week(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the day, press ``w``, wait until the week's days have loaded, press ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AgentActivityApp)
        await app.monitor.wait_for_sync(0)
        generation = app.monitor.sync_generation
        await pilot.press("w")
        await app.monitor.wait_for_sync(generation)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await app.query_one(WeekPane).wait_for_rows()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize(
    "keys",
    [pytest.param((), id="teams-by-day"), pytest.param(("a",), id="agents-by-day")],
)
def test_week_pane(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after_week(*keys))


def test_help(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=after_sync("question_mark"))


def test_palette(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=after_sync("ctrl+p", *"date"))


def test_no_color(
    snap_compare: SnapCompare, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=after_sync("2"))


def test_stale_banner_after_a_failed_refresh(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    app = make_app(FlakySource(FrozenClock(NOW_MS)))

    async def run_before(pilot: Pilot[Any]) -> None:
        await app.monitor.wait_for_sync(0)
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_too_small_overlay(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(70, 20), run_before=after_sync())


def test_light_theme(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    from tests.ui.fakes import demo_settings

    app = make_app(settings=demo_settings(theme="agent-activity-light"))
    assert snap_compare(app, terminal_size=SMALL, run_before=after_sync())
