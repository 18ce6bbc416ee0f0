"""Small hand-written event lists for analysis tests: times in minutes from a fixed UTC midnight."""

from __future__ import annotations

from tui.analysis import AnalysisOptions, analyze
from tui.analysis.model import ActivityReport, AgentActivity
from tui.core.records import StatusRecord
from tui.core.windows import Window

DAY0_MS = 1_772_409_600_000
"""2026-03-02T00:00:00Z."""
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
UTC_DAY = Window(DAY0_MS, DAY0_MS + DAY, "UTC")

OFFLINE, ONLINE, OCCUPIED, AWAY = 1, 2, 3, 4


def at(minutes: float) -> int:
    """Epoch ms of ``minutes`` after 2026-03-02T00:00Z (negative: the day before)."""
    return DAY0_MS + round(minutes * MINUTE)


def login(minutes: float, agent: int = 1, *, group: int = 10) -> StatusRecord:
    return StatusRecord(agent, at(minutes), 3, None, -1, group_id=group)


def logout(minutes: float, agent: int = 1, *, sequence: int = 99, group: int = 10) -> StatusRecord:
    return StatusRecord(agent, at(minutes), 4, None, sequence, group_id=group)


def state(
    minutes: float,
    subtype: int | None,
    agent: int = 1,
    *,
    sequence: int = 1,
    reason_id: int | None = None,
    reason_text: str | None = None,
    group: int = 10,
) -> StatusRecord:
    return StatusRecord(
        agent,
        at(minutes),
        1,
        subtype,
        sequence,
        group_id=group,
        reason_id=reason_id,
        reason_text=reason_text,
    )


def report_of(
    records: list[StatusRecord],
    window: Window = UTC_DAY,
    *,
    complete_to: int | None = None,
    options: AnalysisOptions | None = None,
) -> ActivityReport:
    return analyze(records, window, data_complete_to_ms=complete_to, options=options)


def only_agent(report: ActivityReport) -> AgentActivity:
    (activity,) = report.agents
    return activity
