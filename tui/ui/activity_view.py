"""The immutable snapshot of data the panes render, built by the sync worker.

The worker builds one :class:`ActivityView` per successful analysis and hands it to the UI in an
``ActivityLoaded`` message; panes never mutate it. ``version`` grows by one with every new view so
panes can key render caches on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING

from rich.text import Text

from tui.analysis.model import ActivityReport, AgentActivity, GroupSummary
from tui.analysis.productivity import ProductivityReport
from tui.core.collector import RELEASE_REST_S, collector_paused, release_in_steps
from tui.core.records import StatusRecord, group_display_name
from tui.core.source_contract import LoadResult
from tui.ui.agent_rows import agent_cells
from tui.ui.exception_rows import exception_cells
from tui.ui.team_rows import idle_groups, team_cells, total_cells
from tui.ui.widgets.keyed_table import SortCell

if TYPE_CHECKING:  # the review module loads in the sync thread, after the first frame
    from tui.analysis.review import ReviewException


DETAILS_COMING = "Indexing the day's records… (the figures are already in)"
"""What a pane says in place of what a view that is not :attr:`ActivityView.detailed` lacks."""

AGENT_ROWS_COMING = "Formatting the agents' rows… (the Teams figures are already in)"
"""What the Agents pane says while a view's rows are not formatted yet
(:attr:`ActivityView.agent_rows_ready`)."""


@dataclass(frozen=True, eq=False)
class ActivityView:
    """One analysed window: the report, the load it came from, and lookups the panes need.

    Compared by identity (``eq=False``): each view is a new snapshot, and comparing two by value
    would walk 200k records whenever the monitor's reactive ``view`` changes.

    ``records_by_agent`` holds each agent's records inside the window, sorted by
    :meth:`StatusRecord.sort_key`. ``now_ms`` is the injected clock's time when the view was
    built (panes derive "N min ago" from the header, not from this).
    """

    report: ActivityReport
    load: LoadResult
    version: int
    now_ms: int
    records_by_agent: Mapping[int, tuple[StatusRecord, ...]]
    source_label: str
    day: date | None = None
    """The calendar day shown (``None`` for an explicit range)."""
    timezone: str = "UTC"
    agents_by_id: Mapping[int, AgentActivity] = field(default_factory=dict)
    groups_by_id: Mapping[int, GroupSummary] = field(default_factory=dict)
    events: tuple[StatusRecord, ...] = ()
    """Every record in the window, oldest first (time, agent, sequence): the Events pane."""
    settled: bool = True
    """From a fetch that succeeded; ``False`` for the cache painted while a fetch runs, or
    what the cache held when the fetch failed."""

    @property
    def partial(self) -> bool:
        """The figures may still change because this day's load is not done (or failed): they
        are shown marked partial, never as final."""
        return not self.settled and not self.report.final

    @property
    def nothing_complete(self) -> bool:
        """No part of the window is complete yet (its figures would all be empty)."""
        report = self.report
        return report.complete_to_ms <= report.window.start_ms < report.pending_end_ms

    def provisional(self, record: StatusRecord) -> bool:
        """Whether a record of the window arrived after *data complete to* (shown, not counted)."""
        return record.time_ms >= self.report.complete_to_ms

    productivity: ProductivityReport | None = None
    """Conversations and handle time beside presence (DESIGN.md §5); ``None`` when the source
    has no productivity at all."""
    exceptions: tuple[ReviewException, ...] = ()
    """The review's exceptions, newest first: the Exceptions pane."""
    agent_rows: Mapping[int, tuple[SortCell, ...]] = field(default_factory=dict)
    """Each agent's row of the Agents table, formatted with the view (off the event loop)."""
    agent_rows_ready: bool = True
    """``False`` for the figures view of a big load: :attr:`agent_rows` are formatted with the
    details (the Teams pane, on screen first, does not need them; the Agents pane waits)."""
    team_rows: Mapping[int, tuple[SortCell, ...]] = field(default_factory=dict)
    """Each team's row of the Teams table, formatted with the view (off the event loop)."""
    exception_rows: tuple[tuple[Text, ...], ...] = ()
    """Each exception's row of the Exceptions table (same order as :attr:`exceptions`),
    formatted with the view (off the event loop)."""
    idle_groups: Mapping[int, str] = field(default_factory=dict)
    """Known teams (named in config or by LivePerson, or seen before the window) with no
    activity in it yet: listed by Teams as "no activity yet"."""
    total_row: tuple[SortCell, ...] = ()
    """The Teams table's totals row, formatted with the view (off the event loop)."""
    detailed: bool = True
    """``False`` for the first view of a big load (:func:`figures_view`): the figures only.
    :attr:`records_by_agent`, :attr:`events`, :attr:`exceptions` and the teams' staffing slots
    are empty and come with the next view, a moment later; panes say so meanwhile."""

    @property
    def window_records(self) -> int:
        """How many records fall inside the window (all agents)."""
        return sum(len(records) for records in self.records_by_agent.values())

    def agent_row(self, activity: AgentActivity) -> tuple[SortCell, ...]:
        """The agent's row of the Agents table (prepared in :attr:`agent_rows` when built)."""
        prepared = self.agent_rows.get(activity.agent.agent_id)
        if prepared is not None:
            return prepared
        return agent_cells(
            activity,
            report=self.report,
            zone=self.timezone,
            team=self.group_name(activity.agent.group_id),
            productivity=self.productivity,
        )

    def team_row(self, group: GroupSummary) -> tuple[SortCell, ...]:
        """The team's row of the Teams table (prepared in :attr:`team_rows` when built)."""
        prepared = self.team_rows.get(group.group_id)
        if prepared is not None:
            return prepared
        return team_cells(
            group,
            report=self.report,
            agents_by_id=self.agents_by_id,
            productivity=self.productivity,
        )

    def exception_row(self, index: int) -> tuple[Text, ...]:
        """The row of ``exceptions[index]`` (prepared in :attr:`exception_rows` when built)."""
        if len(self.exception_rows) == len(self.exceptions):
            return self.exception_rows[index]
        row = self.exceptions[index]
        return exception_cells(row, zone=self.timezone, team=self.group_name(row.group_id))

    def group_name(self, group_id: int) -> str:
        """The team's display name (as the report names it: from config, else ``Group N``); a
        team known by name but idle in the window keeps its name."""
        group = self.groups_by_id.get(group_id)
        if group is not None:
            return group.name
        idle_name = self.idle_groups.get(group_id)
        return idle_name if idle_name is not None else group_display_name(group_id, {})


