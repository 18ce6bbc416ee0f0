"""Builders for monitor tests: the app on the simulated world with a frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.ui.app import AgentActivityApp

AppFactory = Callable[..., AgentActivityApp]


@pytest.fixture
def make_app() -> AppFactory:
    """``make_app(source=None, settings=None, **app_kwargs)`` → an app on the frozen demo world."""

    def build(
        source: WorldSource | None = None, settings: Any = None, **kwargs: Any
    ) -> AgentActivityApp:
        clock = source.clock if source is not None else FrozenClock(NOW_MS)
        source = source or WorldSource(clock)
        return AgentActivityApp(source, settings or demo_settings(), clock=clock, **kwargs)

    return build


async def show_pane_filled(app: AgentActivityApp, pilot: Pilot[Any], pane_id: str) -> None:
    """Switch to ``pane_id`` and wait until its tables hold every row (a hidden pane's tables
    fill only once it is shown, a step per refresh)."""
    app.monitor.current_pane = pane_id
    pane = app.monitor.pane(pane_id)
    await pilot.pause()
    while not all(rows.done for rows in pane.row_syncs()):
        await pilot.pause()
