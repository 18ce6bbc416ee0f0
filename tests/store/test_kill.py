"""``kill -9`` mid-sync, then a restart: nothing stored is lost, no partial range is complete."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.fakes import DAY, HOUR, T0
from tests.store.simenv import sim_env
from tui.core.clock import FakeClock
from tui.store.database import ActivityStore

NOW = T0 + 13 * HOUR
LOOKBACK_START = T0 - 12 * HOUR
REPO = Path(__file__).resolve().parents[2]


def _sync_killed(path: Path, *, after_lines: int) -> int:
    """Run the child sync and SIGKILL it once it has reported ``after_lines`` progress lines
    from its first committed page on (about two per page: one fetched, one stored); the child
    keeps fetching and writing meanwhile, so the kill lands wherever it happens to be. Returns
    the records the child last reported as stored (committed)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.sync_child", str(path), str(NOW)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines = reported = 0
    try:
        for line in child.stdout:
            assert not line.startswith("done"), "the sync finished before the kill"
            reported = int(line.split()[1])
            lines += 1 if reported else 0
            if lines >= after_lines:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return reported


@pytest.mark.parametrize("after_lines", [1, 20, 55], ids=["first-page", "early", "late"])
async def test_sigkill_mid_sync_then_resume(tmp_path: Path, after_lines: int) -> None:
    path = tmp_path / "cache" / "activity.sqlite3"
    reported = _sync_killed(path, after_lines=after_lines)

    survivor = ActivityStore.open(path, clock=FakeClock(NOW))
    assert survivor.notice is None  # the file passed the integrity check
    assert not any(r.complete for r in survivor.ranges(LOOKBACK_START, NOW))
    kept = survivor.read(LOOKBACK_START, NOW)
    survivor.close()

    env = sim_env(NOW, path=path)
    try:
        truth = env.truth(LOOKBACK_START, NOW)
        assert reported <= len(kept) < len(truth)
        assert kept
        assert set(kept) <= set(truth)
        outcome = await env.syncer.sync(T0, T0 + DAY)
        assert outcome.spans == ((LOOKBACK_START, NOW),)
        assert env.stored(LOOKBACK_START, T0 + DAY) == truth
        assert env.store.ranges(LOOKBACK_START, NOW)[-1].complete
    finally:
        await env.aclose()
