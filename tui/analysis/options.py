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
NEVER = 0
"""A class threshold of 0: away for this class is never a long-away exception."""

BUILT_IN_REASON_CLASSES: Mapping[str, str] = {
    "break": "break",
    "coffee break": "break",
    "short break": "break",
    "lunch": "lunch",
    "lunch break": "lunch",
    "meal": "lunch",
    "meeting": "meeting",
    "team meeting": "meeting",
    "training": "training",
    "coaching": "training",
}
"""Common away reason texts (compared case-insensitively) and their class, used when
``[reasons.classes]`` does not name the reason: a lunch is not a long break out of the box."""

CLASS_LONG_AWAY_MS: Mapping[str, int] = {
    "break": 20 * MINUTE_MS,
    "lunch": 60 * MINUTE_MS,
    "meeting": NEVER,
    "training": NEVER,
    "productive": NEVER,
}
"""Built-in long-away thresholds per class (others use the ``"*"`` default, 30 min)."""


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything :func:`tui.analysis.analyze` needs besides the records and the window.

    ``build_timelines=False`` leaves :attr:`AgentActivity.timeline` empty (the export never draws
    bars, and 200k records make many segments); ``build_details=False`` leaves the away episodes,
    exceptions and staffing slots empty (no export format prints them). Every figure an export
    prints is the same either way. ``build_staffing=False`` leaves only the staffing slots for
    later (:func:`tui.analysis.groups.with_staffing`, from the timelines): the monitor shows the
    teams' figures first and their staffing strips a moment after.
    """

    group_names: Mapping[int, str] = field(default_factory=dict)
    reason_classes: Mapping[str, str] = field(default_factory=dict)
    """Away reason label -> class (``productive``, ``break``...); others are ``unclassified``."""
    long_away_ms: Mapping[str, int] = field(default_factory=dict)
    """Per away reason label, the episode length above which it is a ``long_away`` exception."""
    default_long_away_ms: int = 30 * MINUTE_MS
    class_long_away_ms: Mapping[str, int] = field(default_factory=dict)
    """Per reason class, the long-away threshold (:data:`NEVER`: not flagged); merged over
    :data:`CLASS_LONG_AWAY_MS`."""
    unclear_state_ms: int = 15 * MINUTE_MS
    """Logged in but ``unknown``/``other`` for longer than this is an exception."""
    late_grace_ms: int = 5 * MINUTE_MS
    """Late login / early logout / no-show against a shift only beyond this many minutes."""
    short_flip_ms: int = 10_000
    """A state that lasts less than this before the next state change is a ``short_flip``."""
    schedule: Schedule | None = None
    staffing_slot_ms: int = 15 * MINUTE_MS
    build_timelines: bool = True
    build_details: bool = True
    build_staffing: bool = True

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
            class_long_away_ms={k: s * 1000 for k, s in settings.class_long_away_s.items()},
            short_flip_ms=settings.short_flip_s * 1000,
            schedule=schedule,
        )

    def long_away_threshold_ms(self, reason: str) -> int | None:
        """The long-away threshold for one reason; ``None``: never flagged.

        The reason's own (``[reasons.long_away_s]``), else its class's (``[reasons.
        class_long_away_s]``, else :data:`CLASS_LONG_AWAY_MS`), else ``"*"``, else 30 min.
        """
        threshold = self.long_away_ms.get(reason)
        if threshold is None:
            klass = self.reason_class(reason)
            threshold = self.class_long_away_ms.get(klass, CLASS_LONG_AWAY_MS.get(klass))
        if threshold is None:
            threshold = self.long_away_ms.get(DEFAULT_LONG_AWAY_KEY, self.default_long_away_ms)
        return None if threshold == NEVER else threshold

    def reason_class(self, reason: str) -> str:
        """The reason's class: as configured, else the built-in one for common names."""
        configured = self.reason_classes.get(reason)
        if configured is not None:
            return configured
        return BUILT_IN_REASON_CLASSES.get(reason.strip().casefold(), UNCLASSIFIED)

    def group_name(self, group_id: int) -> str:
        """The configured team name, else ``No group`` / ``Group 12345``."""
        return group_display_name(group_id, self.group_names)
