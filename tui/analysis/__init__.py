"""Pure functions: status records -> intervals -> per-agent and per-team figures (DESIGN.md §2)."""
