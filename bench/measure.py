"""Time commands as whole processes, in interleaved pairs, with the memory of every process they start.

Each command runs as a child process, so start-up, imports and worker pools
are all counted, as a user would feel them. The machine is shared, so a time
alone says little: every figure is measured beside its anchor (the libyaml
floor, the import floor, a warm run), the two run alternately (A B A B …), and
the ratio is the median of the per-pair ratios A₁/B₁, A₂/B₂, …: a busy
neighbour slows both halves of a pair alike.

Memory is measured two ways. `rss_mb` is `ru_maxrss` from `os.wait4`: the
largest resident set of the child or of any process it waited for (the
workers of a pool), not their sum. `total_mb` is the largest sum, over the
child and all its descendants, of their proportional set sizes (PSS, from
/proc/PID/smaps_rollup), sampled every few hundredths of a second: forked
workers share their parent's pages, and PSS counts a shared page once in all.
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

SAMPLE_EVERY = 0.03
"""Seconds between memory samples of a process tree."""


@dataclass
class Sample:
    """One run of one command."""

    seconds: float
    rss_mb: float
    cpu_s: float
    code: int
    stderr: str
    total_mb: float = 0.0


@dataclass
class Figure:
    """The result of measuring one command several times (beside its anchor, when it has one)."""

    status: str
    """ok, n/a (the command does not exist yet), error (unexpected exit code) or timeout."""
    seconds: float | None = None
    """Median wall time of the runs."""
    rss_mb: float | None = None
    """Largest peak resident memory of one process in the runs, in MB (10^6 bytes)."""
    runs: list[float] = field(default_factory=list)
    note: str = ""
    cpu_s: float | None = None
    """Median CPU time (user + system) of the process and the workers it waited for: less disturbed
    than wall time when other programs share the machine, and above wall time when workers run in parallel."""
    total_mb: float | None = None
    """Largest sampled sum of the memory (PSS) of the process and all its workers, in MB."""
    against: str | None = None
    """The anchor this figure was measured beside, when it was."""
    ratio: float | None = None
    """Median of the per-pair ratios of this figure's runs to its anchor's."""
    ratios: list[float] = field(default_factory=list)
    anchor_runs: list[float] = field(default_factory=list)
    """The anchor's wall times, run for run."""

    def as_json(self) -> dict[str, object]:
        """Plain data for results.json, rounded for reading."""
        data = asdict(self)
        for key in ("seconds", "cpu_s", "ratio"):
            data[key] = None if data[key] is None else round(data[key], 4)
        for key in ("rss_mb", "total_mb"):
            data[key] = None if data[key] is None else round(data[key], 1)
        for key in ("runs", "ratios", "anchor_runs"):
            data[key] = [round(r, 4) for r in data[key]]
        return data


@dataclass(frozen=True)
class Spec:
    """A command to measure: what runs, where, what to do before each run and which exit codes are fine."""

    command: Sequence[str]
    cwd: Path
    before: Callable[[int], None] | None = None
    ok_codes: tuple[int, ...] = (0,)


