"""Read the evidence as it was at a git revision, through git itself (no shell, no work-tree changes).

`git ls-tree` lists the evidence files at the revision and `git cat-file
--batch` reads them all in one process; the texts then go through the same
loader as files on disk (`lucli.records.load.load_file`), so a past revision is
judged by exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from lucli.errors import UsageError
from lucli.records.corpus import Corpus
from lucli.records.diagnostics import Diagnostic, error
from lucli.records.load import load_file, merge
from lucli.records.model import Evidence, Source
from lucli.records.project import Project
from lucli.records.yamlparse import decode

_TIMEOUT = 120


@dataclass(frozen=True)
class Revision:
    """The evidence at one revision."""

    label: str
    """The revision as the user wrote it ('HEAD~3', 'v1.0')."""
    commit: str
    """Full commit id it resolves to."""
    corpus: Corpus
    diagnostics: tuple[Diagnostic, ...]
    """Problems in the evidence at that revision (changes are still computed from what could be read)."""

    files: dict[str, Source] = field(default_factory=dict, repr=False)
    """Each source read from its file at this revision (not one taken from `Beside`), by the file's path in the
    repository (POSIX, from its top)."""

    @property
    def short(self) -> str:
        """Abbreviated commit id."""
        return self.commit[:10]

    def beside(self) -> Beside:
        """This revision's sources, to be taken by another revision's reading where a file is the same."""
        errors: dict[str, list[Diagnostic]] = {}
        for problem in self.diagnostics:
            errors.setdefault(problem.path.removeprefix(f"{self.label}:"), []).append(problem)
        return Beside(self.commit, self.files, {path: tuple(found) for path, found in errors.items()})


@dataclass(frozen=True)
class Beside:
    """Another version of the evidence, already read, whose sources a revision's reading takes where their file is
    the same in both (git says which are not): so a comparison holds one copy of what did not change, and reads
    only what did (at 100k findings, two whole copies took 484 MB)."""

    commit: str | None
    """Its commit; None for the working tree."""
    sources: dict[str, Source]
    """Its sources by the path of their file in the repository (POSIX, from its top)."""
    errors: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    """The errors it found in each file, by the same path."""


def working_tree(project: Project, sources: Iterable[Source]) -> Beside:
    """The sources of the working tree, read without errors (a command refuses evidence with errors)."""
    top = _toplevel(project).resolve()
    found: dict[str, Source] = {}
    for source in sources:
        path = Path(os.path.realpath(source.path))
        if path.is_relative_to(top):
            found[path.relative_to(top).as_posix()] = source
    return Beside(None, found)


def _changed_paths(project: Project, commit: str, other: str | None, prefix: str) -> set[str]:
    """The evidence files that differ between the commit and `other` (a commit, or None for the working tree),
    by their path in the repository (POSIX, from its top)."""
    out = _git(["diff", "--name-only", "--no-renames", "-z", commit, *([other] if other else []), "--",
                prefix + "/"], project.root)
    return {path.decode("utf-8", "replace") for path in out.split(b"\0") if path}


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env,
                              timeout=_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise UsageError("git is not installed or not on PATH", "install git to compare revisions") from exc
    except subprocess.TimeoutExpired as exc:
        raise UsageError(f"git {args[0]} took longer than {_TIMEOUT} seconds") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(done.returncode)}")
    return done.stdout


def _toplevel(project: Project) -> Path:
    try:
        out = _git(["rev-parse", "--show-toplevel"], project.root)
    except UsageError as exc:
        raise UsageError(f"{project.root} is not in a git repository: {exc.message}",
                         "changes between revisions need the evidence under git") from exc
    return Path(out.decode("utf-8").strip())


def resolve_commit(project: Project, rev: str) -> str:
    """Resolve a revision to a commit id; refuse anything that git could read as an option."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise UsageError(f"'{rev}' is not a git revision", "give a commit, tag or branch, e.g. HEAD~1")
    _toplevel(project)
    try:
        out = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], project.root)
    except UsageError:
        raise UsageError(f"unknown git revision '{rev}'", "`git log --oneline` lists commits") from None
    return out.decode("ascii").strip()


def _evidence_prefix(project: Project) -> str:
    top = _toplevel(project).resolve()
    evidence = project.evidence.resolve()
    if not evidence.is_relative_to(top):
        raise UsageError(f"the evidence folder {project.evidence} is not inside the git repository {top}")
    return evidence.relative_to(top).as_posix()


