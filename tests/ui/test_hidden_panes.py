"""Only the pane on screen is built before the first frame; the others mount right after it."""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from tests.ui.conftest import AppFactory
from tui.ui.panes.catalogue import PANE_IDS
from tui.ui.panes.events import EventsPane
from tui.ui.panes.teams import TeamsPane


async def test_the_first_frame_has_one_pane_and_the_rest_follow(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        switcher = app.query_one("#panes", ContentSwitcher)
        await app.monitor.wait_for_sync(0)  # the sync starts once every pane is mounted
        await pilot.pause()
        assert switcher.children[0].id == TeamsPane.pane_id
        assert {child.id for child in switcher.children} == set(PANE_IDS)
        assert all(app.monitor.pane(pane_id).is_mounted for pane_id in PANE_IDS)


async def test_a_pane_key_typed_at_once_opens_that_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")  # before the hidden panes are mounted: it waits for them
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.query_one("#panes", ContentSwitcher).current == EventsPane.pane_id
        assert app.monitor.current_pane == EventsPane.pane_id
