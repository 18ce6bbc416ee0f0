"""Fixtures for every test: an isolated home, a clean terminal environment, no real keyring.

Nothing a test does may touch the developer's real config, cache, keyring or network.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", module=r"authlib\..*")  # always-on httpx2 notice in authlib

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

_ISOLATED_VARIABLES = (
    "NO_COLOR",
    "TEXTUAL_THEME",
    "FORCE_COLOR",
    "TEXTUAL",
    "AGENT_ACTIVITY_ACCOUNT",
    "AGENT_ACTIVITY_CLIENT_ID",
    "AGENT_ACTIVITY_CLIENT_SECRET",
    "AGENT_ACTIVITY_APP_KEY",
    "AGENT_ACTIVITY_APP_SECRET",
    "AGENT_ACTIVITY_ACCESS_TOKEN",
    "AGENT_ACTIVITY_ACCESS_TOKEN_SECRET",
    "AGENT_ACTIVITY_DOMAIN_API",
    "AGENT_ACTIVITY_CONFIG",
    "AGENT_ACTIVITY_CACHE_DIR",
    "AGENT_ACTIVITY_PROFILE",
)


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """Point every user directory at ``tmp_path`` and clear variables that change behaviour.

    The keyring is an in-memory backend unless the test is marked ``secret_service``.
    """
    for name in _ISOLATED_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(home / sub))
    if request.node.get_closest_marker("secret_service") is None:
        monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.memory_keyring.MemoryKeyring")
    monkeypatch.setenv("COLUMNS", "120")
    yield home