def _list_files(project: Project, commit: str, prefix: str) -> list[tuple[str, str, str]]:
    """(kind, path, blob id) of each evidence file at the commit, in the loader's order."""
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix + "/"], project.root)
    blobs = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _tab, path = entry.partition(b"\t")
        _mode, kind, blob = meta.decode("ascii").split(" ")
        if kind == "blob":
            blobs[path.decode("utf-8", "replace")] = blob
    files = [("organisations", f"{prefix}/organisations.yaml"), ("principles", f"{prefix}/principles.yaml")]
    sources = sorted(p for p in blobs if PurePosixPath(p).parent == PurePosixPath(prefix, "sources")
                     and PurePosixPath(p).suffix in (".yaml", ".yml"))
    files += [("source", p) for p in sources]
    return [(kind, path, blobs[path]) for kind, path in files if path in blobs]


def _blob_sizes(project: Project, blobs: list[str]) -> list[int]:
    """The size of each blob, from `git cat-file --batch-check` (nothing is read)."""
    if not blobs:
        return []
    out = _git(["cat-file", "--batch-check"], project.root, stdin="".join(b + "\n" for b in blobs).encode("ascii"))
    return [int(line.split(b" ")[2]) for line in out.splitlines()]


BLOBS_A_CALL = 500
"""Blobs read by one `git cat-file --batch`: what git answers is held until each of them is read."""


def _read_blobs(project: Project, blobs: list[str]) -> Iterator[bytes]:
    """Read many blobs with `git cat-file --batch`, a few hundred a call, handing them on one at a time: at 100k
    findings, reading the whole evidence in one call held its 80 MB twice over while the files were read."""
    for start in range(0, len(blobs), BLOBS_A_CALL):
        wanted = blobs[start:start + BLOBS_A_CALL]
        out = _git(["cat-file", "--batch"], project.root, stdin="".join(b + "\n" for b in wanted).encode("ascii"))
        at = 0
        for _ in wanted:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split(b" ")[2])
            yield out[header_end + 1:header_end + 1 + size]
            at = header_end + 1 + size + 1  # content is followed by a newline


def evidence_at(project: Project, rev: str, *, today: dt.date | None = None, beside: Beside | None = None) -> Revision:
    """Load and index the evidence as it was at a git revision; with `beside`, each source file that is the same
    there is not read again: its source is taken from it (judged by the same rules on the same day: the caller
    sees to that), with its errors."""
    commit = resolve_commit(project, rev)
    prefix = _evidence_prefix(project)
    files = _list_files(project, commit, prefix)
    kept: list[Source] = []
    kept_problems: list[Diagnostic] = []
    if beside is not None:
        changed = _changed_paths(project, commit, beside.commit, prefix)
        same = {path for kind, path, _blob in files if kind == "source" and path not in changed
                and path in beside.sources}
        kept = [beside.sources[path] for path in sorted(same)]
        kept_problems = [replace(d, path=f"{rev}:{path}") for path in sorted(same) for d in beside.errors.get(path, ())]
        files = [f for f in files if f[1] not in same]
    # The limits hold for history too: a blob over max_bytes is reported, never read.
    sizes = _blob_sizes(project, [blob for _, _, blob in files])
    too_large = [(path, size) for (_, path, _), size in zip(files, sizes, strict=True)
                 if size > project.limits.max_bytes]
    files = [f for f, size in zip(files, sizes, strict=True) if size <= project.limits.max_bytes]
    raws = _read_blobs(project, [blob for _, _, blob in files])
    results, problems = [], [error(f"{rev}:{path}", 1, 1, "too-large", f"file is {size:,} bytes, over the limit "
                                   f"of {project.limits.max_bytes:,}", "it is left out of the comparison")
                             for path, size in too_large]
    for (kind, path, _blob), raw in zip(files, raws, strict=True):
        shown = f"{rev}:{path}"
        text, problem = decode(raw, shown)
        if problem is not None or text is None:
            problems += [problem] if problem else []
            continue
        results.append(load_file(kind, text, shown, PurePosixPath(path).stem, project.limits, today or dt.date.today()))
    read = merge(results)
    evidence = Evidence(read.organisations, read.principles,
                        tuple(sorted((*read.sources, *kept), key=lambda s: s.id)) if kept else read.sources)
    problems += [d for r in results for d in r.diagnostics] + kept_problems
    errors = tuple(d for d in problems if d.severity == "error")
    files_read = {source.path.removeprefix(f"{rev}:"): source for source in read.sources}
    return Revision(rev, commit, Corpus.build(evidence, project.rules), errors, files_read)
