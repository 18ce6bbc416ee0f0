"""Team (agent group) names: where they come from and which source wins.

Names come from the config's ``[groups]`` table and from LivePerson's Agent Groups API (fetched
at sync time and cached beside the records). The config wins over the API, and the API wins over
the ``Group N`` stand-in (:func:`tui.core.records.group_display_name`). A name from the API is
data: :func:`clean_group_name` keeps it to one printable line, so it can never reach the terminal
as a control sequence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from tui.core.records import NO_GROUP

GROUP_NAME_MAX = 80
"""Longest name kept (characters); longer ones are cut with an ellipsis."""

GROUPS_CONFIG_SNIPPET = '[groups]\n12 = "Billing"\n34 = "Support EMEA"'
"""The config that names teams by hand (group id = name)."""

GROUPS_REFUSED_FIX = (
    "To see team names, give the API key read access to Account Configuration "
    "(LivePerson's Agent Groups API), or name the teams in the config file:\n"
    f"{GROUPS_CONFIG_SNIPPET}"
)
"""What a user does when the Agent Groups API answers 401/403."""


class GroupNamesRefused(Exception):
    """The Agent Groups API refused the key (401/403): names come from the config only."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_group_name(value: object) -> str | None:
    """``value`` as one printable line (controls and line breaks become spaces, runs of blanks
    collapse, at most :data:`GROUP_NAME_MAX` characters), or ``None`` when nothing is left."""
    if not isinstance(value, str):
        return None
    chars = (" " if unicodedata.category(char).startswith(("C", "Z")) else char for char in value)
    text = " ".join("".join(chars).split())
    if not text:
        return None
    if len(text) > GROUP_NAME_MAX:
        text = text[: GROUP_NAME_MAX - 1].rstrip() + "…"
    return text


def merged_group_names(config: Mapping[int, str], api: Mapping[int, str]) -> dict[int, str]:
    """Every known name, the config's winning over the API's for the same group id. The API's
    root group (``-1``, LivePerson's "Main Group") keeps the monitor's "No group" label unless
    the config names it: agents without a team of their own are reported there."""
    return {**{k: v for k, v in api.items() if k != NO_GROUP}, **config}
