"""Paging: concurrent offsets after ``last``, ``next``-following, progress, dedupe, validation.

The mechanics are exercised on pages of 100 (``page_size=100``) so a few hundred records make
several pages; the documented default size (1,000) has tests of its own.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.fake_liveperson import (
    T0,
    FakeLivePerson,
    client_credentials,
    json_response,
    make_record,
)
from tui.api.client import StatusChangesClient
from tui.api.errors import InvalidQuery, MalformedResponse
from tui.api.paging import FetchedPage, v1_may_be_truncated
from tui.api.params import StatusChangesQuery
from tui.core.clock import FakeClock
from tui.core.records import ParsedPage, StatusRecord

DAY_MS = 86_400_000


def make_client(
    service: FakeLivePerson, clock: FakeClock | None = None, **kwargs: object
) -> StatusChangesClient:
    kwargs.setdefault("page_size", 100)
    return StatusChangesClient(
        client_credentials(),
        transport=service.transport(),
        clock=clock or FakeClock(T0 + DAY_MS),
        **kwargs,  # type: ignore[arg-type]
    )


async def test_pages_hold_the_documented_default_of_1000_records() -> None:
    service = FakeLivePerson([make_record(i) for i in range(2345)], page_delay_s=0.001)
    async with StatusChangesClient(
        client_credentials(), transport=service.transport(), clock=FakeClock(T0 + DAY_MS)
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert (result.pages, len(result.records), result.page_size) == (3, 2345, 1000)
    requests = service.status_requests()
    assert sorted(int(r.url.params["offset"]) for r in requests) == [0, 1000, 2000]
    assert {(r.url.params["v"], r.url.params["limit"]) for r in requests} == {("2", "1000")}
    assert service.peak_in_flight == 2  # the two pages after the first went out together


@pytest.mark.parametrize("page_size", [0, 5001])
def test_a_page_size_outside_1_to_5000_is_refused(page_size: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 5000"):
        StatusChangesClient(client_credentials(), page_size=page_size)


async def test_pages_after_last_are_fetched_concurrently_within_the_bound() -> None:
    service = FakeLivePerson([make_record(i) for i in range(1234)], page_delay_s=0.002)
    async with make_client(service, max_in_flight=4) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert result.pages == 13
    assert len(result.records) == 1234
    assert len(service.status_requests()) == 13
    assert service.peak_in_flight == 4
    assert client.peak_in_flight == 4
    offsets = sorted(int(r.url.params["offset"]) for r in service.status_requests())
    assert offsets == list(range(0, 1300, 100))
    assert all(r.url.params["limit"] == "100" for r in service.status_requests())


async def test_records_come_back_in_page_order_once_each() -> None:
    raw = [make_record(i) for i in range(450)]
    service = FakeLivePerson(raw, page_delay_s=0.001)
    async with make_client(service) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert [r.sequence for r in result.records] == [entry["sequenceNumber"] for entry in raw]
    assert result.duplicates == 0


async def test_without_last_the_client_follows_next_one_page_at_a_time() -> None:
    service = FakeLivePerson([make_record(i) for i in range(350)], with_last=False)
    async with make_client(service) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert result.pages == 4
    assert len(result.records) == 350
    assert service.peak_in_flight == 1
    offsets = [int(r.url.params["offset"]) for r in service.status_requests()]
    assert offsets == [0, 100, 200, 300]


async def test_a_single_page_needs_one_request() -> None:
    service = FakeLivePerson([make_record(i) for i in range(40)])
    async with make_client(service) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert (result.pages, len(result.records)) == (1, 40)
    assert len(service.status_requests()) == 1


@pytest.mark.parametrize("with_last", [True, False])
async def test_progress_counts_pages_and_reports_the_total_once_known(with_last: bool) -> None:
    service = FakeLivePerson([make_record(i) for i in range(301)], with_last=with_last)
    seen: list[tuple[int, int | None]] = []
    pages: list[ParsedPage] = []
    async with make_client(service) as client:
        await client.fetch(
            T0,
            T0 + DAY_MS,
            progress=lambda done, total: seen.append((done, total)),
            on_page=pages.append,
        )
    assert [done for done, _ in seen] == [1, 2, 3, 4]
    assert seen[-1] == (4, 4)
    if with_last:
        assert all(total == 4 for _, total in seen)
    else:
        assert [total for _, total in seen[:-1]] == [None, None, None]
    assert sum(len(page.records) for page in pages) == 301


async def test_a_record_repeated_on_two_pages_is_kept_once() -> None:
    raw = [make_record(i) for i in range(200)]
    raw.insert(100, dict(raw[99], sessionId=-1))  # page 2 starts with page 1's last record
    service = FakeLivePerson(raw)
    async with make_client(service) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 200
    assert result.duplicates == 1
    assert len({r.identity() for r in result.records}) == 200
    assert all(r.session_id == 555 for r in result.records)


async def test_the_last_page_growing_a_next_reference_is_followed() -> None:
    raw = [make_record(i) for i in range(250)]
    service = FakeLivePerson(raw)
    original_page = service._page

    def grow_then_serve(request):  # type: ignore[no-untyped-def]
        if request.url.params["offset"] == "200" and len(service.records) == 250:
            service.records.extend(make_record(i) for i in range(250, 320))
        return original_page(request)

    service._page = grow_then_serve  # type: ignore[method-assign]
    async with make_client(service, max_in_flight=1) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 320
    assert result.pages == 4


async def test_a_short_page_in_the_middle_is_refused_not_silently_accepted() -> None:
    service = FakeLivePerson([make_record(i) for i in range(250)])
    original_page = service._page

    def truncate_second_page(request):  # type: ignore[no-untyped-def]
        response = original_page(request)
        if request.url.params["offset"] == "100":
            body = response.json()
            body["stateChanges"] = body["stateChanges"][:60]
            return json_response(200, body)
        return response

    service._page = truncate_second_page  # type: ignore[method-assign]
    async with make_client(service, max_in_flight=1) as client:
        with pytest.raises(MalformedResponse, match="offset 100 held 60"):
            await client.fetch(T0, T0 + DAY_MS)


async def test_a_range_longer_than_a_month_is_split_into_consecutive_queries() -> None:
    service = FakeLivePerson([make_record(i) for i in range(10)])
    clock = FakeClock(T0 + 60 * DAY_MS)
    async with make_client(service, clock) as client:
        await client.fetch(T0, T0 + 45 * DAY_MS)
    requests = service.status_requests()
    assert len(requests) == 2
    ranges = sorted((r.url.params["from"], r.url.params["to"]) for r in requests)
    assert ranges[0][1] == ranges[1][0]
    assert ranges[0][0].startswith("2025-11-24T16:00:00.000")


InvalidCall = Callable[[StatusChangesClient], object]


@pytest.mark.parametrize(
    ("call", "cause"),
    [
        (lambda c: c.fetch(T0 + DAY_MS, T0), "must be before"),
        (lambda c: c.fetch(T0, T0), "must be before"),
        (lambda c: c.fetch(T0 - 190 * DAY_MS, T0 - 180 * DAY_MS), "older than 6 months"),
        (lambda c: c.fetch(T0, T0 + DAY_MS, agent_id=1, employee_id="E2"), "at most one of"),
    ],
)
async def test_invalid_parameters_are_refused_before_any_request(
    call: InvalidCall, cause: str
) -> None:
    service = FakeLivePerson()
    async with make_client(service) as client:
        with pytest.raises(InvalidQuery, match=cause) as raised:
            await call(client)  # type: ignore[misc]
    assert service.requests == []
    assert raised.value.title == "Invalid request"
    assert any(cause in text for text in raised.value.causes)


async def test_a_bad_source_name_is_refused_before_any_request() -> None:
    service = FakeLivePerson()
    async with make_client(service, source_name="agent activity tui!") as client:
        with pytest.raises(InvalidQuery, match="source name"):
            await client.fetch(T0, T0 + DAY_MS)
    assert service.requests == []


async def test_filters_are_sent_as_documented() -> None:
    service = FakeLivePerson([make_record(i) for i in range(3)])
    async with make_client(service) as client:
        await client.fetch(T0, T0 + DAY_MS, employee_id="E42")
    params = service.status_requests()[0].url.params
    assert params["empId"] == "E42"
    assert params["v"] == "2"
    assert "groupId" not in params
    assert params["source"] == "agentactivitytui"
    assert params["from"] == "2025-11-24T16:00:00.000Z"
    assert params["to"] == "2025-11-25T16:00:00.000Z"


async def test_the_next_request_goes_out_before_the_previous_page_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A freed slot is reused at once: decoding a page (CPU work) never keeps it idle."""
    import tui.api.client as client_module

    events: list[str] = []
    service = FakeLivePerson([make_record(i) for i in range(300)])
    transport = service.transport()
    original_handle = transport.handle_async_request

    async def handle(request: object) -> object:
        offset = request.url.params.get("offset")  # type: ignore[attr-defined]
        if offset is not None:
            events.append(f"send {offset}")
        return await original_handle(request)  # type: ignore[arg-type]

    original_decode = client_module._decode_status_changes

    def decode(content: bytes) -> FetchedPage:
        page = original_decode(content)
        events.append(f"decode {len(events)}")
        return page

    monkeypatch.setattr(transport, "handle_async_request", handle)
    monkeypatch.setattr(client_module, "_decode_status_changes", decode)
    async with StatusChangesClient(
        client_credentials(),
        transport=transport,
        clock=FakeClock(T0 + DAY_MS),
        max_in_flight=1,
        page_size=100,
    ) as client:
        result = await client.fetch(T0, T0 + DAY_MS)
    assert len(result.records) == 300
    sends = [e for e in events if e.startswith("send")]
    assert sends == ["send 0", "send 100", "send 200"]
    # With one slot, the request for offset 200 goes out before the page at 100 is decoded.
    second, third = events.index("send 100"), events.index("send 200")
    decodes_between = [e for e in events[second + 1 : third] if e.startswith("decode")]
    assert len(decodes_between) == 0, events


