"""The bare command paints the monitor before it reads the keyring or opens the cache file.

Credentials from the keyring and the account's cache are looked up in the sync worker; no
credentials there still ends on the how-to-log-in screen (exit 2), and a cache that cannot be
opened is a failed load in the header, not a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
from typing import Any

import pytest

from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.cli import build_parser
from tui.commands import monitor
from tui.core.account import AccountCredentials
from tui.core.errors import CredentialsError
from tui.core.settings import Profile, Settings
from tui.core.source_contract import ActivitySource
from tui.credentials import how_to_login
from tui.simulator.account import demo_client_credentials
from tui.store.database import StoreError
from tui.ui.app import AgentActivityApp
from tui.ui.screens.login_needed import EXIT_NOT_LOGGED_IN, LoginNeededScreen

ACCOUNT_ID = "12345678"
WAIT_S = 30


def keyring_settings() -> Settings:
    return demo_settings(profile=Profile(name="default", account_id=ACCOUNT_ID))


class FakeAccount:
    """Stands in for the keyring lookup and the cache opening, recording when each runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        self.clock = FrozenClock(NOW_MS)
        self.missing_credentials = False
        self.cache_error: StoreError | None = None
        self.opening = threading.Event()
        self.may_open = threading.Event()
        self.may_open.set()
        self.launched: list[ActivitySource] = []
        monkeypatch.setattr(monitor, "load_settings", lambda **_options: keyring_settings())
        monkeypatch.setattr("tui.credentials.resolve_account", self.resolve_account)
        monkeypatch.setattr("tui.wiring.sources.account_source", self.account_source)

    def resolve_account(self, settings: Settings, **_options: Any) -> AccountCredentials:
        self.calls.append("credentials")
        if self.missing_credentials:
            raise CredentialsError(how_to_login(settings.profile.name))
        return demo_client_credentials()

    def account_source(self, settings: Settings, account: AccountCredentials) -> ActivitySource:
        self.calls.append("cache")
        self.opening.set()
        assert self.may_open.wait(WAIT_S)
        if self.cache_error is not None:
            raise self.cache_error
        return WorldSource(self.clock)

    def run_monitor(self, source: ActivitySource, *_: object, **__: object) -> int:
        self.launched.append(source)
        return 0

    def app(self, source: ActivitySource) -> AgentActivityApp:
        return AgentActivityApp(source, keyring_settings(), clock=self.clock)


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


async def test_the_monitor_paints_and_answers_keys_while_the_cache_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeAccount(monkeypatch)
    monkeypatch.setattr(monitor, "run_monitor", fake.run_monitor)
    assert monitor.run(parse()) == 0
    (source,) = fake.launched
    assert fake.calls == []
    assert source.label == ACCOUNT_ID
    fake.may_open.clear()
    app = fake.app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await asyncio.to_thread(fake.opening.wait, WAIT_S)
        assert fake.calls == ["credentials", "cache"]
        await pilot.press("2")
        assert app.monitor.current_pane_id == "agents"
        assert app.monitor.view is None
        fake.may_open.set()
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        # a fresh name: mypy would carry the narrowing of app.monitor.view across the awaits
        synced = app.monitor
        assert synced.view is not None
        assert synced.failure is None
    assert fake.calls == ["credentials", "cache"]


def test_no_credentials_in_the_keyring_shows_how_to_log_in_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeAccount(monkeypatch)
    fake.missing_credentials = True
    shown: list[str] = []

    async def drive(app: AgentActivityApp) -> int | None:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):  # the sync worker starts once the hidden panes are mounted
                await app.workers.wait_for_complete()
                await pilot.pause()
                if isinstance(app.screen, LoginNeededScreen):
                    break
            assert isinstance(app.screen, LoginNeededScreen)
            shown.append(str(app.screen.query_one("#login-text").render()))
            await pilot.press("r")
            await pilot.press("q")
        return app.return_code

    def run_app(source: ActivitySource, *_: object, **__: object) -> int:
        status = asyncio.run(drive(fake.app(source)))
        assert status is not None
        return status

    monkeypatch.setattr(monitor, "run_monitor", run_app)
    assert monitor.run(parse()) == EXIT_NOT_LOGGED_IN
    assert fake.calls == ["credentials"]
    assert shown and "agent-activity login" in shown[0]
    assert "agent-activity login" in capsys.readouterr().err


async def test_a_cache_that_cannot_be_opened_is_a_failed_load_then_r_retries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeAccount(monkeypatch)
    fake.cache_error = StoreError("cannot open the cache /nowhere/activity.sqlite3: denied")
    monkeypatch.setattr(monitor, "run_monitor", fake.run_monitor)
    monitor.run(parse())
    (source,) = fake.launched
    app = fake.app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.is_running
        assert app.monitor.view is None
        assert app.monitor.failure is not None
        assert app.monitor.failure.title == "Cache"
        assert "cannot open the cache" in app.monitor.failure.message
        fake.cache_error = None
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        # a fresh name: mypy would carry the narrowing of app.monitor.view across the awaits
        retried = app.monitor
        assert retried.view is not None
        assert retried.failure is None
