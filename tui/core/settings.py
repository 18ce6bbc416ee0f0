"""The settings every layer reads, with their defaults (documented in the README).

:mod:`tui.config.loading` loads and validates ``config.toml`` into these; code that only needs the
defaults (tests, the demo) constructs them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from enum import Enum
from pathlib import Path


class AuthMethod(Enum):
    """The two machine-to-machine methods LivePerson offers."""

    OAUTH1 = "app-keys"
    OAUTH2 = "client-credentials"


REASON_CLASSES = (
    "productive",
    "break",
    "lunch",
    "meeting",
    "training",
    "unplanned",
    "unclassified",
)
"""Away-reason classes a lead can assign reasons to; unassigned reasons are ``unclassified``."""


@dataclass(frozen=True)
class Profile:
    """One LivePerson account the user has logged in to."""

    name: str = "default"
    account_id: str | None = None
    auth_method: AuthMethod | None = None
    source_name: str = "agentactivitytui"
    insecure_file_storage: bool = False


@dataclass(frozen=True)
class Settings:
    """Every tunable, with defaults that suit a daily review."""

    profile: Profile = field(default_factory=Profile)
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    timezone: str | None = None
    """IANA zone for day boundaries; ``None`` means the machine's local zone."""
    day_start: time = time(0, 0)
    """Local time days start at (``18:00``: shift days from 18:00 to 18:00); default midnight."""
    refresh_interval_s: int = 300
    lag_allowance_s: int = 3600
    trailing_refetch_s: int = 7200
    lookback_s: int = 12 * 3600
    retention_days: int = 35
    max_in_flight: int = 6
    page_size: int = 1000
    """Records asked for per page (``limit``): v2's documented default; 1 to 5,000."""
    domain_api: str = "https://api.liveperson.net"
    group_names: Mapping[int, str] = field(default_factory=dict)
    reason_classes: Mapping[str, str] = field(default_factory=dict)
    """Away reason label -> one of :data:`REASON_CLASSES`."""
    long_away_s: Mapping[str, int] = field(default_factory=dict)
    """Per-reason threshold for the "long away" exception; key ``"*"`` is the default."""
    default_long_away_s: int = 30 * 60
    class_long_away_s: Mapping[str, int] = field(default_factory=dict)
    """Per reason class, the long-away threshold (0: never flagged); overrides the built-ins."""
    short_flip_s: int = 10
    schedule_file: Path | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys (Textual ``App.set_keymap``)."""
    theme: str = "agent-activity-dark"
    mouse: bool = True
