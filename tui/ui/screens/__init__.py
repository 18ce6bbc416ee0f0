"""The panes and modal screens of the monitor, one module each."""
