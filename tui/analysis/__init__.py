"""Pure functions: status records -> intervals -> per-agent and per-team figures (DESIGN.md §2).

``analyze(records, window, data_complete_to_ms=..., options=AnalysisOptions(...))`` is the entry
point; :mod:`tui.analysis.windows` makes day windows, :mod:`tui.analysis.schedule` reads schedules.
"""

from tui.analysis.options import AnalysisOptions
from tui.analysis.report import analyze

__all__ = ["AnalysisOptions", "analyze"]
