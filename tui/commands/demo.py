"""``agent-activity demo``: the monitor on the built-in simulated account (no network, no keys).

The simulator's HTTP service, the store and httpx load in the sync worker after the first frame
(a :class:`~tui.ui.sync_loop.LazySource`), so the demo opens about as fast as Textual itself.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from tui.commands.launch import run_monitor, settings_for
from tui.config.loading import load_settings
from tui.core.settings import Settings
from tui.core.source import ActivitySource


def demo_settings(settings: Settings, seed: int) -> Settings:
    """``settings`` plus the simulated teams' names (names from the config win)."""
    from tui.simulator.world import World

    team_names = {team.group_id: team.name for team in World(seed).teams}
    return replace(settings, group_names={**team_names, **settings.group_names})


def run(args: argparse.Namespace) -> int:
    from tui.simulator.world import DEFAULT_SEED
    from tui.ui.sync_loop import LazySource

    seed = DEFAULT_SEED if args.seed is None else args.seed
    settings = demo_settings(settings_for(args, load_settings(profile=args.profile)), seed)

    def make_source() -> ActivitySource:
        from tui.store.stored_source import demo_source

        return demo_source(seed=seed, settings=settings)

    return run_monitor(
        LazySource("demo", make_source),
        settings,
        args,
        describe_credentials=lambda: "none needed: the built-in simulated account",
    )
