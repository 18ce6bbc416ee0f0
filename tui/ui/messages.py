"""Messages between the workers, the panes and the monitor screen (past tense: something
happened). Workers change nothing on screen themselves: they post one of these, and the monitor's
handlers change its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.core.source_contract import LoadFailure, SyncProgress
    from tui.ui.activity_view import ActivityView
    from tui.ui.range_view import RangeView


@dataclass
class ActivityLoaded(Message):
    """A new analysed view is ready (from the cache or a completed fetch)."""

    view: ActivityView


@dataclass
class RangeLoaded(Message):
    """The week view's range has new figures (a day loaded, or the cache painted)."""

    view: RangeView


@dataclass
class DaySelected(Message):
    """The user chose one day of the week view (the monitor opens that day)."""

    day: date


@dataclass
class LoadFailed(Message):
    """The last fetch failed; the last good view stays on screen."""

    failure: LoadFailure


@dataclass
class SyncProgressed(Message):
    """A fetch made progress (pages and records so far)."""

    progress: SyncProgress


@dataclass
class AgentSelected(Message):
    """The user chose one agent to drill into (the monitor shows the Agent pane); ``at_ms``
    puts the Agent pane's cursor at that moment (else at the agent's first activity)."""

    agent_id: int
    at_ms: int | None = None


@dataclass
class TeamSelected(Message):
    """The user chose one team (the monitor shows Agents filtered to it); ``None``: every
    team (the totals row)."""

    group_id: int | None


@dataclass
class SyncStarted(Message):
    """The worker began fetching (the header shows a progress bar)."""


@dataclass
class SyncFinished(Message):
    """One refresh cycle ended; ``next_refresh_ms`` is ``None`` when auto-refresh is paused."""

    next_refresh_ms: int | None


@dataclass
class SourceNoticed(Message):
    """The source has something to say once that is not a failure (say, a rebuilt cache, or
    data that may be incomplete); ``title`` heads the toast."""

    notice: str
    title: str = "Note"


@dataclass
class LoginNeeded(Message):
    """No credentials were found once the monitor was up: the monitor says how to log in."""

    message: str


@dataclass
class CredentialsDescribed(Message):
    """The credential store said where the account's secrets come from (for help)."""

    line: str


@dataclass
class ExportWritten(Message):
    """The `e` export is on disk: every file written, CSV first."""

    paths: tuple[Path, ...]


@dataclass
class ExportFailed(Message):
    """The `e` export could not be written; ``reason`` says why."""

    reason: str
