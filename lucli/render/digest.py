"""The whole-corpus digest: a markdown index and pages, and a static HTML site that works offline.

`render_digest` hands every file, as soon as it is rendered, to a sink the
command gives (which writes it, or compares it with the file on disk), in the
process that rendered it; only what the sink returns travels back. So no
process holds more than the page it is rendering, however large the corpus:
at 100k findings, holding every page took 12 GB. Without a sink the files come
back as text. Page file names come from record ids, which are checked to be
slugs, so no file can land outside the folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lucli.errors import RenderError, UsageError
from lucli.records.heap import give_back
from lucli.records.schema import SLUG_PATTERN
from lucli.render.blank_lines import one_blank_line
from lucli.render.brief import BUILDERS, TEMPLATES, brief_context
from lucli.render.context import CorpusView
from lucli.render.fragments import Memo
from lucli.render.guarded import HARD_MEMORY, HARD_SECONDS
from lucli.render.html_policy import seal
from lucli.render.page_order import by_publishers
from lucli.render.parallel import HardLimits, run_in_order
from lucli.render.template_globals import base_context

ASSETS = ("assets/style.css", "assets/filter.js")
"""Files the site ships as they are (found in the template folders, so a repository can override them)."""
PAGE_FOLDERS = {"principle": "principles", "organisation": "organisations", "source": "sources"}
HTML_TEMPLATES = {"principle": "digest/principle.html.j2", "organisation": "digest/organisation.html.j2",
                  "source": "digest/source.html.j2"}
PAGE_TEMPLATES = ("digest/index.md.j2", "digest/index.html.j2", "digest/changes.md.j2", "digest/changes.html.j2",
                  "digest/findings.html.j2", "digest/method.md.j2", "digest/method.html.j2",
                  "digest/base.html.j2", "digest/macros.html.j2", "partials/brief.md.j2")
"""The digest's other templates and the ones its pages build on."""
DIGEST_TEMPLATES = (*PAGE_TEMPLATES, *TEMPLATES.values(), *HTML_TEMPLATES.values())
"""Every template a digest renders or builds on."""
_SLUG = re.compile(SLUG_PATTERN)


Sink = Callable[[str, str], Any]
"""Takes one file (its path inside the output folder, POSIX form, and its text) as soon as it is rendered."""


def _keep(_path: str, text: str) -> str:
    return text


@dataclass(frozen=True)
class Digest:
    """Every file of a digest, by its path inside the output folder (POSIX form), with what the sink made
    of it (the text itself when there was no sink)."""

    files: dict[str, Any]


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
    if _links_below(folder, parts) and not path.resolve().is_relative_to(folder.resolve()):
        raise RenderError(f"refusing to write '{relative}': it resolves outside {folder}")
    return path


def _links_below(folder: Path, parts: tuple[str, ...]) -> bool:
    """Whether any of `parts`, followed down from `folder`, is a link. Without one the path resolves to the
    folder's own resolution plus `parts` (none is '..'), so it cannot leave it. Resolving both took 36 µs a file
    against 9.5 for this, and each of the digest's files is checked twice (staged, then published)."""
    current = os.fspath(folder)
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return True
        except OSError:  # missing (or unreadable) here: `Path.resolve` takes it as it is, and so does this
            continue
    return False


FINDINGS_PER_PAGE = 2000
"""Rows of the table of every finding on one page: the table is split so that no one page grows with the
corpus (at 100k findings one page ran past the render time limit, and a browser struggles with 150 MB)."""


