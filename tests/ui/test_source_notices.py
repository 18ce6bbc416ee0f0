"""The sync loop: a source's notice or warning reaches the user once; the cache read stays off
the UI loop."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from tests.ui.conftest import AppFactory
from tests.ui.fakes import NOW_MS, FrozenClock, WorldSource
from tui.api.client import V1_TRUNCATION_WARNING
from tui.core.source_contract import LoadResult, ProgressCallback

NOTICE = "The local cache could not be used (file is not a database); it was moved aside."


@dataclass
class NoticingSource(WorldSource):
    """Every result carries the same notice, as a rebuilt :class:`StoredSource`'s do."""

    cached_on_threads: list[int] = field(default_factory=list)

    def cached(self, start_ms: int, end_ms: int) -> LoadResult:
        self.cached_on_threads.append(threading.get_ident())
        return LoadResult(start_ms, end_ms, (), None, None, notice=NOTICE)

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        result = await super().load(start_ms, end_ms, progress=progress)
        return LoadResult(
            result.start_ms,
            result.end_ms,
            result.records,
            result.data_complete_to_ms,
            result.fetched_at_ms,
            notice=NOTICE,
        )


async def test_a_source_notice_is_shown_once_as_a_warning(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = NoticingSource(FrozenClock(NOW_MS))
    app = make_app(source)
    shown: list[tuple[str, dict[str, Any]]] = []
    original_notify = app.notify

    def recording_notify(message: str, **options: Any) -> None:
        shown.append((message, options))
        original_notify(message, **options)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
        assert source.loads == 2
    notices = [options for message, options in shown if message == NOTICE]
    assert len(notices) == 1
    assert notices[0]["severity"] == "warning"


async def test_the_cache_is_read_off_the_event_loop_thread(make_app: AppFactory) -> None:
    source = NoticingSource(FrozenClock(NOW_MS))
    app = make_app(source)
    async with app.run_test(size=(120, 40)):
        await app.monitor.wait_for_sync(0)
    assert source.cached_on_threads
    assert threading.get_ident() not in source.cached_on_threads


@dataclass
class V1AnsweringSource(WorldSource):
    """Every load says LivePerson answered v1 pages that may be truncated, as a StoredSource's
    load does after such a fetch."""

    async def load(
        self, start_ms: int, end_ms: int, *, progress: ProgressCallback | None = None
    ) -> LoadResult:
        result = await super().load(start_ms, end_ms, progress=progress)
        return replace(result, warnings=(V1_TRUNCATION_WARNING,))


async def test_a_maybe_truncated_v1_answer_is_a_warning_toast_once_per_run(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = V1AnsweringSource(FrozenClock(NOW_MS))
    app = make_app(source)
    shown: list[tuple[str, dict[str, Any]]] = []
    original_notify = app.notify

    def recording_notify(message: str, **options: Any) -> None:
        shown.append((message, options))
        original_notify(message, **options)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.monitor.wait_for_sync(0)
        await pilot.press("r")
        await app.monitor.wait_for_sync(1)
        await pilot.pause()
    warnings = [options for message, options in shown if message == V1_TRUNCATION_WARNING]
    assert len(warnings) == 1
    assert warnings[0]["severity"] == "warning"
    assert warnings[0]["title"] == "Data may be incomplete"
    assert "may be truncated (v1 answer)" in V1_TRUNCATION_WARNING
