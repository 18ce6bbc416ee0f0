"""Pure functions: status records -> intervals -> per-agent and per-team figures (DESIGN.md §2).

``analyze(records, window, data_complete_to_ms=..., options=AnalysisOptions(...))`` is the entry
point; :mod:`tui.core.windows` makes day windows, :mod:`tui.analysis.schedule` reads schedules.
The public names load on first use (module ``__getattr__``), so importing a light submodule such
as :mod:`tui.analysis.model` does not import the whole analysis before the monitor's first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.analysis.options import AnalysisOptions
    from tui.analysis.report import analyze

__all__ = ["AnalysisOptions", "analyze"]

_HOMES = {"AnalysisOptions": "tui.analysis.options", "analyze": "tui.analysis.report"}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
