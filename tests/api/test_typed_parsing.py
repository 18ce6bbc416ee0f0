"""The msgspec fast path reads exactly what the lenient reader reads, or hands the page back.

Every page, however odd, must give the same :class:`ParsedPage` through :func:`decode_page` (fast
path first) as through the lenient per-record reader on ``json.loads`` — same records, same skips
per reason, same timeframe and references — and typed pages must really take the fast path.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.api.parsing import (
    SKIP_BAD_TIME,
    SKIP_NO_TIME,
    SKIP_UNKNOWN_TYPE,
    decode_page,
    decode_page_entries,
    decode_page_entries_leniently,
    decode_page_entries_typed,
)
from tui.api.typed_parsing import WireRecordStrict, WireRecordTimed, _decode_wire

T0 = "2026-03-02T09:00:00.000Z"

_ints = st.one_of(st.integers(-3, 5), st.integers(1, 2**40), st.just(-1))
_odd = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.sampled_from(["12", " 7 ", "-1", "1e3", ""]),
    st.lists(st.integers(), max_size=2),
    st.integers(2**64, 2**70),
)
_times = st.one_of(
    st.sampled_from(
        [
            T0,
            "2026-03-02T09:00:01.250+0000",
            "2026-03-02T09:00:02.500+00:00",
            "2026-03-02T10:00:00+02:00",
            "2026-03-02t09:00:03Z",
            "2026-02-30T09:00:00.000Z",
            "bad",
            "",
        ]
    ),
    _odd,
)
_texts = st.one_of(st.none(), st.sampled_from(["", "Lunch", "  Break ", "é", "a\u0000b"]), _ints)

_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "agentId": st.one_of(_ints, _odd),
    "time": _times,
    "statusType": st.one_of(st.sampled_from([1, 3, 4, 2, 0, 99]), _odd),
    "statusSubType": st.one_of(st.sampled_from([0, 1, 2, 3, 4, 9]), _odd),
    "sequenceNumber": st.one_of(_ints, _odd),
    "sessionId": st.one_of(_ints, _odd),
    "agentGroupId": st.one_of(_ints, _odd),
    "statusReasonId": st.one_of(_ints, _odd),
    "statusReasonText": st.one_of(_texts, _odd),
    "employeeId": st.one_of(_texts, _odd),
    "agentLoginName": st.one_of(_texts, _odd),
    "agentUserName": st.one_of(_texts, _odd),
    "prevStatusChangeTime": _times,
    "undocumented": _odd,
}


def _record(typed: bool) -> st.SearchStrategy[Any]:
    """A record object; ``typed`` draws only the types the docs describe (still odd values)."""
    if typed:
        fields = {
            "agentId": _ints,
            "time": st.sampled_from([T0, "2026-03-02T09:00:01.250+0000", "bad", ""]),
            "statusType": st.sampled_from([1, 3, 4, 2]),
            "statusSubType": st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, 4, 9])),
            "sequenceNumber": _ints,
            "sessionId": _ints,
            "agentGroupId": _ints,
            "statusReasonId": _ints,
            "statusReasonText": st.one_of(st.none(), st.sampled_from(["", "Lunch"])),
            "employeeId": _texts,
            "agentLoginName": _texts,
            "agentUserName": _texts,
            "prevStatusChangeTime": st.one_of(st.none(), st.just(T0)),
        }
        return st.fixed_dictionaries({}, optional=fields)
    return st.one_of(st.fixed_dictionaries({}, optional=_FIELDS), _odd)


def _metadata() -> st.SearchStrategy[Any]:
    frame = st.fixed_dictionaries(
        {},
        optional={
            "startTimeL": st.one_of(_ints, _odd, st.just("1772442000000")),
            "endTimeL": st.one_of(_ints, _odd),
            "startTime": _times,
            "endTime": _times,
        },
    )
    reference = st.fixed_dictionaries(
        {"rel": st.sampled_from(["self", "next", "first"]), "href": st.text(max_size=5)}
    )
    return st.one_of(
        _odd,
        st.fixed_dictionaries(
            {}, optional={"timeframe": frame, "references": st.lists(reference, max_size=3)}
        ),
    )


def _pages(typed: bool) -> st.SearchStrategy[Any]:
    records = st.lists(_record(typed), max_size=6)
    v2 = st.fixed_dictionaries(
        {"stateChanges": st.one_of(records, st.none())},
        optional={"_metadata": _metadata(), "agentsInfo": st.just([])},
    )
    agent = st.fixed_dictionaries(
        {},
        optional={
            "agentId": _FIELDS["agentId"] if not typed else _ints,
            "employeeId": _texts,
            "agentGroupId": _ints,
            "statusChangeHistory": st.one_of(records, st.none())
            if typed
            else st.one_of(records, _odd),
        },
    )
    v1 = st.fixed_dictionaries(
        {"agentsInfo": st.lists(agent if typed else st.one_of(agent, _odd), max_size=4)},
        optional={"_metadata": _metadata()},
    )
    other = st.one_of(_odd, st.fixed_dictionaries({}, optional={"_metadata": _metadata()}))
    return st.one_of(v2, v1) if typed else st.one_of(v2, v1, other)


def _lenient(text: str) -> Any:
    try:
        return decode_page_entries_leniently(text, origin="f.json")
    except Exception as error:  # the same exception type either way
        return type(error)


def _decoded(text: str) -> Any:
    try:
        return decode_page_entries(text, origin="f.json")
    except Exception as error:
        return type(error)


@settings(max_examples=400, deadline=None)
@given(_pages(typed=False))
def test_any_page_reads_the_same_through_the_fast_path_and_the_lenient_reader(page: Any) -> None:
    text = json.dumps(page)
    assert _decoded(text) == _lenient(text)
    typed = decode_page_entries_typed(text)
    if typed is not None:
        assert typed == _lenient(text)


@settings(max_examples=200, deadline=None)
@given(_pages(typed=True))
def test_pages_of_documented_types_take_the_fast_path(page: Any) -> None:
    text = json.dumps(page)
    typed = decode_page_entries_typed(text)
    assert typed is not None
    assert typed == _lenient(text)


def test_skips_on_the_fast_path_are_counted_per_reason() -> None:
    page = {
        "stateChanges": [
            {"agentId": 1, "time": T0, "statusType": 3, "sequenceNumber": -1},
            {"agentId": 1, "time": "bad", "statusType": 1},
            {"agentId": 1, "time": "", "statusType": 1},
            {"agentId": 1, "time": T0, "statusType": 2},
        ]
    }
    typed = decode_page_entries_typed(json.dumps(page))
    assert typed is not None
    assert typed == _lenient(json.dumps(page))
    assert len(typed[0].records) == 1
    assert typed[1] == 4
    assert typed[0].skipped == {SKIP_BAD_TIME: 1, SKIP_NO_TIME: 1, SKIP_UNKNOWN_TYPE: 1}


def test_a_number_sent_as_text_falls_back_to_the_lenient_reader() -> None:
    page = {"stateChanges": [{"agentId": "7", "time": T0, "statusType": 3}]}
    text = json.dumps(page)
    assert decode_page_entries_typed(text) is None
    (record,) = decode_page(text).records
    assert record.agent_id == 7


def test_json_only_python_reads_falls_back() -> None:
    text = '{"stateChanges": [{"agentId": 7, "time": "' + T0 + '", "statusType": 3, "x": NaN}]}'
    assert decode_page_entries_typed(text) is None
    assert len(decode_page(text).records) == 1


def _without_prev_times(read: Any) -> Any:
    """A read page as the export reads it (``prev_times=False``): no ``prev_time_ms``."""
    if isinstance(read, type):
        return read
    page, entries = read
    records = tuple(msgspec.structs.replace(r, prev_time_ms=None) for r in page.records)
    return dataclasses.replace(page, records=records), entries


_digits = st.text(alphabet="0123456789", min_size=0, max_size=12)


def _mostly(valid: str, *odd: str) -> st.SearchStrategy[str]:
    """``valid`` three times in four, else one of ``odd``: most drawn times are readable."""
    return st.one_of(st.just(valid), st.just(valid), st.just(valid), st.sampled_from(odd))


_rfc3339_like = st.builds(
    "{}-{}-{}{}{}:{}:{}{}{}".format,
    _mostly("2026", "1969", "0001", "9999", "0000", "20x6"),
    _mostly("03", "02", "13", "00", "3"),
    _mostly("02", "29", "30", "31", "00"),
    _mostly("T", "t", " ", "_", "TT"),
    _mostly("09", "00", "23", "24", "9"),
    _mostly("00", "59", "60"),
    _mostly("14", "59", "60", "61"),
    st.one_of(
        st.just(""),
        st.builds("{}{}".format, st.sampled_from([".", ","]), _digits),
        st.sampled_from([".6049995", ".9999999", ".123999", ".0009994", ".999", ".604"]),
    ),
    st.one_of(
        st.sampled_from(["Z", "+00:00"]),
        st.sampled_from(
            ["z", "+0000", "-00:00", "+05:30", "-0530", "+23:59", "+24:00", "+05:60", "+05"]
        ),
        st.sampled_from(["+05:30:15", "", " Z", "ZZ", "\\u005a"]),
    ),
)
"""Times in and around every RFC 3339 form: what msgspec reads must be what the rule reads."""


@settings(max_examples=600, deadline=None)
@given(st.lists(_rfc3339_like, min_size=1, max_size=4), st.booleans())
def test_times_read_by_msgspec_are_the_rules_times(times: list[str], as_bytes: bool) -> None:
    """The export's reading (times as datetimes, in C, when msgspec reads them as the rule does;
    else as text) gives the lenient reader's records and skips for any time text."""
    changes = [
        {"agentId": 7, "time": time, "statusType": 3, "sequenceNumber": n}
        for n, time in enumerate(times)
    ]
    text = json.dumps({"stateChanges": changes}).replace("\\\\u005a", "\\u005a")
    typed = decode_page_entries_typed(text.encode() if as_bytes else text, prev_times=False)
    assert typed is not None
    assert typed == _without_prev_times(_lenient(text))


