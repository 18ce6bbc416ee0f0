"""Every environment variable the tool reads, by name (the README lists what each one does).

The ``AGENT_ACTIVITY_*`` names are ours; the others are the platform's, read as documented there.
"""

from __future__ import annotations

ENV_ACCOUNT = "AGENT_ACTIVITY_ACCOUNT"
ENV_CLIENT_ID = "AGENT_ACTIVITY_CLIENT_ID"
ENV_CLIENT_SECRET = "AGENT_ACTIVITY_CLIENT_SECRET"
ENV_APP_KEY = "AGENT_ACTIVITY_APP_KEY"
ENV_APP_SECRET = "AGENT_ACTIVITY_APP_SECRET"
ENV_ACCESS_TOKEN = "AGENT_ACTIVITY_ACCESS_TOKEN"
ENV_ACCESS_TOKEN_SECRET = "AGENT_ACTIVITY_ACCESS_TOKEN_SECRET"
ENV_DOMAIN_API = "AGENT_ACTIVITY_DOMAIN_API"
"""Overrides ``domain_api`` from the config (read once, by :func:`tui.config.load_settings`)."""
ENV_PROFILE = "AGENT_ACTIVITY_PROFILE"
ENV_CONFIG = "AGENT_ACTIVITY_CONFIG"
"""The config file to read instead of ``config.toml`` in the user config dir."""
ENV_CACHE_DIR = "AGENT_ACTIVITY_CACHE_DIR"
"""The directory of the SQLite caches instead of the user cache dir."""

APP_KEY_VARIABLES = (ENV_APP_KEY, ENV_APP_SECRET, ENV_ACCESS_TOKEN, ENV_ACCESS_TOKEN_SECRET)
"""The four OAuth 1.0 App Keys variables, in constructor order."""

ENV_TZ = "TZ"
"""The machine's time zone (when it names an IANA zone)."""
ENV_NO_COLOR = "NO_COLOR"
ENV_TERM = "TERM"
ENV_COLORTERM = "COLORTERM"
