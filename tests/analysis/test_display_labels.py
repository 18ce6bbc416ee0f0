"""Every label the monitor and the exports show for API text is terminal-safe (one rule)."""

from __future__ import annotations

from tui.analysis.model import AgentInfo
from tui.core.errors import InputError
from tui.core.records import group_display_name, reason_label

SGR = "\x1b[31m"


def test_names_reasons_and_teams_show_escapes() -> None:
    assert AgentInfo(1, user_name=f"Ana{SGR}").display_name == "Ana\\x1b[31m"
    assert AgentInfo(1, login_name=f"ana{SGR}").display_name == "ana\\x1b[31m"
    assert reason_label(3, f"Lunch{SGR}") == "Lunch\\x1b[31m"
    assert group_display_name(7, {7: "Billing\x9b2J"}) == "Billing\\x9b2J"


def test_error_messages_show_escapes_but_keep_their_lines() -> None:
    error = InputError(f"bad\n{SGR}value")
    assert error.message == "bad\n\\x1b[31mvalue"
    assert "\x1b" not in error.one_line()
