"""The one policy for CPython's cyclic garbage collector: keep it off the day's data.

A 2,000-agent day is about a million small objects (records, intervals, table rows, segments).
Building them in a burst triggers collections that scan everything alive (the cost grows with
the size of the day) and find nothing, because nothing in that work forms a reference cycle:
reference counting frees it all when it is dropped. A full collection holds the GIL for up to a
second whichever thread triggers it, so it stalls the monitor's event loop too. Hence:

- :func:`collector_paused` builds a batch of objects (decoding a file or a page, merging pages,
  analysing a day) with no collection meanwhile; uses may nest and overlap across threads, and
  the collector resumes when the last one ends. Objects made while it is off pile up in the
  youngest generation, and the first allocation after it resumes — in any thread, the event
  loop's too — scans them all (a day's analysis: 10–20 ms of one C call); so when the last
  pause ends with more than :data:`SETTLE_AT_YOUNG` of them, they are frozen instead (the
  batch's survivors are the day's data);
- :func:`settle_long_lived` moves every object alive now into the permanent generation
  (``gc.freeze``), which later collections skip, once a snapshot is big enough for a full
  collection over it to cost more than a frame (:data:`SETTLE_AT_RECORDS`). Frozen objects are
  still freed by reference counting; only objects caught in a reference cycle while frozen (a
  modal screen open at that moment, say) would outlive their use — a few kilobytes, against
  second-long stalls on every big load;
- :func:`release_in_steps` frees a big collection a slice at a time. Freeing 200k objects is
  one C loop that holds the GIL for 40+ ms in whichever thread drops the last reference; freed
  in slices from Python code (in a worker thread), the GIL changes hands between slices. The
  collector rests meanwhile: a young collection traverses every young container whole, so a
  fresh 200k-item list being emptied would make each one, in any thread (the event loop's
  too), cost milliseconds instead of a tenth of one;
- :func:`hold` pauses it from the moment the monitor receives a new view until that view's
  first frame is painted (the caller resumes it then): that frame is the event loop's busiest
  moment, and a collection in it would add to it;
- :func:`pause_start_up` and :func:`settle_start_up` bracket the monitor's start: importing
  Textual and the app builds some 80,000 objects (modules, classes, functions) that live until
  exit, and the full collection their number triggers on the way (tens of milliseconds, a
  tenth of the time to the first frame) scans them all and frees almost nothing. Once they
  exist they are frozen, so no later collection scans them either.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

RELEASE_STEP = 2_000
"""Objects freed per slice by :func:`release_in_steps` (well under a millisecond each)."""

RELEASE_REST_S = 0.001
"""The rest between slices of a release in no hurry (:func:`release_in_steps`): the slices
then hold the GIL a quarter of the time or less."""

SETTLE_AT_RECORDS = 20_000
"""Below this many records a full collection over the day's data takes a few milliseconds."""

SETTLE_AT_YOUNG = 50_000
"""Tracked objects in the youngest generation over which a pause's end freezes them: a young
collection scans this many in a millisecond or two."""

_lock = threading.Lock()
_pauses = 0
_was_enabled = True
_starting = False


def _pause() -> None:
    global _pauses, _was_enabled  # noqa: PLW0603 - one process-wide collector
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1


def _resume() -> None:
    global _pauses  # noqa: PLW0603 - one process-wide collector
    with _lock:
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            if gc.get_count()[0] >= SETTLE_AT_YOUNG:
                gc.freeze()
            gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while the block runs (restored when the last pause ends)."""
    _pause()
    try:
        yield
    finally:
        _resume()


def hold() -> Callable[[], None]:
    """Pause the collector until the function returned is called (the first call resumes it;
    later calls do nothing, so every way out — a frame painted, a timeout, a teardown — may
    call it)."""
    _pause()
    held = [True]

    def resume() -> None:
        with _lock:
            if not held[0]:
                return
            held[0] = False
        _resume()

    return resume


def pause_start_up() -> None:
    """No cyclic collection while a command imports its modules and builds its long-lived
    objects (until :func:`settle_start_up`; a second call changes nothing)."""
    global _starting  # noqa: PLW0603 - one process-wide collector
    if not _starting:
        _starting = True
        _pause()


def settle_start_up() -> None:
    """Start-up is over: freeze what it built (a few hundred objects of start-up garbage in
    reference cycles, some 0.1 MB, stay with it) and let the collector run again. Does nothing
    without a :func:`pause_start_up` before it, so every way out of start-up may call it."""
    global _starting  # noqa: PLW0603 - one process-wide collector
    if _starting:
        _starting = False
        gc.freeze()
        _resume()


def settle_long_lived(records: int) -> None:
    """Move everything alive now out of the collector's sight (``gc.freeze``, O(1)) when a
    snapshot of ``records`` records is worth it."""
    if records >= SETTLE_AT_RECORDS:
        gc.freeze()


def release_in_steps(
    *collections: list[Any] | set[Any] | dict[Any, Any], rest_s: float = 0.0
) -> None:
    """Empty each collection a slice at a time (call it, in a worker thread, on collections
    that hold the last references to many objects), with the collector paused.

    ``rest_s``: sleep that long between slices (the GIL free meanwhile), for a release that is
    in no hurry while the event loop paints: without it the loop gets the GIL about half the
    time, as with any busy thread."""
    with collector_paused():
        for collection in collections:
            _release(collection, rest_s)


def _release(collection: list[Any] | set[Any] | dict[Any, Any], rest_s: float) -> None:
    while collection:
        if isinstance(collection, list):
            del collection[-RELEASE_STEP:]
        elif isinstance(collection, set):
            for _ in range(min(RELEASE_STEP, len(collection))):
                collection.pop()
        else:
            for _ in range(min(RELEASE_STEP, len(collection))):
                collection.popitem()
        if rest_s and collection:
            time.sleep(rest_s)
