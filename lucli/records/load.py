"""Read an evidence repository from disk into records and diagnostics.

Opening files lives here; turning text into records lives in `records`, so
tests and the cache can feed text directly.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lucli.atomic import write_atomic
from lucli.records.build import FileResult, organisations_from, principles_from, source_from
from lucli.records.cache import Cache, Entry, cache_lines, digest, read_cache
from lucli.records.cachedir import owner_mark
from lucli.records.crossref import check_references
from lucli.records.diagnostics import Diagnostic, error, sort_diagnostics
from lucli.records.heap import collector_paused
from lucli.records.model import Evidence
from lucli.records.project import Project, evidence_files
from lucli.records.yamlparse import Limits, decode, parse


@dataclass
class Loaded:
    """Everything read from one repository."""

    evidence: Evidence
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    """How many evidence files there are."""
    parsed: int = 0
    """How many of them were parsed as YAML (the rest came from the cache)."""
    notes: list[str] = field(default_factory=list)
    """Warnings about the run itself (e.g. a corrupt cache was rebuilt), for stderr."""


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Show a path relative to the working folder when it is inside it."""
    base = cwd or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_relative_to(base) else str(path)
    except ValueError:  # pragma: no cover - different drives on Windows
        return str(path)


def read_text(path: Path, shown: str, limits: Limits) -> tuple[str | None, Diagnostic | None]:
    """Read a file as UTF-8 text, refusing what is too large, not a file or unreadable."""
    try:
        if path.is_dir():
            return None, error(shown, 0, 0, "not-a-file", "is a folder, not a YAML file", "move or rename it")
        size = path.stat().st_size
        if size > limits.max_bytes:
            return None, error(shown, 0, 0, "too-large", f"file is {size:,} bytes, over the limit of "
                                                         f"{limits.max_bytes:,}",
                               "split it, or raise limits.max_bytes in lucli.yaml")
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        return None, error(shown, 0, 0, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    return decode(raw, shown)


def load_file(kind: str, text: str, shown: str, stem: str, limits: Limits, today: dt.date) -> FileResult:
    """Parse and check one file's text; `kind` is organisations, principles or source."""
    doc, problems = parse(text, shown, limits)
    if doc is None:
        return FileResult(diagnostics=problems)
    if kind == "organisations":
        result = organisations_from(doc, today)
    elif kind == "principles":
        result = principles_from(doc, today)
    else:
        result = source_from(doc, stem, today)
    result.diagnostics = problems + result.diagnostics
    return result


Progress = Callable[[int, int], None]
"""Told (files parsed so far, files to parse) during a cold load."""


def load_project(project: Project, *, today: dt.date | None = None, cwd: Path | None = None,
                 use_cache: bool = True, progress: Progress | None = None) -> Loaded:
    """Read, check and cross-reference every evidence file of a repository.

    Unchanged files come from the cache in `.lucli/cache/` (see `lucli.records.cache`);
    the bundled corpus and `use_cache=False` bypass it.
    """
    with collector_paused():
        return _load(project, today or dt.date.today(), cwd, use_cache, progress)


def _load(project: Project, today: dt.date, cwd: Path | None, use_cache: bool, progress: Progress | None) -> Loaded:
    diagnostics = _layout_problems(project, cwd)
    shown = _Shown(cwd or Path.cwd())
    jobs = [_Job(kind, path, shown(path), path.stem, project.limits, today, project.root)
            for kind, path in evidence_files(project) if kind == "source" or path.exists()]
    store = _Store.open(project, jobs, today, cwd) if use_cache and not project.bundled else None
    results: dict[Path, FileResult] = {}
    pending = []
    for job in jobs:
        cached = store.lookup(job) if store else None
        if cached is not None:
            results[job.path] = cached
        else:
            pending.append(job)
    for job, result in zip(pending, _parse_all(pending, progress), strict=True):
        results[job.path] = result
        if store:
            store.remember(job, result)
    notes = store.save() if store else []
    ordered = [results[job.path] for job in jobs]
    evidence = merge(ordered)
    diagnostics += [d for r in ordered for d in r.diagnostics]
    diagnostics += check_references(evidence, project.evidence)
    return Loaded(evidence, sort_diagnostics(diagnostics), len(jobs), len(pending), notes)


class _Shown:
    """`display_path` for many files: each folder is worked out once, not once per file."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.folders: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = display_path(path.parent, self.cwd)
        return path.name if folder == "." else os.path.join(folder, path.name)


@dataclass(frozen=True)
class _Job:
    kind: str
    path: Path
    shown: str
    stem: str
    limits: Limits
    today: dt.date
    root: Path

    def run(self) -> FileResult:
        if not self.path.resolve().is_relative_to(self.root.resolve()):
            # A symlink in a pull request must not smuggle other files into a published digest.
            return FileResult(diagnostics=[error(self.shown, 0, 0, "outside-root",
                                                 "is a link to a file outside the repository; it was not read",
                                                 "copy the file into the repository instead")])
        text, problem = read_text(self.path, self.shown, self.limits)
        if problem:
            return FileResult(diagnostics=[problem])
        assert text is not None
        return load_file(self.kind, text, self.shown, self.stem, self.limits, self.today)


def _run_job(job: _Job) -> FileResult:
    return job.run()


CACHE_FILE = "index.jsonl"
"""The cache's file name in `.lucli/cache/`."""
PARALLEL_THRESHOLD = 200
"""Below this many files, starting worker processes costs more than it saves."""


def _parse_all(jobs: list[_Job], progress: Progress | None = None) -> list[FileResult]:
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        return _tracked((job.run() for job in jobs), len(jobs), progress)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        results = pool.map(_run_job, jobs, chunksize=max(16, len(jobs) // (workers * 8)))
        return _tracked(results, len(jobs), progress)


def _worker_start() -> None:
    """A worker keeps the cycle collector paused: reference counting frees each job's objects, and parsing
    makes no cycles, so collections would only walk live records (a sixth of a cold load)."""
    gc.disable()


def _tracked(results: Iterable[FileResult], total: int, progress: Progress | None) -> list[FileResult]:
    done: list[FileResult] = []
    for result in results:
        done.append(result)
        if progress and (len(done) % 50 == 0 or len(done) == total):
            progress(len(done), total)
    return done


class _Store:
    """The cache of one repository during one load."""

    def __init__(self, path: Path, stamp: str, cache: Cache, root: Path, today: str) -> None:
        self.path = path
        self.today = today
        self.stamp = stamp
        self.cache = cache
        self.root = root
        self.fresh: dict[str, Entry] = {}
        self.changed = False
        self.folders: dict[Path, str] = {}

    @classmethod
    def open(cls, project: Project, jobs: list[_Job], today: dt.date, cwd: Path | None) -> _Store:
        path = project.root / ".lucli" / "cache" / CACHE_FILE
        # No date in the stamp: each entry says whether its checks still hold today (`Entry.still_true`).
        stamp = f"{project.limits}|{display_path(project.root, cwd)}"
        return cls(path, stamp, read_cache(path, f"{stamp}|{owner_mark(path.parent)}"), project.root,
                   today.isoformat())

    def _key(self, job: _Job) -> str:
        folder = self.folders.get(job.path.parent)
        if folder is None:
            folder = self.folders[job.path.parent] = job.path.parent.relative_to(self.root).as_posix()
        return f"{folder}/{job.path.name}"

    def lookup(self, job: _Job) -> FileResult | None:
        key = self._key(job)
        entry = self.cache.entries.get(key)
        if entry is None or not entry.still_true(self.today):
            return None
        try:
            stat = os.stat(job.path)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
            self.fresh[key] = entry
            return entry.result
        if stat.st_size == entry.size and digest(job.path.read_bytes()) == entry.sha256:
            # Touched but unchanged: keep the parse, note the new time.
            self.fresh[key] = Entry(stat.st_size, stat.st_mtime_ns, entry.sha256, entry.result, entry.day)
            self.changed = True
            return entry.result
        return None

    def remember(self, job: _Job, result: FileResult) -> None:
        try:
            stat = job.path.stat()
            raw = job.path.read_bytes() if job.path.is_file() else b""
        except OSError:
            return
        self.fresh[self._key(job)] = Entry(stat.st_size, stat.st_mtime_ns, digest(raw), result, self.today)
        self.changed = True

    def save(self) -> list[str]:
        notes = [self.cache.warning] if self.cache.warning else []
        if not self.changed and set(self.fresh) == set(self.cache.entries) and not self.cache.warning:
            return notes
        try:
            stamp = f"{self.stamp}|{owner_mark(self.path.parent, create=True)}"
            write_atomic(self.path, cache_lines(self.fresh, stamp))
            _drop_legacy(self.path.parent)
            gitignore = self.path.parent.parent / ".gitignore"
            if not gitignore.exists():
                write_atomic(gitignore, "# lucli's cache: safe to delete, never commit\n*\n", overwrite=False)
        except (OSError, FileExistsError) as exc:
            notes.append(f"cannot write the cache in {self.path.parent} ({getattr(exc, 'strerror', None) or exc}); "
                         f"continuing without it")
        return notes


def _drop_legacy(folder: Path) -> None:
    """Remove the cache file lucli 0.1 wrote (one JSON document), which this version never reads."""
    try:
        (folder / "index.json").unlink(missing_ok=True)
    except OSError:  # left for the next run, or for the user: it is only a cache
        pass


def merge(results: list[FileResult]) -> Evidence:
    """Combine per-file results into one `Evidence`, sources ordered by id."""
    return Evidence(
        organisations=tuple(o for r in results for o in r.organisations),
        principles=tuple(p for r in results for p in r.principles),
        sources=tuple(sorted((s for r in results for s in r.sources), key=lambda s: s.id)),
    )


def _layout_problems(project: Project, cwd: Path | None) -> list[Diagnostic]:
    problems = []
    if not project.evidence.is_dir():
        return [error(display_path(project.evidence, cwd), 0, 0, "missing-file", "no evidence folder here",
                      "run `lucli init` to create one, or pass --root")]
    for name in ("organisations.yaml", "principles.yaml"):
        path = project.evidence / name
        if not path.exists():
            problems.append(error(display_path(path, cwd), 0, 0, "missing-file", f"{name} is missing",
                                  "every evidence folder needs organisations.yaml and principles.yaml"))
    if project.sources.is_dir() and not any(p.suffix in (".yaml", ".yml") for p in project.sources.iterdir()):
        problems.append(error(display_path(project.sources, cwd), 0, 0, "no-sources", "no source files found",
                              "add one with `lucli add source`"))
    elif not project.sources.is_dir():
        problems.append(error(display_path(project.sources, cwd), 0, 0, "no-sources",
                              "no sources folder", "add one with `lucli add source`"))
    return problems
