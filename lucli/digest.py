"""The whole-corpus digest: a markdown index and pages, and a static HTML site that works offline.

`render_digest` returns every file as text, keyed by its path inside the
output folder; the command writes them. Page file names come from record ids,
which are checked to be slugs, so no file can land outside the folder.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lucli.brief import TEMPLATES, brief_context
from lucli.context import CorpusView, base_context
from lucli.errors import RenderError, UsageError
from lucli.schema import SLUG_PATTERN

ASSETS = ("assets/style.css", "assets/filter.js")
"""Files the site ships as they are (found in the template folders, so a repository can override them)."""
PAGE_FOLDERS = {"principle": "principles", "organisation": "organisations", "source": "sources"}
HTML_TEMPLATES = {"principle": "digest/principle.html.j2", "organisation": "digest/organisation.html.j2",
                  "source": "digest/source.html.j2"}
_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Digest:
    """Every file of a digest, by its path inside the output folder (POSIX form)."""

    files: dict[str, str]

    def stale_pages(self, folder: Path) -> list[Path]:
        """Pages left in the folder by an earlier build whose record no longer exists."""
        found = []
        for sub in PAGE_FOLDERS.values():
            directory = folder / sub
            if directory.is_dir():
                found += [p for p in sorted(directory.iterdir())
                          if p.suffix in (".md", ".html") and f"{sub}/{p.name}" not in self.files]
        return found


def _page_id(ident: str) -> str:
    if not _SLUG.match(ident) or len(ident) > 64:
        raise RenderError(f"'{ident}' is not a slug, so it cannot name a page", "fix the id in the evidence")
    return ident


def target_path(folder: Path, relative: str) -> Path:
    """Join a digest path to the output folder, refusing anything that would leave it."""
    parts = PurePosixPath(relative).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or PurePosixPath(relative).is_absolute():
        raise RenderError(f"refusing to write '{relative}' outside the output folder")
    path = folder.joinpath(*parts)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise RenderError(f"refusing to write '{relative}': it resolves outside {folder}")
    return path


def _topics(view: CorpusView) -> list[tuple[str, str]]:
    topics = [("principle", p.id) for p in view.principles]
    topics += [("organisation", o.id) for o in view.organisations]
    topics += [("source", s.id) for s in view.sources]
    return topics


def render_digest(view: CorpusView, renderer: Any, today: dt.date, changes: Any = None) -> Digest:
    """Render the markdown and HTML pages of the digest, the index, the change page and the assets."""
    files: dict[str, str] = {}

    def top(page: str) -> dict[str, Any]:
        # A fresh context per render: acronyms are spelt out afresh on every page.
        return dict(base_context(view, today), root="", changes=changes, page=page, kinds=_finding_kinds(view))

    for suffix in ("md", "html"):
        files[f"index.{suffix}"] = renderer.render(f"digest/index.{suffix}.j2", top("index"))
        if changes is not None:
            files[f"changes.{suffix}"] = renderer.render(f"digest/changes.{suffix}.j2", top("changes"))
    for kind, ident in _topics(view):
        stem = f"{PAGE_FOLDERS[kind]}/{_page_id(ident)}"
        files[f"{stem}.md"] = renderer.render(TEMPLATES[kind], brief_context(view, kind, ident, today))
        context = brief_context(view, kind, ident, today)
        context.update(root="../", page=kind)
        files[f"{stem}.html"] = renderer.render(HTML_TEMPLATES[kind], context)
    for asset in ASSETS:
        files[asset] = renderer.source(asset)
    return Digest(files)


def _finding_kinds(view: CorpusView) -> tuple[str, ...]:
    from lucli.model import FINDING_KINDS

    used = {f.kind for f in view.findings}
    return tuple(k for k in FINDING_KINDS if k in used)


def check_output_folder(folder: Path, project_root: Path | None = None) -> Path:
    """Refuse output folders that would clobber the evidence itself."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file, not a folder", "give a folder, e.g. -o site")
    if project_root is not None and folder.resolve() == project_root.resolve():
        raise UsageError(f"--output: refusing to write the digest into the repository root {folder}",
                         "give a folder of its own, e.g. -o site")
    return folder
