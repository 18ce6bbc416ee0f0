"""Widgets of the monitor; none of them does I/O."""
