"""The composition root: the only place where settings become an API client, a source, a lazy
source. ``login``, ``doctor``, ``export`` and the monitor (bare command and ``demo``) all build
theirs here, so a setting means the same thing everywhere.

It sits above every library layer (api, store, simulator, credentials) and below the commands;
nothing but :mod:`tui.commands` imports it.
"""
