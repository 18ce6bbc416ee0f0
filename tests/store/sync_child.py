"""A sync in a child process, for the ``kill -9`` test: prints one line per stored page.

Usage: ``python -m tests.store.sync_child STORE_PATH NOW_MS``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.store.fakes import DAY, T0
from tests.store.simenv import sim_env
from tui.core.source_contract import SyncProgress


def report(progress: SyncProgress) -> None:
    print(f"stored {progress.records_stored} pages {progress.pages_done}", flush=True)


async def main(path: Path, now_ms: int) -> None:
    env = sim_env(now_ms, path=path, latency_s=0.05, max_in_flight=2, page_size=100)
    await env.syncer.sync(T0, T0 + DAY, progress=report)
    print("done", flush=True)
    await env.aclose()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
