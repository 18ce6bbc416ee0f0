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


def build_records(rows: Iterable[Row]) -> list[StatusRecord]:
    """``[StatusRecord(*row) for row in rows]``, sharing repeated texts and agent ids."""
    shared: dict[Any, Any] = {None: None}
    share: Callable[[Any, Any], Any] = shared.setdefault
    records: list[StatusRecord] = []
    append = records.append
    with collector_paused():
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
            append(
                StatusRecord(
                    share(agent_id, agent_id),
                    time_ms,
                    status_type,
                    subtype,
                    sequence,
                    share(session_id, session_id),
                    group_id,
                    share(employee_id, employee_id),
                    share(login_name, login_name),
                    share(user_name, user_name),
                    reason_id,
                    share(reason_text, reason_text),
                    prev_time_ms,
                )
            )
        settle_long_lived(len(records))  # they outlive this call: no collection walks them
    return records
