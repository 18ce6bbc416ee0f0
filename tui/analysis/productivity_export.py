"""Productivity in the export (DESIGN.md §5 names, additive to the §4 document).

Per agent and per group: ``closed_conversations``, ``transfers``, ``back_to_queue``,
``handle_time_s``, ``closed_per_online_hour``, ``handle_share`` (a fraction, never clipped:
above 1 is a data inconsistency, also listed in ``productivity.inconsistent_agents``) and
``avg_handle_time_s``; a ratio with a zero denominator is ``null``. The top-level
``productivity`` object says whether there is any and how complete it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.analysis.export_formats import ExtraCells, report_csv, report_json, seconds
from tui.analysis.model import ActivityReport, AgentActivity
from tui.core.windows import format_instant

if TYPE_CHECKING:  # an export without segments never loads the productivity analysis
    from tui.analysis.productivity import ProductivityFigures, ProductivityReport

PRODUCTIVITY_FIELDS = (
    "closed_conversations",
    "transfers",
    "back_to_queue",
    "handle_time_s",
    "closed_per_online_hour",
    "handle_share",
    "avg_handle_time_s",
)
"""The export's productivity fields, in order (JSON keys and CSV columns)."""


def _ratio(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def figures_fields(figures: ProductivityFigures | None) -> dict[str, Any]:
    """One agent's or group's productivity fields (all ``null`` without figures)."""
    if figures is None:
        return dict.fromkeys(PRODUCTIVITY_FIELDS)
    average = figures.avg_handle_ms
    return {
        "closed_conversations": figures.closed,
        "transfers": figures.transfers,
        "back_to_queue": figures.back_to_queue,
        "handle_time_s": seconds(figures.handle_ms),
        "closed_per_online_hour": _ratio(figures.closed_per_online_hour, 3),
        "handle_share": _ratio(figures.handle_share, 4),
        "avg_handle_time_s": None if average is None else round(average / 1000, 3),
    }


def productivity_summary(productivity: ProductivityReport, tz: str) -> dict[str, Any]:
    """The top-level ``productivity`` object: status, completeness, what to do when missing."""
    complete_to = productivity.complete_to_ms
    inconsistent = sorted(
        agent_id for agent_id, agent in productivity.agents.items() if agent.figures.inconsistent
    )
    return {
        "status": productivity.status,
        "complete_to": None if complete_to is None else format_instant(complete_to, tz),
        "provisional": productivity.available and productivity.provisional,
        "message": productivity.message,
        "inconsistent_agents": inconsistent,
    }


def add_productivity(document: dict[str, Any], productivity: ProductivityReport | None) -> None:
    """Add the productivity fields to a §4 document built from the same report (in place)."""
    if productivity is None:
        return
    document["productivity"] = productivity_summary(productivity, document["timezone"])
    if not productivity.available:
        return
    for agent in document["agents"]:
        figures = productivity.agents.get(agent["agent_id"])
        agent.update(figures_fields(None if figures is None else figures.figures))
    for group in document["groups"]:
        summary = productivity.groups.get(group["group_id"])
        group.update(figures_fields(None if summary is None else summary.figures))


def csv_cells(productivity: ProductivityReport) -> ExtraCells:
    """The CSV's productivity cells of an agent (blank when unknown), for
    :func:`~tui.analysis.export_formats.report_csv`."""

    def cells(activity: AgentActivity) -> list[Any]:
        figures = None
        if productivity.available:
            agent = productivity.agents.get(activity.agent.agent_id)
            figures = None if agent is None else agent.figures
        return ["" if value is None else value for value in figures_fields(figures).values()]

    return cells


def export_document(
    report: ActivityReport, productivity: ProductivityReport | None
) -> dict[str, Any]:
    """The export's JSON document: DESIGN.md §4, plus §5 when there is productivity (the
    command and the monitor's ``e`` both write this)."""
    document = report_json(report)
    add_productivity(document, productivity)
    return document


def export_csv(report: ActivityReport, productivity: ProductivityReport | None) -> str:
    """The export's CSV, with the productivity columns when there is productivity."""
    if productivity is None:
        return report_csv(report)
    return report_csv(report, PRODUCTIVITY_FIELDS, csv_cells(productivity))
