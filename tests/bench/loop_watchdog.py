"""Who stalls the event loop: a thread that samples the loop thread's stack while it is late.

The lag probe tells *how long* the loop stalled; this tells *what it was doing*. A thread wakes
every millisecond; once the loop's last heartbeat (the probe's last wake-up) is more than
``threshold_ms`` old, it samples the loop thread's innermost frames (``sys._current_frames``).
When the heartbeat moves on, the stall is recorded with its wall time, the CPU time the loop
thread itself used meanwhile (``pthread_getcpuclockid``: the rest of the wall time it waited —
for the GIL or a core), and its most frequent stack. Sampling needs the GIL, so a stall spent in
one C call shows the frame that made the call.

Used by the stall bench when ``STALL_WATCHDOG=1``.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import FrameType

_KEEP = ("tui/", "textual/", "rich/", "asyncio/", "tests/")
"""Frames worth naming: the project's, Textual's, Rich's and asyncio's."""


@dataclass
class Stall:
    """One moment the loop was late by more than the threshold."""

    wall_ms: float
    loop_cpu_ms: float
    process_cpu_ms: float
    stacks: Counter[str]
    others: Counter[str]
    gc_ms: float = 0.0
    """CPU time the loop thread spent in garbage collections during the stall."""
    gc_generation: int = -1
    """The oldest generation one of them collected (-1: none ran)."""

    def top(self) -> str:
        if not self.stacks:
            return "(no sample: one C call, or the loop thread never ran)"
        stack, count = self.stacks.most_common(1)[0]
        text = f"{stack}  [{count}/{sum(self.stacks.values())} samples]"
        if self.gc_ms:
            text = (
                f"(gc on the loop thread {self.gc_ms:.1f} ms, up to generation "
                f"{self.gc_generation}) {text}"
            )
        if self.others:
            other, count = self.others.most_common(1)[0]
            text += f"\n        other threads: {other} [{count}]"
        return text


@dataclass
class LoopWatchdog:
    """Samples the thread that owns the loop whenever its heartbeat is late."""

    threshold_ms: float = 10.0
    depth: int = 6
    stalls: list[Stall] = field(default_factory=list)
    beat: float = 0.0
    _loop_thread: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _collections: list[tuple[float, float, int]] = field(default_factory=list)
    """(end, seconds, generation) of each garbage collection the loop thread ran."""
    _collection_began: float = 0.0

    def start(self) -> None:
        """Start watching the calling thread (the one that runs the loop)."""
        self._loop_thread = threading.get_ident()
        gc.callbacks.append(self._on_collection)
        self.beat = time.perf_counter()
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="loop-watchdog", daemon=True)
        self._thread.start()

    def heartbeat(self) -> None:
        """Called by the loop each time it runs (the probe's wake-up)."""
        self.beat = time.perf_counter()

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != self._loop_thread:
            return
        cpu = time.thread_time()  # CPU, not wall: the collection's own cost
        if phase == "start":
            self._collection_began = cpu
        elif self._collection_began:
            took = cpu - self._collection_began
            self._collections.append((time.perf_counter(), took, info["generation"]))

    def _gc_between(self, began: float, ended: float) -> tuple[float, int]:
        """Seconds of collection on the loop thread in ``(began, ended]``, and the oldest
        generation collected."""
        ran = [(took, gen) for end, took, gen in self._collections if began < end <= ended]
        return sum(took for took, _ in ran), max((gen for _, gen in ran), default=-1)

    def stop(self) -> None:
        if self._on_collection in gc.callbacks:
            gc.callbacks.remove(self._on_collection)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _cpu(self) -> float:
        return time.clock_gettime(time.pthread_getcpuclockid(self._loop_thread))

    def _others(self) -> list[str]:
        me = threading.get_ident()
        return [
            self._names(frame, 3)
            for ident, frame in sys._current_frames().items()
            if ident not in (me, self._loop_thread)
        ]

    def _stack(self) -> str:
        return self._names(sys._current_frames().get(self._loop_thread), self.depth)

    def _names(self, frame: FrameType | None, depth: int) -> str:
        names: list[str] = []
        while frame is not None and len(names) < depth:
            path = frame.f_code.co_filename
            for marker in _KEEP:
                at = path.find(marker)
                if at >= 0:
                    names.append(f"{path[at:]}:{frame.f_lineno}:{frame.f_code.co_name}")
                    break
            frame = frame.f_back
        return " < ".join(names)

    def _watch(self) -> None:
        threshold = self.threshold_ms / 1000
        seen_beat = self.beat
        stall_began = 0.0
        cpu_at_beat = self._cpu()
        process_at_beat = time.process_time()
        stacks: Counter[str] = Counter()
        others: Counter[str] = Counter()
        while not self._stop.is_set():
            time.sleep(0.001)
            beat = self.beat
            now = time.perf_counter()
            if beat != seen_beat:
                cpu, process = self._cpu(), time.process_time()
                if stall_began:
                    collected, generation = self._gc_between(seen_beat, beat)
                    self.stalls.append(
                        Stall(
                            (beat - seen_beat) * 1000,
                            (cpu - cpu_at_beat) * 1000,
                            (process - process_at_beat) * 1000,
                            stacks,
                            others,
                            collected * 1000,
                            generation,
                        )
                    )
                    stacks, others = Counter(), Counter()
                    stall_began = 0.0
                seen_beat, cpu_at_beat, process_at_beat = beat, cpu, process
            elif now - beat > threshold:
                stall_began = stall_began or now
                stacks[self._stack()] += 1
                others.update(name for name in self._others() if name)

    def describe(self, top: int = 12) -> str:
        worst = sorted(self.stalls, key=lambda stall: stall.wall_ms, reverse=True)[:top]
        own = max((stall.loop_cpu_ms for stall in self.stalls), default=0.0)
        idle = max((stall.wall_ms - stall.process_cpu_ms for stall in self.stalls), default=0.0)
        collected = max((stall.gc_ms for stall in self.stalls), default=0.0)
        lines = [
            f"    {len(self.stalls)} stalls over {self.threshold_ms:.0f} ms; most loop-thread CPU "
            f"in one: {own:.1f} ms (of it in garbage collection, at most: {collected:.1f} ms); "
            "longest time no thread of this process ran in one: "
            f"{idle:.1f} ms (a core taken by other processes); the worst:"
        ]
        for stall in worst:
            lines.append(
                f"    {stall.wall_ms:6.1f} ms wall, CPU: loop thread {stall.loop_cpu_ms:5.1f} ms, "
                f"process {stall.process_cpu_ms:5.1f} ms: "
                f"{stall.top()}"
            )
        return "\n".join(lines)


def enabled() -> bool:
    return os.environ.get("STALL_WATCHDOG") == "1"
