"""Read an evidence repository from disk into records and diagnostics.

Opening files lives here; turning text into records lives in `records`, so
tests and the cache can feed text directly.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lucli.atomic import write_atomic
from lucli.records.build import FileResult, organisations_from, principles_from, source_from
from lucli.records.cache import Cache, Entry, Spool, cache_lines, decode_row, digest, encode_row, read_cache
from lucli.records.cachedir import cache_folder, user_cache_dir
from lucli.records.crossref import check_references
from lucli.records.diagnostics import Diagnostic, error, sort_diagnostics, warning
from lucli.records.files import Refusal, read_inside
from lucli.records.heap import collector_paused
from lucli.records.locations import display_path
from lucli.records.model import Evidence
from lucli.records.project import Project, evidence_files
from lucli.records.workers import in_workers
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
    entries: dict[str, Entry] = field(default_factory=dict)
    """Each cached file's facts and records by its name in the cache (`lucli.records.index` is built from them)."""


def read_text(path: Path, shown: str, limits: Limits,
              inside: Path | None = None) -> tuple[str | None, Diagnostic | None]:
    """Read a file as UTF-8 text, refusing a link out of `inside` (default: its folder), and what is too large,
    not a plain file or unreadable (`lucli.records.files`)."""
    raw = read_inside(path, inside or path.parent, limits.max_bytes, "the evidence folder")
    if isinstance(raw, Refusal):
        return None, error(shown, 1, 1, raw.code, raw.message, raw.hint or None)
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

    Unchanged files come from the repository's cache folder outside it (see `lucli.records.cache`);
    the bundled corpus and `use_cache=False` bypass it.
    """
    with collector_paused():
        return _load(project, today or dt.date.today(), cwd, use_cache, progress)


def _load(project: Project, today: dt.date, cwd: Path | None, use_cache: bool, progress: Progress | None) -> Loaded:
    diagnostics = _layout_problems(project, cwd)
    shown = _Shown(Path.cwd())
    inside = os.path.realpath(project.evidence)  # worked out once, not once per file
    jobs = [_Job(kind, path, shown(path), path.stem, project.limits, today, project.root, project.evidence, inside,
                 shown.base) for kind, path in evidence_files(project) if kind == "source" or path.exists()]
    store = _Store.open(project, today, shown.base) if use_cache and not project.bundled else None
    results: dict[Path, FileResult] = {}
    pending = []
    for job in jobs:
        cached = store.lookup(job) if store else None
        if cached is not None:
            results[job.path] = cached
        else:
            pending.append(job)

    def take(job: _Job, done: _Done) -> None:
        results[job.path] = done.result
        if store:
            store.remember(job, done)

    _parse_all(pending, take, progress, shown.base)
    notes = store.save() if store else []
    ordered = [results[job.path] for job in jobs]
    evidence = merge(ordered)
    diagnostics += [d for r in ordered for d in r.diagnostics]
    diagnostics += check_references(evidence, project.evidence)
    return Loaded(evidence, sort_diagnostics(diagnostics), len(jobs), len(pending), notes,
                  store.fresh if store else {})


def load_sources(project: Project, paths: list[Path],
                 today: dt.date) -> list[tuple[FileResult, tuple[int, int, str] | None]]:
    """Parse and check some source files alone, exactly as a whole load does: each one's result, and its size,
    time and hash when it may be cached (`lucli.records.reindex` brings the index up to date with them)."""
    shown = _Shown(Path.cwd())
    inside = os.path.realpath(project.evidence)
    with collector_paused():
        done = [_Job("source", path, shown(path), path.stem, project.limits, today, project.root, project.evidence,
                     inside, shown.base).run() for path in paths]
    return [(d.result, d.facts) for d in done]


class _Shown:
    """`display_path` for many files: each folder is worked out once, not once per file."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.base = str(cwd)
        """The working folder as the caches are given it (`lucli.records.locations`)."""
        self.folders: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = display_path(path.parent, self.cwd)
        shown = path.name if folder == "." else os.path.join(folder, path.name)
        return shown if shown.isprintable() and _utf8(shown) else _printable(shown)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 arrives with surrogates in it
        return False
    return True


