"""``export`` on the saved account says on stderr when the cache had to be rebuilt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.fakes import HOUR, T0, FakeFetcher, record
from tui.cli import main
from tui.commands import export_sources
from tui.core.clock import FakeClock
from tui.core.settings import Settings
from tui.core.source_contract import ActivitySource
from tui.store.database import ActivityStore
from tui.store.stored_source import StoredSource


def test_export_warns_once_when_the_cache_was_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "activity.sqlite3"
    path.write_bytes(b"not a database at all " * 300)
    clock = FakeClock(T0 + 30 * HOUR)

    def corrupt_cache_source(settings: Settings) -> ActivitySource:
        store = ActivityStore.open(path, clock=clock)
        fetcher = FakeFetcher(records=[record(time_ms=T0 + HOUR)])
        return StoredSource(store, fetcher, clock, settings, label="12345")

    monkeypatch.setattr(export_sources, "_account_source", corrupt_cache_source)
    day = datetime.fromtimestamp(T0 / 1000, tz=UTC).date().isoformat()
    assert main(["export", "--date", day, "--tz", "UTC"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("{")
    warnings = [line for line in captured.err.splitlines() if "corrupt-" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("agent-activity: warning: The local cache could not be used")
