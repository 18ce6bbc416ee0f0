"""The monitor shortens the GIL switch interval while it runs and puts it back afterwards."""

from __future__ import annotations

import sys

from tests.ui.conftest import AppFactory
from tui.ui.gil_share import UI_SWITCH_INTERVAL_S, GilShare


def test_begin_shortens_and_end_restores() -> None:
    before = sys.getswitchinterval()
    share = GilShare()
    share.begin()
    share.begin()  # a second begin keeps the first one's previous value
    assert sys.getswitchinterval() == min(before, UI_SWITCH_INTERVAL_S)
    share.end()
    assert sys.getswitchinterval() == before
    share.end()  # ending twice changes nothing
    assert sys.getswitchinterval() == before


def test_a_longer_interval_is_never_set() -> None:
    before = sys.getswitchinterval()
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S / 2)
    try:
        share = GilShare()
        share.begin()
        assert sys.getswitchinterval() == UI_SWITCH_INTERVAL_S / 2
        share.end()
    finally:
        sys.setswitchinterval(before)


async def test_the_monitor_holds_the_short_interval_while_it_runs(make_app: AppFactory) -> None:
    before = sys.getswitchinterval()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert sys.getswitchinterval() == min(before, UI_SWITCH_INTERVAL_S)
    assert sys.getswitchinterval() == before
