"""The midday zone helper puts local time near noon at every UTC hour, under its IANA name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.export.midday import midday_zone


@pytest.mark.parametrize("minute", range(0, 24 * 60, 10))
def test_local_time_is_near_noon(minute: int) -> None:
    now = datetime(2026, 12, 6, tzinfo=UTC) + timedelta(minutes=minute)
    name, offset = midday_zone(now)
    local = now.astimezone(ZoneInfo(name))
    assert local.utcoffset() == offset.utcoffset(None)
    assert 11 * 60 + 30 <= local.hour * 60 + local.minute <= 12 * 60 + 30
