"""The fast RFC 3339 path reads exactly what the general parser reads, or declines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.rfc3339 import fast_time_ms, general_time_ms, parse_time_ms

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SUFFIXES = ("Z", "+0000", "+00:00")


def _api_text(instant: datetime, suffix: str) -> str:
    return f"{instant.year:04d}-{instant:%m-%dT%H:%M:%S}.{instant.microsecond // 1000:03d}{suffix}"


instants = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999_000)
).map(lambda moment: moment.replace(tzinfo=UTC))


@given(instants, st.sampled_from(_SUFFIXES))
def test_fast_path_reads_every_api_form_as_the_general_parser(
    instant: datetime, suffix: str
) -> None:
    text = _api_text(instant, suffix)
    fast = fast_time_ms(text)
    assert fast is not None
    assert fast == general_time_ms(text)
    assert fast == (instant - _EPOCH) // timedelta(milliseconds=1)


_ALPHABET = "0123456789-:T.Z+ tz,٣"


@st.composite
def near_api_texts(draw: st.DrawFn) -> str:
    """An API-form text with a few characters replaced, inserted or removed."""
    text = list(_api_text(draw(instants), draw(st.sampled_from(_SUFFIXES))))
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("replace", "insert", "delete")))
        if action == "insert" or position == len(text):
            text.insert(position, draw(st.sampled_from(_ALPHABET)))
        elif action == "replace":
            text[position] = draw(st.sampled_from(_ALPHABET))
        else:
            del text[position]
    return "".join(text)


def _general(text: str) -> int | None:
    try:
        return general_time_ms(text)
    except ValueError:
        return None


@settings(max_examples=2_000)
@given(st.one_of(near_api_texts(), st.text(_ALPHABET, max_size=32)))
def test_fast_path_never_disagrees_with_the_general_parser(text: str) -> None:
    fast = fast_time_ms(text)
    if fast is not None:
        assert fast == _general(text)
    assert _general(text) == (None if _general(text) is None else parse_time_ms(text))


def test_fast_path_declines_what_only_the_general_parser_reads() -> None:
    for text in (
        "2026-03-02T10:00:60.000Z",  # leap second
        "2026-03-02t10:00:00.000Z",
        "2026-03-02T10:00:00.000z",
        "2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00.000+01:00",
        "2026-03-02T10:00:00.0001Z",
    ):
        assert fast_time_ms(text) is None
        assert parse_time_ms(text) == general_time_ms(text)


def test_fast_path_rejects_bad_fields_and_never_caches_them() -> None:
    for text in (
        "2026-02-30T10:00:00.000Z",
        "2026-03-02T24:00:00.000Z",
        "2026-03-02T10:60:00.000Z",
        "2026-03-02T10:00:0٣.000Z",
        "2026-03-02T10:00:+1.000Z",
        "2026-03-02T1 :00:00.000Z",
        "2026-03-02T10:00:00.-01Z",
    ):
        assert fast_time_ms(text) is None
        assert fast_time_ms(text) is None
