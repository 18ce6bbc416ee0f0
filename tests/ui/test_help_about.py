"""The help screen says which account is shown and where its credentials come from."""

from __future__ import annotations

import threading

from textual.widgets import Static

from tests.ui.conftest import AppFactory


async def test_help_names_the_credential_source_found_off_the_event_loop(
    make_app: AppFactory,
) -> None:
    callers: list[threading.Thread] = []

    def describe() -> str:
        callers.append(threading.current_thread())
        return "OS keyring (SecretService, service agent-activity/default), account 123"

    app = make_app(describe_credentials=describe)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if app.monitor.credentials_line is not None:
                break
            await pilot.pause(0.01)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
    assert callers and callers[0] is not threading.main_thread()
    assert "credentials: OS keyring (SecretService" in text
    assert f"Account: {app.monitor.source_label}" in text


async def test_help_says_checking_until_the_credential_store_answers(
    make_app: AppFactory,
) -> None:
    release = threading.Event()

    def describe() -> str:
        release.wait(5)
        return "environment variables (AGENT_ACTIVITY_*), account 123"

    app = make_app(describe_credentials=describe)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
        release.set()
    assert "credentials: checking…" in text
