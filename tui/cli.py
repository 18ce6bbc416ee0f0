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
from tui.core.collector import pause_start_up, settle_start_up
from tui.core.errors import AgentActivityError
from tui.core.text import echo

EXIT_USAGE = 2
"""A user error: bad arguments, bad input, no credentials (one line on stderr)."""

GLOBAL_OPTIONS = ("profile", "date", "tz", "day_start", "no_mouse", "theme", "schedule")
"""Options that may stand before the sub-command or after it, with the same meaning."""
TAKES: dict[str, frozenset[str]] = {
    "monitor": frozenset(GLOBAL_OPTIONS),
    "demo": frozenset(GLOBAL_OPTIONS),
    "export": frozenset(("profile", "date", "tz", "day_start", "schedule")),
    "login": frozenset(("profile",)),
    "logout": frozenset(("profile",)),
    "doctor": frozenset(("profile",)),
    "simulator": frozenset(),
}
"""Which global options each command uses; one it does not use is refused, never ignored."""
MONITOR_COMMANDS = frozenset(("monitor", "demo"))
"""Commands that open the monitor: the collector rests until just before its first frame."""


def _add_profile(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--profile",
        default=None if top else argparse.SUPPRESS,
        help="account profile (default: default)",
    )


def _add_monitor_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """The monitor's options; on a sub-command they default to nothing (``SUPPRESS``) so that
    the same option given before the sub-command keeps its value."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--date", default=default(None), metavar="YYYY-MM-DD", help="day to open (default: today)"
    )
    parser.add_argument(
        "--tz", default=default(None), metavar="ZONE", help="IANA time zone for day boundaries"
    )
    parser.add_argument(
        "--day-start",
        default=default(None),
        metavar="HH:MM",
        help="local time days start at (e.g. 18:00 for shift days; default: midnight)",
    )
    parser.add_argument(
        "--no-mouse", default=default(False), action="store_true", help="ignore the mouse (for SSH)"
    )
    parser.add_argument(
        "--theme", default=default(None), metavar="NAME", help="theme to start with"
    )
    parser.add_argument(
        "--schedule", default=default(None), metavar="FILE", help="schedule CSV for adherence"
    )


MAX_SIMULATED_AGENTS = 50_000


def agent_count(text: str) -> int:
    """``--agents N``: how many agents the simulated account has (1 to 50,000)."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= count <= MAX_SIMULATED_AGENTS:
        raise argparse.ArgumentTypeError(
            f"{count} agents: give a number from 1 to {MAX_SIMULATED_AGENTS:,}"
        )
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-activity",
        description=(
            "Review LivePerson agent activity in the terminal. Reporting data: up to 1 hour "
            "behind; not for real-time decisions."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_profile(parser, top=True)
    _add_monitor_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="the monitor on the built-in simulated account (offline)")
    _add_profile(demo)
    _add_monitor_options(demo)
    demo.add_argument("--seed", type=int, default=None, help="simulated world seed")
    demo.add_argument(
        "--agents",
        type=agent_count,
        default=None,
        metavar="N",
        help="simulated agents (default: 40-60 chosen by the seed; e.g. 2000 or 10000)",
    )

    login = sub.add_parser("login", help="store credentials in the OS keyring (validated first)")
    login.add_argument("--from-env", action="store_true", help="read AGENT_ACTIVITY_* variables")
    login.add_argument(
        "--insecure-storage",
        action="store_true",
        help="store secrets in a 0600 file instead of the keyring (explicit opt-in)",
    )
    _add_profile(login)

    logout = sub.add_parser("logout", help="remove stored credentials")
    _add_profile(logout)

    doctor = sub.add_parser("doctor", help="check config, credentials, terminal and API access")
    _add_profile(doctor)

    export = sub.add_parser("export", help="write the figures as JSON, CSV or a table")
    export.add_argument(
        "--input",
        action="append",
        metavar="FILE",
        default=[],
        help="saved v2 or v1 API response (repeatable)",
    )
    export.add_argument("--demo", action="store_true", help="use the simulated account")
    export.add_argument("--date", default=argparse.SUPPRESS, metavar="YYYY-MM-DD")
    export.add_argument("--from", dest="from_", metavar="T", help="range start (RFC 3339 or date)")
    export.add_argument("--to", metavar="T", help="range end (RFC 3339 or date)")
    export.add_argument("--tz", default=argparse.SUPPRESS, metavar="ZONE")
    export.add_argument(
        "--day-start",
        default=argparse.SUPPRESS,
        metavar="HH:MM",
        help="local time days start at (e.g. 18:00 for shift days; default: midnight)",
    )
    export.add_argument(
        "--by",
        choices=("day",),
        default=None,
        help="one row per agent (and per team) per day of --date or --from/--to (at most 31 days)",
    )
    export.add_argument(
        "--group",
        action="append",
        metavar="ID|NAME",
        default=[],
        help="only this team, by id or name (any letter case); repeat for several",
    )
    export.add_argument("--schedule", default=argparse.SUPPRESS, metavar="FILE")
    export.add_argument("--format", choices=("json", "csv", "table"), default="json")
    export.add_argument("--output", metavar="PATH", help="file to write (default: stdout)")
    export.add_argument(
        "--allow-partial",
        action="store_true",
        help=(
            "when a fetch fails, write what is cached anyway (marked incomplete) and exit 0 "
            "instead of writing nothing and exiting 3"
        ),
    )
    _add_profile(export)

    simulator = sub.add_parser("simulator", help="serve the simulated API on 127.0.0.1")
    simulator.add_argument("--port", type=int, default=8765)
    simulator.add_argument("--seed", type=int, default=None)
    simulator.add_argument(
        "--agents",
        type=agent_count,
        default=None,
        metavar="N",
        help="simulated agents (default: 40-60 chosen by the seed; e.g. 2000 or 10000)",
    )
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
    simulator.add_argument(
        "--no-productivity",
        action="store_true",
        help="answer agent-segments with 403, as an account without the Actual Handle Time API",
    )
    simulator.add_argument(
        "--no-group-names",
        action="store_true",
        help="answer agentGroups with 403, as a key without the Account Configuration permission",
    )
    simulator.add_argument(
        "--segments-dialect",
        choices=("example", "table"),
        default="example",
        help=(
            "spell agent-segments as the docs' example does (segments, endReason) or as their "
            "table does (segment, EndReason)"
        ),
    )
    return parser


