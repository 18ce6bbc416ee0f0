"""Stored rows -> :class:`StatusRecord` objects, fast and small enough for a 10,000-agent day.

``StatusRecord`` is a msgspec struct, so building one from a row is a single C call. SQLite hands
back a new string object for every text cell, although an agent's names repeat on each of their
records: one object per distinct text serves them all (at a million records that is hundreds of
megabytes fewer). The collector is paused while a day's worth is built (see
:mod:`tui.core.collector`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tui.core.collector import collector_paused, settle_long_lived
from tui.core.records import StatusRecord

Row = Sequence[Any]
"""Column values in :class:`StatusRecord` field order."""

SharedValues = dict[Any, Any]
"""Each distinct id or text seen so far, mapped to the one object every record holding it uses."""


def build_records(rows: Iterable[Row]) -> list[StatusRecord]:
    """``[StatusRecord(*row) for row in rows]``, sharing repeated texts and agent ids, with the
    collector paused and the result settled (see :mod:`tui.core.collector`)."""
    with collector_paused():
        records = records_from_rows(rows, new_shared_values())
        settle_long_lived(len(records))  # they outlive this call: no collection walks them
    return records


def new_shared_values() -> SharedValues:
    """An empty table of shared values (``None`` is always itself)."""
    return {None: None}


def records_from_rows(rows: Iterable[Row], shared: SharedValues) -> list[StatusRecord]:
    """``[StatusRecord(*row) for row in rows]``, sharing repeated texts and agent ids.

    A value equal to the one on the agent's previous record is that record's object (a compare
    instead of a hash look-up: most of an agent's rows repeat its ids and names); any other is
    looked up in ``shared`` (the values seen so far, across calls that pass the same table).
    """
    share: Callable[[Any, Any], Any] = shared.setdefault
    last: dict[Any, StatusRecord] = {}  # agent id -> the agent's previous record
    last_of = last.get
    records: list[StatusRecord] = []
    append = records.append
    for (
        agent_id,
        time_ms,
        status_type,
        subtype,
        sequence,
        session_id,
        group_id,
        employee_id,
        login_name,
        user_name,
        reason_id,
        reason_text,
        prev_time_ms,
    ) in rows:
        before = last_of(agent_id)
        if before is None:
            agent_id = share(agent_id, agent_id)  # noqa: PLW2901 - the shared object
            session_id = share(session_id, session_id)  # noqa: PLW2901
            employee_id = share(employee_id, employee_id)  # noqa: PLW2901
            login_name = share(login_name, login_name)  # noqa: PLW2901
            user_name = share(user_name, user_name)  # noqa: PLW2901
        else:
            agent_id = before.agent_id  # noqa: PLW2901
            session_id = (  # noqa: PLW2901
                before.session_id
                if session_id == before.session_id
                else share(session_id, session_id)
            )
            employee_id = (  # noqa: PLW2901
                before.employee_id
                if employee_id == before.employee_id
                else share(employee_id, employee_id)
            )
            login_name = (  # noqa: PLW2901
                before.login_name
                if login_name == before.login_name
                else share(login_name, login_name)
            )
            user_name = (  # noqa: PLW2901
                before.user_name if user_name == before.user_name else share(user_name, user_name)
            )
        record = StatusRecord(
            agent_id,
            time_ms,
            status_type,
            subtype,
            sequence,
            session_id,
            group_id,
            employee_id,
            login_name,
            user_name,
            reason_id,
            share(reason_text, reason_text),
            prev_time_ms,
        )
        last[agent_id] = record
        append(record)
    return records