def _v1_page(changes_per_agent: list[int]) -> ParsedPage:
    records = tuple(
        StatusRecord(agent_id=agent, time_ms=T0 + n, status_type=1, status_subtype=2, sequence=n)
        for agent, count in enumerate(changes_per_agent)
        for n in range(count)
    )
    return ParsedPage("v1", records)


@pytest.mark.parametrize(
    ("changes_per_agent", "days", "flagged"),
    [
        ([10, 10], 1, False),
        ([19, 19, 19], 1, False),
        ([20, 3], 1, True),  # one agent at its 20 × 1 day: cut per agent
        ([39, 39], 2, False),
        ([40, 0], 2, True),
        ([15] * 10, 1, False),
    ],
)
def test_a_v1_page_is_flagged_when_either_reading_of_the_rule_may_have_cut_it(
    changes_per_agent: list[int], days: int, flagged: bool
) -> None:
    query = StatusChangesQuery("s", T0, T0 + days * DAY_MS, limit=10)
    assert v1_may_be_truncated(_v1_page(changes_per_agent), query) is flagged


def test_a_full_v1_page_is_flagged_by_its_total_alone() -> None:
    query = StatusChangesQuery("s", T0, T0 + DAY_MS, limit=2)
    assert v1_may_be_truncated(_v1_page([19, 19, 2]), query)  # 40 = 20 × 2 agents × 1 day
    assert not v1_may_be_truncated(ParsedPage("v2", _v1_page([50]).records), query)


async def test_a_query_answered_in_both_formats_is_refused_not_merged() -> None:
    service = FakeLivePerson([make_record(i) for i in range(250)])
    original_page = service._page

    def v1_for_the_second_page(request):  # type: ignore[no-untyped-def]
        response = original_page(request)
        if request.url.params["offset"] == "100":
            body = response.json()
            body["agentsInfo"] = [{"agentId": 1, "statusChangeHistory": body.pop("stateChanges")}]
            return json_response(200, body)
        return response

    service._page = v1_for_the_second_page  # type: ignore[method-assign]
    async with make_client(service, max_in_flight=1) as client:
        with pytest.raises(MalformedResponse, match="both the v1 and the v2 format"):
            await client.fetch(T0, T0 + DAY_MS)
