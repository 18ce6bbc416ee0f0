"""Pure strip building for the timeline: glyphs, bars, the time axis, the legend, the info line.

Every state has a glyph *and* a colour, so the bars stay legible with ``NO_COLOR`` (glyphs only):

========  =====  ==========================================================
state     glyph  meaning
========  =====  ==========================================================
online    ``█``  logged in and available
occupied  ``▓``  logged in, busy with conversations
away      letter the away reason: L lunch, B break, M meeting, T training, C coaching,
                 X technical issue, # reason known only by id, else the reason's first letter;
                 ``a`` when the agent gave no reason
offline   ``░``  logged in but set offline
other     ``▒``  a state the API reported that we do not know
unknown   ``?``  logged in, state not reported yet
out       ``·``  logged out
pending   ``╌``  after *data complete to*: happened, may be incomplete, never a state
provis.   ``~``  pending time that records already arrived for: shown, never counted
not yet   blank  after now: has not happened
========  =====  ==========================================================

With a schedule, a thin band (``▔``) under each bar marks the planned work (shift minus breaks),
as adherence views draw the schedule beside the actual states.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import datetime, timedelta

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.analysis.model import Interval
from tui.core.records import State
from tui.core.zones import zone_info
from tui.ui.widgets.timeline.model import MINUTE_MS, Cell, TimeView

STATE_GLYPHS: Mapping[State, str] = {
    State.ONLINE: "█",
    State.OCCUPIED: "▓",
    State.OFFLINE: "░",
    State.OTHER: "▒",
    State.UNKNOWN: "?",
    State.LOGGED_OUT: "·",
    State.PENDING: "╌",
    State.PROVISIONAL: "~",
    State.NOT_YET: " ",
}
"""Glyphs of every state but away (away shows its reason letter)."""

STATE_LABELS: Mapping[State, str] = {
    State.ONLINE: "online",
    State.OCCUPIED: "occupied",
    State.AWAY: "away",
    State.OFFLINE: "offline",
    State.OTHER: "other",
    State.UNKNOWN: "unknown",
    State.LOGGED_OUT: "logged out",
    State.PENDING: "pending",
    State.PROVISIONAL: "provisional",
    State.NOT_YET: "not yet",
}

STATE_COMPONENTS: Mapping[State, str] = {
    state: f"timeline--{state.value.replace('_', '-')}" for state in State
}
"""The component class (and so the theme colour ``$state-…``) of each state."""

NO_REASON_LETTER = "a"
_REASON_KEYWORDS = (
    ("lunch", "L"),
    ("break", "B"),
    ("meeting", "M"),
    ("training", "T"),
    ("coaching", "C"),
    ("technical", "X"),
)
OUTSIDE_GLYPH = " "
COMPLETE_TO_MARKER = "▼"


def reason_letter(reason: str | None) -> str:
    """The one letter an away cell shows for ``reason`` (see the module docstring)."""
    if reason is None or reason == "(none)":
        return NO_REASON_LETTER
    folded = reason.casefold()
    for keyword, letter in _REASON_KEYWORDS:
        if keyword in folded:
            return letter
    if folded.startswith("reason #"):
        return "#"
    for character in reason:
        if character.isalnum():
            return character.upper()
    return NO_REASON_LETTER


def cell_glyph(cell: Cell) -> str:
    """The character drawn for one cell."""
    if cell.state is None:
        return OUTSIDE_GLYPH
    if cell.state is State.AWAY:
        return reason_letter(cell.reason)
    return STATE_GLYPHS[cell.state]


def bar_strip(cells: Sequence[Cell], styles: Mapping[State | None, Style]) -> Strip:
    """One bar row: runs of equal glyph and style merged into one segment each."""
    segments: list[Segment] = []
    run_glyph = ""
    run_state: State | None = None
    run_length = 0
    for cell in cells:
        glyph = cell_glyph(cell)
        if run_length and glyph == run_glyph and cell.state is run_state:
            run_length += 1
            continue
        if run_length:
            segments.append(Segment(run_glyph * run_length, styles[run_state]))
        run_glyph, run_state, run_length = glyph, cell.state, 1
    if run_length:
        segments.append(Segment(run_glyph * run_length, styles[run_state]))
    return Strip(segments, len(cells))


BAND_GLYPH = "▔"
"""The scheduled band: a thin line just under the bar where work was planned."""


def band_strip(columns: int, banded: Set[int], band_style: Style, base: Style) -> Strip:
    """A line of ``columns`` cells with :data:`BAND_GLYPH` at the ``banded`` (scheduled) ones."""
    segments: list[Segment] = []
    run_start = 0
    for column in range(1, columns + 1):
        if column < columns and (column in banded) == (run_start in banded):
            continue
        inside = run_start in banded
        glyph = BAND_GLYPH if inside else " "
        segments.append(Segment(glyph * (column - run_start), band_style if inside else base))
        run_start = column
    return Strip(segments, columns)


MARK_GLYPH = "▴"
"""Drawn under the bar where a conversation closed (the Agent pane's tall bar)."""


def marks_strip(columns: int, marked: Set[int], mark_style: Style, base: Style) -> Strip:
    """A line of ``columns`` cells with :data:`MARK_GLYPH` at the ``marked`` ones."""
    text = "".join(MARK_GLYPH if column in marked else " " for column in range(columns))
    segments = [Segment(text, base)]
    strip = Strip(segments, columns)
    for column in sorted(marked):
        strip = highlight_column(strip, column, mark_style)
    return strip


def highlight_column(strip: Strip, column: int, style: Style) -> Strip:
    """``strip`` with ``style`` laid over the one cell at ``column`` (the cursor)."""
    if not 0 <= column < strip.cell_length:
        return strip
    before, cursor, after = strip.divide([column, column + 1, strip.cell_length])
    return Strip.join([before, cursor.apply_style(style), after])


def local_time(time_ms: int, timezone: str) -> datetime:
    """``time_ms`` as an aware datetime in ``timezone`` (a zone chosen and checked earlier)."""
    return datetime.fromtimestamp(time_ms / 1000, tz=zone_info(timezone))


def clock_text(time_ms: int, timezone: str, *, window_end_ms: int | None = None) -> str:
    """``HH:MM`` in ``timezone``; the window's end reads ``24:00``, not ``00:00``."""
    text = local_time(time_ms, timezone).strftime("%H:%M")
    if time_ms == window_end_ms and text == "00:00":
        return "24:00"
    return text


def duration_text(duration_ms: int) -> str:
    """A short human duration: ``45 s``, ``40 min``, ``2 h 05 min``."""
    seconds = max(0, duration_ms) // 1000
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


_TICK_CHOICES_MIN = (5, 10, 15, 30, 60, 120, 180, 240, 360, 720)
_LABEL_WIDTH = 5


def axis_ticks(view: TimeView, timezone: str) -> list[tuple[int, str]]:
    """``(column, "HH:MM")`` of the hour/minute ticks that fit without crowding."""
    minutes_per_column = view.span_ms / MINUTE_MS / view.columns
    tick_min = next(
        (m for m in _TICK_CHOICES_MIN if m / minutes_per_column >= _LABEL_WIDTH + 2),
        _TICK_CHOICES_MIN[-1],
    )
    start = local_time(view.start_ms, timezone)
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes_in = start.hour * 60 + start.minute
    wall = midnight + timedelta(minutes=-(-minutes_in // tick_min) * tick_min)
    ticks: list[tuple[int, str]] = []
    last_column = -_LABEL_WIDTH - 1
    while True:
        tick_ms = int(wall.timestamp() * 1000)
        if tick_ms >= view.end_ms:
            break
        column = view.column_at(tick_ms)
        if column is not None and column >= last_column + _LABEL_WIDTH + 1:
            ticks.append((column, clock_text(tick_ms, timezone)))
            last_column = column
        wall += timedelta(minutes=tick_min)  # wall-clock steps: labels stay on the hour
    return ticks


def axis_strip(
    view: TimeView,
    timezone: str,
    complete_to_ms: int | None,
    axis_style: Style,
    marker_style: Style,
) -> Strip:
    """The time axis over the bars: ``HH:MM`` labels and ``▼`` at *data complete to*."""
    characters = [" "] * view.columns
    marker = None if complete_to_ms is None else view.column_at(complete_to_ms)
    for column, label in axis_ticks(view, timezone):
        end = column + len(label)
        if end > view.columns or (marker is not None and column <= marker < end):
            continue
        characters[column:end] = label
    if marker is None:
        return Strip([Segment("".join(characters), axis_style)], view.columns)
    return Strip(
        [
            Segment("".join(characters[:marker]), axis_style),
            Segment(COMPLETE_TO_MARKER, marker_style),
            Segment("".join(characters[marker + 1 :]), axis_style),
        ],
        view.columns,
    )


def legend_text(
    styles: Mapping[State, Style],
    complete_to: str | None,
    width: int | None = None,
    *,
    band_style: Style | None = None,
) -> Text:
    """The legend: every glyph in its state style, and what the marker means (and the
    scheduled band when ``band_style`` is given: only with a schedule).

    With ``width``, lines break between entries (never inside one).
    """
    entries: list[tuple[str, Style | None, str]] = [
        (STATE_GLYPHS[State.ONLINE], styles[State.ONLINE], "online"),
        (STATE_GLYPHS[State.OCCUPIED], styles[State.OCCUPIED], "occupied"),
        ("L B M T C X…", styles[State.AWAY], "away: reason initial (X tech issue, a none)"),
        (STATE_GLYPHS[State.OFFLINE], styles[State.OFFLINE], "offline"),
        (STATE_GLYPHS[State.OTHER], styles[State.OTHER], "other"),
        (STATE_GLYPHS[State.UNKNOWN], styles[State.UNKNOWN], "unknown"),
        (STATE_GLYPHS[State.LOGGED_OUT], styles[State.LOGGED_OUT], "logged out"),
        (STATE_GLYPHS[State.PENDING], styles[State.PENDING], "pending: may be incomplete"),
        (STATE_GLYPHS[State.PROVISIONAL], styles[State.PROVISIONAL], "provisional: not counted"),
    ]
    if band_style is not None:
        entries.append((BAND_GLYPH, band_style, "scheduled (shift minus breaks)"))
    if complete_to is not None:
        entries.append((COMPLETE_TO_MARKER, None, f"data complete to {complete_to}"))
    text = Text(no_wrap=True, end="")
    line_length = 0
    for glyph, style, label in entries:
        entry_length = len(glyph) + 1 + len(label)
        if line_length:
            if width is not None and line_length + 2 + entry_length > width:
                text.append("\n")
                line_length = 0
            else:
                text.append("  ")
                line_length += 2
        text.append(glyph, style or "")
        text.append(f" {label}")
        line_length += entry_length
    return text


def describe_interval(
    interval: Interval, timezone: str, *, window_end_ms: int, complete_to_ms: int
) -> str:
    """The segment under the cursor: state (reason), from–to, duration, and its honesty notes."""
    state = STATE_LABELS[interval.state]
    if interval.state is State.AWAY:
        state = f"away ({interval.reason or '(none)'})"
    elif interval.state is State.PROVISIONAL:
        state = f"provisional {interval.reason or ''}".rstrip()
    span = (
        f"{clock_text(interval.start_ms, timezone)}–"
        f"{clock_text(interval.end_ms, timezone, window_end_ms=window_end_ms)}"
    )
    text = f"{state} · {span} · {duration_text(interval.duration_ms)}"
    if interval.state is State.PENDING:
        return f"{text} · after data complete to: may be incomplete"
    if interval.state is State.PROVISIONAL:
        return f"{text} · arrived after data complete to: not counted"
    if interval.state is State.NOT_YET:
        return f"{text} · has not happened"
    if interval.end_ms == complete_to_ms < window_end_ms:
        return f"{text} so far (open)"
    return text


def describe_cursor(
    label: str | None,
    intervals: Sequence[Interval],
    interval: Interval | None,
    view: TimeView,
    column: int,
    *,
    window_end_ms: int,
    complete_to_ms: int,
    timezone: str,
) -> str:
    """The info line under the bars: whose, which segment, and the cell's own range.

    A cell can hide short segments; the note says how many segments share it.
    """
    cell_from, cell_to = view.edge(column), view.edge(column + 1)
    what = (
        "no data here"
        if interval is None
        else describe_interval(
            interval, timezone, window_end_ms=window_end_ms, complete_to_ms=complete_to_ms
        )
    )
    cell = (
        f"cell {clock_text(cell_from, timezone)}–"
        f"{clock_text(cell_to, timezone, window_end_ms=window_end_ms)}"
    )
    sharing = sum(1 for iv in intervals if iv.start_ms < cell_to and iv.end_ms > cell_from)
    if sharing > 1:
        cell = f"{cell}: {sharing} segments"
    prefix = "" if label is None else f"{label} · "
    return f"{prefix}{what}  ({cell})"
