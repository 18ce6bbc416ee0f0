"""The ``agent-activity`` command line.

Parsing is cheap and lives here; each sub-command's work lives in ``tui.commands.<name>`` and is
imported only when that command runs, so ``agent-activity demo`` does not pay for httpx or keyring
before the first frame. Every user error ends in one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui import __version__
from tui.core.errors import AgentActivityError

EXIT_USAGE = 2
"""A user error: bad arguments, bad input, no credentials (one line on stderr)."""


def _add_monitor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="day to open (default: today)")
    parser.add_argument("--tz", metavar="ZONE", help="IANA time zone for day boundaries")
    parser.add_argument("--no-mouse", action="store_true", help="ignore the mouse (for SSH)")
    parser.add_argument("--theme", metavar="NAME", help="theme to start with")
    parser.add_argument("--schedule", metavar="FILE", help="schedule CSV for adherence")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-activity",
        description=(
            "Review LivePerson agent activity in the terminal. Reporting data: up to 1 hour "
            "behind; not for real-time decisions."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--profile", default=None, help="account profile (default: default)")
    _add_monitor_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="the monitor on the built-in simulated account (offline)")
    _add_monitor_options(demo)
    demo.add_argument("--seed", type=int, default=None, help="simulated world seed")

    login = sub.add_parser("login", help="store credentials in the OS keyring (validated first)")
    login.add_argument("--from-env", action="store_true", help="read AGENT_ACTIVITY_* variables")
    login.add_argument(
        "--insecure-storage",
        action="store_true",
        help="store secrets in a 0600 file instead of the keyring (explicit opt-in)",
    )
    login.add_argument("--profile", dest="sub_profile", default=None, help=argparse.SUPPRESS)

    logout = sub.add_parser("logout", help="remove stored credentials")
    logout.add_argument("--profile", dest="sub_profile", default=None, help=argparse.SUPPRESS)

    doctor = sub.add_parser("doctor", help="check config, credentials, terminal and API access")
    doctor.add_argument("--profile", dest="sub_profile", default=None, help=argparse.SUPPRESS)

    export = sub.add_parser("export", help="write the figures as JSON, CSV or a table")
    export.add_argument(
        "--input",
        action="append",
        metavar="FILE",
        default=[],
        help="saved v2 or v1 API response (repeatable)",
    )
    export.add_argument("--demo", action="store_true", help="use the simulated account")
    export.add_argument("--date", metavar="YYYY-MM-DD")
    export.add_argument("--from", dest="from_", metavar="T", help="range start (RFC 3339 or date)")
    export.add_argument("--to", metavar="T", help="range end (RFC 3339 or date)")
    export.add_argument("--tz", metavar="ZONE")
    export.add_argument("--group", type=int, action="append", metavar="ID", default=[])
    export.add_argument("--schedule", metavar="FILE")
    export.add_argument("--format", choices=("json", "csv", "table"), default="json")
    export.add_argument("--output", metavar="PATH", help="file to write (default: stdout)")
    export.add_argument("--profile", dest="sub_profile", default=None, help=argparse.SUPPRESS)

    simulator = sub.add_parser("simulator", help="serve the simulated API on 127.0.0.1")
    simulator.add_argument("--port", type=int, default=8765)
    simulator.add_argument("--seed", type=int, default=None)
    simulator.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help=(
            "turn on a fault (repeatable): rate-limit[=N], rate-per-second[=N], errors[=P], "
            "token-expiry[=N], malformed[=P], slow[=S], drop[=P], latency[=S], "
            "limit-cap[=N] (400 for a larger limit), version[=1|2] (answer that version "
            "whatever v says), page-cost[=S,S] (per page plus per record) (N a count, "
            "P a probability from 0 to 1, S seconds)"
        ),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "sub_profile", None):
        args.profile = args.sub_profile
    command = args.command or "monitor"
    module = importlib.import_module(f"tui.commands.{command}")
    try:
        status: int = module.run(args)
    except AgentActivityError as error:
        print(f"agent-activity: {error.one_line()}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
