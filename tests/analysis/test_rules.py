"""One test per rule of DESIGN.md §2, with the arithmetic written out."""

from __future__ import annotations

import random

from msgspec.structs import replace

from tests.analysis.builders import (
    AWAY,
    DAY,
    HOUR,
    MINUTE,
    OCCUPIED,
    OFFLINE,
    ONLINE,
    UTC_DAY,
    at,
    login,
    logout,
    only_agent,
    report_of,
    state,
)
from tui.analysis import AnalysisOptions
from tui.analysis.model import Interval
from tui.core.records import NO_GROUP, State, StatusRecord


def test_default_state_at_login_time_leaves_no_unknown() -> None:
    # login 09:00, default online at the same instant, logout 17:00: 8 h online.
    activity = only_agent(report_of([login(540), state(540, ONLINE), logout(1020)]))
    assert activity.totals.online_ms == 8 * HOUR
    assert activity.totals.unknown_ms == 0
    assert activity.totals.logged_in_ms == 8 * HOUR
    assert (activity.sessions, activity.state_changes) == (1, 1)
    assert (activity.first_login_ms, activity.last_logout_ms) == (at(540), at(1020))
    assert not activity.logged_in_at_end


def test_login_without_default_state_is_unknown_until_the_next_record() -> None:
    # login 09:00, first state 09:05 online, logout 10:00: 5 min unknown + 55 min online.
    activity = only_agent(report_of([login(540), state(545, ONLINE), logout(600)]))
    assert activity.totals.unknown_ms == 5 * MINUTE
    assert activity.totals.online_ms == 55 * MINUTE


def test_two_sessions_in_a_day() -> None:
    records = [
        login(480),
        state(480, ONLINE),
        state(600, AWAY, reason_id=3, reason_text="Lunch", sequence=2),
        logout(720),
        login(780),
        state(780, OCCUPIED),
        logout(900),
    ]
    activity = only_agent(report_of(records))
    # online 08:00-10:00 = 2 h; away 10:00-12:00 = 2 h; occupied 13:00-15:00 = 2 h.
    assert activity.totals.online_ms == 2 * HOUR
    assert activity.totals.away_ms == 2 * HOUR
    assert activity.totals.occupied_ms == 2 * HOUR
    assert activity.totals.logged_in_ms == 6 * HOUR
    assert activity.totals.away_by_reason_ms == {"Lunch": 2 * HOUR}
    assert activity.sessions == 2
    assert (activity.first_login_ms, activity.last_logout_ms) == (at(480), at(900))
    assert activity.timeline == (
        Interval(State.LOGGED_OUT, at(0), at(480)),
        Interval(State.ONLINE, at(480), at(600)),
        Interval(State.AWAY, at(600), at(720), "Lunch"),
        Interval(State.LOGGED_OUT, at(720), at(780)),
        Interval(State.OCCUPIED, at(780), at(900)),
        Interval(State.LOGGED_OUT, at(900), at(1440)),
    )


def test_session_open_at_window_start_carries_earlier_state() -> None:
    # Day before: login 22:00, online, away (Break) 23:30. Today: online 01:00, logout 02:00.
    records = [
        login(-120),
        state(-120, ONLINE),
        state(-30, AWAY, reason_text="Break", reason_id=2),
        state(60, ONLINE),
        logout(120),
    ]
    activity = only_agent(report_of(records))
    # 00:00-01:00 away (Break, carried over) = 1 h; 01:00-02:00 online = 1 h; no unknown.
    assert activity.totals.away_by_reason_ms == {"Break": HOUR}
    assert activity.totals.online_ms == HOUR
    assert activity.totals.unknown_ms == 0
    assert activity.sessions == 0  # the login was yesterday
    assert activity.first_login_ms is None
    assert activity.last_logout_ms == at(120)


def test_session_open_at_window_start_without_earlier_records_is_unknown() -> None:
    # First record ever: online at 01:00; logout 02:00. 00:00-01:00 logged in, state unknown.
    activity = only_agent(report_of([state(60, ONLINE), logout(120)]))
    assert activity.totals.unknown_ms == HOUR
    assert activity.totals.online_ms == HOUR
    assert activity.totals.logged_in_ms == 2 * HOUR


def test_logout_as_first_record_means_logged_in_from_window_start() -> None:
    activity = only_agent(report_of([logout(180)]))
    assert activity.totals.unknown_ms == 3 * HOUR  # 00:00-03:00
    assert activity.last_logout_ms == at(180)


def test_login_as_first_record_means_logged_out_before_it() -> None:
    activity = only_agent(report_of([login(180), state(180, ONLINE), logout(240)]))
    assert activity.totals.logged_in_ms == HOUR


