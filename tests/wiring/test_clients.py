"""The composition root turns settings into clients and sources the same way for every command."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.api.errors import InsecureEndpoint
from tui.config.loading import load_settings
from tui.core.settings import Profile, Settings
from tui.simulator.account import demo_client_credentials
from tui.wiring.clients import status_changes_client
from tui.wiring.sources import DEMO_LABEL, demo_settings, demo_source


def test_the_client_follows_the_settings() -> None:
    settings = Settings(profile=Profile(source_name="leads_tool"), max_in_flight=3)
    client = status_changes_client(settings, demo_client_credentials())
    assert client.source_name == "leads_tool"
    assert client.in_flight_limit == 3


def test_the_domain_api_comes_from_the_settings_with_the_environment_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENT_ACTIVITY_DOMAIN_API", "http://api.example.com")
    settings = load_settings(tmp_path / "no-config.toml")
    with pytest.raises(InsecureEndpoint, match=r"api\.example\.com"):
        status_changes_client(settings, demo_client_credentials())
    local = replace(settings, domain_api="http://127.0.0.1:9")
    assert status_changes_client(local, demo_client_credentials()).account_id


async def test_the_demo_source_names_the_simulated_teams() -> None:
    settings = demo_settings(Settings(group_names={-1: "Floaters"}))
    assert "Billing" in settings.group_names.values()
    assert settings.group_names[-1] == "Floaters"
    source = demo_source(settings=settings)
    assert source.label == DEMO_LABEL
    await source.aclose()
