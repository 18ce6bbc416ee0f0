"""``agent-activity logout``: delete a profile's stored secrets from every backend, say what went.

The keyring entries and the opt-in file are both checked, whatever the config says, so nothing is
left behind. The config keeps the profile's account id (not a secret). Exit status 1 when a backend
that exists could not be checked (locked, no answer: the secrets may still be there), else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from tui.config.loading import load_settings
from tui.core.account import credentials_from_env
from tui.credentials import remove_account


def run(args: argparse.Namespace) -> int:
    return logout(profile=args.profile)


def logout(
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    settings = load_settings(profile=profile, environ=environ)
    name = settings.profile.name
    removal = remove_account(name)
    if removal.keyring_entries:
        print(
            f"Removed from the OS keyring (service {removal.keyring_service}): "
            f"{', '.join(removal.keyring_entries)}.",
            file=out,
        )
    if removal.file_path is not None:
        print(f"Removed the credentials file {removal.file_path}.", file=out)
    if not removal.removed_anything:
        print(f"Nothing was stored for profile '{name}'.", file=out)
    for note in removal.notes:
        print(f"note: {note}", file=err)
    for problem in removal.problems:
        print(f"warning: {problem}", file=err)
    if credentials_from_env(os.environ if environ is None else environ) is not None:
        print(
            "Note: AGENT_ACTIVITY_* variables are still set in this environment and still give "
            "access; unset them too.",
            file=err,
        )
    return 1 if removal.problems else 0
