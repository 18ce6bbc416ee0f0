"""``agent-activity doctor``: check everything between the user and the data, one line per check.

Config, profile, keyring, credential source, terminal, Domain API lookup, token and one API call,
each ``ok``/``warn``/``fail`` with a fix. Secrets are never printed. Exit status 0 when nothing
failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import httpx

from tui.commands.doctor_api import check_api
from tui.commands.doctor_checks import (
    Check,
    Level,
    check_config,
    check_credentials,
    check_profile,
    check_terminal,
)
from tui.config.loading import load_settings
from tui.core import paths
from tui.core.clock import Clock
from tui.core.environment import ENV_DOMAIN_API
from tui.core.errors import ConfigError
from tui.core.settings import Settings
from tui.core.text import printable

_NAME_WIDTH = 12


def run(args: argparse.Namespace) -> int:
    return doctor(profile=args.profile)


def doctor(
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
) -> int:
    """Run every check, print the report, return the exit status."""
    out = sys.stdout if out is None else out
    environ = os.environ if environ is None else environ
    path = paths.config_file()
    config, settings = check_config(path, profile, environ)
    print(f"agent-activity doctor — profile '{settings.profile.name}'", file=out)
    checks: list[Check] = [config, check_profile(settings, environ)]
    _report(checks, out)
    credential_checks, account = check_credentials(settings, environ)
    terminal = check_terminal(environ)
    _report([*credential_checks, terminal], out)
    checks += [*credential_checks, terminal]
    probe: Settings | None = settings
    if config.level is Level.FAIL:
        probe = _fallback_domain(settings, config, profile, environ)
    if probe is None:
        skipped = Check(
            Level.FAIL,
            "api",
            "skipped: the configuration is invalid (an invalid domain_api or "
            "AGENT_ACTIVITY_DOMAIN_API is never replaced by LivePerson's production address)",
            "fix the configuration first",
        )
        _report([skipped], out)
        checks.append(skipped)
    elif account is None:
        skipped = Check(Level.WARN, "api", "skipped: no credentials to test with")
        _report([skipped], out)
        checks.append(skipped)
    else:
        api_checks = asyncio.run(check_api(account, probe, transport=transport, clock=clock))
        _report(api_checks, out)
        checks += api_checks
    failed = sum(check.level is Level.FAIL for check in checks)
    warned = sum(check.level is Level.WARN for check in checks)
    print(f"{failed} failed, {warned} warnings", file=out)
    return 1 if failed else 0


def _fallback_domain(
    settings: Settings, config: Check, profile: str | None, environ: Mapping[str, str]
) -> Settings | None:
    """The settings to probe with when the config file is broken: its Domain API override
    applied; ``None`` when the Domain API itself is what is wrong (never fall back to
    production for it)."""
    if "domain_api" in config.detail or ENV_DOMAIN_API in config.detail:
        return None
    if not environ.get(ENV_DOMAIN_API, "").strip():
        return settings
    try:
        overridden = load_settings(Path(os.devnull + ".absent"), profile=profile, environ=environ)
    except ConfigError:
        return None
    return replace(settings, domain_api=overridden.domain_api)


def _report(checks: list[Check], out: TextIO) -> None:
    for check in checks:
        detail = printable(check.detail)
        print(f"{check.level.value:<5} {check.name:<{_NAME_WIDTH}} {detail}", file=out)
        if check.fix and check.level is not Level.OK:
            print(f"{'':<5} {'':<{_NAME_WIDTH}} fix: {printable(check.fix)}", file=out)
    out.flush()
