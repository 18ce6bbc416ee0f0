"""``agent-activity`` with no command: the monitor on the saved account.

Without credentials it shows a short screen that says how to log in (`agent-activity login`, or
the ``AGENT_ACTIVITY_*`` variables, or `agent-activity demo`), then exits with status 2.
"""

from __future__ import annotations

import argparse
import sys

from tui.config import load_settings
from tui.errors import CredentialsError
from tui.ui.launch import run_monitor, settings_for

EXIT_NOT_LOGGED_IN = 2


def run(args: argparse.Namespace) -> int:
    from tui.credentials import resolve_account

    settings = settings_for(args, load_settings(profile=args.profile))
    try:
        account = resolve_account(settings)
    except CredentialsError as error:
        from tui.ui.login_needed import LoginNeededApp

        LoginNeededApp(error.message, mouse=settings.mouse).run(mouse=settings.mouse)
        print(f"agent-activity: {error.one_line()}", file=sys.stderr)
        return EXIT_NOT_LOGGED_IN
    from tui.store.sources import account_source

    return run_monitor(account_source(settings, account), settings, args)
