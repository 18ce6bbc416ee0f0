"""The amended rules of docs/semantics.md (DESIGN §2, 2026-12-01), arithmetic written out."""

from __future__ import annotations

from datetime import date

from msgspec.structs import replace

from tests.analysis.builders import (
    AWAY,
    HOUR,
    MINUTE,
    ONLINE,
    UTC_DAY,
    at,
    login,
    logout,
    only_agent,
    report_of,
    state,
)
from tui.analysis import analyze
from tui.analysis.intervals import distinct_events
from tui.analysis.model import Interval
from tui.core.records import State, StatusRecord
from tui.core.windows import day_window


def test_same_millisecond_reconnect_keeps_the_new_session() -> None:
    # 08:00 login + online. 10:00:00.000 (one millisecond) the old session's logout (seq 99),
    # the new login (seq -1) and its default state online (seq 1). 11:00 away, 12:00 logout.
    # Ordered logout, login, state: logged in 08:00-10:00 and 10:00-12:00 = 4 h = 14,400 s
    # (sorted by sequence alone the logout came last: 08-10 + 11-12 = 3 h = 10,800 s).
    records = [
        login(480),
        state(480, ONLINE),
        login(600),
        state(600, ONLINE),
        logout(600, sequence=99),
        state(660, AWAY, sequence=2, reason_text="Lunch"),
        logout(720, sequence=3),
    ]
    activity = only_agent(report_of(records))
    assert activity.totals.logged_in_ms == 14_400_000
    assert activity.totals.online_ms == 3 * HOUR  # 08-11
    assert activity.totals.away_ms == HOUR  # 11-12
    assert activity.sessions == 2
    assert activity.last_logout_ms == at(720)


def test_fall_back_day_is_25_hours_and_counts_them_all() -> None:
    # Europe/London 2026-10-25: 00:00 BST (= 2026-10-24T23:00Z) to 00:00 GMT (= 10-26T00:00Z),
    # 25 h. Logged in from the day before (22:00Z) to 23:30 GMT (= 23:30Z): in the window
    # 23:00Z-23:30Z next day = 24 h 30 min = 88,200 s.
    window = day_window(date(2026, 10, 25), "Europe/London")
    assert window.duration_ms == 25 * HOUR
    start = window.start_ms
    records = [
        StatusRecord(1, start - HOUR, 3, None, -1),
        StatusRecord(1, start - HOUR, 1, ONLINE, 1),
        StatusRecord(1, start + 24 * HOUR + 30 * MINUTE, 4, None, 2),
    ]
    report = analyze(records, window, data_complete_to_ms=None)
    activity = only_agent(report)
    assert activity.totals.logged_in_ms == 88_200_000
    assert activity.totals.online_ms == 88_200_000
    assert activity.sessions == 0  # the login was before the window
    assert activity.first_login_ms is None


def test_a_record_with_and_without_session_id_is_one_event_keeping_the_real_id() -> None:
    early = login(480)  # sessionId -1: LivePerson fills it in later
    late = replace(early, session_id=77)
    for records in ([early, late], [late, early]):
        assert distinct_events(list(records)) == [late]
    # in the figures: one session, not two
    activity = only_agent(report_of([early, state(480, ONLINE), late, logout(540)]))
    assert activity.sessions == 1
    assert activity.totals.logged_in_ms == HOUR


def test_records_with_two_different_session_ids_are_two_events() -> None:
    first = replace(login(480), session_id=77)
    second = replace(login(480), session_id=78)
    assert distinct_events([first, second]) == [first, second]
    activity = only_agent(report_of([first, second, state(480, ONLINE), logout(540)]))
    assert activity.sessions == 2  # two logins counted, one hour logged in
    assert activity.totals.logged_in_ms == HOUR


def test_of_two_copies_without_session_id_the_one_fetched_last_is_kept() -> None:
    older = replace(state(480, ONLINE), user_name="Old name")
    newer = replace(state(480, ONLINE), user_name="New name")
    assert distinct_events([older, newer]) == [newer]
    assert distinct_events([newer, older]) == [older]


def test_reason_text_is_trimmed_and_blank_text_is_no_text() -> None:
    # away 09:00-09:30 " Lunch ", 09:30-10:00 "Lunch", 10:00-10:20 "   " with id 5, logout 10:20
    records = [
        login(540),
        state(540, AWAY, reason_text=" Lunch ", reason_id=4),
        state(570, AWAY, sequence=2, reason_text="Lunch", reason_id=4),
        state(600, AWAY, sequence=3, reason_text="   ", reason_id=5),
        logout(620),
    ]
    activity = only_agent(report_of(records))
    # " Lunch " and "Lunch" are one reason: 30 + 30 = 60 min; "   " is no text: reason #5, 20 min
    assert activity.totals.away_by_reason_ms == {"Lunch": HOUR, "reason #5": 20 * MINUTE}


