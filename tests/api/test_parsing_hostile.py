"""Hostile field values make bad records, never exceptions (issue: 73 of 1,061 mutations)."""

from __future__ import annotations

import json

import pytest

from tui.api.parsing import SKIP_BAD_TIME, SKIP_NO_AGENT_ID, decode_page

GOOD = {
    "agentId": 1,
    "time": "2026-03-02T09:00:00.000Z",
    "statusType": 1,
    "statusSubType": 2,
    "sequenceNumber": 1,
    "sessionId": 5,
}


def _page(**changes: object) -> str:
    return json.dumps({"stateChanges": [{**GOOD, **changes}]})


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 30, 2**70, -(2**70), "1e400", 1e300])
def test_an_unreadable_agent_id_skips_the_record(value: object) -> None:
    page = decode_page(_page(agentId=value))
    assert page.records == () and page.skipped == {SKIP_NO_AGENT_ID: 1}


@pytest.mark.parametrize("field", ["statusSubType", "sequenceNumber", "sessionId", "agentGroupId"])
@pytest.mark.parametrize("value", ["²", 2**70, "9" * 40])
def test_an_unreadable_optional_number_is_read_as_missing(field: str, value: object) -> None:
    page = decode_page(_page(**{field: value}))
    assert len(page.records) == 1


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59Z"]
)
def test_a_time_outside_1970_to_9998_is_a_bad_time(value: str) -> None:
    assert decode_page(_page(time=value)).skipped == {SKIP_BAD_TIME: 1}


def test_an_out_of_range_timeframe_is_ignored() -> None:
    text = json.dumps(
        {
            "_metadata": {"timeframe": {"startTimeL": "²", "endTimeL": 10**30}},
            "stateChanges": [GOOD],
        }
    )
    assert decode_page(text).timeframe is None


def test_a_number_of_more_than_4300_digits_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        decode_page('{"stateChanges": [{"agentId": ' + "1" * 5000 + "}]}")
