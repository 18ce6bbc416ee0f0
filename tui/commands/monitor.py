"""``agent-activity`` with no command: the monitor on the saved account.

The monitor paints first: opening the account's cache (an integrity check, seconds on a big
file) and, when the credentials live in the OS keyring (which can take seconds to answer), looking
them up happen in the sync worker (a :class:`~tui.wiring.lazy_source.LazySource`). When no keyring
lookup is needed (the ``AGENT_ACTIVITY_*`` variables are set, or the profile has no saved account
id) the credentials are resolved before the app starts. Without credentials a short screen says
how to log in (`agent-activity login`, or the ``AGENT_ACTIVITY_*`` variables, or `agent-activity
demo`), then the command exits with status 2.
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.launch import run_monitor, settings_for
from tui.config.loading import load_settings
from tui.core.account import AccountCredentials, credentials_from_env
from tui.core.errors import CredentialsError
from tui.core.settings import Settings
from tui.core.source_contract import ActivitySource
from tui.ui.screens.login_needed import EXIT_NOT_LOGGED_IN

__all__ = ["EXIT_NOT_LOGGED_IN", "run"]


def needs_keyring(settings: Settings) -> bool:
    """Whether finding the credentials means asking the OS keyring (slow: do it in the worker)."""
    return credentials_from_env() is None and settings.profile.account_id is not None


def _show_login_needed(error: CredentialsError, settings: Settings) -> int:
    from tui.core.collector import settle_start_up
    from tui.ui.screens.login_needed import LoginNeededApp

    settle_start_up()
    LoginNeededApp(error.message).run(mouse=settings.mouse)
    print(f"agent-activity: {error.one_line()}", file=sys.stderr)
    return EXIT_NOT_LOGGED_IN


def _open_account(settings: Settings, account: AccountCredentials) -> ActivitySource:
    from tui.wiring import sources

    return sources.account_source(settings, account)


def run(args: argparse.Namespace) -> int:
    from tui.wiring.lazy_source import LazySource

    settings = settings_for(args, load_settings(profile=args.profile))
    login_errors: list[CredentialsError] = []
    if needs_keyring(settings):
        label = settings.profile.account_id or settings.profile.name

        def make_source() -> ActivitySource:
            from tui.credentials import resolve_account

            try:
                account = resolve_account(settings)
            except CredentialsError as error:
                login_errors.append(error)
                raise
            return _open_account(settings, account)

    else:
        from tui.credentials import resolve_account

        try:
            known = resolve_account(settings)
        except CredentialsError as error:
            return _show_login_needed(error, settings)
        label = known.account_id

        def make_source() -> ActivitySource:
            return _open_account(settings, known)

    def describe_credentials() -> str:
        from tui.credentials import describe_source

        return describe_source(settings)

    status = run_monitor(
        LazySource(label, make_source), settings, args, describe_credentials=describe_credentials
    )
    if login_errors:
        print(f"agent-activity: {login_errors[0].one_line()}", file=sys.stderr)
        return EXIT_NOT_LOGGED_IN
    return status