def test_still_logged_in_at_the_end_of_the_window() -> None:
    # login 20:00 online, nothing after: online until 24:00 = 4 h.
    activity = only_agent(report_of([login(1200), state(1200, ONLINE)]))
    assert activity.totals.online_ms == 4 * HOUR
    assert activity.logged_in_at_end
    assert activity.pending_ms == 0


def test_open_interval_ends_at_data_complete_to_and_the_rest_is_pending() -> None:
    records = [login(1200), state(1200, ONLINE), state(1350, AWAY, sequence=2)]
    report = report_of(records, complete_to=at(1320))
    activity = only_agent(report)
    # online 20:00-22:00 (complete to 22:00) = 2 h; 22:00-24:00 pending = 2 h, never a state.
    assert activity.totals.online_ms == 2 * HOUR
    assert activity.totals.away_ms == 0
    assert activity.pending_ms == 2 * HOUR
    assert activity.state_changes == 1  # the 22:30 change is after complete-to: not counted yet
    # the 22:30 away already arrived: provisional from there, drawn, never counted
    assert activity.timeline[-3:] == (
        Interval(State.ONLINE, at(1200), at(1320)),
        Interval(State.PENDING, at(1320), at(1350)),
        Interval(State.PROVISIONAL, at(1350), at(1440), "away"),
    )
    assert report.complete_to_ms == at(1320)


def test_reasons_with_text_id_only_and_none() -> None:
    records = [
        login(0),
        state(0, AWAY, reason_id=5, reason_text="Lunch"),
        state(60, AWAY, reason_id=7, sequence=2),
        state(90, AWAY, reason_id=None, sequence=3),
        state(105, ONLINE, sequence=4),
        logout(120),
    ]
    activity = only_agent(report_of(records))
    # Lunch 00:00-01:00 = 3600 s; reason #7 01:00-01:30 = 1800 s; (none) 01:30-01:45 = 900 s.
    assert activity.totals.away_by_reason_ms == {
        "(none)": 15 * MINUTE,
        "Lunch": HOUR,
        "reason #7": 30 * MINUTE,
    }
    assert activity.totals.away_ms == 105 * MINUTE
    assert [(e.reason, e.count, e.total_ms) for e in activity.away_episodes] == [
        ("(none)", 1, 15 * MINUTE),
        ("Lunch", 1, HOUR),
        ("reason #7", 1, 30 * MINUTE),
    ]


def test_state_change_while_logged_out_is_a_missed_login() -> None:
    # logout 01:00, then online at 02:00 with no login: logged in from 02:00 to logout 03:00.
    records = [login(0), state(0, ONLINE), logout(60), state(120, ONLINE, sequence=5), logout(180)]
    activity = only_agent(report_of(records))
    assert activity.totals.online_ms == 2 * HOUR  # 00:00-01:00 + 02:00-03:00
    assert activity.totals.unknown_ms == 0
    assert activity.sessions == 1


def test_unknown_subtype_is_other_and_offline_counts_as_logged_in() -> None:
    records = [login(0), state(0, 9), state(30, OFFLINE, sequence=2), logout(60)]
    activity = only_agent(report_of(records))
    assert activity.totals.other_ms == 30 * MINUTE
    assert activity.totals.offline_ms == 30 * MINUTE
    assert activity.totals.logged_in_ms == HOUR


def test_unknown_status_type_is_skipped_and_counted() -> None:
    strange = StatusRecord(1, at(30), 2, None, 3)
    report = report_of(
        [login(0), state(0, ONLINE), strange, logout(60)],
        options=AnalysisOptions(),
    )
    assert only_agent(report).totals.online_ms == HOUR
    assert report.skipped_records == 1
    assert report.skipped_by_reason == {"unknown statusType": 1}


def test_parse_skips_are_reported_with_analysis_skips() -> None:
    from tui.analysis import analyze

    report = analyze(
        [login(0)], UTC_DAY, data_complete_to_ms=None, skipped_by_reason={"no time": 2}
    )
    assert report.skipped_records == 2


def test_clipping_to_the_window_on_both_sides() -> None:
    # Online from 23:00 the day before to 01:00 the day after: the day holds exactly 24 h.
    activity = only_agent(report_of([login(-60), state(-60, ONLINE), logout(1500)]))
    assert activity.totals.online_ms == DAY
    assert activity.sessions == 0
    assert activity.last_logout_ms is None  # the logout is outside the window


def test_records_after_the_window_do_not_count() -> None:
    report = report_of([login(1500), state(1500, ONLINE)])
    assert report.agents == ()


def test_agent_logged_out_before_the_window_is_not_listed() -> None:
    report = report_of([login(-300), state(-300, ONLINE), logout(-200)])
    assert report.agents == ()


def test_exact_duplicates_are_dropped() -> None:
    records = [login(0), state(0, ONLINE), logout(60)]
    once = report_of(records)
    doubled = report_of(records + [replace(r, session_id=77) for r in records])
    assert doubled == once
    assert only_agent(once).sessions == 1


