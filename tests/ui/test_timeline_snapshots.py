"""Snapshots of the Timeline and Agent panes in the real app on the frozen simulated world.

Update (then look at them in ``snapshot_report.html``):
``uv run pytest tests/ui/test_timeline_snapshots.py --snapshot-update``
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import AppFactory
from tui.simulator.demo_plan import demo_plan_schedule
from tui.ui.app import AgentActivityApp

SnapCompare = Callable[..., bool]


def after_sync(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Wait for the first refresh, then press ``keys`` (so snapshots never race the sync)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AgentActivityApp)
        await app.monitor.wait_for_sync(0)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


TIMELINE_KEYS: Iterable[str] = ("3", "down", "down", "down", *["right"] * 30)
AGENT_KEYS: Iterable[str] = ("3", "down", "down", "enter", *["right"] * 40)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_timeline_pane(
    snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after_sync(*TIMELINE_KEYS))


def test_timeline_zoomed_to_one_hour(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = (*TIMELINE_KEYS, "plus", "plus", "l")
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=after_sync(*keys))


def test_timeline_no_color(
    snap_compare: SnapCompare, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after_sync(*TIMELINE_KEYS))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_agent_pane(snap_compare: SnapCompare, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after_sync(*AGENT_KEYS))


def test_agent_pane_without_a_selection(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after_sync("4"))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize(
    "keys", [pytest.param(TIMELINE_KEYS, id="timeline"), pytest.param(AGENT_KEYS, id="agent")]
)
def test_with_the_scheduled_band(
    snap_compare: SnapCompare, make_app: AppFactory, keys: Iterable[str], size: tuple[int, int]
) -> None:
    app = make_app(schedule=demo_plan_schedule())
    assert snap_compare(app, terminal_size=size, run_before=after_sync(*keys))


def test_enter_on_an_event_opens_the_agent_there(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    keys = ("5", "slash", *"Lunch", "enter", "down", "down", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after_sync(*keys))
