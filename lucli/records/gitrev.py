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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lucli.errors import UsageError
from lucli.records.corpus import Corpus
from lucli.records.diagnostics import Diagnostic, error
from lucli.records.load import load_file, merge
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

    @property
    def short(self) -> str:
        """Abbreviated commit id."""
        return self.commit[:10]


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


def _read_blobs(project: Project, blobs: list[str]) -> list[bytes]:
    """Read many blobs with one `git cat-file --batch`."""
    if not blobs:
        return []
    out = _git(["cat-file", "--batch"], project.root, stdin="".join(b + "\n" for b in blobs).encode("ascii"))
    texts, at = [], 0
    for _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split(b" ")[2])
        texts.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1  # content is followed by a newline
    return texts


def evidence_at(project: Project, rev: str, *, today: dt.date | None = None) -> Revision:
    """Load and index the evidence as it was at a git revision."""
    commit = resolve_commit(project, rev)
    prefix = _evidence_prefix(project)
    files = _list_files(project, commit, prefix)
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
    evidence = merge(results)
    problems += [d for r in results for d in r.diagnostics]
    errors = tuple(d for d in problems if d.severity == "error")
    return Revision(rev, commit, Corpus.build(evidence, project.rules), errors)
