"""`agent-activity` / `demo` around the app: no credentials, exit status, a crashing source."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource, demo_settings
from tui.cli import build_parser
from tui.commands import launch, monitor
from tui.core.source_contract import LoadResult, ProgressCallback
from tui.ui.app import AgentActivityApp
from tui.ui.screens.login_needed import LoginNeededApp


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_monitor_without_credentials_explains_login_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []

    def fake_run(self: LoginNeededApp, **_options: Any) -> None:
        shown.append(self._message)

    monkeypatch.setattr(LoginNeededApp, "run", fake_run)
    assert monitor.run(parse()) == 2
    assert shown and "agent-activity login" in shown[0]
    assert "agent-activity login" in capsys.readouterr().err


async def test_login_screen_says_what_to_do_and_q_quits() -> None:
    app = LoginNeededApp("No credentials for profile 'default'. Run `agent-activity login`.")
    async with app.run_test(size=(100, 30)) as pilot:
        text = str(app.query_one("#login-text").render())
        assert "agent-activity login" in text
        assert "not for real-time decisions" in text
        await pilot.press("q")
    assert app.return_code == 0


def test_an_app_that_ends_without_a_return_code_is_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(AgentActivityApp, "run", lambda self, **_options: None)
    source = WorldSource(FrozenClock(NOW_MS))
    assert launch.run_monitor(source, demo_settings(), parse("demo")) == launch.EXIT_CRASHED


def test_bad_date_option_is_a_user_error() -> None:
    from tui.core.errors import InputError

    with pytest.raises(InputError, match="YYYY-MM-DD"):
        launch.initial_date(parse("demo", "--date", "24/11/2026"))


class BrokenSource(WorldSource):
    """A source with a bug: ``load`` raises instead of returning a failure."""

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        raise RuntimeError("boom")


async def test_a_crashing_source_is_shown_as_a_failed_refresh_not_a_crash(
    make_app: AppFactory,
) -> None:
    app = make_app(BrokenSource(FrozenClock(NOW_MS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.pause()
        assert app.monitor.failure is not None
        assert "RuntimeError: boom" in app.monitor.failure.message
        assert app.is_running