def test_shuffled_input_with_duplicates_across_pages_gives_the_same_report() -> None:
    records = [
        login(480, agent=1),
        state(480, ONLINE, agent=1),
        state(500, AWAY, agent=1, reason_text="Lunch", sequence=2),
        logout(560, agent=1),
        login(490, agent=2, group=20),
        state(490, OCCUPIED, agent=2, group=20),
    ]
    expected = report_of(records)
    pages = [records[:4], records[2:]]  # page overlap: records 2 and 3 come twice
    shuffled = [record for page in pages for record in page]
    random.Random(4).shuffle(shuffled)
    assert report_of(shuffled) == expected


def test_same_instant_login_and_default_state_order_by_sequence() -> None:
    # The default state (sequence 1) given before the login (sequence -1) still follows it.
    activity = only_agent(report_of([state(540, ONLINE), login(540), logout(600)]))
    assert activity.totals.online_ms == HOUR
    assert activity.totals.unknown_ms == 0


def test_long_away_and_short_flip_exceptions() -> None:
    records = [
        login(0),
        state(0, ONLINE),
        state(10, AWAY, reason_text="Lunch", sequence=2),  # 50 min away
        state(60, ONLINE, sequence=3),
        state(60 + 5 / 60, OCCUPIED, sequence=4),  # online for 5 s: a flip
        logout(120),
    ]
    options = AnalysisOptions(long_away_ms={"Lunch": 45 * MINUTE}, short_flip_ms=10_000)
    activity = only_agent(report_of(records, options=options))
    kinds = [(e.kind, e.state, e.end_ms - e.start_ms) for e in activity.exceptions]
    assert kinds == [("long_away", State.AWAY, 50 * MINUTE), ("short_flip", State.ONLINE, 5000)]
    default = only_agent(report_of(records, options=AnalysisOptions(short_flip_ms=1000)))
    assert default.exceptions == ()  # "Lunch" is in the lunch class: 60 min before it is long
    unclassified = [replace(r, reason_text="Errand") if r.reason_text else r for r in records]
    errand = only_agent(report_of(unclassified, options=AnalysisOptions(short_flip_ms=1000)))
    assert [e.kind for e in errand.exceptions] == ["long_away"]  # 50 min > default 30 min
    relaxed_options = AnalysisOptions(long_away_ms={"*": 60 * MINUTE}, short_flip_ms=1000)
    assert only_agent(report_of(records, options=relaxed_options)).exceptions == ()


def test_reason_classes_and_group_names() -> None:
    records = [
        login(0, group=NO_GROUP),
        state(0, AWAY, reason_text="Training", group=NO_GROUP),
        logout(60, group=NO_GROUP),
        login(0, agent=2, group=12345),
        state(0, AWAY, agent=2, reason_text="Lunch", group=12345),
        logout(30, agent=2, group=12345),
        login(0, agent=3, group=7),
        state(0, ONLINE, agent=3, group=7),
    ]
    options = AnalysisOptions(
        group_names={7: "Billing"}, reason_classes={"Training": "training", "Lunch": "break"}
    )
    report = report_of(records, options=options, complete_to=at(120))
    names = {group.group_id: (group.name, group.agents) for group in report.groups}
    assert names == {NO_GROUP: ("No group", 1), 7: ("Billing", 1), 12345: ("Group 12345", 1)}
    by_id = {a.agent.agent_id: a for a in report.agents}
    assert by_id[1].reason_class_ms == {"training": HOUR}
    assert by_id[2].reason_class_ms == {"break": 30 * MINUTE}
    billing = next(group for group in report.groups if group.group_id == 7)
    assert billing.logged_in_at_end == 1
    assert billing.totals.online_ms == 2 * HOUR  # 00:00 to complete-to 02:00


def test_staffing_is_a_time_weighted_average_per_slot() -> None:
    records = [
        login(540, agent=1),
        state(540, ONLINE, agent=1),
        logout(570, agent=1),  # online 09:00-09:30: 1.0 in both slots
        login(545, agent=2),
        state(545, ONLINE, agent=2),
        state(550, AWAY, agent=2, sequence=2),
        logout(555, agent=2),  # online 5 min, away 5 min in the 09:00 slot
    ]
    report = report_of(records, complete_to=at(560))
    (group,) = report.groups
    slots = {slot.start_ms: slot for slot in group.staffing}
    assert len(group.staffing) == 96
    nine = slots[at(540)]
    assert nine.online == (15 + 5) / 15
    assert nine.away == 5 / 15
    assert not nine.pending
    quarter_past = slots[at(555)]
    # complete to 09:20: the slot is pending and averaged over its 5 complete minutes.
    assert quarter_past.pending
    assert quarter_past.online == 1.0
    assert slots[at(600)].online == 0.0 and slots[at(600)].pending