@settings(max_examples=300, deadline=None)
@given(_pages(typed=False))
def test_any_page_reads_the_same_without_prev_times(page: Any) -> None:
    text = json.dumps(page)
    typed = decode_page_entries_typed(text, prev_times=False)
    if typed is not None:
        assert typed == _without_prev_times(_lenient(text))


def test_api_times_are_read_by_msgspec_and_a_seventh_digit_after_999_as_text() -> None:
    """A file of the API's own times takes the C reading; ``.ddd999`` and a seventh digit (which
    msgspec would round up into the next millisecond) or an escaped digit keep the text one."""
    api = json.dumps({"stateChanges": [{"agentId": 7, "time": T0, "statusType": 3}]})
    carry = api.replace(T0, "2026-03-02T09:00:00.6049995Z")
    escaped = api.replace(T0, "2026-03-02T09:00:00\\u002e6049995Z")
    read_in_c = (WireRecordStrict, WireRecordTimed)
    wire = _decode_wire(api.encode(), prev_times=False)
    assert wire is not None and isinstance(wire.state_changes, list)
    assert isinstance(wire.state_changes[0], read_in_c)
    for text in (carry, escaped):
        wire = _decode_wire(text.encode(), prev_times=False)
        assert wire is not None and isinstance(wire.state_changes, list)
        assert not isinstance(wire.state_changes[0], read_in_c)
        typed = decode_page_entries_typed(text.encode(), prev_times=False)
        assert typed is not None
        assert typed[0].records[0].time_ms % 1000 == 604  # truncated, as the rule says


