"""``export --group``: a team given by id or by name (any letter case)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui.core.errors import InputError


def resolve_groups(values: Sequence[str], names: Mapping[int, str]) -> list[int]:
    """The group ids ``values`` name: a number is an id, anything else a team name matched
    without regard to letter case against ``names`` (id -> name). Raises :class:`InputError`
    naming the value and listing the known names when a name matches no team or several."""
    by_name: dict[str, list[int]] = {}
    for group_id, name in names.items():
        by_name.setdefault(name.casefold(), []).append(group_id)
    chosen: list[int] = []
    for value in values:
        text = value.strip()
        if text.lstrip("-").isdigit():
            chosen.append(int(text))
            continue
        matches = by_name.get(text.casefold(), [])
        if len(matches) == 1:
            chosen.append(matches[0])
            continue
        if matches:
            ids = ", ".join(str(group_id) for group_id in sorted(matches))
            raise InputError(
                f"--group {value!r}: several teams have this name (ids {ids}): give the id"
            )
        known = ", ".join(sorted(set(names.values()), key=str.casefold))
        hint = f"known names: {known}" if known else "no team names are known: give the group id"
        raise InputError(f"--group {value!r}: no team has this name; {hint}")
    return chosen
