"""``export --by day``: a range of days, one row per agent (and team) per day.

The days are ``--date D`` (one) or ``--from D1 --to D2`` (dates, both included, at most 31), each
a (shift) day from ``day_start``. From an account or the demo each day is loaded the way the
monitor loads a day (one fetch per day, the store first); saved files are read once and each day
analysed from them as ``export --date`` would. Every day's figures come from
:func:`~tui.commands.export.analyse_loaded`, the one analysis of every export.

Exit status: 3 when any day's fetch failed and that day is not complete (nothing written; names
the day), unless ``--allow-partial`` (then the day is marked incomplete and the rest written).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from tui.analysis.day_range import RangeDay
from tui.analysis.day_range_export import range_csv, range_json, range_table
from tui.analysis.model import ActivityReport
from tui.commands.export_sources import (
    EXIT_INCOMPLETE,
    LoadedData,
    analyse_loaded,
    describe_cached,
    export_options,
    missing_ranges,
    one_line,
    read_inputs,
    read_source_windows,
    schedule_for,
    warn,
    write_output,
)
from tui.commands.group_choice import resolve_groups
from tui.core.day_range import DayRange, day_range
from tui.core.errors import InputError
from tui.core.group_names import merged_group_names
from tui.core.settings import Settings
from tui.core.text import echo


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{what} {echo(text)!r}: --by day takes dates (YYYY-MM-DD), "
            "e.g. --from 2026-11-30 --to 2026-12-06"
        ) from None


def range_from_arguments(args: argparse.Namespace, tz: str, settings: Settings) -> DayRange:
    """The days ``--date`` or ``--from``/``--to`` name (dates only, at most 31 days)."""
    date_text = getattr(args, "date", None)
    if date_text is not None:
        if args.from_ is not None or args.to is not None:
            raise InputError("use either --date or --from/--to, not both")
        day = _date(date_text, "--date")
        return day_range(day, day, tz, settings.day_start, what="--date")
    if args.from_ is None or args.to is None:
        raise InputError(
            "--by day needs the days: --date YYYY-MM-DD, or --from and --to dates "
            "(e.g. --from 2026-11-30 --to 2026-12-06)"
        )
    first, last = _date(args.from_, "--from"), _date(args.to, "--to")
    return day_range(first, last, tz, settings.day_start, what="--from/--to")


def _only_groups(report: ActivityReport, wanted: set[int]) -> ActivityReport:
    return replace(
        report,
        agents=tuple(a for a in report.agents if a.agent.group_id in wanted),
        groups=tuple(g for g in report.groups if g.group_id in wanted),
    )


def run_by_day(args: argparse.Namespace, settings: Settings, tz: str) -> int:
    days = range_from_arguments(args, tz, settings)
    windows = days.day_windows()
    schedule = schedule_for(args, settings)
    loaded: list[LoadedData]
    if args.input:
        whole = read_inputs(args.input, days.window(), tz)
        loaded = [replace(whole, window=window) for window in windows]
    else:
        count = len(windows)
        loaded = read_source_windows(
            args.demo,
            settings,
            windows,
            progress_prefix=lambda index: f"day {index + 1} of {count}: ",
        )
    group_names = merge_names(settings, loaded)
    settings = replace(settings, group_names=group_names)
    group_ids = set(resolve_groups(args.group, group_names)) if args.group else set()
    options = export_options(settings, schedule)
    range_days: list[RangeDay] = []
    for day, data in zip(days.dates(), loaded, strict=True):
        report = analyse_loaded(data, options)
        failure = data.failure
        if failure is not None and not report.final:
            failed = one_line(f"{failure.title}: {failure.message}")
            if not args.allow_partial:
                print(
                    f"agent-activity: not complete, nothing written: {day.isoformat()}: "
                    f"{failed}; {describe_cached(report)} (--allow-partial writes it)",
                    file=sys.stderr,
                )
                return EXIT_INCOMPLETE
            report = replace(report, missing=missing_ranges(report))
            warn(
                f"PARTIAL figures for {day.isoformat()} (--allow-partial): {failed}; "
                f"{describe_cached(report)}"
            )
        elif failure is not None:
            warn(f"{day.isoformat()}: {one_line(failure.message)} (its cached data is complete)")
        if group_ids:
            report = _only_groups(report, group_ids)
        range_days.append(RangeDay(day, report, failed=failure is not None))
    if group_ids and not any(d.report is not None and d.report.agents for d in range_days):
        warn("no agents of the chosen groups in these days")
    skipped = sum(d.report.skipped_records for d in range_days if d.report is not None)
    if skipped:
        warn(f"skipped {skipped} unreadable records")
    text = render_range(days, tuple(range_days), args.format)
    if args.output:
        write_output(Path(args.output), text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def merge_names(settings: Settings, loaded: list[LoadedData]) -> dict[int, str]:
    """The config's team names over the latest names the Agent Groups API gave."""
    api_names: dict[int, str] = {}
    for data in loaded:
        api_names.update(data.group_names)
    return dict(merged_group_names(settings.group_names, api_names))


def render_range(days: DayRange, range_days: tuple[RangeDay, ...], output_format: str) -> str:
    if output_format == "csv":
        return range_csv(range_days)
    if output_format == "table":
        return range_table(days, range_days)
    return range_json(days, range_days)
