"""What a lead can tune about the analysis: names, reason classes, thresholds, schedule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.records import group_display_name

if TYPE_CHECKING:
    from tui.analysis.schedule import Schedule
    from tui.core.settings import Settings

MINUTE_MS = 60_000
UNCLASSIFIED = "unclassified"
DEFAULT_LONG_AWAY_KEY = "*"
"""Key of :attr:`AnalysisOptions.long_away_ms` that applies to reasons without their own entry."""


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything :func:`tui.analysis.analyze` needs besides the records and the window.

    ``build_timelines=False`` leaves :attr:`AgentActivity.timeline` empty (the export never draws
    bars, and 200k records make many segments); ``build_details=False`` leaves the away episodes,
    exceptions and staffing slots empty (no export format prints them). Every figure an export
    prints is the same either way.
    """

    group_names: Mapping[int, str] = field(default_factory=dict)
    reason_classes: Mapping[str, str] = field(default_factory=dict)
    """Away reason label -> class (``productive``, ``break``...); others are ``unclassified``."""
    long_away_ms: Mapping[str, int] = field(default_factory=dict)
    """Per away reason label, the episode length above which it is a ``long_away`` exception."""
    default_long_away_ms: int = 30 * MINUTE_MS
    short_flip_ms: int = 10_000
    """A state that lasts less than this before the next state change is a ``short_flip``."""
    schedule: Schedule | None = None
    staffing_slot_ms: int = 15 * MINUTE_MS
    build_timelines: bool = True
    build_details: bool = True

    @classmethod
    def from_settings(
        cls, settings: Settings, *, schedule: Schedule | None = None
    ) -> AnalysisOptions:
        """The options the configuration asks for (seconds in config, milliseconds here)."""
        return cls(
            group_names=dict(settings.group_names),
            reason_classes=dict(settings.reason_classes),
            long_away_ms={reason: s * 1000 for reason, s in settings.long_away_s.items()},
            default_long_away_ms=settings.default_long_away_s * 1000,
            short_flip_ms=settings.short_flip_s * 1000,
            schedule=schedule,
        )

    def long_away_threshold_ms(self, reason: str) -> int:
        """The long-away threshold for one reason (its own, else ``"*"``, else the default)."""
        threshold = self.long_away_ms.get(reason)
        if threshold is None:
            threshold = self.long_away_ms.get(DEFAULT_LONG_AWAY_KEY, self.default_long_away_ms)
        return threshold

    def reason_class(self, reason: str) -> str:
        return self.reason_classes.get(reason, UNCLASSIFIED)

    def group_name(self, group_id: int) -> str:
        """The configured team name, else ``No group`` / ``Group 12345``."""
        return group_display_name(group_id, self.group_names)
