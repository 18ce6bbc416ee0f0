"""LivePerson's Agent Groups API: the names of an account's teams.

``GET https://{accountConfigReadOnly}/api/account/{account}/configuration/le-users/agentGroups?v=2.0``
answers a JSON array of groups (``id``, ``name``, ``parentGroupId`` — null only for the root
group —, ``isEnabled``, ``deleted``; deleted groups are left out unless ``include_deleted`` is
asked). Each entry is read on its own through msgspec: an entry of another shape is skipped, never
the whole answer; a name is cleaned into one printable line (:func:`clean_group_name`).
"""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from tui.api.auth import UnreadableBody
from tui.api.errors import ApiError
from tui.core.group_names import GROUPS_REFUSED_FIX, GroupNamesRefused, clean_group_name

AGENT_GROUPS_VERSION = "2.0"
REFUSED_STATUSES = frozenset({401, 403})


class AgentGroupsRefused(ApiError, GroupNamesRefused):
    """``agentGroups`` answered 401 (after a fresh token) or 403: the key lacks the permission.
    Not a failure of the monitor: names fall back to the config."""

    title = "Team names not available"

    def __init__(self, status: int) -> None:
        GroupNamesRefused.__init__(
            self,
            f"LivePerson's Agent Groups API answered HTTP {status}, so teams show as "
            f"'Group N' unless named in the config. {GROUPS_REFUSED_FIX}",
        )
        self.status = status


class WireGroup(msgspec.Struct, rename="camel"):
    """One entry of the answer; only ``id`` is required, every other field may be absent/null."""

    id: int | str
    name: Any = None
    parent_group_id: Any = None
    is_enabled: Any = None
    deleted: Any = None


def decode_agent_groups(content: bytes) -> dict[int, str]:
    """Group id -> cleaned name from an ``agentGroups`` body. Raises :class:`UnreadableBody`
    for a body that is not a JSON array."""
    try:
        entries = msgspec.json.decode(content)
    except msgspec.DecodeError as error:
        raise UnreadableBody(f"agentGroups: the answer is not JSON ({error})") from error
    if not isinstance(entries, list):
        raise UnreadableBody(f"agentGroups: expected a JSON array, got {type(entries).__name__}")
    names: dict[int, str] = {}
    for entry in entries:
        try:
            group = msgspec.convert(entry, WireGroup)
        except msgspec.ValidationError:
            continue
        group_id = _group_id(group.id)
        name = clean_group_name(group.name)
        if group_id is not None and name is not None:
            names[group_id] = name
    return names


def _group_id(value: int | str) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    return int(text) if text.lstrip("-").isdigit() and len(text) < 20 else None


def agent_groups_refused(response: httpx.Response) -> ApiError | None:
    """401 (after a fresh token) or 403 from ``agentGroups``: the permission is missing."""
    if response.status_code in REFUSED_STATUSES:
        return AgentGroupsRefused(response.status_code)
    return None
