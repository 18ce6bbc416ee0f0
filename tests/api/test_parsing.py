"""Parsing of v2 and v1 Agent Activity responses, skip reasons, and RFC 3339 times."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from tui.api.parsing import (
    SKIP_BAD_TIME,
    SKIP_NO_AGENT_ID,
    SKIP_NO_TIME,
    SKIP_NOT_AN_OBJECT,
    SKIP_UNKNOWN_TYPE,
    NotAnApiResponse,
    decode_page,
    decode_page_entries,
    parse_page,
    parse_time_ms,
    parse_v1_page,
    parse_v2_page,
)
from tui.core.errors import InputError
from tui.core.records import NO_GROUP, State, StatusRecord, Timeframe

T0 = "2026-03-02T09:00:00.000Z"
T0_MS = 1_772_442_000_000  # 2026-03-02 09:00 UTC: 20514 days * 86_400_000 + 9 * 3_600_000


def _v2_record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "agentId": 101,
        "employeeId": "E-101",
        "agentLoginName": "ann",
        "agentUserName": "Ann Lee",
        "agentGroupId": 7,
        "time": T0,
        "sessionId": 5555,
        "sequenceNumber": 3,
        "statusType": 1,
        "statusSubType": 4,
        "statusReasonId": 12,
        "statusReasonText": "Lunch",
        "prevStatusChangeTime": "2026-03-02T08:59:00.000Z",
    }
    record.update(overrides)
    return record


def _v2_page(*records: object, **extra: Any) -> dict[str, Any]:
    page: dict[str, Any] = {
        "_metadata": {
            "references": [
                {"rel": "self", "href": "https://h/x?offset=0"},
                {"rel": "next", "href": "https://h/x?offset=100"},
            ],
            "timeframe": {
                "startTime": "2026-03-02T00:00:00.000Z",
                "endTime": "2026-03-03T00:00:00.000Z",
            },
        },
        "stateChanges": list(records),
    }
    page.update(extra)
    return page


def test_t0_constant_matches_the_standard_library() -> None:
    assert int(datetime.fromisoformat("2026-03-02T09:00:00+00:00").timestamp() * 1000) == T0_MS


def test_v2_record_reads_every_field() -> None:
    page = parse_page(_v2_page(_v2_record()))
    assert page.format == "v2"
    assert page.skipped == {}
    assert page.records == (
        StatusRecord(
            agent_id=101,
            time_ms=T0_MS,
            status_type=1,
            status_subtype=4,
            sequence=3,
            session_id=5555,
            group_id=7,
            employee_id="E-101",
            login_name="ann",
            user_name="Ann Lee",
            reason_id=12,
            reason_text="Lunch",
            prev_time_ms=T0_MS - 60_000,
        ),
    )
    assert page.records[0].state is State.AWAY
    assert page.records[0].reason == "Lunch"


def test_v2_metadata_references_and_timeframe() -> None:
    page = parse_page(_v2_page())
    assert page.references == {"self": "https://h/x?offset=0", "next": "https://h/x?offset=100"}
    day = 86_400_000
    assert page.timeframe == Timeframe(T0_MS - 9 * 3_600_000, T0_MS - 9 * 3_600_000 + day)


def test_timeframe_prefers_epoch_ms_and_accepts_top_level() -> None:
    page = parse_page(
        {"stateChanges": [], "timeframe": {"startTimeL": 1000, "endTimeL": 5000, "startTime": "x"}}
    )
    assert page.timeframe == Timeframe(1000, 5000)


@pytest.mark.parametrize(
    ("reason_id", "reason_text", "expected_id", "expected_text", "label"),
    [
        (-1, None, None, None, "(none)"),
        (0, "", None, None, "(none)"),
        (None, None, None, None, "(none)"),
        (31, None, 31, None, "reason #31"),
        (31, "Coaching", 31, "Coaching", "Coaching"),
    ],
)
def test_reason_absent_markers_become_none(
    reason_id: int | None,
    reason_text: str | None,
    expected_id: int | None,
    expected_text: str | None,
    label: str,
) -> None:
    raw = _v2_record(statusReasonId=reason_id, statusReasonText=reason_text)
    (record,) = parse_page(_v2_page(raw)).records
    assert (record.reason_id, record.reason_text, record.reason) == (
        expected_id,
        expected_text,
        label,
    )


def test_nullable_and_missing_fields() -> None:
    raw = _v2_record(sessionId=None, sequenceNumber=None, prevStatusChangeTime=None)
    del raw["agentGroupId"]
    del raw["employeeId"]
    (record,) = parse_page(_v2_page(raw)).records
    assert record.session_id == -1
    assert record.sequence == 0
    assert record.prev_time_ms is None
    assert record.group_id == NO_GROUP
    assert record.employee_id is None


def test_numeric_employee_id_becomes_text() -> None:
    (record,) = parse_page(_v2_page(_v2_record(employeeId=4711))).records
    assert record.employee_id == "4711"


def test_every_skip_reason_is_counted_and_the_rest_survive() -> None:
    good = _v2_record()
    no_agent = _v2_record()
    del no_agent["agentId"]
    no_time = _v2_record()
    del no_time["time"]
    page = parse_page(
        _v2_page(
            good,
            "junk",
            [1, 2],
            no_agent,
            _v2_record(agentId="abc"),
            no_time,
            _v2_record(time=""),
            _v2_record(time="yesterday"),
            _v2_record(time="2026-02-30T09:00:00.000Z"),
            _v2_record(time=12345),
            _v2_record(statusType=2),
            _v2_record(statusType=None),
        )
    )
    assert len(page.records) == 1
    assert page.skipped == {
        SKIP_NOT_AN_OBJECT: 2,
        SKIP_NO_AGENT_ID: 2,
        SKIP_NO_TIME: 2,
        SKIP_BAD_TIME: 3,
        SKIP_UNKNOWN_TYPE: 2,
    }
    assert page.skipped_count == 11


def test_unknown_subtype_is_kept_as_other() -> None:
    (record,) = parse_page(_v2_page(_v2_record(statusSubType=9))).records
    assert record.state is State.OTHER


def test_v1_page_gives_the_same_records_as_v2() -> None:
    v2_records = [
        _v2_record(statusType=3, statusSubType=None, sequenceNumber=-1, sessionId=-1),
        _v2_record(statusType=1, statusSubType=2, sequenceNumber=1, sessionId=-1),
    ]
    agent_fields = ("agentId", "employeeId", "agentLoginName", "agentUserName", "agentGroupId")
    v1 = {
        "agentsInfo": [
            {
                **{key: v2_records[0][key] for key in agent_fields},
                "statusChangeHistory": [
                    {key: value for key, value in raw.items() if key not in agent_fields}
                    for raw in v2_records
                ],
            }
        ]
    }
    parsed_v1 = parse_page(v1)
    parsed_v2 = parse_page(_v2_page(*v2_records))
    assert parsed_v1.format == "v1"
    assert parsed_v1.records == parsed_v2.records
    assert parse_v1_page(v1).records == parse_v2_page(_v2_page(*v2_records)).records


def test_v1_skips_bad_agents_and_records() -> None:
    v1 = {
        "agentsInfo": [
            "junk",
            {"agentId": 5, "statusChangeHistory": [{"time": T0, "statusType": 3}, 7]},
            {"statusChangeHistory": [{"time": T0, "statusType": 3}]},
            {"agentId": 6},
        ]
    }
    page = parse_page(v1)
    assert [record.agent_id for record in page.records] == [5]
    assert page.skipped == {SKIP_NOT_AN_OBJECT: 2, SKIP_NO_AGENT_ID: 1}


def test_empty_v2_page_with_metadata_only() -> None:
    page = parse_page({"_metadata": {"references": []}})
    assert page.format == "v2"
    assert page.records == ()


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        ([1, 2], "a list"),
        ("text", "str"),
        ({"hello": 1}, "no stateChanges or agentsInfo"),
        ({"stateChanges": {"a": 1}}, "'stateChanges' is dict"),
    ],
)
def test_not_an_api_response_names_origin(obj: object, fragment: str) -> None:
    with pytest.raises(NotAnApiResponse) as caught:
        parse_page(obj, origin="day.json")
    assert isinstance(caught.value, InputError)
    assert caught.value.message.startswith("day.json: ")
    assert fragment in caught.value.message
    assert "\n" not in caught.value.one_line()


@pytest.mark.parametrize(
    ("text", "iso_equivalent"),
    [
        ("2026-03-02T09:00:00.000Z", "2026-03-02T09:00:00.000+00:00"),
        ("2026-03-02T09:00:00.123+0000", "2026-03-02T09:00:00.123+00:00"),
        ("2026-03-02T09:00:00.123+00:00", "2026-03-02T09:00:00.123+00:00"),
        ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00+00:00"),
        ("2026-03-02T09:00:00.5Z", "2026-03-02T09:00:00.500+00:00"),
        ("2026-03-02T09:00:00.123999Z", "2026-03-02T09:00:00.123+00:00"),
        ("2026-03-02T04:00:00.000-05:00", "2026-03-02T09:00:00.000+00:00"),
        ("2026-03-02T14:30:00.000+0530", "2026-03-02T09:00:00.000+00:00"),
        ("2026-03-02 09:00:00.000z", "2026-03-02T09:00:00.000+00:00"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999+00:00"),
        ("2024-02-29T00:00:00.000Z", "2024-02-29T00:00:00.000+00:00"),
    ],
)
def test_parse_time_ms_formats(text: str, iso_equivalent: str) -> None:
    expected = datetime.fromisoformat(iso_equivalent)
    whole_ms = int(expected.replace(microsecond=0).timestamp()) * 1000
    assert parse_time_ms(text) == whole_ms + expected.microsecond // 1000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-03-02",
        "2026-03-02T09:00:00.000",  # no offset
        "2026-13-02T09:00:00.000Z",
        "2026-02-30T09:00:00.000Z",
        "2026-03-02T24:00:00.000Z",
        "2026-03-02T09:60:00.000Z",
        "2026-03-02T09:00:00.000+2400",
        "2026-03-02T09:00:00.000Zjunk",
        "２０２６-03-02T09:00:00.000Z",
    ],
)
def test_parse_time_ms_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time_ms(text)


def test_parse_round_trips_a_json_file(tmp_path: Any) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps(_v2_page(_v2_record(), _v2_record(agentId=102))))
    page = parse_page(json.loads(path.read_text()), origin=str(path))
    assert [record.agent_id for record in page.records] == [101, 102]


def test_decode_page_matches_parse_page_for_v2_and_v1() -> None:
    no_agent = _v2_record()
    del no_agent["agentId"]
    v2 = _v2_page(
        _v2_record(),
        _v2_record(agentId=102, time="2026-03-02T09:01:00.000Z", prevStatusChangeTime=T0),
        _v2_record(time="bad"),
        _v2_record(statusType=7),
        no_agent,
        "junk",
    )
    v1 = {"agentsInfo": [{"agentId": 5, "statusChangeHistory": [{"time": T0, "statusType": 3}]}]}
    for obj in (v2, v1):
        text = json.dumps(obj)
        assert decode_page(text, origin="f.json") == parse_page(json.loads(text))
        assert decode_page(text.encode(), origin="f.json") == parse_page(json.loads(text))
    decoded = decode_page(json.dumps(v2))
    assert decoded.skipped == {
        SKIP_BAD_TIME: 1,
        SKIP_UNKNOWN_TYPE: 1,
        SKIP_NO_AGENT_ID: 1,
        SKIP_NOT_AN_OBJECT: 1,
    }
    assert decoded.records[1].prev_time_ms == T0_MS


def test_decode_page_errors() -> None:
    with pytest.raises(ValueError):
        decode_page('{"stateChanges": [', origin="cut.json")
    with pytest.raises(NotAnApiResponse, match=r"list\.json"):
        decode_page(json.dumps([_v2_record()]), origin="list.json")


def _only(change: dict[str, Any]) -> StatusRecord:
    (record,) = parse_page({"stateChanges": [change]}).records
    return record


def test_timeframe_epoch_fields_may_be_numbers_or_numeric_strings() -> None:
    start, end = 1_645_660_800_000, 1_647_424_800_000
    for frame in (
        {"startTimeL": str(start), "endTimeL": str(end)},  # the docs' example
        {"startTimeL": start, "endTimeL": end},
        {"startTime": "2022-02-24T00:00:00Z", "endTime": "2022-03-16T10:00:00Z"},
    ):
        page = parse_page({"timeframe": frame, "stateChanges": []})
        assert page.timeframe is not None
        assert (page.timeframe.start_ms, page.timeframe.end_ms) == (start, end)


def test_a_timeframe_without_records_is_an_empty_v2_page() -> None:
    page = parse_page({"timeframe": {"startTime": "2022-02-24T00:00:00Z", "endTime": T0}})
    assert (page.format, page.records) == ("v2", ())


@pytest.mark.parametrize(
    ("reason_id", "reason_text"), [(0, ""), (-1, None), (0, None), (-1, ""), ("0", "")]
)
def test_no_reason_reads_the_same_whichever_way_it_is_written(
    reason_id: object, reason_text: object
) -> None:
    change = {"agentId": 5, "time": T0, "statusType": 1, "statusSubType": 2, "sequenceNumber": 3}
    record = _only({**change, "statusReasonId": reason_id, "statusReasonText": reason_text})
    assert (record.reason_id, record.reason_text, record.reason) == (None, None, None)


def test_login_and_logout_with_subtype_0_are_read_as_login_and_logout() -> None:
    login = _only(
        {"agentId": 5, "time": T0, "statusType": 3, "statusSubType": 0, "sequenceNumber": -1}
    )
    logout = _only(
        {"agentId": 5, "time": T0, "statusType": 4, "statusSubType": 0, "sequenceNumber": 9}
    )
    assert (login.status_type, login.status_subtype, login.state) == (3, 0, None)
    assert (logout.status_type, logout.status_subtype, logout.state) == (4, 0, None)


def test_fields_the_docs_do_not_list_are_ignored() -> None:
    change = {"agentId": 5, "time": T0, "statusType": 1, "statusSubType": 4, "sequenceNumber": 3}
    extra = {"extraInfo": {"origin": "x", "time": "not a time"}, "skillIds": [1, 2], "v": 9}
    plain = parse_page({"stateChanges": [change]})
    decorated = decode_page(json.dumps({"stateChanges": [{**change, **extra}], "newTopLevel": 1}))
    assert decorated.records == plain.records
    assert decorated.skipped == {}


def test_v1_paging_references_are_read_from_metadata_as_the_v1_table_names_it() -> None:
    href = "https://h/api/v2/account/1/status-changes?offset=100&limit=100"
    body = {
        "metadata": {"references": [{"rel": "next", "href": href}]},
        "agentsInfo": [
            {"agentId": 5, "statusChangeHistory": [{"time": T0, "statusType": 3}]},
            {"agentId": 6, "statusChangeHistory": []},
        ],
    }
    page, entries = decode_page_entries(json.dumps(body))
    assert page.format == "v1" and page.references == {"next": href}
    assert entries == 2  # v1 offsets count agents, not records
    page, entries = decode_page_entries(json.dumps({"stateChanges": [{"agentId": 5}, 3]}))
    assert (page.format, entries) == ("v2", 2)
