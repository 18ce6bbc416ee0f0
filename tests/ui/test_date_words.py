"""The `g` prompt's words and the API's 6-month history limit."""

from __future__ import annotations

from datetime import date

from tui.ui.screens.date_picker import parse_day

TODAY = date(2026, 12, 5)  # a Saturday


def test_relative_words() -> None:
    assert parse_day("yesterday", today=TODAY) == date(2026, 12, 4)
    assert parse_day("-7", today=TODAY) == date(2026, 11, 28)
    assert parse_day("mon", today=TODAY) == date(2026, 11, 30)


def test_six_calendar_months_back_is_the_oldest_day() -> None:
    assert parse_day("2026-06-05", today=TODAY) == date(2026, 6, 5)
    refused = parse_day("2026-06-04", today=TODAY)
    assert isinstance(refused, str)
    assert "6 months" in refused and "2026-06-05" in refused


def test_a_short_month_clamps_to_its_last_day() -> None:
    # 6 months before 31 August is 28 February (2026 is not a leap year).
    assert parse_day("2026-02-28", today=date(2026, 8, 31)) == date(2026, 2, 28)
    assert isinstance(parse_day("2026-02-27", today=date(2026, 8, 31)), str)


def test_future_and_nonsense_are_refused_with_a_reason() -> None:
    assert "future" in str(parse_day("2026-12-06", today=TODAY))
    assert "Type a day" in str(parse_day("someday", today=TODAY))
