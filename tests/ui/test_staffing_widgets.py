"""The staffing strip's axis (real counts, hour labels) and the staffing table's rows."""

from __future__ import annotations

from tui.analysis.model import StaffingSlot
from tui.ui.widgets.staffing import count_text
from tui.ui.widgets.staffing_table import staffing_rows

MINUTE = 60_000
SLOT = 15 * MINUTE


def slots(count: int, *, complete_slots: float, now_slots: float) -> list[StaffingSlot]:
    complete_to, now = int(complete_slots * SLOT), int(now_slots * SLOT)
    return [
        StaffingSlot(
            i * SLOT,
            (i + 1) * SLOT,
            online=float(i % 4),
            occupied=1.0,
            away=0.5,
            pending=(i + 1) * SLOT > complete_to,
            not_yet=i * SLOT >= now,
        )
        for i in range(count)
    ]


def test_counts_read_whole_or_with_one_decimal() -> None:
    assert [count_text(v) for v in (0.0, 4.0, 3.5, 2.04, 12.96)] == ["0", "4", "3.5", "2", "13"]


def test_table_lists_happened_slots_marks_pending_and_never_the_future() -> None:
    rows = staffing_rows(slots(8, complete_slots=4, now_slots=6), 15, 4 * SLOT, "UTC")
    assert [start for start, _cells in rows] == [i * SLOT for i in range(6)]
    assert rows[0][1] == ("00:00–00:15", "0", "1", "0.5", "")
    assert rows[3][1][-1] == ""
    assert rows[4][1] == ("01:00–01:15", "—", "—", "—", "pending: no data yet")


def test_thirty_minute_rows_merge_pairs_and_weigh_the_complete_part() -> None:
    happened = slots(8, complete_slots=8, now_slots=8)
    rows = staffing_rows(happened, 30, 8 * SLOT, "UTC")
    assert [cells[0] for _start, cells in rows] == [
        "00:00–00:30",
        "00:30–01:00",
        "01:00–01:30",
        "01:30–02:00",
    ]
    assert [cells[1] for _start, cells in rows] == ["0.5", "2.5", "0.5", "2.5"]
    partial = staffing_rows(slots(8, complete_slots=5, now_slots=6), 30, 5 * SLOT, "UTC")
    assert partial[2][1][1:] == ("0", "1", "0.5", "pending: may change")  # only 01:00-01:15
    assert len(partial) == 3  # 01:30-02:00 has not happened


async def test_strip_has_a_count_axis_and_hour_labels() -> None:
    from textual.app import App, ComposeResult

    from tui.ui.widgets.staffing import StaffingStrip

    class Strip(App[None]):
        def compose(self) -> ComposeResult:
            yield StaffingStrip()

    day = [
        StaffingSlot(i * SLOT, (i + 1) * SLOT, online=4.0 if i == 40 else 1.0, occupied=0, away=0)
        for i in range(96)
    ]
    app = Strip()
    async with app.run_test(size=(120, 8)) as pilot:
        strip = app.query_one(StaffingStrip)
        strip.show("Billing", day, "UTC")
        await pilot.pause()
        lines = str(strip.render()).splitlines()
    assert lines[0].startswith("Billing · agents per 15 min")
    assert lines[1].startswith("online    4┤")  # the peak, on the top row
    assert lines[3].startswith("away       │")
    assert lines[4].startswith("          0└00──01──02")  # 0 at the corner, hours along
    assert lines[4].endswith("23──")


def test_the_strip_is_not_repainted_for_the_same_slots_again() -> None:
    """A newer view of the same figures hands the strip the same slots: no new render."""
    from tui.ui.widgets.staffing import StaffingStrip

    strip = StaffingStrip()
    refreshed: list[int] = []

    def refresh(*_args: object, **_kwargs: object) -> StaffingStrip:
        refreshed.append(1)
        return strip

    strip.refresh = refresh  # type: ignore[method-assign]
    day = slots(8, complete_slots=4, now_slots=6)
    strip.show("Sales", day, "UTC")
    strip.show("Sales", list(day), "UTC")
    assert len(refreshed) == 1
    strip.show("Sales", day, "Europe/Paris")
    strip.show("Sales", day, "Europe/Paris", ready=False)
    strip.show("Support", day, "Europe/Paris", ready=False)
    assert len(refreshed) == 4
