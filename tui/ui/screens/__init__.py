"""The monitor's screens: the monitor itself and the modal screens over it, one module each."""
