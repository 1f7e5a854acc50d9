"""Time one command as a whole process: wall time and peak resident memory.

Each command runs as a child process, so start-up, imports and worker pools
are all counted, as a user would feel them. Peak memory comes from `os.wait4`,
which reports the child's own `ru_maxrss`: on Linux that is the largest
resident set of the child or of any process it waited for (such as the
workers of a process pool), not their sum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Sample:
    """One run of one command."""

    seconds: float
    rss_mb: float
    cpu_s: float
    code: int
    stderr: str


@dataclass
class Figure:
    """The result of measuring one command several times."""

    status: str
    """ok, n/a (the command does not exist yet), error (unexpected exit code) or timeout."""
    seconds: float | None = None
    """Median wall time of the runs."""
    rss_mb: float | None = None
    """Largest peak resident memory of the runs, in MB (10^6 bytes)."""
    runs: list[float] = field(default_factory=list)
    note: str = ""
    cpu_s: float | None = None
    """Median CPU time (user + system) of the process and the workers it waited for: less disturbed
    than wall time when other programs share the machine, and above wall time when workers run in parallel."""

    def as_json(self) -> dict[str, object]:
        """Plain data for results.json, rounded for reading."""
        data = asdict(self)
        data["seconds"] = None if self.seconds is None else round(self.seconds, 4)
        data["rss_mb"] = None if self.rss_mb is None else round(self.rss_mb, 1)
        data["runs"] = [round(r, 4) for r in self.runs]
        data["cpu_s"] = None if self.cpu_s is None else round(self.cpu_s, 4)
        return data


def environment() -> dict[str, str]:
    """The environment every measured command runs in: no colour, no inherited evidence root."""
    env = {k: v for k, v in os.environ.items() if k != "LUCLI_ROOT"}
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONHASHSEED="0")
    return env


def run_once(command: Sequence[str], cwd: Path, timeout: float) -> Sample:
    """Run a command with its output discarded (stderr kept for error reports); time it and read its rusage."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=environment(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; stop Popen waiting again
        err.seek(0)
        tail = err.read()[-3000:].decode("utf-8", "replace")
    return Sample(elapsed, usage.ru_maxrss * 1024 / 1e6, usage.ru_utime + usage.ru_stime, proc.returncode, tail)


def measure(command: Sequence[str], cwd: Path, runs: int, *, timeout: float = 900.0,
            ok_codes: tuple[int, ...] = (0,), before: Callable[[int], None] | None = None,
            warm_up: bool = False, patience: float = float("inf")) -> Figure:
    """Run a command `runs` times and keep the median time and the largest peak memory.

    `before(i)` runs (untimed) ahead of run i, e.g. to clear the cache or edit a file;
    `warm_up` adds one untimed run first, so the lucli cache and the page cache are full.
    A run slower than `patience` seconds is not repeated (its figure says so), so one
    pathologically slow command cannot hold the whole benchmark up for hours.
    """
    if warm_up:
        first = run_once(command, cwd, timeout)
        if first.code not in ok_codes:
            return _failed(first, command, ok_codes, timeout)
    samples = []
    for index in range(runs):
        if before:
            before(index)
        sample = run_once(command, cwd, timeout)
        if sample.code not in ok_codes:
            return _failed(sample, command, ok_codes, timeout)
        samples.append(sample)
        if sample.seconds > patience and index + 1 < runs:
            break
    times = [s.seconds for s in samples]
    note = f"{len(times)} of {runs} runs: a run took over {patience:.0f} s" if len(times) < runs else ""
    return Figure("ok", statistics.median(times), max(s.rss_mb for s in samples), times, note,
                  statistics.median(s.cpu_s for s in samples))


def _failed(sample: Sample, command: Sequence[str], ok_codes: tuple[int, ...], timeout: float) -> Figure:
    if sample.code == -9 and sample.seconds >= timeout:
        return Figure("timeout", note=f"killed after {timeout:.0f} s")
    shown = " ".join(command)
    last = sample.stderr.strip().splitlines()[-1:] or ["(no output on stderr)"]
    return Figure("error", note=f"exit {sample.code} (expected {'/'.join(map(str, ok_codes))}) from "
                                f"`{shown}`: {last[0][:300]}")
