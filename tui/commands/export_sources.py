"""Where an export's figures come from: saved responses, the account or the demo (a window at a
time, as the monitor loads a day), and the one analysis every export makes of what was loaded.

Sources: saved API responses (``--input``, v2 or v1, merged, duplicates dropped), the demo
account (``--demo``, through the same store and client as ``agent-activity demo``), or the
configured account. Shared by ``export`` and ``export --by day``; messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.analysis import AnalysisOptions, analyze
from tui.analysis.model import ActivityReport
from tui.core.atomic import NotARegularFile
from tui.core.atomic import write_output as write_file_or_stream
from tui.core.clock import SystemClock
from tui.core.errors import CredentialsError, InputError
from tui.core.files import INPUT_LIMIT, FileRefused, read_bytes
from tui.core.records import ParsedPage, StatusRecord, Timeframe
from tui.core.settings import Settings
from tui.core.text import echo, printable
from tui.core.windows import (
    Window,
    check_window,
    day_window,
    format_instant,
    today,
)

if TYPE_CHECKING:  # an export of one saved status file needs none of these at run time
    from tui.analysis.schedule import Schedule
    from tui.core.segments import ProductivityLoad, Segment
    from tui.core.source_contract import (
        ActivitySource,
        LoadFailure,
        LoadResult,
        ProgressCallback,
        SyncProgress,
    )

NO_ACCOUNT = "no account configured: run agent-activity login, or use --demo / --input"
EXIT_INCOMPLETE = 3
"""A fetch failed and the window is not complete: nothing was written (see --allow-partial)."""


@dataclass(frozen=True)
class LoadedData:
    """Records to analyse, how complete they are, and what was skipped reading them.

    ``failure`` is why the fetch of the window failed (the records are then what the cache
    held).
    """

    records: Sequence[StatusRecord]
    window: Window
    data_complete_to_ms: int | None
    skipped_by_reason: dict[str, int]
    failure: LoadFailure | None = None
    productivity: ProductivityLoad | None = None
    group_names: Mapping[int, str] = field(default_factory=dict)
    """Team names from the Agent Groups API (the config's win over them)."""
    """Segments for the window (§5): from saved ``agent-segments`` files or the source."""


def warn(message: str) -> None:
    print(f"agent-activity: warning: {printable(message)}", file=sys.stderr)


def _describe_json_error(error: json.JSONDecodeError, text: str) -> str:
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated"):
        return f"truncated JSON (it ends early, at line {error.lineno} column {error.colno})"
    return f"not JSON ({error.msg} at line {error.lineno} column {error.colno})"


_BOM = b"\xef\xbb\xbf"


def _read_input(name: str) -> bytes:
    """The bytes of one ``--input`` file (a leading UTF-8 BOM dropped), or :class:`InputError`."""
    try:
        data = read_bytes(Path(name), INPUT_LIMIT)
    except FileNotFoundError:
        raise InputError(f"{echo(name)}: no such file") from None
    except FileRefused as error:
        raise InputError(f"{error}, not a saved response") from None
    except OSError as error:
        raise InputError(f"{echo(name)}: cannot read ({error.strerror or error})") from None
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def _input_text(name: str, data: bytes) -> str:
    """``data`` as text, or :class:`InputError` when it is not UTF-8 or holds nothing."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{echo(name)}: not JSON (not UTF-8 text)") from None
    if not text.strip():
        raise InputError(f"{name}: empty file, not an Agent Activity response")
    return text


def _add_page(
    name: str,
    page: ParsedPage,
    records: list[StatusRecord],
    skipped: dict[str, int],
    frames: list[tuple[int, int]],
) -> None:
    """One file's records, skips and timeframe added to what the files so far gave."""
    if page.format == "v1":
        warn(
            f"{name}: a v1 response; the API may have cut v1 pages short (20 changes per "
            "agent and day), so figures can be incomplete: save v2 responses when you can"
        )
    records.extend(page.records)
    for reason, count in page.skipped.items():
        skipped[reason] = skipped.get(reason, 0) + count
    if page.timeframe is not None:
        frames.append((page.timeframe.start_ms, page.timeframe.end_ms))


def read_inputs(paths: Sequence[str], window: Window | None, tz: str) -> LoadedData:
    """Read, merge and describe saved responses; any unusable file is one :class:`InputError`."""
    from tui.api.parsing import decode_page, decode_status_bytes

    records: list[StatusRecord] = []
    segments: dict[str, Segment] = {}
    segment_frames: list[Timeframe] = []
    segment_files = 0
    skipped: dict[str, int] = {}
    frames: list[tuple[int, int]] = []
    for name in paths:
        data = _read_input(name)
        page = decode_status_bytes(data, prev_times=False)  # no figure uses them
        if page is not None:
            del data
            _add_page(name, page, records, skipped, frames)
            continue
        text = _input_text(name, data)
        del data
        from tui.api.segment_parsing import decode_segment_page, looks_like_segments

        try:
            if looks_like_segments(text):
                segment_page = decode_segment_page(text, origin=name)
                segment_files += 1
                for segment in segment_page.segments:
                    segments[segment.segment_id] = segment
                for reason, count in segment_page.skipped.items():
                    skipped[reason] = skipped.get(reason, 0) + count
                if segment_page.timeframe is not None:
                    segment_frames.append(segment_page.timeframe)
                continue
            page = decode_page(text, origin=name)
        except json.JSONDecodeError as error:
            raise InputError(f"{name}: {_describe_json_error(error, text)}") from None
        except RecursionError:
            raise InputError(f"{name}: not an Agent Activity response (nested too deep)") from None
        except ValueError as error:  # e.g. a number of more than 4,300 digits
            raise InputError(
                f"{name}: not a usable Agent Activity response ({echo(str(error))})"
            ) from None
        del text
        _add_page(name, page, records, skipped, frames)
    if window is None:
        frame_start = min((start for start, _end in frames), default=None)
        frame_end = max((end for _start, end in frames), default=None)
        if frame_start is not None and frame_end is not None and frame_end > frame_start:
            window = Window(frame_start, frame_end, tz)
        elif records:
            window = Window(
                min(r.time_ms for r in records), max(r.time_ms for r in records) + 1, tz
            )
        else:
            raise InputError(
                "the files carry no timeframe and no records: give --date or --from/--to"
            )
        window = check_window(window, what="the files' timeframe (give --date or --from/--to)")
    productivity = (
        _file_productivity(name_list(paths), segments, segment_frames, window)
        if segment_files
        else None
    )
    if not frames:
        warn(
            "the files carry no timeframe: their figures count as complete to the window end "
            "(save whole API responses to know how complete they are)"
        )
        return LoadedData(records, window, window.end_ms, skipped, productivity=productivity)
    return LoadedData(
        records, window, coverage_end(frames, window), skipped, productivity=productivity
    )


def coverage_end(frames: Sequence[tuple[int, int]], window: Window) -> int:
    """Where the files' timeframes stop covering the window without a gap, from its start.

    The unbroken run of timeframes that starts at or before the window start; a gap between two
    files ends it. Clipped to the window (the window start: nothing of it is covered).
    """
    end = window.start_ms
    for frame_start, frame_end in sorted(frames):
        if frame_start > end:
            break
        end = max(end, frame_end)
    return max(window.start_ms, min(window.end_ms, end))


def name_list(paths: Sequence[str]) -> str:
    return ", ".join(paths) if len(paths) <= 3 else f"{len(paths)} files"


def _file_productivity(
    names: str, segments: dict[str, Segment], frames: list[Timeframe], window: Window
) -> ProductivityLoad:
    """Saved segments: complete to the end of their files' contiguous timeframes from the
    window start (what a saved response says it covers), else the window end with a warning."""
    from tui.core.segments import ProductivityLoad

    complete_to: int | None
    if not frames:
        warn(
            f"{names}: the agent-segments responses carry no timeframe; "
            "productivity is taken as complete for the window"
        )
        complete_to = window.end_ms
    else:
        covered = coverage_end([(f.start_ms, f.end_ms) for f in frames], window)
        complete_to = covered if covered > window.start_ms else None
        if complete_to is None:
            warn(f"{names}: the agent-segments responses do not cover the window start")
    return ProductivityLoad(
        segments=tuple(segments.values()), status="ok", complete_to_ms=complete_to
    )


def _account_source(settings: Settings) -> ActivitySource:
    """The configured account, or :class:`CredentialsError` saying how to get one."""
    from tui.core.account import credentials_from_env
    from tui.wiring.sources import saved_account_source

    if settings.profile.account_id is None and credentials_from_env() is None:
        raise CredentialsError(NO_ACCOUNT)
    return saved_account_source(settings)


def read_source(demo: bool, settings: Settings, window: Window | None, tz: str) -> LoadedData:
    """Fetch the window from the demo or the saved account (today when no window is given)."""
    if window is None:
        window = day_window(today(tz, SystemClock(), settings.day_start), tz, settings.day_start)
    return read_source_windows(demo, settings, (window,))[0]


def read_source_windows(
    demo: bool,
    settings: Settings,
    windows: Sequence[Window],
    *,
    progress_prefix: Callable[[int], str] | None = None,
) -> list[LoadedData]:
    """Fetch each window in turn (a day at a time, as the monitor does) from one source; each
    notice or warning is said once."""
    import asyncio  # here: an export of saved files never waits on anything

    from tui.wiring.sources import demo_source

    source: ActivitySource = demo_source(settings=settings) if demo else _account_source(settings)
    said: set[str] = set()

    def warn_once(message: str) -> None:
        if message not in said:
            said.add(message)
            warn(message)

    async def load_all() -> list[LoadedData]:
        loaded: list[LoadedData] = []
        try:
            for index, window in enumerate(windows):
                prefix = "" if progress_prefix is None else progress_prefix(index)
                result = await source.load(
                    window.start_ms, window.end_ms, progress=progress_line(sys.stderr, prefix)
                )
                if sys.stderr.isatty():
                    sys.stderr.write("\r\x1b[2K")  # the progress line gives way to what follows
                loaded.append(_loaded_data(result, window, warn_once))
        finally:
            await source.aclose()
        return loaded

    return asyncio.run(load_all())


def _loaded_data(
    result: LoadResult, window: Window, warn_once: Callable[[str], None]
) -> LoadedData:
    if result.notice is not None:
        warn_once(result.notice)
    for warning in result.warnings:
        warn_once(warning)
    if result.group_names_refused is not None:
        warn_once(result.group_names_refused)
    productivity = result.productivity
    if productivity is not None and productivity.message and productivity.status != "ok":
        warn_once(f"productivity: {productivity.message}")
    return LoadedData(
        result.records,
        window,
        result.counted_to_ms,
        dict(result.skipped_by_reason),
        result.error,
        productivity=productivity,
        group_names=result.group_names,
    )


def describe_progress(progress: SyncProgress) -> str:
    """``fetching: 12/40 pages · retry 2/3 in 10 s`` for the progress line."""
    total = "?" if progress.pages_total is None else str(progress.pages_total)
    text = f"fetching: {progress.pages_done}/{total} pages"
    if progress.retry is not None:
        text += f" · {progress.retry.describe()} ({printable(progress.retry.reason)[:60]})"
    return text


def progress_line(stream: TextIO, prefix: str = "") -> ProgressCallback | None:
    """A callback that keeps one progress line on ``stream`` up to date — only when it is a
    terminal (a cron mail or a pipe gets no carriage-return noise); ``prefix`` leads it
    (``day 3 of 7: ``)."""
    if not stream.isatty():
        return None

    def show(progress: SyncProgress) -> None:
        stream.write(f"\r\x1b[2K{prefix}{describe_progress(progress)}")
        stream.flush()

    return show


def write_output(path: Path, text: str) -> None:
    """``--output`` (:func:`~tui.core.atomic.write_output`): a file is replaced atomically, a
    pipe or device is written as a stream, and nothing special is ever renamed over."""
    try:
        write_file_or_stream(path, text)
    except OSError as error:
        detail = str(error) if isinstance(error, NotARegularFile) else error.strerror or error
        raise InputError(f"{echo(str(path))}: cannot write ({detail})") from None


def schedule_for(args: argparse.Namespace, settings: Settings) -> Schedule | None:
    path = Path(args.schedule) if args.schedule else settings.schedule_file
    if path is None:
        return None
    from tui.analysis.schedule import load_schedule

    return load_schedule(path)


def one_line(text: str) -> str:
    return " ".join(text.split())


def describe_cached(report: ActivityReport) -> str:
    """How much of the window the cache holds complete, for the one line of exit status 3."""
    window, tz = report.window, report.window.timezone
    complete_to = report.complete_to_ms
    if complete_to <= window.start_ms:
        return "nothing of this window is cached complete"
    share = 100 * (complete_to - window.start_ms) / window.duration_ms
    return (
        f"the cache is complete to {format_instant(complete_to, tz)} ({share:.0f}% of the window)"
    )


def missing_ranges(report: ActivityReport) -> tuple[tuple[int, int], ...]:
    """The part of the window whose data a failed fetch left incomplete: from where the cached
    data stops being complete to the window end."""
    if report.final:
        return ()
    return ((report.complete_to_ms, report.window.end_ms),)


def export_options(settings: Settings, schedule: Schedule | None) -> AnalysisOptions:
    """The analysis options of an export: the configuration's, no timelines or details (no
    export format prints them; every figure is the same either way)."""
    return replace(
        AnalysisOptions.from_settings(settings, schedule=schedule),
        build_timelines=False,
        build_details=False,
    )


def analyse_loaded(data: LoadedData, options: AnalysisOptions) -> ActivityReport:
    """The report of one loaded window (DESIGN.md §2), as every export makes it."""
    return analyze(
        data.records,
        data.window,
        data_complete_to_ms=data.data_complete_to_ms,
        options=options,
        skipped_by_reason=data.skipped_by_reason,
        now_ms=SystemClock().now_ms(),
    )
