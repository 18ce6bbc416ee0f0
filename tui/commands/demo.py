"""``agent-activity demo``: the monitor on the built-in simulated account (no network, no keys).

The simulator's HTTP service, the store and httpx load in the sync worker after the first frame
(a :class:`~tui.wiring.lazy_source.LazySource`), so the demo opens about as fast as Textual
itself.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.commands.launch import run_monitor, settings_for
from tui.config.loading import load_settings

if TYPE_CHECKING:
    from tui.core.source_contract import ActivitySource


def run(args: argparse.Namespace) -> int:
    from tui.wiring.lazy_source import LazySource
    from tui.wiring.sources import DEMO_LABEL, demo_settings

    seed = args.seed
    settings = demo_settings(settings_for(args, load_settings(profile=args.profile)), seed)

    def make_source() -> ActivitySource:
        from tui.wiring.sources import demo_source

        return demo_source(seed=seed, settings=settings, agents=args.agents)

    return run_monitor(
        LazySource(DEMO_LABEL, make_source),
        settings,
        args,
        describe_credentials=lambda: "none needed: the built-in simulated account",
    )