def unused_global_options(args: argparse.Namespace, command: str) -> list[str]:
    """The global options given (before or after ``command``) that ``command`` does not use."""
    return [
        "--" + name.replace("_", "-")
        for name in GLOBAL_OPTIONS
        if name not in TAKES[command] and getattr(args, name, None) not in (None, False)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "monitor"
    unused = unused_global_options(args, command)
    if unused:
        parser.error(f"{', '.join(unused)} does not apply to {command}")
    if command in MONITOR_COMMANDS:
        pause_start_up()  # tui.core.collector; the monitor settles it as it starts
    try:
        return _run(command, args)
    finally:
        settle_start_up()


def _run(command: str, args: argparse.Namespace) -> int:
    module = importlib.import_module(f"tui.commands.{command}")
    try:
        status: int = module.run(args)
    except AgentActivityError as error:
        print(f"agent-activity: {error.one_line()}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        # The machine refused something (a path in the environment that is a file, a directory
        # that cannot be created, a bad certificate file): one line naming it, never a traceback.
        where = f" ({echo(str(error.filename))})" if error.filename else ""
        reason = error.strerror or echo(str(error))
        print(f"agent-activity: System error: {reason}{where}", file=sys.stderr)
        return EXIT_USAGE
    return status


if __name__ == "__main__":
    sys.exit(main())