class WholeViews:
    """The whole view, for every page: what the pages of a digest are rendered from when every record is read
    (`lucli.render.indexed_digest.IndexedViews` answers the same questions from the SQLite index)."""

    def __init__(self, view: CorpusView) -> None:
        self.view = view
        self.shared = Memo()

    def topics(self) -> list[tuple[str, str]]:
        """(kind, id) of every principle, organisation and source with a page, in the order of the pages (the
        sources' `lucli.render.page_order`)."""
        view = self.view
        topics = [("principle", p.id) for p in view.principles]
        topics += [("organisation", o.id) for o in view.organisations]
        sources = by_publishers([s.id for s in view.sources], {s.id: s.record.publishers for s in view.sources})
        topics += [("source", sid) for sid in sources]
        return topics

    def finding_count(self) -> int:
        """How many findings the table of findings lists."""
        return len(self.view.findings)

    def kinds(self) -> tuple[str, ...]:
        """The kinds of finding the evidence uses, in `FINDING_KINDS` order (the filters' choices)."""
        return _finding_kinds(self.view)

    def reference_jobs(self, jobs: int) -> list[Callable[[], list[tuple[Any, tuple[str, ...]]]]]:
        """About `jobs` jobs that each give some sources' (record, publishers' names), every source once."""
        wanted = [(s.record, tuple(o.name for o in s.organisations)) for s in self.view.sources]
        share = -(-len(wanted) // jobs) or 1
        return [functools.partial(list.__getitem__, wanted, slice(i, i + share))
                for i in range(0, len(wanted), share)]

    def memo(self) -> Memo:
        """Fragments rendered once: for the whole run (in each process), as every page reads the same views."""
        return self.shared

    def front(self) -> CorpusView:
        """The view of the index, method and change pages."""
        return self.view

    def rows(self, start: int, stop: int) -> tuple[CorpusView, tuple[Any, ...]]:
        """The view of a page of the table of findings, and its rows."""
        return self.view, self.view.findings[start:stop]

    def topic(self, kind: str, ident: str) -> CorpusView:
        """The view of one topic's pages."""
        return self.view


def _parts(count: int) -> int:
    return max(1, -(-count // FINDINGS_PER_PAGE))


def findings_page(part: int) -> str:
    """The file of one page of the table of findings: findings.html, findings-2.html …"""
    return "findings.html" if part == 1 else f"findings-{part}.html"


SOURCES_A_JOB = 8
"""Source pages rendered as one job when they are written directly (`lucli.render.direct`): taking a job, handing
it back and tidying after it cost a worker about 0.2 ms, a sixth of such a page."""

RENEW_AFTER = 48 << 20
"""Bytes of its own a worker may hold before a fresh one takes its place: at 100k findings, a worker that rendered
source pages for a minute held 60-100 MB, made up of the memory its pages left scattered in its heap and its own
copies of the pages of the outline it had read."""

PAGE_LIMITS = HardLimits(HARD_SECONDS, HARD_MEMORY)
"""What one page may take. Each page, not the whole digest, is limited: a large corpus may take long in
all, but no one page should."""


def render_digest(view: CorpusView, renderer: Any, today: dt.date, changes: Any = None,
                  workers: int | None = None, sink: Sink | None = None,
                  limits: HardLimits | None = PAGE_LIMITS, bibliography: Any = None) -> Digest:
    """Render the markdown and HTML pages of the digest, the index, the change page and the assets.

    Each file goes to `sink` as soon as it is rendered. Pages are rendered in up to `workers` worker
    processes (default: one per core), each page under a hard time and memory limit where the platform
    allows it (`limits=None` renders in this process when there are few pages); the files, and the error
    when a template fails, are the same however many processes there are. `bibliography` formats the
    reference entries (`lucli.render.cite.Bibliography`, Harvard unless given); entries it keeps between runs
    are read and kept.
    """
    return render_pages(WholeViews(view), renderer, today, changes, workers, sink, limits, bibliography)


def render_pages(views: Any, renderer: Any, today: dt.date, changes: Any = None, workers: int | None = None,
                 sink: Sink | None = None, limits: HardLimits | None = PAGE_LIMITS,
                 bibliography: Any = None, direct: bool = True) -> Digest:
    """`render_digest`, each page from the view `views` gives it (`WholeViews`, or
    `lucli.render.indexed_digest.IndexedViews`): the same files either way. With `direct` false, every page goes
    through its template, even those lucli writes directly (`lucli.render.direct`): the same files again."""
    from lucli.render.cite import default_bibliography
    from lucli.render.direct.writers import direct_writers

    take = sink or _keep
    references = bibliography or default_bibliography()
    writers = direct_writers(renderer) if direct else {}
    pages = _Pages(views, renderer, today, changes, views.kinds(), take, references, writers)
    for name in DIGEST_TEMPLATES:
        renderer.exists(name)  # compiled once here, not again in every worker (errors show when rendered)
    topics = views.topics()
    _format_references(views, references, workers, limits, sum(kind == "source" for kind, _ in topics))
    # The pages that read much first: the index, every principle's and organisation's, then the table's. The first
    # three kinds take the most memory (a principle's page about 70 MB at 100k findings), so no two of them render
    # at once: one worker renders them in turn while the other renders the table and the sources. A worker that its
    # pages have left larger is replaced by a fresh one, as it would keep that memory to its end; so is every worker
    # after one of these pages, whose reference cycles it need not then collect. The first page to
    # fail, in the order of the pages, is still the one reported.
    solo: list[Callable[[], list[tuple[str, Any]]]] = [functools.partial(_given_back, pages.front)]
    solo += [functools.partial(_given_back, pages.topic, kind, ident) for kind, ident in topics if kind != "source"]
    jobs: list[Callable[[], list[tuple[str, Any]]]] = [*solo, *(
        functools.partial(_given_back, pages.findings, part) for part in range(1, _parts(views.finding_count()) + 1))]
    sources = [ident for kind, ident in topics if kind == "source"]
    # Written directly, source pages take a millisecond or two: a few make one job. Through a repository's own
    # templates each page is a job of its own, under the time limit of one.
    size = SOURCES_A_JOB if {TEMPLATES["source"], HTML_TEMPLATES["source"]} <= writers.keys() else 1
    jobs += [functools.partial(pages.sources, sources[at:at + size]) for at in range(0, len(sources), size)]
    done = run_in_order(jobs, workers, limits, RENEW_AFTER, range(len(solo)))
    files = {path: taken for pages_done in done for path, taken in pages_done}
    for asset in ASSETS:
        files[asset] = take(asset, renderer.source(asset))
    return Digest(files)


def _given_back(render: Callable[..., list[tuple[str, Any]]], *args: Any) -> list[tuple[str, Any]]:
    """Render pages that read much, then hand the memory they freed back to the system: a worker otherwise
    keeps what its largest page took (`lucli.records.heap.give_back`)."""
    try:
        return render(*args)
    finally:
        give_back()


REFERENCE_JOBS = 8
"""Jobs the reference entries are formatted in, before the pages are rendered."""


def _format_references(views: Any, bibliography: Any, workers: int | None, limits: HardLimits | None,
                       sources: int) -> None:
    """Format every source's reference entry once, shared among the processes, before the pages are rendered.

    A citation style takes milliseconds an entry, and each page lists up to hundreds of sources: formatted as
    the pages came, every worker formatted nearly every entry itself (at 100k findings, 10,000 each). Each
    job reads the entries kept from earlier runs and keeps those it formats, so a later briefing finds them;
    the file they are kept in is made here first, where a Ctrl-C removes a half-made one (`ready_to_keep`).
    """
    bibliography.ready_to_keep(sources)
    jobs = [functools.partial(_formatted_and_kept, bibliography, wanted)
            for wanted in views.reference_jobs(REFERENCE_JOBS)]
    for done in run_in_order(jobs, workers, limits):
        bibliography.remember(done)


def _formatted_and_kept(bibliography: Any,
                        wanted: Callable[[], list[tuple[Any, tuple[str, ...]]]]) -> list[tuple[Any, str]]:
    done: list[tuple[Any, str]] = bibliography.formatted(wanted())
    # In the worker that formatted them: the parent takes them on trust and keeps none. A worker makes no file: it
    # may be killed at any moment by a Ctrl-C (`_format_references`).
    bibliography.keep(make=False)
    return done


@dataclass(frozen=True)
class _Pages:
    """What the pages of one digest are rendered from; each method renders some of them."""

    views: Any
    """Gives each page its view (`WholeViews`, `lucli.render.indexed_digest.IndexedViews`)."""
    renderer: Any
    today: dt.date
    changes: Any
    kinds: tuple[str, ...]
    take: Sink
    """Where each file goes the moment it is rendered."""
    bibliography: Any
    """Formats the reference entries (the same one whose entries `_format_references` filled)."""
    writers: dict[str, Any]
    """The pages written without the template engine, by template name (`lucli.render.direct`)."""

    def _render(self, name: str, context: dict[str, Any]) -> str:
        """A page through its template, or its writer when it has one."""
        write = self.writers.get(name)
        if write is None:
            return str(self.renderer.render(name, context))
        return str(write({**context, "site": self.renderer.env.globals["site"]}))

    def front(self) -> list[tuple[str, Any]]:
        """The index and method pages, and the change pages when there are changes (the table of findings has
        jobs of its own, a page each)."""
        files = []
        view, memo = self.views.front(), self.views.memo()
        pages = ("index", "method", *(("changes",) if self.changes is not None else ()))
        for suffix in ("md", "html"):
            for page in pages:
                # A fresh context per render: acronyms are spelt out afresh on every page.
                context = dict(base_context(view, self.today, memo, self.bibliography), root="",
                               changes=self.changes, page=page, kinds=self.kinds)
                text = self.renderer.render(f"digest/{page}.{suffix}.j2", context)
                path = f"{page}.{suffix}"
                files.append((path, self.take(path, seal(text, f"digest/{page}.html.j2") if suffix == "html"
                                              else one_blank_line(text))))
        return files

    def findings(self, part: int) -> list[tuple[str, Any]]:
        """One page of the table of every finding (`part` counts from 1)."""
        parts = _parts(self.views.finding_count())
        start = (part - 1) * FINDINGS_PER_PAGE
        view, rows = self.views.rows(start, start + FINDINGS_PER_PAGE)
        pages = tuple(findings_page(n) for n in range(1, parts + 1))
        context = dict(base_context(view, self.today, self.views.memo(), self.bibliography), root="",
                       changes=self.changes, page="findings", kinds=self.kinds, rows=rows, part=part, parts=pages,
                       first_row=start + 1)
        path = findings_page(part)
        text = seal(self._render("digest/findings.html.j2", context), "digest/findings.html.j2")
        return [(path, self.take(path, text))]

    def sources(self, idents: list[str]) -> list[tuple[str, Any]]:
        """The markdown and HTML pages of some sources, in turn."""
        return [done for ident in idents for done in self.topic("source", ident)]

    def topic(self, kind: str, ident: str) -> list[tuple[str, Any]]:
        """The markdown and HTML pages of one principle, organisation or source."""
        stem = f"{PAGE_FOLDERS[kind]}/{_page_id(ident)}"
        view, memo = self.views.topic(kind, ident), self.views.memo()
        brief = BUILDERS[kind](view, ident)  # worked out once for both pages; templates cannot change it
        context = brief_context(view, kind, ident, self.today, brief, memo, self.bibliography)
        context.update(method_link="../method.md")  # the page sits one folder below the method page
        markdown = one_blank_line(self._render(TEMPLATES[kind], context))
        done = [(f"{stem}.md", self.take(f"{stem}.md", markdown))]
        del markdown  # handed on: not held while the next page renders
        # A source's or organisation's page counts those who agree and links to the principles' pages rather
        # than citing them: its references are `linked`, not a hundred-odd uncited entries a page.
        page_brief = {**brief, **brief["linked"]} if "linked" in brief else brief
        context = brief_context(view, kind, ident, self.today, page_brief, memo, self.bibliography,
                                every_source=True)
        context.update(root="../", page=kind)
        page = seal(self._render(HTML_TEMPLATES[kind], context), HTML_TEMPLATES[kind])
        done.append((f"{stem}.html", self.take(f"{stem}.html", page)))
        return done


def _finding_kinds(view: CorpusView) -> tuple[str, ...]:
    from lucli.records.model import FINDING_KINDS

    used = {f.kind for f in view.findings}
    return tuple(k for k in FINDING_KINDS if k in used)


def check_output_folder(folder: Path, project_root: Path | None = None) -> Path:
    """Refuse output folders that would clobber the evidence itself, or that lie through a link."""
    from lucli.render.output_folder import refuse_links

    refuse_links(folder, [p for p in (project_root, Path.cwd()) if p is not None])
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file, not a folder", "give a folder, e.g. -o site")
    if project_root is not None and folder.resolve() == project_root.resolve():
        raise UsageError(f"--output: refusing to write the digest into the repository root {folder}",
                         "give a folder of its own, e.g. -o site")
    return folder
