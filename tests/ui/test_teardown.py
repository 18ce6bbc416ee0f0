"""A result that arrives as the app shuts down (the user quit mid-sync) changes nothing and
raises nothing: the monitor never queries widgets that are being removed."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.conftest import AppFactory
from tui.core.source_contract import LoadFailure, SyncProgress
from tui.ui.messages import ActivityLoaded, LoadFailed, SyncFinished, SyncProgressed


async def test_a_result_posted_as_the_app_quits_is_dropped(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        view = app.monitor.view
        assert view is not None
        late = replace(view, version=view.version + 1)
        await pilot.press("q")
        app.monitor.post_message(ActivityLoaded(late))
    assert app.return_code == 0
    assert app.monitor.view is view


async def test_messages_handled_after_teardown_touch_no_widget(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)):
        await app.monitor.wait_for_sync(0)
        view = app.monitor.view
        assert view is not None
    monitor = app.monitor
    assert not app.is_running
    late = replace(view, version=view.version + 1)
    monitor.receive_view(ActivityLoaded(late))
    monitor.post_message(LoadFailed(LoadFailure("Network", "gone", 0)))
    monitor.post_message(SyncProgressed(SyncProgress(1, 2, 3)))
    monitor.post_message(SyncFinished(next_refresh_ms=None))
    assert monitor.view is view
    assert monitor.failure is None
