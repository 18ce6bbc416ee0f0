"""The `g` prompt: its 6-month history limit, named in its refusal, and the range words of the
week view (more day words in test_units)."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.day_range import DayRange
from tui.ui.screens.date_picker import parse_day, parse_when

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


# -- ranges for the week view ---------------------------------------------------------------

SATURDAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("this week", date(2026, 11, 30), SATURDAY),
        ("  This   Week ", date(2026, 11, 30), SATURDAY),
        ("week", date(2026, 11, 30), SATURDAY),
        ("last week", date(2026, 11, 23), date(2026, 11, 29)),
        ("mon..today", date(2026, 11, 30), SATURDAY),
        ("mon..", date(2026, 11, 30), SATURDAY),
        ("-6..", date(2026, 11, 29), SATURDAY),
        ("-7..yesterday", date(2026, 11, 28), date(2026, 12, 4)),
        ("2026-11-02..2026-11-08", date(2026, 11, 2), date(2026, 11, 8)),
        ("2026-11-05..2026-12-05", date(2026, 11, 5), SATURDAY),  # 31 days
    ],
)
def test_range_words(text: str, first: date, last: date) -> None:
    assert parse_when(text, today=SATURDAY, timezone="UTC") == DayRange(first, last, "UTC")


def test_a_range_keeps_the_shift_day_start() -> None:
    parsed = parse_when("last week", today=SATURDAY, timezone="UTC", day_start=time(18))
    assert isinstance(parsed, DayRange) and parsed.day_start == time(18)


def test_day_words_still_open_one_day() -> None:
    assert parse_when("-7", today=SATURDAY, timezone="UTC") == date(2026, 11, 28)
    assert parse_when("mon", today=SATURDAY, timezone="UTC") == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-11-01..2026-12-05", "35 days; day by day shows at most 31 days"),
        ("today..mon", "is before"),
        ("soon..today", "First day of the range"),
        ("mon..later", "Last day of the range"),
        ("mon..2026-12-25", "in the future"),
        ("2026-01-01..2026-01-07", "6 months"),
    ],
)
def test_bad_ranges_say_what_is_wrong(text: str, says: str) -> None:
    refused = parse_when(text, today=SATURDAY, timezone="UTC")
    assert isinstance(refused, str) and says in refused


@given(st.text(max_size=30))
def test_any_text_is_a_day_a_range_or_a_message(text: str) -> None:
    parsed = parse_when(text, today=SATURDAY, timezone="UTC")
    if isinstance(parsed, DayRange):
        assert 1 <= parsed.days <= 31 and parsed.last <= SATURDAY
    elif isinstance(parsed, date):
        assert parsed <= SATURDAY
    else:
        assert parsed  # a message, never empty
