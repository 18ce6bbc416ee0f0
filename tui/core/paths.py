"""Where the tool keeps its files (platformdirs; XDG variables honoured on Linux).

Nothing is created at import time: callers create a directory when they first write to it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from tui.core.environment import ENV_CACHE_DIR, ENV_CONFIG

APP_NAME = "agent-activity"


def config_file() -> Path:
    """``config.toml`` in the user config dir, or ``$AGENT_ACTIVITY_CONFIG``."""
    override = os.environ.get(ENV_CONFIG)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def config_dir() -> Path:
    return config_file().parent


def cache_dir() -> Path:
    """The SQLite caches live here (``$AGENT_ACTIVITY_CACHE_DIR`` overrides, for tests)."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Opt-in file credential storage and exports made from the UI live here."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
