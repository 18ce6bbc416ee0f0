"""Export of 200k records (2,000 agents) from one saved v2 file, against ``json.load`` of it.

Both run as processes of the same Python, alternately, in the same run: the export end to end
(start, read, decode, analyse, write the JSON report) and a bare ``json.load`` of the same file
(start, read, decode). The figure is the ratio of their CPU times (user + sys), best and median
of five each (the machine is shared, so wall times are printed only). Target: export <= 1.3x
``json.load``; the check fails above 2.5x (the export cost 3.8x before the typed decoding).
One more export process, run after them, prints where its CPU time goes (start-up and imports,
reading and decoding the file, the analysis, writing the report, and what is left: freeing it all
at exit).
Peak RSS (target <= 300 MB) comes from ``/usr/bin/time -v`` when installed, else
``getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.synthetic import synthetic_v2_page

AGENTS = 2_000
RECORDS_PER_AGENT = 100
DAY_START_MS = 1_772_409_600_000  # 2026-03-02T00:00Z
RATIO_TARGET = 1.3
RATIO_LIMIT = 2.5
RSS_TARGET_MB = 300.0
RUNS = 5


def _export_command(page: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))",
        "export",
        "--input",
        str(page),
        "--tz",
        "UTC",
        "--output",
        str(output),
    ]


_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The children run as a user's Python does: bytecode cached after the first run (the best of
``RUNS`` is kept), not recompiled every time as ``PYTHONDONTWRITEBYTECODE`` would have it."""


def _run_once(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one export process."""
    time_binary = shutil.which("time", path="/usr/bin")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if time_binary is not None:
        result = subprocess.run(
            [time_binary, "-v", *command], capture_output=True, text=True, check=False, env=_ENV
        )
    else:
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=_ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if match is not None:
        return wall, cpu, int(match.group(1)) / 1024
    # Without /usr/bin/time: the largest child so far (this export is the biggest child).
    return wall, cpu, after.ru_maxrss / 1024


_PHASES = """
import json, sys, time
import tui.commands.export as export
from tui.cli import main
phases = {"start-up + imports": time.process_time()}
def timed(name, function):
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.process_time() - started
    return run
export.read_inputs = timed("read + decode", export.read_inputs)
export.analyse_loaded = timed("analysis", export.analyse_loaded)
export.render = timed("render", export.render)
export.write_output = timed("write", export.write_output)
status = main(sys.argv[1:])
phases["rest"] = time.process_time() - sum(phases.values())
sys.stderr.write("PHASES " + json.dumps(phases) + "\\n")
sys.exit(status)
"""
"""The export of :func:`_export_command` with each phase's CPU time (``time.process_time``,
counted from the process start) written to stderr; "rest" ends before the interpreter frees
what is left at exit."""


def _phase_split(page: Path, output: Path) -> dict[str, float]:
    command = [sys.executable, "-c", _PHASES, *_export_command(page, output)[3:]]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=_ENV)
    assert result.returncode == 0, result.stderr
    (line,) = (line for line in result.stderr.splitlines() if line.startswith("PHASES "))
    phases: dict[str, float] = json.loads(line.removeprefix("PHASES "))
    return phases


def _json_load_command(page: Path) -> list[str]:
    return [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))", str(page)]


@pytest.mark.bench
def test_export_200k_records_from_one_file(tmp_path: Path) -> None:
    page = tmp_path / "status-changes-200k.json"
    document = synthetic_v2_page(
        agents=AGENTS, records_per_agent=RECORDS_PER_AGENT, day_start_ms=DAY_START_MS
    )
    page.write_text(json.dumps(document, separators=(",", ":")))
    del document
    size_mb = page.stat().st_size / 1e6
    output = tmp_path / "report.json"
    command = _export_command(page, output)

    runs, bare_runs = [], []
    for _ in range(RUNS):  # alternate, so a busy spell slows both alike
        runs.append(_run_once(command))
        bare_runs.append(_run_once(_json_load_command(page)))
    wall = min(run[0] for run in runs)
    cpu = min(run[1] for run in runs)
    rss = max(run[2] for run in runs)
    bare_cpu = min(run[1] for run in bare_runs)
    ratio = cpu / bare_cpu
    median_cpu = statistics.median(run[1] for run in runs)
    median_bare = statistics.median(run[1] for run in bare_runs)
    load = os.getloadavg()[0]
    report = json.loads(output.read_text())
    phases = _phase_split(page, tmp_path / "report-phases.json")
    assert (tmp_path / "report-phases.json").read_bytes() == output.read_bytes()
    print(
        f"\nexport bench: {AGENTS * RECORDS_PER_AGENT:,} records, {AGENTS:,} agents, "
        f"file {size_mb:.1f} MB (load average {load:.1f} on {os.cpu_count()} CPUs)"
        f"\n  export:    CPU best {cpu:.2f} s, median {median_cpu:.2f} s (user + sys; "
        f"{', '.join(f'{run[1]:.2f}' for run in runs)}), wall best {wall:.2f} s of {RUNS}"
        f"\n  json.load: CPU best {bare_cpu:.2f} s, median {median_bare:.2f} s "
        f"({', '.join(f'{run[1]:.2f}' for run in bare_runs)}), "
        f"wall best {min(r[0] for r in bare_runs):.2f} s"
        f"\n  RATIO export / json.load (CPU): best {ratio:.2f}x, median "
        f"{median_cpu / median_bare:.2f}x — target <= {RATIO_TARGET}x "
        f"({'met' if ratio <= RATIO_TARGET else 'NOT met'}), check <= {RATIO_LIMIT}x"
        f"\n  peak RSS:  {rss:.0f} MB — target <= {RSS_TARGET_MB:.0f} MB, "
        f"ratio {rss / RSS_TARGET_MB:.2f}"
        f"\n  one more export, CPU by phase: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())
    )
    assert len(report["agents"]) == AGENTS
    assert report["skipped_records"] == 0
    assert rss <= RSS_TARGET_MB
    assert ratio <= RATIO_LIMIT
