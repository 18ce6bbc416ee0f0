"""The one identity rule and the one team-name fallback."""

from __future__ import annotations

from tui.core.records import MISSING_KEY, NO_GROUP, StatusRecord, StatusType, group_display_name


def test_identity_ignores_what_the_api_fills_in_later() -> None:
    first = StatusRecord(7, 1_000, StatusType.STATE_CHANGE, 4, 3, session_id=-1, reason_id=None)
    later = StatusRecord(
        7, 1_000, StatusType.STATE_CHANGE, 4, 3, session_id=99, user_name="Ann", reason_text="x"
    )
    assert first.identity() == later.identity() == (7, 1_000, 3, 1, 4, MISSING_KEY)
    with_reason = StatusRecord(7, 1_000, StatusType.STATE_CHANGE, 4, 3, reason_id=12)
    assert with_reason.identity() != first.identity()


def test_team_names_fall_back_the_same_way_everywhere() -> None:
    assert group_display_name(5, {5: "Billing"}) == "Billing"
    assert group_display_name(5, {5: ""}) == "Group 5"
    assert group_display_name(NO_GROUP, {}) == "No group"
