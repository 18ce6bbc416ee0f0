"""Planned shifts from a lead's CSV, and what they say about each agent.

Format (header row required, UTF-8, comma separated; local times in the analysis time zone)::

    employee_id,agent_id,date,start,end,breaks
    E-1001,,2026-03-02,09:00,17:30,12:00-12:30;15:00-15:15
    ,4711,2026-03-02,22:00,06:00,02:00-02:30

One of ``employee_id``/``agent_id`` per row (columns may be left out when unused); ``end`` at or
before ``start`` means the shift ends the next day; ``breaks`` (optional) is ``;``-separated
``HH:MM-HH:MM`` planned breaks inside the shift. Lines that are empty or start with ``#`` are
ignored. A bad row is an :class:`InputError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tui.analysis.intervals import Segment
from tui.analysis.model import ScheduleFigures
from tui.core.errors import InputError
from tui.core.files import SCHEDULE_LIMIT, read_text
from tui.core.records import State
from tui.core.text import echo
from tui.core.windows import local_time_ms

Span = tuple[int, int]


@dataclass(frozen=True)
class Shift:
    """One planned shift in local wall time; ``end <= start`` means it ends the next day."""

    day: date
    start: time
    end: time
    breaks: tuple[tuple[time, time], ...] = ()
    line: int = 0

    def spans_ms(self, zone: ZoneInfo) -> tuple[Span, tuple[Span, ...]]:
        """``(shift span, work spans)``: the shift as epoch ms, and the shift minus breaks."""
        start_ms = local_time_ms(self.day, self.start, zone)
        end_day = self.day + timedelta(days=1) if self.end <= self.start else self.day
        end_ms = local_time_ms(end_day, self.end, zone)
        cursor = start_ms
        work: list[Span] = []
        for break_start, break_end in self.breaks:
            b_start = local_time_ms(self._day_of(break_start), break_start, zone)
            b_end = local_time_ms(self._day_of(break_end), break_end, zone)
            if b_start > cursor:
                work.append((cursor, b_start))
            cursor = max(cursor, b_end)
        if end_ms > cursor:
            work.append((cursor, end_ms))
        return (start_ms, end_ms), tuple(work)

    def _day_of(self, clock_time: time) -> date:
        return self.day + timedelta(days=1) if clock_time < self.start else self.day


@dataclass(frozen=True)
class Schedule:
    """Shifts keyed by employee id and by agent id, as read from ``origin``."""

    origin: str
    by_employee: Mapping[str, tuple[Shift, ...]]
    by_agent: Mapping[int, tuple[Shift, ...]]

    def shifts_for(self, agent_id: int, employee_id: str | None) -> tuple[Shift, ...]:
        shifts = self.by_agent.get(agent_id, ())
        if employee_id is not None:
            shifts += self.by_employee.get(employee_id, ())
        return shifts


def _clock(text: str, origin: str, line: int, column: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        if not (hours + minutes).isascii():
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise InputError(
            f"{origin}, line {line}: {column} {echo(text)!r} is not a time (expected HH:MM)"
        ) from error


def _breaks(text: str, shift: Shift, origin: str, line: int) -> tuple[tuple[time, time], ...]:
    result: list[tuple[time, time]] = []
    if not text.strip():
        return ()
    shift_end = 24 * 60 + _minute(shift.end) if shift.end <= shift.start else _minute(shift.end)
    previous_end = _minute(shift.start)
    for part in text.split(";"):
        if "-" not in part:
            raise InputError(f"{origin}, line {line}: break {part!r} is not HH:MM-HH:MM")
        start_text, end_text = part.split("-", 1)
        start = _clock(start_text, origin, line, "break start")
        end = _clock(end_text, origin, line, "break end")
        start_minute = _shift_minute(start, shift)
        end_minute = _shift_minute(end, shift)
        if not previous_end <= start_minute < end_minute <= shift_end:
            raise InputError(
                f"{origin}, line {line}: break {part.strip()!r} is not inside the shift, in order"
            )
        previous_end = end_minute
        result.append((start, end))
    return tuple(result)


def _minute(clock_time: time) -> int:
    return clock_time.hour * 60 + clock_time.minute


def _shift_minute(clock_time: time, shift: Shift) -> int:
    """Minutes since the shift day's midnight, counting times before the start as next day."""
    minute = _minute(clock_time)
    return minute + 24 * 60 if clock_time < shift.start else minute


