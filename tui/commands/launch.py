"""What `demo` and the bare command share: options → settings → app → exit status.

Exit status follows the app's return code; an app that ended without one (a crash inside
Textual) is a failure, never 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import InputError
from tui.core.settings import Settings

if TYPE_CHECKING:
    from tui.core.source_contract import ActivitySource

EXIT_CRASHED = 1


def settings_for(args: argparse.Namespace, settings: Settings) -> Settings:
    """Apply the monitor options that override the configuration."""
    if getattr(args, "tz", None):
        from tui.core.zones import zone_info

        zone_info(args.tz)
        settings = replace(settings, timezone=args.tz)
    if getattr(args, "day_start", None):
        from tui.core.windows import parse_day_start

        settings = replace(settings, day_start=parse_day_start(args.day_start, what="--day-start"))
    if getattr(args, "theme", None):
        settings = replace(settings, theme=args.theme)
    if getattr(args, "no_mouse", False):
        settings = replace(settings, mouse=False)
    if getattr(args, "schedule", None):
        settings = replace(settings, schedule_file=Path(args.schedule))
    return settings


def initial_date(args: argparse.Namespace) -> date | None:
    text = getattr(args, "date", None)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--date {text!r}: use YYYY-MM-DD") from None


def _save_theme(theme: str) -> Path:
    """Write the chosen theme into the config (the writer loads when first used, not before
    the first frame)."""
    from tui.config.writing import save_theme

    return save_theme(theme)


def run_monitor(
    source: ActivitySource,
    settings: Settings,
    args: argparse.Namespace,
    *,
    describe_credentials: Callable[[], str] | None = None,
) -> int:
    """Run the monitor until the user quits; returns the process exit status.

    ``describe_credentials`` says where the credentials come from, for the help screen; it may
    block on the keyring, so the app calls it in a thread.
    """
    from tui.ui.app import AgentActivityApp

    schedule = None
    if settings.schedule_file is not None:
        from tui.analysis.schedule import load_schedule

        schedule = load_schedule(settings.schedule_file)
    app = AgentActivityApp(
        source,
        settings,
        initial_date=initial_date(args),
        schedule=schedule,
        describe_credentials=describe_credentials,
        save_theme=_save_theme,
    )
    app.run(mouse=settings.mouse)  # the monitor settles start-up once every pane is mounted
    if app.return_code is None:
        return EXIT_CRASHED
    return app.return_code
