"""RFC 3339 date-times as the Agent Activity API writes them -> epoch milliseconds.

The API's own forms (``YYYY-MM-DDTHH:MM:SS.mmmZ``, ``+0000``, ``+00:00``) take a fast path
through the C ``datetime.fromisoformat``; everything else RFC 3339 allows goes through a regular
expression. 200k records per export make this one of the hottest functions.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_MS_PER_DAY = 86_400_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_START_CACHE: dict[str, int] = {}
_from_iso = datetime.fromisoformat
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))",
    re.ASCII,
)


def _day_start_ms(day_text: str) -> int:
    """Epoch ms of 00:00 UTC on ``YYYY-MM-DD``; cached because a page holds few distinct days."""
    cached = _DAY_START_CACHE.get(day_text)
    if cached is None:
        ordinal = date(int(day_text[0:4]), int(day_text[5:7]), int(day_text[8:10])).toordinal()
        cached = (ordinal - _EPOCH_ORDINAL) * _MS_PER_DAY
        if len(_DAY_START_CACHE) < 4096:
            _DAY_START_CACHE[day_text] = cached
    return cached


def fast_time_ms(text: str) -> int | None:
    """``YYYY-MM-DDTHH:MM:SS.mmm`` + ``Z``/``+0000``/``+00:00``: the forms the API sends.

    The separators are checked here so the C ``fromisoformat`` only ever sees RFC 3339 shapes
    (it accepts other ISO 8601 forms we must reject); ``None`` means "use the general parser".
    """
    length = len(text)
    if length == 24:
        if text[23] != "Z":
            return None
    elif length == 28:
        if text[23:] != "+0000":
            return None
    elif length != 29 or text[23:] != "+00:00":
        return None
    if (
        text[4] != "-"
        or text[7] != "-"
        or text[10] != "T"
        or text[13] != ":"
        or text[16] != ":"
        or text[19] != "."
        or not text.isascii()
    ):
        return None
    try:
        instant = _from_iso(text)
    except ValueError:
        return None
    # Exact: a millisecond instant is far inside a double's precision, and the offset is zero.
    return round(instant.timestamp() * 1000)


def parse_time_ms(text: str) -> int:
    """RFC 3339 date-time (fraction optional, ``Z`` or an offset) -> epoch milliseconds.

    Raises :class:`ValueError` for anything else. Fractions beyond milliseconds are truncated.
    """
    fast = fast_time_ms(text)
    if fast is not None:
        return fast
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}")
    year, month, day, hours, minutes, seconds, fraction, zulu, sign, off_h, off_m = match.groups()
    if int(hours) > 23 or int(minutes) > 59 or int(seconds) > 60:
        raise ValueError(f"time of day out of range: {text!r}")
    try:
        day_start = _day_start_ms(f"{year}-{month}-{day}")
    except ValueError as error:
        raise ValueError(f"no such date: {text!r}") from error
    millis = int((fraction or "0")[:3].ljust(3, "0"))
    offset_ms = 0
    if not zulu:
        if int(off_h) > 23 or int(off_m) > 59:
            raise ValueError(f"offset out of range: {text!r}")
        offset_ms = (int(off_h) * 60 + int(off_m)) * 60_000
        if sign == "-":
            offset_ms = -offset_ms
    local_ms = day_start + ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis
    return local_ms - offset_ms