def parse_schedule(text: str, origin: str) -> Schedule:
    """Read the schedule CSV text; ``origin`` names the file in error messages."""
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise InputError(f"{origin}: the schedule is empty (expected a header row)")
    header_line, header_text = lines[0]
    header = [name.strip().lower() for name in next(csv.reader([header_text]))]
    missing = [name for name in ("date", "start", "end") if name not in header]
    if missing or ("employee_id" not in header and "agent_id" not in header):
        needed = ", ".join(missing) if missing else "employee_id or agent_id"
        raise InputError(f"{origin}, line {header_line}: header lacks {needed}")
    by_employee: dict[str, list[Shift]] = {}
    by_agent: dict[int, list[Shift]] = {}
    rows = csv.reader(io.StringIO("\n".join(line for _, line in lines[1:])))
    for (number, _), row in zip(lines[1:], rows, strict=True):
        fields = dict(zip(header, (cell.strip() for cell in row), strict=False))
        _add_row(fields, number, origin, by_employee, by_agent)
    _refuse_overlaps(by_employee, origin, "employee_id")
    _refuse_overlaps(by_agent, origin, "agent_id")
    return Schedule(
        origin=origin,
        by_employee={key: tuple(value) for key, value in by_employee.items()},
        by_agent={key: tuple(value) for key, value in by_agent.items()},
    )


def _refuse_overlaps(shifts_by_id: Mapping[Any, list[Shift]], origin: str, column: str) -> None:
    """Two rows planning the same person at the same time would count that time twice:
    refuse them, naming both lines."""
    for person, shifts in shifts_by_id.items():
        spans = sorted((_absolute_minutes(shift), shift.line) for shift in shifts)
        latest_end, latest_line = -1, 0
        for (start, end), line in spans:
            if start < latest_end:
                raise InputError(
                    f"{origin}, lines {latest_line} and {line}: two shifts for {column} "
                    f"{echo(str(person))} overlap (a repeated row would count the time twice)"
                )
            if end > latest_end:
                latest_end, latest_line = end, line


def _absolute_minutes(shift: Shift) -> tuple[int, int]:
    start = shift.day.toordinal() * 1440 + _minute(shift.start)
    length = _minute(shift.end) - _minute(shift.start)
    return start, start + (length if length > 0 else length + 1440)


def _add_row(
    fields: Mapping[str, str],
    line: int,
    origin: str,
    by_employee: dict[str, list[Shift]],
    by_agent: dict[int, list[Shift]],
) -> None:
    employee_id = fields.get("employee_id", "")
    agent_text = fields.get("agent_id", "")
    if not employee_id and not agent_text:
        raise InputError(f"{origin}, line {line}: give an employee_id or an agent_id")
    try:
        day = date.fromisoformat(fields.get("date", ""))
    except ValueError as error:
        raise InputError(
            f"{origin}, line {line}: date {echo(fields.get('date', ''))!r} is not YYYY-MM-DD"
        ) from error
    if not 1970 <= day.year <= 9998:
        raise InputError(f"{origin}, line {line}: date {day} is out of range (1970 to 9998)")
    start = _clock(fields.get("start", ""), origin, line, "start")
    end = _clock(fields.get("end", ""), origin, line, "end")
    shift = Shift(day=day, start=start, end=end, line=line)
    shift = Shift(day, start, end, _breaks(fields.get("breaks", ""), shift, origin, line), line)
    if agent_text:
        if not (agent_text.isascii() and agent_text.isdigit() and len(agent_text) <= 19):
            raise InputError(
                f"{origin}, line {line}: agent_id {echo(agent_text)!r} is not a number"
            )
        by_agent.setdefault(int(agent_text), []).append(shift)
    else:
        by_employee.setdefault(employee_id, []).append(shift)


