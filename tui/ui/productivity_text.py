"""How the panes show productivity (DESIGN.md §5): table cells, the completeness line, the
Agent pane's conversations. Pure text; every number comes from :mod:`tui.analysis.productivity`.

Provisional figures (segments may still arrive: LivePerson serves them up to 24 h after their
close) are dimmed; a handle share above 100 % is shown as it is, in bold with ``!`` — the two
APIs disagree, and clipping it would hide that.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text

from tui.analysis.productivity import ProductivityFigures, ProductivityReport
from tui.core.segments import Segment
from tui.ui import format as fmt
from tui.ui.widgets.keyed_table import SortCell, missing

PRODUCTIVITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("closed", "Closed"),
    ("closed_per_hour", "Closed/h"),
    ("handle_share", "Handle %"),
)
"""The productivity columns of the Teams and Agents tables (key, label)."""

REASON_LABELS = {
    "closedByConsumer": "closed by consumer",
    "closedByAgent": "closed by agent",
    "closedBySystem": "closed by system",
    "agentTransfer": "agent transfer",
    "skillTransfer": "skill transfer",
    "backToQueue": "back to queue",
    "other": "other",
}


class _StyledCell(SortCell):
    """A :class:`SortCell` whose text carries a style (markup built here, text escaped)."""

    def __new__(cls, text: str, sort_value: object, style: str | None) -> _StyledCell:
        markup = escape(text) if not style else f"[{style}]{escape(text)}[/]"
        cell = str.__new__(cls, markup)
        cell.sort_value = (0, sort_value)
        return cell


def share_text(share: float) -> str:
    """``63%``; above 100 % ``112%!`` (flagged, never clipped)."""
    return f"{share * 100:.0f}%" + ("!" if share > 1.0 else "")


def productivity_cells(
    figures: ProductivityFigures | None, report: ProductivityReport | None
) -> tuple[SortCell, ...]:
    """Closed, closed per online hour, handle share; ``—`` when there is no productivity."""
    if figures is None or report is None or not report.available:
        return (missing(), missing(), missing())
    dim = "dim" if report.provisional else None
    per_hour = figures.closed_per_online_hour
    share = figures.handle_share
    return (
        _StyledCell(str(figures.closed), figures.closed, dim),
        missing() if per_hour is None else _StyledCell(f"{per_hour:.1f}", per_hour, dim),
        missing()
        if share is None
        else _StyledCell(share_text(share), share, "bold" if share > 1.0 else dim),
    )


def completeness_text(report: ProductivityReport | None, zone: str) -> str:
    """One line on how far productivity can be trusted, apart from the presence lag."""
    if report is None:
        return ""
    if report.status == "not_enabled":
        return "Productivity: not enabled on this account (see the notice for the fix)"
    if not report.available:
        if report.status == "failed":
            return f"Productivity: not loaded ({report.message})"
        return f"Productivity: {report.message or 'not loaded yet'}"
    assert report.complete_to_ms is not None
    failed = f" · last fetch failed: {report.message}" if report.status == "failed" else ""
    if not report.provisional:
        return f"Productivity final (conversations by close time){failed}"
    when = fmt.clock_time(report.complete_to_ms, zone)
    if report.complete_to_ms < report.window.start_ms:
        when = fmt.local_datetime(report.complete_to_ms, zone).strftime("%a %d %b %H:%M")
    return f"Productivity complete to {when} · up to 24 h late · dimmed = provisional{failed}"


def figures_lines(figures: ProductivityFigures) -> list[str]:
    """The Agent pane's productivity block."""
    per_hour = figures.closed_per_online_hour
    share = figures.handle_share
    average = figures.avg_handle_ms
    lines = [
        f"  {'closed':<15} {figures.closed:>6}",
        f"  {'transfers':<15} {figures.transfers:>6}",
        f"  {'back to queue':<15} {figures.back_to_queue:>6}",
        f"  {'other end':<15} {figures.other:>6}",
        f"  {'handle time':<15} {fmt.duration(figures.handle_ms):>6}",
        f"  {'closed/online h':<15} {'—' if per_hour is None else f'{per_hour:.1f}':>6}",
        f"  {'handle share':<15} {'—' if share is None else share_text(share):>6}",
        f"  {'avg handle':<15} {'—' if average is None else fmt.duration(round(average)):>6}",
    ]
    if figures.inconsistent:
        lines.append("  ! more handle time than logged-in time: the APIs disagree")
    return lines


def conversation_lines(
    segments: tuple[Segment, ...], report: ProductivityReport, zone: str
) -> Text:
    """One line per segment closed in the window: start → close, end reason, handle time;
    provisional ones dimmed."""
    text = Text()
    if not segments:
        text.append("  no conversation closed in this window\n")
        return text
    for segment in segments:
        start = "?" if segment.start_ms is None else fmt.clock_time(segment.start_ms, zone)
        if segment.start_ms is not None and segment.start_ms < report.window.start_ms:
            start = "(before)"
        close = fmt.clock_time(segment.end_ms, zone)
        reason = REASON_LABELS.get(segment.end_reason, segment.end_reason)
        line = (
            f"  {start:>8} → {close:<5}  {reason:<18} {fmt.duration(segment.handle_ms):>6}"
            f"  {segment.conversation_id or ''}"
        )
        style = "dim" if report.is_provisional(segment) else ""
        text.append(line.rstrip() + "\n", style=style)
    return text
