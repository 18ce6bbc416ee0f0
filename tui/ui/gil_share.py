"""How soon the UI thread gets the GIL back from the monitor's worker threads.

The sync work (SQLite writes, page decoding, the analysis, building the view, freeing the old
one) runs in threads, and every time the event loop's thread lets go of the GIL — for a
``select``, a socket ``send``/``recv``, handing a job to a thread — it has to wait for the thread
holding it to give it back. CPython makes a busy thread give it up only after the *switch
interval* (5 ms by default), so a loop turn that lets go of the GIL a few times while a worker
is busy waits 5 ms each time: the stall bench measures 10 ms of lateness on a loop beside one
busy thread at 5 ms, about half that at 1 ms. While the monitor runs, the interval is
:data:`UI_SWITCH_INTERVAL_S`; the workers lose nothing while the loop sleeps (the interval only
matters when a second thread is waiting for the GIL) and a few microseconds per hand-over when
it does not.
"""

from __future__ import annotations

import sys

UI_SWITCH_INTERVAL_S = 0.001
"""The GIL switch interval while the monitor runs (CPython's default is 0.005 s)."""


class GilShare:
    """Sets the switch interval for the monitor's life and puts the previous one back."""

    def __init__(self) -> None:
        self._previous: float | None = None

    def begin(self) -> None:
        if self._previous is None:
            self._previous = sys.getswitchinterval()
            sys.setswitchinterval(min(self._previous, UI_SWITCH_INTERVAL_S))

    def end(self) -> None:
        if self._previous is not None:
            sys.setswitchinterval(self._previous)
            self._previous = None