def load_schedule(path: Path) -> Schedule:
    """Read a schedule CSV file (the only file access in :mod:`tui.analysis`)."""
    try:
        text = read_text(path, SCHEDULE_LIMIT, encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InputError(f"{echo(str(path))}: no such schedule file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the schedule: {echo(str(error))}") from error
    return parse_schedule(text, str(path))


def _overlap(segments: Sequence[Segment], spans: Sequence[Span], *, not_away: bool) -> int:
    total = 0
    for seg_start, seg_end, state, _reason in segments:
        if not_away and state is State.AWAY:
            continue
        for span_start, span_end in spans:
            total += max(0, min(seg_end, span_end) - max(seg_start, span_start))
    return total


def _clip(spans: Sequence[Span], start_ms: int, end_ms: int) -> list[Span]:
    return [
        (max(start, start_ms), min(end, end_ms))
        for start, end in spans
        if min(end, end_ms) > max(start, start_ms)
    ]


def scheduled_spans(
    shifts: Sequence[Shift], start_ms: int, end_ms: int, zone: ZoneInfo
) -> tuple[Span, ...]:
    """The planned work (each shift minus its breaks) inside ``[start_ms, end_ms)``, in time
    order: what a timeline draws as the scheduled band."""
    spans: list[Span] = []
    for shift in shifts:
        _shift_span, work = shift.spans_ms(zone)
        spans.extend(_clip(work, start_ms, end_ms))
    return tuple(sorted(spans))


def schedule_figures(
    shifts: Sequence[Shift],
    segments: Sequence[Segment],
    start_ms: int,
    complete_to_ms: int,
    zone: ZoneInfo,
) -> ScheduleFigures | None:
    """Late login, early logout, conformance and adherence over ``[start, complete_to)``.

    ``None`` when no shift touches that range. Late login sums, per shift starting in it, the time
    from shift start to the first logged-in moment (the elapsed shift when never logged in);
    early logout sums, per shift ending in it, the time from the last logged-in moment to the
    shift end. Conformance is logged-in time ÷ scheduled work time (shift minus breaks);
    adherence is logged-in, not-away time inside scheduled work time ÷ scheduled work time.
    """
    work_spans: list[Span] = []
    late: int | None = None
    early: int | None = None
    touched = False
    for shift in shifts:
        (shift_start, shift_end), work = shift.spans_ms(zone)
        clipped = _clip(work, start_ms, complete_to_ms)
        if not clipped and not start_ms <= shift_start < complete_to_ms:
            continue
        touched = True
        work_spans.extend(clipped)
        if start_ms <= shift_start < complete_to_ms:
            first_in = _first_logged_in(segments, shift_start, min(shift_end, complete_to_ms))
            lateness = first_in - shift_start
            late = lateness if late is None else late + lateness
        if start_ms < shift_end <= complete_to_ms:
            last_in = _last_logged_in(segments, shift_start, shift_end)
            earliness = 0 if last_in is None else shift_end - last_in
            early = earliness if early is None else early + earliness
    if not touched:
        return None
    scheduled = sum(end - start for start, end in work_spans)
    logged_in = sum(end - start for start, end, _state, _reason in segments)
    adherent = _overlap(segments, work_spans, not_away=True)
    return ScheduleFigures(
        scheduled_ms=scheduled,
        late_login_ms=late,
        early_logout_ms=early,
        conformance_pct=100.0 * logged_in / scheduled if scheduled else None,
        adherence_pct=100.0 * adherent / scheduled if scheduled else None,
    )


def _first_logged_in(segments: Sequence[Segment], start_ms: int, end_ms: int) -> int:
    """The first logged-in instant in ``[start, end)``, else ``end``."""
    for seg_start, seg_end, _state, _reason in segments:
        if seg_end > start_ms and seg_start < end_ms:
            return max(seg_start, start_ms)
    return max(start_ms, end_ms)


def _last_logged_in(segments: Sequence[Segment], start_ms: int, end_ms: int) -> int | None:
    """The last logged-in instant (segment end) in ``(start, end]``, else ``None``."""
    for seg_start, seg_end, _state, _reason in reversed(segments):
        if seg_start < end_ms and seg_end > start_ms:
            return min(seg_end, end_ms)
    return None
