"""The kernel: the vocabulary every layer shares, with each rule written once.

Record types and the one identity rule, windows and the one time-zone policy, RFC 3339, the
source contract, every environment-variable name, the one atomic file write, the clock, errors,
paths and settings. Nothing here imports anything else from :mod:`tui` (an import-linter contract
in ``pyproject.toml`` checks it), so every other package can build on it.
"""
