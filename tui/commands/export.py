"""``agent-activity export``: the figures as JSON (DESIGN.md §4), CSV or a fixed-width table.

Data goes to stdout (or ``--output``, written atomically); messages go to stderr. Sources: saved
API responses (``--input``, v2 or v1, merged, duplicates dropped), the demo account (``--demo``,
through the same store and client as ``agent-activity demo``), or the configured account.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.analysis.export_formats import (
    dumps_report_json,
    report_table,
)
from tui.analysis.model import ActivityReport
from tui.commands.export_sources import (  # noqa: F401  (``export.X`` names kept for callers)
    EXIT_INCOMPLETE,
    NO_ACCOUNT,
    LoadedData,
    analyse_loaded,
    coverage_end,
    describe_cached,
    export_options,
    missing_ranges,
    one_line,
    read_inputs,
    read_source,
    schedule_for,
    warn,
    write_output,
)
from tui.commands.group_choice import resolve_groups
from tui.core.collector import collector_paused
from tui.core.errors import InputError
from tui.core.group_names import merged_group_names
from tui.core.settings import Settings
from tui.core.windows import (
    parse_day_start,
    window_from_arguments,
)
from tui.core.zones import working_zone

if TYPE_CHECKING:
    from tui.analysis.productivity import ProductivityReport


def _settings(args: argparse.Namespace) -> Settings:
    from tui.config.loading import load_settings

    return load_settings(profile=args.profile)


def filter_groups(report: ActivityReport, group_ids: Sequence[int]) -> ActivityReport:
    """Only the agents and teams of the given ``agentGroupId`` s."""
    wanted = set(group_ids)
    missing = sorted(wanted - {group.group_id for group in report.groups})
    for group_id in missing:
        warn(f"no agents of group {group_id} in this window")
    return replace(
        report,
        agents=tuple(a for a in report.agents if a.agent.group_id in wanted),
        groups=tuple(g for g in report.groups if g.group_id in wanted),
    )


def render(
    report: ActivityReport, output_format: str, productivity: ProductivityReport | None = None
) -> str:
    """The report in the chosen format, with the §5 productivity fields when there are any."""
    from tui.analysis.productivity_export import export_csv, export_document

    if output_format == "csv":
        return export_csv(report, productivity)
    if output_format == "table":
        return report_table(report)
    return dumps_report_json(export_document(report, productivity))


def run(args: argparse.Namespace) -> int:
    """The export; from saved files it runs with no cyclic collection from start to end (reading
    200k records, analysing and writing thousands of agents' figures make objects that no
    collection could free). A fetch keeps the collector (its network objects do form cycles)
    until its records are read."""
    if args.input:
        with collector_paused():
            return _run(args)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.demo and args.input:
        raise InputError("use either --demo or --input, not both")
    tz = working_zone(args.tz, settings.timezone)
    if getattr(args, "day_start", None):
        settings = replace(settings, day_start=parse_day_start(args.day_start, what="--day-start"))
    if args.demo:
        from tui.wiring.sources import demo_settings

        settings = demo_settings(settings)
    if args.by == "day":
        from tui.commands.export_days import run_by_day

        return run_by_day(args, settings, tz)
    window = window_from_arguments(args.date, args.from_, args.to, tz, settings.day_start)
    schedule = schedule_for(args, settings)
    if args.input:
        data = read_inputs(args.input, window, tz)
    else:
        data = read_source(args.demo, settings, window, tz)
    names = merged_group_names(settings.group_names, data.group_names)
    settings = replace(settings, group_names=names)
    group_ids = resolve_groups(args.group, names) if args.group else []
    options = export_options(settings, schedule)
    report = analyse_loaded(data, options)
    failure = data.failure
    if failure is not None:
        failed = one_line(f"{failure.title}: {failure.message}")
        if report.final:
            warn(f"{failed} (the cached data of this window is complete: exporting it)")
        elif not args.allow_partial:
            print(
                f"agent-activity: not complete, nothing written: {failed}; "
                f"{describe_cached(report)} (--allow-partial writes it)",
                file=sys.stderr,
            )
            return EXIT_INCOMPLETE
        else:
            report = replace(report, missing=missing_ranges(report))
            warn(f"PARTIAL figures (--allow-partial): {failed}; {describe_cached(report)}")
    productivity: ProductivityReport | None = None
    if data.productivity is not None:
        from tui.analysis.productivity import analyze_productivity

        report, productivity = analyze_productivity(
            report, data.productivity, group_names=options.group_names
        )
    if report.skipped_records:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in report.skipped_by_reason.items())
        warn(f"skipped {report.skipped_records} unreadable records ({reasons})")
    if group_ids:
        report = filter_groups(report, group_ids)
    if productivity is not None and group_ids:
        productivity = replace(
            productivity,
            groups={k: v for k, v in productivity.groups.items() if k in set(group_ids)},
        )
    with collector_paused():
        text = render(report, args.format, productivity)
    if args.output:
        write_output(Path(args.output), text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0