def _printable(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8 as `\\xff`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class _Job:
    kind: str
    path: Path
    shown: str
    stem: str
    limits: Limits
    today: dt.date
    root: Path
    evidence: Path
    evidence_real: str
    """The evidence folder's real path (links resolved)."""
    cwd: str
    """The folder `shown` is relative to."""

    def run(self) -> _Done:
        if not _utf8(self.path.name):
            return _Done(FileResult(diagnostics=[error(self.shown, 1, 1, "file-name", "the file name is not UTF-8",
                                                       "rename the file")]))
        # Its status before it is read: should it change meanwhile, the cache notices the newer time.
        info = _plain_file(self.path, self.limits.max_bytes)
        # A link in a pull request must not smuggle other files into a published digest: read_inside refuses it.
        raw = read_inside(self.path, self.evidence, self.limits.max_bytes, "the evidence folder",
                          base=self.evidence_real)
        if isinstance(raw, Refusal):
            return _Done(FileResult(diagnostics=[error(self.shown, 1, 1, raw.code, raw.message, raw.hint or None)]))
        # Links, and files that changed size while being read, are never cached (see `_Store.lookup`).
        facts = (info.st_size, info.st_mtime_ns, digest(raw)) if info and info.st_size == len(raw) else None
        text, problem = decode(raw, self.shown)
        if problem:
            return _Done(FileResult(diagnostics=[problem]), facts)
        assert text is not None
        return _Done(load_file(self.kind, text, self.shown, self.stem, self.limits, self.today), facts)


class _Done(NamedTuple):
    """One parsed file: its result and, when it may be cached, the size, time and hash of the bytes parsed."""

    result: FileResult
    facts: tuple[int, int, str] | None = None
    row: str | None = None
    """The result as the cache stores it, when it came from a worker process (`encode_row`)."""

    @classmethod
    def unpack(cls, packed: tuple[str, tuple[int, int, str] | None], cwd: str) -> _Done:
        """Rebuild what `_run_job` sent back from a worker, its locations shown from `cwd`."""
        row, facts = packed
        return cls(decode_row(row, cwd), facts, row)


def _run_job(job: _Job) -> tuple[str, tuple[int, int, str] | None]:
    # Sent back as JSON text, not pickled records: see `encode_row`.
    done = job.run()
    return encode_row(done.result, job.cwd), done.facts


CACHE_FILE = "index.jsonl"
"""The record cache's file name in the repository's cache folder."""
PARALLEL_THRESHOLD = 200
"""Below this many files, starting worker processes costs more than it saves."""


def _parse_all(jobs: list[_Job], take: Callable[[_Job, _Done], None], progress: Progress | None, cwd: str) -> None:
    """Parse each job and hand it to `take` as it comes back, in the jobs' order."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        _tracked(jobs, (job.run() for job in jobs), take, progress)
        return
    in_workers(jobs, _run_job, lambda packed: _tracked(jobs, (_Done.unpack(p, cwd) for p in packed), take, progress),
               workers)


def _tracked(jobs: list[_Job], results: Iterable[_Done], take: Callable[[_Job, _Done], None],
             progress: Progress | None) -> None:
    # Each result is taken as it comes, not gathered first: no run holds every file's JSON text at once.
    total = len(jobs)
    for count, (job, result) in enumerate(zip(jobs, results, strict=True), 1):
        take(job, result)
        if progress and (count % 50 == 0 or count == total):
            progress(count, total)


class _Store:
    """The cache of one repository during one load (kept outside the repository: `lucli.records.cachedir`)."""

    def __init__(self, root: Path, stamp: str, cache: Cache, max_bytes: int, today: str, cwd: str) -> None:
        self.root = root
        self.cwd = cwd
        self.today = today
        self.stamp = stamp
        self.cache = cache
        self.max_bytes = max_bytes
        self.fresh: dict[str, Entry] = {}
        self.changed = False
        self.folders: dict[Path, str] = {}
        self.spool: Spool | None = None

    @classmethod
    def open(cls, project: Project, today: dt.date, cwd: str) -> _Store:
        # No date in the stamp: each entry says whether its checks still hold today (`Entry.still_true`). No
        # working folder either: locations are stored absolute and shown from `cwd` (`lucli.records.locations`).
        stamp = cache_stamp(project)
        folder = cache_folder(project.root)
        cache = read_cache(folder / CACHE_FILE, stamp, cwd) if folder is not None else Cache()
        return cls(project.root, stamp, cache, project.limits.max_bytes, today.isoformat(), cwd)

    def _key(self, job: _Job) -> str:
        # The index (`lucli.records.index_files.file_keys`) names files the same way: keep the two alike.
        folder = self.folders.get(job.path.parent)
        if folder is None:
            folder = self.folders[job.path.parent] = job.path.parent.relative_to(self.root).as_posix()
        return f"{folder}/{job.path.name}"

    def lookup(self, job: _Job) -> FileResult | None:
        key = self._key(job)
        entry = self.cache.entries.get(key)
        if entry is None or not entry.still_true(self.today):
            return None
        info = _plain_file(job.path, self.max_bytes)
        if info is None:
            return None  # a link, or too large: the job itself reports it, every time
        if (info.st_size, info.st_mtime_ns) == (entry.size, entry.mtime_ns):
            self.fresh[key] = entry
            return entry.result
        if info.st_size == entry.size and _hash(job.path, self.max_bytes) == entry.sha256:
            # Touched but unchanged: keep the parse, note the new time.
            self.fresh[key] = Entry(info.st_size, info.st_mtime_ns, entry.sha256, entry.result, entry.day)
            self.changed = True
            return entry.result
        return None

    def remember(self, job: _Job, done: _Done) -> None:
        if done.facts is None:
            return  # links, folders, files over the limit and names that are not UTF-8 are never cached
        size, mtime_ns, sha = done.facts
        key = self._key(job)
        entry = self.fresh[key] = Entry(size, mtime_ns, sha, done.result, self.today, done.row)
        self.changed = True
        if done.row is not None and self._spool() is not None:
            assert self.spool is not None
            self.spool.add(key, entry)

    def _spool(self) -> Spool | None:
        if self.spool is None:
            folder = cache_folder(self.root, create=True)
            try:
                self.spool = Spool(folder) if folder is not None else None
            except OSError:
                return None  # the lines stay in memory, and `save` says why the cache cannot be written
        return self.spool

    def save(self) -> list[str]:
        try:
            return self._write()
        finally:
            if self.spool is not None:
                self.spool.close()
            for entry in self.fresh.values():
                entry.row = None  # the records stay (the index is built from them); their text is let go

    def _write(self) -> list[str]:
        notes = [self.cache.warning] if self.cache.warning else []
        if not self.changed and set(self.fresh) == set(self.cache.entries) and not self.cache.warning:
            return notes
        folder = cache_folder(self.root, create=True)
        if folder is None:
            return notes + [f"cannot make a private cache folder in {user_cache_dir()}; continuing without it"]
        try:
            write_atomic(folder / CACHE_FILE, cache_lines(self.fresh, self.stamp, self.spool, self.cwd))
        except OSError as exc:
            notes.append(f"cannot write the cache in {folder} ({exc.strerror or exc}); continuing without it")
        return notes


def cache_stamp(project: Project) -> str:
    """The settings the cached records depend on: the limits, and the repository's root (a cache is never trusted
    by another clone). Not the working folder: cached locations are shown from wherever the run is."""
    return f"{project.limits}|{project.root}"


def _plain_file(path: Path, max_bytes: int) -> os.stat_result | None:
    """The file's status when it is a regular file (not a link) within the size limit, else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) and info.st_size <= max_bytes else None


def _hash(path: Path, max_bytes: int) -> str | None:
    """The hash of a file's contents, read without following a link and never past `max_bytes`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = handle.read(max_bytes + 1)
    except OSError:
        return None
    return digest(raw) if len(raw) <= max_bytes else None


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
        # A new repository starts with no sources: that is a state to point out, not an error that fails CI.
        problems.append(warning(display_path(project.sources, cwd), 0, 0, "no-sources", "no source files yet",
                                "add one with `lucli add source`"))
    elif not project.sources.is_dir():
        problems.append(error(display_path(project.sources, cwd), 0, 0, "no-sources",
                              "no sources folder", "add one with `lucli add source`"))
    return problems