def release_retired(retired: list[ActivityView]) -> None:
    """Free views no one shows any more, a slice at a time (call it in a worker thread).

    ``retired`` holds the last references: each view is taken out of it here, its records,
    intervals and table rows are moved to lists, the view itself is dropped (freeing only
    containers), and the lists are emptied in steps, so the GIL — and the event loop — is never
    held for the 100 ms that freeing a 2,000-agent view at once takes.
    """
    with collector_paused():  # the lists below are young: no collection may traverse them
        while retired:
            view = retired.pop()
            records = list(view.load.records)
            intervals = [
                interval for activity in view.report.agents for interval in activity.timeline
            ]
            rows = list(view.agent_rows.values())
            del view
            release_in_steps(records, intervals, rows, rest_s=RELEASE_REST_S)


_BY_TIME = attrgetter("time_ms")
_EVENT_ORDER = attrgetter("time_ms", "agent_id", "sequence")
"""The Events pane's order: time, agent, sequence (keys read in C, no Python call per record)."""


def records_by_agent_in_window(
    records: Iterable[StatusRecord], start_ms: int, end_ms: int
) -> dict[int, tuple[StatusRecord, ...]]:
    """Group the records in ``[start_ms, end_ms)`` by agent, each sorted by
    :meth:`StatusRecord.sort_key`.

    An agent's records with distinct times need only their time order (a C key, and already
    sorted when they come from the store); only an agent with two records at one instant is
    sorted by the full rule.
    """
    grouped: dict[int, list[StatusRecord]] = {}
    for record in records:
        if start_ms <= record.time_ms < end_ms:
            agent_records = grouped.get(record.agent_id)
            if agent_records is None:
                grouped[record.agent_id] = [record]
            else:
                agent_records.append(record)
    result: dict[int, tuple[StatusRecord, ...]] = {}
    for agent_id, agent_records in grouped.items():
        agent_records.sort(key=_BY_TIME)
        if len(set(map(_BY_TIME, agent_records))) != len(agent_records):
            agent_records.sort(key=StatusRecord.sort_key)
        result[agent_id] = tuple(agent_records)
    return result