def test_a_page_as_documented_takes_the_strict_tier_and_reads_as_the_lenient_reader() -> None:
    """Every field of the documented type: one C-built record per wire record, by the one
    rule (no sequence 0, no session -1, no group NO_GROUP, reason -1 and "" none)."""
    page = {
        "stateChanges": [
            {
                "agentId": 7,
                "time": T0,
                "statusType": 1,
                "statusSubType": 4,
                "sequenceNumber": None,
                "sessionId": None,
                "statusReasonId": -1,
                "statusReasonText": "",
                "employeeId": "",
                "prevStatusChangeTime": T0,
            },
            {"agentId": 7, "time": T0, "statusType": 4, "agentGroupId": 12, "sessionId": 5},
        ]
    }
    text = json.dumps(page)
    for prev_times in (True, False):
        wire = _decode_wire(text, prev_times=prev_times)
        assert wire is not None and isinstance(wire.state_changes, list)
        assert isinstance(wire.state_changes[0], WireRecordStrict)
    typed = decode_page_entries_typed(text)
    assert typed == _lenient(text)
    assert typed is not None
    first, second = typed[0].records
    assert (first.sequence, first.session_id, first.group_id) == (0, -1, -1)
    assert (first.reason_id, first.reason_text, first.employee_id) == (None, None, None)
    assert first.prev_time_ms == first.time_ms
    assert (second.group_id, second.session_id) == (12, 5)


@pytest.mark.parametrize("prev_times", [True, False])
def test_a_strict_page_with_a_time_out_of_range_is_read_record_by_record(prev_times: bool) -> None:
    """msgspec reads year 1969 and 9999; the rule does not: the page goes to a slower tier,
    which skips the record (or drops the previous time) as the lenient reader does."""
    for field in ("time", "prevStatusChangeTime"):
        changes = [
            {"agentId": 7, "time": T0, "statusType": 3, "prevStatusChangeTime": T0},
            {"agentId": 8, "time": T0, "statusType": 3},
        ]
        changes[0][field] = "1969-12-31T23:59:59.000Z"
        changes[1][field] = "9999-01-01T00:00:00.000Z"
        text = json.dumps({"stateChanges": changes})
        typed = decode_page_entries_typed(text, prev_times=prev_times)
        lenient = _lenient(text)
        assert typed == (lenient if prev_times else _without_prev_times(lenient))