def test_missed_login_adds_time_but_no_session_and_no_first_login() -> None:
    # logged in 08:00-09:00 (1 session); logout 09:00; online 10:00 without a login; logout 11:00
    records = [
        state(600, ONLINE, sequence=5),
        logout(660, sequence=6),
    ]
    activity = only_agent(report_of([login(-600), logout(-540), *records]))
    # logged out before the window (login/logout the day before), then the state change at
    # 10:00 starts a missed-login stretch: 10:00-11:00 = 1 h logged in, no session, no login
    assert activity.totals.logged_in_ms == HOUR
    assert activity.sessions == 0
    assert activity.first_login_ms is None
    assert activity.last_logout_ms == at(660)


def test_logout_while_logged_out_adds_no_time_but_is_the_last_logout() -> None:
    # login 08:00 online, logout 09:00, logout again 10:00: 1 h, last logout 10:00
    records = [login(480), state(480, ONLINE), logout(540, sequence=2), logout(600, sequence=3)]
    activity = only_agent(report_of(records))
    assert activity.totals.logged_in_ms == HOUR
    assert activity.last_logout_ms == at(600)
    assert activity.sessions == 1


def test_state_changes_count_type_1_records_before_complete_to_after_dedupe() -> None:
    # online 08:00, away 09:00 (twice: a duplicate), online 10:00, away 12:00 after complete-to
    records = [
        login(480),
        state(480, ONLINE),
        state(540, AWAY, sequence=2),
        state(540, AWAY, sequence=2),
        state(600, ONLINE, sequence=3),
        state(720, AWAY, sequence=4),
    ]
    activity = only_agent(report_of(records, complete_to=at(660)))
    assert activity.state_changes == 3  # 08:00, 09:00 (once), 10:00; 12:00 is after 11:00


def test_pending_is_only_the_stretch_that_has_happened() -> None:
    # Today at 10:34, data complete to 09:34: pending 09:34-10:34 = 1 h = 3,600 s; 10:34-24:00
    # has not happened (13 h 26 min, "not yet"): never pending, never counted.
    records = [login(480), state(480, ONLINE)]
    report = analyze(records, UTC_DAY, data_complete_to_ms=at(574), now_ms=at(634))
    activity = only_agent(report)
    assert activity.pending_ms == 3_600_000
    assert activity.totals.online_ms == 94 * MINUTE  # 08:00-09:34
    assert activity.timeline[-3:] == (
        Interval(State.ONLINE, at(480), at(574)),
        Interval(State.PENDING, at(574), at(634)),
        Interval(State.NOT_YET, at(634), at(1440)),
    )
    assert report.pending_end_ms == at(634)
    group = report.groups[0]
    slot_minutes = 15
    pending_slots = [s for s in group.staffing if s.pending and not s.not_yet]
    not_yet_slots = [s for s in group.staffing if s.not_yet]
    # 09:30-09:45 .. 10:30-10:45 are pending (5 slots); 10:45 onwards has not happened (53 slots)
    assert len(pending_slots) == 5
    assert len(not_yet_slots) == (1440 - 645) // slot_minutes


def test_provisional_records_are_drawn_never_counted() -> None:
    # data complete to 09:34, now 10:34. Agent 1 online since 08:00 goes away at 10:00 (arrived,
    # provisional); agent 2's only record is a login at 10:00:59 (provisional: not listed).
    records = [
        login(480),
        state(480, ONLINE),
        state(600, AWAY, sequence=2, reason_text="Break"),
        login(600 + 59 / 60, agent=2),
    ]
    report = analyze(records, UTC_DAY, data_complete_to_ms=at(574), now_ms=at(634))
    activity = only_agent(report)  # agent 2 is not in the figures
    assert activity.agent.agent_id == 1
    assert activity.totals.away_ms == 0
    assert activity.state_changes == 1
    assert activity.timeline[-4:] == (
        Interval(State.ONLINE, at(480), at(574)),
        Interval(State.PENDING, at(574), at(600)),
        Interval(State.PROVISIONAL, at(600), at(634), "away (Break)"),
        Interval(State.NOT_YET, at(634), at(1440)),
    )
    assert report.groups[0].agents == 1


def test_equal_instants_are_ordered_the_same_on_both_sorting_paths() -> None:
    # The same reconnect with and without a duplicate (the duplicate takes the slower path that
    # also drops copies): logout, login, then state changes, both ways.
    records = [state(600, ONLINE), login(600), logout(600, sequence=99)]
    once = distinct_events(list(records))
    assert [r.status_type for r in once] == [4, 3, 1]
    twice = distinct_events([*records, login(600)])
    assert twice == once