def events_in_window(
    records: Iterable[StatusRecord], start_ms: int, end_ms: int, *, in_order: bool = False
) -> tuple[StatusRecord, ...]:
    """Every record in ``[start_ms, end_ms)`` in the Events pane's order (time, agent, sequence).

    ``in_order``: the window's records come in that order already (as the cache reads them:
    ``LoadResult.in_event_order``), so no sort, and no million sort keys, are needed.
    """
    if in_order:
        return tuple(record for record in records if start_ms <= record.time_ms < end_ms)
    events = [record for record in records if start_ms <= record.time_ms < end_ms]
    events.sort(key=_EVENT_ORDER)
    return tuple(events)


def figures_view(
    report: ActivityReport,
    load: LoadResult,
    *,
    version: int,
    now_ms: int,
    source_label: str,
    day: date | None,
    settled: bool = True,
    productivity: ProductivityReport | None = None,
    group_names: Mapping[int, str] | None = None,
) -> ActivityView:
    """A view of the figures alone (:attr:`ActivityView.detailed` ``False``), its Teams rows
    formatted: what the panes show first while the worker builds the Events index, the Agents
    rows and the rest (:func:`build_view`, which takes the Teams rows over). The Agents rows
    wait for the details (:attr:`ActivityView.agent_rows_ready`): at 10,000 agents formatting
    them is a quarter of the time to the first figures, which the Teams pane shows without them."""
    view = ActivityView(
        report=report,
        load=load,
        version=version,
        now_ms=now_ms,
        records_by_agent={},
        source_label=source_label,
        day=day,
        timezone=report.window.timezone,
        agents_by_id={activity.agent.agent_id: activity for activity in report.agents},
        groups_by_id={group.group_id: group for group in report.groups},
        settled=settled,
        productivity=productivity,
        detailed=False,
    )
    return _with_teams_rows(replace(view, agent_rows_ready=False), group_names)


def _with_teams_rows(view: ActivityView, group_names: Mapping[int, str] | None) -> ActivityView:
    """``view`` with the Teams table's rows, idle teams and totals row formatted (once per load:
    the details view takes them over from the figures view)."""
    report = view.report
    return replace(
        view,
        team_rows={group.group_id: view.team_row(group) for group in report.groups},
        idle_groups=idle_groups(report, group_names or {}, view.load.records),
        total_row=total_cells(
            report, agents_by_id=view.agents_by_id, productivity=view.productivity
        ),
    )


def build_view(
    report: ActivityReport,
    load: LoadResult,
    *,
    version: int,
    now_ms: int,
    source_label: str,
    day: date | None,
    settled: bool = True,
    productivity: ProductivityReport | None = None,
    exceptions: tuple[ReviewException, ...] = (),
    group_names: Mapping[int, str] | None = None,
    rows_of: ActivityView | None = None,
) -> ActivityView:
    """Assemble a view and its lookups (runs in the worker thread, off the event loop);
    ``group_names`` are the teams known by name, listed even without activity.

    ``rows_of``: the :func:`figures_view` of the same figures, whose Teams rows (and the Teams'
    idle teams and totals row, and the Agents rows if it has them) are taken over rather than
    formatted again.
    """
    by_agent = records_by_agent_in_window(
        load.records, report.window.start_ms, report.window.end_ms
    )
    events = events_in_window(
        load.records, report.window.start_ms, report.window.end_ms, in_order=load.in_event_order
    )
    view = ActivityView(
        report=report,
        load=load,
        version=version,
        now_ms=now_ms,
        records_by_agent=by_agent,
        source_label=source_label,
        day=day,
        timezone=report.window.timezone,
        agents_by_id={activity.agent.agent_id: activity for activity in report.agents},
        groups_by_id={group.group_id: group for group in report.groups},
        events=events,
        settled=settled,
        productivity=productivity,
        exceptions=exceptions,
    )
    exception_rows = tuple(view.exception_row(index) for index in range(len(exceptions)))
    agent_rows = (
        rows_of.agent_rows
        if rows_of is not None and rows_of.agent_rows_ready
        else {activity.agent.agent_id: view.agent_row(activity) for activity in report.agents}
    )
    view = replace(view, agent_rows=agent_rows, exception_rows=exception_rows)
    if rows_of is None:
        return _with_teams_rows(view, group_names)
    return replace(
        view,
        team_rows=rows_of.team_rows,
        idle_groups=rows_of.idle_groups,
        total_row=rows_of.total_row,
    )
