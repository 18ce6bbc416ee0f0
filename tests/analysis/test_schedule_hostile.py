"""Schedule rows that used to crash or silently double-count are clear errors with line numbers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.analysis.schedule import load_schedule, parse_schedule
from tui.core.errors import InputError

HEADER = "employee_id,agent_id,date,start,end,breaks\n"


def test_a_repeated_row_is_refused_with_both_line_numbers() -> None:
    text = (
        HEADER
        + "E1,,2026-03-02,09:00,17:00,\nE2,,2026-03-02,09:00,17:00,\nE1,,2026-03-02,09:00,17:00,\n"
    )
    with pytest.raises(InputError, match=r"lines 2 and 4: two shifts for employee_id E1 overlap"):
        parse_schedule(text, "s.csv")


def test_an_overnight_shift_overlapping_the_next_morning_is_refused() -> None:
    text = HEADER + ",4711,2026-03-02,22:00,06:00,\n,4711,2026-03-03,05:00,09:00,\n"
    with pytest.raises(InputError, match="lines 2 and 3"):
        parse_schedule(text, "s.csv")


@pytest.mark.parametrize(
    "row",
    [
        ",²,2026-03-02,09:00,17:00,",
        "E1,,9999-12-31,22:00,06:00,",
        "E1,,0001-01-01,09:00,17:00,",
        "E1,,2026-03-02,²:00,17:00,",
    ],
)
def test_rows_that_used_to_raise_are_input_errors(row: str) -> None:
    with pytest.raises(InputError, match="line 2"):
        parse_schedule(HEADER + row + "\n", "s.csv")


def test_a_fifo_schedule_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "schedule.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        load_schedule(fifo)