def environment() -> dict[str, str]:
    """The environment every measured command runs in: no colour, no inherited evidence root, and Python's
    bytecode cached as an installed lucli has it (with PYTHONDONTWRITEBYTECODE set, every run compiled
    lucli's modules from source, a cost no user pays and the floor, which imports only installed packages,
    never did)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LUCLI_ROOT", "PYTHONDONTWRITEBYTECODE")}
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONHASHSEED="0")
    return env


def _descendants(pid: int) -> list[int]:
    """The process and every process below it (Linux: /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    queue += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return found


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except (OSError, ValueError):
        pass
    return 0.0


class _TreeMemory(threading.Thread):
    """Samples the summed memory of a process tree until told to stop; keeps the largest."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        if not os.path.exists(f"/proc/{self.pid}/smaps_rollup"):
            return
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_pss_mb(p) for p in _descendants(self.pid)))
            self.done.wait(SAMPLE_EVERY)


def run_once(command: Sequence[str], cwd: Path, timeout: float) -> Sample:
    """Run a command with its output discarded (stderr kept for error reports); time it and read its rusage."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=environment(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        sampler = _TreeMemory(proc.pid)
        timer.start()
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.done.set()
        elapsed = time.perf_counter() - start
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; stop Popen waiting again
        err.seek(0)
        tail = err.read()[-3000:].decode("utf-8", "replace")
    rss = usage.ru_maxrss * 1024 / 1e6
    return Sample(elapsed, rss, usage.ru_utime + usage.ru_stime, proc.returncode, tail, max(sampler.peak, rss))


def measure(command: Sequence[str], cwd: Path, runs: int, *, timeout: float = 900.0,
            ok_codes: tuple[int, ...] = (0,), before: Callable[[int], None] | None = None,
            warm_up: bool = False, patience: float = float("inf")) -> Figure:
    """Run a command `runs` times alone and keep the median time and the largest peak memory.

    `before(i)` runs (untimed) ahead of run i, e.g. to clear the cache or edit a file;
    `warm_up` adds one untimed run first, so the lucli cache and the page cache are full.
    A run slower than `patience` seconds is not repeated (its figure says so), so one
    pathologically slow command cannot hold the whole benchmark up for hours.
    """
    spec = Spec(command, cwd, before, ok_codes)
    if warm_up and isinstance(failed := _run(spec, -1, timeout), Figure):
        return failed
    samples: list[Sample] = []
    for index in range(runs):
        sample = _run(spec, index, timeout)
        if isinstance(sample, Figure):
            return sample
        samples.append(sample)
        if sample.seconds > patience and index + 1 < runs:
            break
    return _figure(samples, runs, patience)


def measure_pair(subject: Spec, anchor: Spec, runs: int, *, timeout: float = 900.0, warm_up: bool = False,
                 patience: float = float("inf"), anchor_name: str = "") -> Figure:
    """Run `subject` and its `anchor` alternately `runs` times; the figure is the subject's, with the ratio.

    Which of the two goes first alternates from pair to pair, so neither always runs on the page cache
    or the CPU frequency the other left behind.
    """
    if warm_up:
        for spec in (subject, anchor):
            failed = _run(spec, -1, timeout)
            if isinstance(failed, Figure):
                return failed
    mine: list[Sample] = []
    theirs: list[Sample] = []
    for index in range(runs):
        order = (subject, anchor) if index % 2 == 0 else (anchor, subject)
        done = {}
        for spec in order:
            sample = _run(spec, index, timeout)
            if isinstance(sample, Figure):
                if spec is anchor:
                    sample.note = f"the anchor ({anchor_name}) failed: {sample.note}"
                return sample
            done[id(spec)] = sample
        mine.append(done[id(subject)])
        theirs.append(done[id(anchor)])
        if max(mine[-1].seconds, theirs[-1].seconds) > patience and index + 1 < runs:
            break
    figure = _figure(mine, runs, patience)
    figure.against = anchor_name or None
    figure.ratios = [a.seconds / b.seconds for a, b in zip(mine, theirs, strict=True)]
    figure.ratio = statistics.median(figure.ratios)
    figure.anchor_runs = [s.seconds for s in theirs]
    return figure


def _run(spec: Spec, index: int, timeout: float) -> Sample | Figure:
    """One run of a spec (its `before` hook first, untimed); a Figure when it failed."""
    if spec.before and index >= 0:
        spec.before(index)
    sample = run_once(spec.command, spec.cwd, timeout)
    if sample.code not in spec.ok_codes:
        return _failed(sample, spec.command, spec.ok_codes, timeout)
    return sample


def _figure(samples: list[Sample], runs: int, patience: float) -> Figure:
    times = [s.seconds for s in samples]
    note = f"{len(times)} of {runs} runs: a run took over {patience:.0f} s" if len(times) < runs else ""
    return Figure("ok", statistics.median(times), max(s.rss_mb for s in samples), times, note,
                  statistics.median(s.cpu_s for s in samples), max(s.total_mb for s in samples))


def _failed(sample: Sample, command: Sequence[str], ok_codes: tuple[int, ...], timeout: float) -> Figure:
    if sample.code == -9 and sample.seconds >= timeout:
        return Figure("timeout", note=f"killed after {timeout:.0f} s")
    shown = " ".join(command)
    last = sample.stderr.strip().splitlines()[-1:] or ["(no output on stderr)"]
    return Figure("error", note=f"exit {sample.code} (expected {'/'.join(map(str, ok_codes))}) from "
                                f"`{shown}`: {last[0][:300]}")
