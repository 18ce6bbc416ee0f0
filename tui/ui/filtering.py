"""The `/` filter shared by the Agents, Timeline and Events panes, and what it searches.

The text is a regular expression when it compiles, else a plain substring; matching ignores case.
A leading ``!`` inverts the filter. An empty filter matches everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tui.analysis.model import AgentActivity
from tui.ui.activity_view import ActivityView


@dataclass(frozen=True)
class TextFilter:
    """A compiled filter; :meth:`matches` tests the searchable fields of one row."""

    text: str
    pattern: re.Pattern[str] | None
    inverted: bool

    @classmethod
    def parse(cls, text: str) -> TextFilter:
        stripped = text.strip()
        inverted = stripped.startswith("!")
        body = stripped[1:].strip() if inverted else stripped
        if not body:
            return cls(text=stripped, pattern=None, inverted=inverted)
        try:
            pattern = re.compile(body, re.IGNORECASE)
        except re.error:
            pattern = re.compile(re.escape(body), re.IGNORECASE)
        return cls(text=stripped, pattern=pattern, inverted=inverted)

    @property
    def active(self) -> bool:
        return self.pattern is not None

    def matches(self, fields: Iterable[str | None]) -> bool:
        if self.pattern is None:
            return True
        pattern = self.pattern
        found = any(field is not None and pattern.search(field) for field in fields)
        return found != self.inverted

    def describe(self) -> str:
        """How the header of a filtered pane names the filter."""
        if not self.active:
            return ""
        return f"filter: {self.text}"


NO_FILTER = TextFilter(text="", pattern=None, inverted=False)


def agent_search_fields(activity: AgentActivity, view: ActivityView) -> tuple[str | None, ...]:
    """What the filter searches: names, employee id, team and away reasons."""
    info = activity.agent
    return (
        info.display_name,
        info.login_name,
        info.employee_id,
        str(info.agent_id),
        view.group_name(info.group_id),
        *activity.totals.away_by_reason_ms.keys(),
    )
