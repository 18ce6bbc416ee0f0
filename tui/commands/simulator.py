"""``agent-activity simulator``: serve the simulated LivePerson account on 127.0.0.1.

Prints the account id and the demo credentials as ``export`` lines ready to paste into a shell,
then serves until Ctrl+C (exit 0).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shlex
import signal
import sys
from typing import TextIO

from tui.core.clock import SystemClock
from tui.simulator.account import DEMO_ACCOUNT_ID, demo_environment
from tui.simulator.faults import FaultPlan
from tui.simulator.segments_wire import SegmentDialect
from tui.simulator.server import LoopbackServer, PortUnavailable, serve_on_loopback
from tui.simulator.service import SimulatedLivePerson
from tui.simulator.world import DEFAULT_SEED, World


def export_lines(server: LoopbackServer) -> list[str]:
    """Shell lines that point the app at ``server``: client credentials active, App Keys
    commented out (client credentials win when both are set)."""
    client = demo_environment(server.base_url)
    app_keys = demo_environment(server.base_url, app_keys=True)
    lines = [f"export {name}={shlex.quote(value)}" for name, value in client.items()]
    lines.append("# OAuth 1.0 App Keys instead (unset AGENT_ACTIVITY_CLIENT_ID/_SECRET first):")
    lines.extend(
        f"# export {name}={shlex.quote(value)}"
        for name, value in app_keys.items()
        if name not in client
    )
    return lines


def group_lines(world: World) -> list[str]:
    """The simulated teams as a commented ``[groups]`` table for the config file."""
    lines = ["# Team names for config.toml:", "# [groups]"]
    lines.extend(f'# {team.group_id} = "{team.name}"' for team in world.teams)
    return lines


async def serve(
    service: SimulatedLivePerson, port: int, *, out: TextIO, ready: asyncio.Event | None = None
) -> None:
    """Serve until cancelled or SIGTERM, after printing where and with which credentials."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await _serve_until(service, port, out, stop, ready)
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGTERM)


async def _serve_until(
    service: SimulatedLivePerson,
    port: int,
    out: TextIO,
    stop: asyncio.Event,
    ready: asyncio.Event | None,
) -> None:
    async with serve_on_loopback(service, port) as server:
        world = service.world
        print(
            f"# agent-activity simulator: account {DEMO_ACCOUNT_ID} on {server.base_url} "
            f"(seed {world.seed}, {len(world.agents)} agents, {len(world.teams)} teams)",
            file=out,
        )
        if service.faults.active:
            print(f"# faults: {service.faults}", file=out)
        if not service.productivity_enabled:
            print("# agent-segments answers 403 (productivity not enabled)", file=out)
        if not service.group_names_enabled:
            print("# agentGroups answers 403 (team names from the config only)", file=out)
        for line in [*export_lines(server), *group_lines(world)]:
            print(line, file=out)
        print("# Simulated reporting data, up to 1 hour behind. Ctrl+C stops.", file=out)
        out.flush()
        if ready is not None:
            ready.set()
        await stop.wait()


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise PortUnavailable(f"port {args.port} is not between 0 and 65535")
    seed = DEFAULT_SEED if args.seed is None else args.seed
    plan = FaultPlan.from_specs(args.fault, seed=seed)
    dialect = (
        SegmentDialect("segment", "EndReason")
        if args.segments_dialect == "table"
        else SegmentDialect()
    )
    service = SimulatedLivePerson(
        World(seed, agent_count=args.agents),
        SystemClock(),
        faults=plan,
        productivity_enabled=not args.no_productivity,
        group_names_enabled=not args.no_group_names,
        segment_dialect=dialect,
    )
    try:
        asyncio.run(serve(service, args.port, out=sys.stdout))
    except KeyboardInterrupt:
        print("# simulator stopped", file=sys.stderr)
    return 0
