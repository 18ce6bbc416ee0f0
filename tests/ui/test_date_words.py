"""The `g` prompt's 6-month history limit, named in its refusal (more words in test_units)."""

from __future__ import annotations

from datetime import date

from tui.ui.screens.date_picker import parse_day

TODAY = date(2026, 12, 5)


def test_six_calendar_months_back_is_the_oldest_day() -> None:
    assert parse_day("2026-06-05", today=TODAY) == date(2026, 6, 5)
    refused = parse_day("2026-06-04", today=TODAY)
    assert isinstance(refused, str)
    assert "6 months" in refused and "2026-06-05" in refused


def test_a_short_month_clamps_to_its_last_day() -> None:
    # 6 months before 31 August is 28 February (2026 is not a leap year).
    assert parse_day("2026-02-28", today=date(2026, 8, 31)) == date(2026, 2, 28)
    assert isinstance(parse_day("2026-02-27", today=date(2026, 8, 31)), str)
