"""The one time-zone policy: lookups never fall back silently; the zone a day is read in."""

from __future__ import annotations

import pytest

from tui.core.errors import InputError
from tui.core.zones import (
    UnknownZone,
    is_zone_name,
    local_zone_name,
    working_zone,
    zone_cycle,
    zone_info,
)


def test_an_unknown_zone_is_an_input_error_naming_it() -> None:
    with pytest.raises(UnknownZone, match='unknown time zone "Mars/Olympus"') as caught:
        zone_info("Mars/Olympus")
    assert isinstance(caught.value, InputError)
    assert not is_zone_name("../etc/passwd")
    assert zone_info("Europe/London").key == "Europe/London"


def test_the_zone_asked_for_wins_then_the_configured_then_the_machines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone_name() == "Asia/Tokyo"
    assert working_zone("Europe/Paris", "America/Chicago") == "Europe/Paris"
    assert working_zone(None, "America/Chicago") == "America/Chicago"
    assert working_zone(None, None) == "Asia/Tokyo"
    with pytest.raises(UnknownZone):
        working_zone("Nowhere/Land", "UTC")


def test_local_zone_ignores_a_tz_that_names_no_zone() -> None:
    assert local_zone_name({"TZ": ":Europe/Berlin"}) == "Europe/Berlin"
    assert is_zone_name(local_zone_name({"TZ": "not a zone"}))


def test_the_zone_cycle_has_no_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    assert zone_cycle("Europe/London") == ("Europe/London", "UTC")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert zone_cycle("UTC") == ("UTC", "Asia/Tokyo")
