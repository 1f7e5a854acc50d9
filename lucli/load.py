"""Read an evidence repository from disk into records and diagnostics.

Opening files lives here; turning text into records lives in `records`, so
tests and the cache can feed text directly.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from lucli.crossref import check_references
from lucli.diagnostics import Diagnostic, error, sort_diagnostics
from lucli.model import Evidence
from lucli.project import Project
from lucli.records import FileResult, organisations_from, principles_from, source_from
from lucli.yamlparse import Limits, decode, parse


@dataclass
class Loaded:
    """Everything read from one repository."""

    evidence: Evidence
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    """How many evidence files were read."""


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


def evidence_files(project: Project) -> list[tuple[str, Path]]:
    """List the files of a repository with their kind, in a stable order."""
    files = [("organisations", project.evidence / "organisations.yaml"),
             ("principles", project.evidence / "principles.yaml")]
    if project.sources.is_dir():
        entries = sorted(p for p in project.sources.iterdir() if p.suffix in (".yaml", ".yml"))
        files += [("source", p) for p in entries]
    return files


def load_project(project: Project, *, today: dt.date | None = None, cwd: Path | None = None) -> Loaded:
    """Read, check and cross-reference every evidence file of a repository."""
    today = today or dt.date.today()
    results: list[FileResult] = []
    diagnostics: list[Diagnostic] = []
    diagnostics += _layout_problems(project, cwd)
    files = evidence_files(project)
    for kind, path in files:
        if kind != "source" and not path.exists():
            continue  # reported by _layout_problems
        shown = display_path(path, cwd)
        text, problem = read_text(path, shown, project.limits)
        if problem:
            diagnostics.append(problem)
            continue
        assert text is not None
        results.append(load_file(kind, text, shown, path.stem, project.limits, today))
    evidence = merge(results)
    diagnostics += [d for r in results for d in r.diagnostics]
    diagnostics += check_references(evidence, project.evidence)
    return Loaded(evidence, sort_diagnostics(diagnostics), len(files))


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
