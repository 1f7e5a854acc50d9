"""The digest answered from the SQLite index: each page from the rows of its own topic, in the process that
renders it, so that no process holds the whole evidence.

`IndexedViews` gives `lucli.render.digest.render_pages` the view of each page, as `WholeViews` does from the
whole view, and the same files come out byte for byte (tests hold them to it, file by file). What each page
reads, besides the outline of the whole evidence (`lucli.render.digest_outline`, worked out once in the main
process, before the workers are forked, and shared by them):

- a principle's pages: what its briefing reads (`lucli.render.indexed_brief.principle_brief_view`);
- an organisation's or a source's pages: its sources (an organisation's: every one it published or
  co-published), whole, and every source in an exchange with one of them;
- the index, method and change pages: every source without its findings, and each principle's findings' kinds
  and words, read a principle at a time (the map's filters);
- a page of the table of findings: the sources whose findings are its rows.

The main process reads only the list of topics, the sources' order and numbers of findings, and the facts a
principle's briefing states. A repository's own templates may read anything in the whole view, so a digest
that uses them is rendered from every record (`lucli.cli.report_cmd`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import ChainMap
from dataclasses import replace
from typing import Any

from lucli.records.index import NO_PRINCIPLE, Index, connect
from lucli.records.index_damage import DamagedIndex
from lucli.records.index_reads import finding_kinds, published_in_order, publishers_of, sources_in_order, statements_on
from lucli.records.model import FINDING_KINDS
from lucli.records.project import Project
from lucli.render.context import CorpusView, OrganisationView, SourceView
from lucli.render.digest_outline import Outline, outline
from lucli.render.fragments import Memo
from lucli.render.indexed_brief import DATES, PROPER, _about, principle_brief_view
from lucli.render.indexed_facts import given_facts, with_facts
from lucli.render.page_order import by_publishers
from lucli.render.streamed_sources import StreamedById, StreamedSources
from lucli.render.view_builder import Parts, organisation_views, view_parts
from lucli.render.wording import words


class IndexedViews:
    """The view of each page of a digest, from an index that is current (see the module's docstring)."""

    def __init__(self, project: Project, index: Index, today: dt.date, stale_after: int) -> None:
        self.project = project
        self.today = today
        self.stale_after = stale_after
        heads = index.corpus([])
        self.principles = list(heads.principles)
        self.organisations = [o.id for o in heads.active_organisations()]
        self.counted = (heads.extent().sources, heads.extent().findings)
        # Worked out here when an update a file at a time dropped them, and handed to the workers.
        informed = with_facts(index, project)
        self.facts = informed.facts([PROPER, DATES, *(_about(p) for p in self.principles)])
        self._here: tuple[int, Index] | None = None
        # Worked out once, here, before any worker is forked: every worker shares it rather than working it out.
        self.found = outline(given_facts(index, self.facts), today, stale_after, set(self.facts[PROPER]),
                             self.facts[DATES])
        # The outline's views live as long as the process: fragments keyed by them alone are rendered once in it.
        parts = self.found.parts
        self._held = frozenset(map(id, [*parts.sources.values(), *parts.findings.values(),
                                        *parts.organisations.values(), *self.found.view.principles]))
        self._lasting: dict[Any, Any] = {}
        self._kept: dict[Any, Any] = {}  # organisations' views that no page's own sources change (`view_parts`)

    # What only a whole digest reads, read when it is first asked for: a briefing on one organisation or source
    # (`lucli.render.indexed_profile`) asks for none of it (at 100k findings 0.1-0.2 s of its second). A digest
    # asks for all of it in the main process (`topics`, `kinds`), before any worker is forked.

    @functools.cached_property
    def order(self) -> list[tuple[str, int]]:
        """Every source's id and number of findings, newest first."""
        return sources_in_order(self._state()[0])

    @functools.cached_property
    def ids(self) -> list[str]:
        """Every source's id, newest first."""
        return [sid for sid, _n in self.order]

    @functools.cached_property
    def publishers(self) -> dict[str, list[str]]:
        """Each source's publishers: read once, for the source pages' order and the index pages' lists."""
        return publishers_of(self._state()[0])

    @functools.cached_property
    def paged(self) -> list[str]:
        """The sources in the order of their pages (`lucli.render.page_order`)."""
        return by_publishers(self.ids, self.publishers)

    @functools.cached_property
    def used_kinds(self) -> tuple[str, ...]:
        """The kinds of finding the evidence uses, in `FINDING_KINDS` order."""
        used = finding_kinds(self._state()[0])
        return tuple(k for k in FINDING_KINDS if k in used)

    def _state(self) -> tuple[Index, Outline]:
        """This process's own connection to the index (a connection must not cross a fork), and the outline."""
        if self._here is None or self._here[0] != os.getpid():
            db = connect(self.project)
            if db is None:
                raise DamagedIndex("the index has gone")  # the command reads the records
            self._here = (os.getpid(), given_facts(Index(db, self.project.rules), self.facts))
        return self._here[1], self.found

    def topics(self) -> list[tuple[str, str]]:
        """(kind, id) of every principle, organisation and source with a page, in the order of the pages (the
        sources' `lucli.render.page_order`)."""
        return [*(("principle", p) for p in self.principles), *(("organisation", o) for o in self.organisations),
                *(("source", sid) for sid in self.paged)]

    def finding_count(self) -> int:
        """How many findings the table of findings lists."""
        return self.counted[1]

    def kinds(self) -> tuple[str, ...]:
        """The kinds of finding the evidence uses, in `FINDING_KINDS` order."""
        return self.used_kinds

    def reference_jobs(self, jobs: int) -> list[Any]:
        """About `jobs` jobs that each read some sources (without findings) and give their (record, publishers'
        names), every source once."""
        ids = self.ids
        share = -(-len(ids) // jobs) or 1
        return [functools.partial(self._named, ids[i:i + share]) for i in range(0, len(ids), share)]

    def _named(self, ids: list[str]) -> list[tuple[Any, tuple[str, ...]]]:
        index, _outline = self._state()
        corpus = index.corpus(ids, NO_PRINCIPLE)
        names = {o.id: o.name for o in corpus.organisations.values()}
        return [(corpus.sources[sid], tuple(names[p] for p in corpus.sources[sid].publishers if p in names))
                for sid in ids]

    def memo(self) -> Memo:
        """Fragments rendered once: for one page when keyed by the page's own views (made afresh each page), for
        the process when keyed by the outline's alone (`Memo`)."""
        return Memo(self._lasting, self._held)

    def front(self) -> CorpusView:
        """The view of the index, method and change pages."""
        index, found = self._state()
        order = {sid: at for at, (sid, _n) in enumerate(self.order)}
        for principle in found.view.principles:  # the map's filters: a principle's findings at a time
            kinds: dict[str, None] = {}
            texts = [principle.label, principle.description, *principle.aliases]
            for kind, statement in statements_on(index, principle.id, order):
                kinds[kind] = None
                texts.append(statement)
            principle.__dict__["finding_kinds"] = " ".join(kinds)  # what the cached properties would give
            principle.__dict__["filter_words"] = words(texts)
        ids = self.ids
        orgs = organisation_views(index.corpus([], NO_PRINCIPLE), published_in_order(self.publishers, ids))
        listed = functools.partial(self._listed, orgs)  # every source, a chunk at a time (`streamed_sources`)
        return _with(found, Parts(orgs, {}, {}), organisations=tuple(orgs[o] for o in self.organisations),
                     organisations_by_id=orgs, all_organisations=tuple(orgs.values()),
                     sources=StreamedSources(ids, listed), sources_by_id=StreamedById(ids, listed))

    def _listed(self, orgs: dict[str, OrganisationView], ids: list[str]) -> list[SourceView]:
        """The views of the sources `ids` (without findings but those in an exchange), naming their publishers by
        the index page's views of them."""
        index, found = self._state()
        parts = view_parts(index.corpus(ids, NO_PRINCIPLE), self.today, self.stale_after, found.proper, self._kept)
        return [replace(parts.sources[sid], organisations=tuple(orgs[o.id] for o in parts.sources[sid].organisations))
                for sid in ids]

    def rows(self, start: int, stop: int) -> tuple[CorpusView, tuple[Any, ...]]:
        """The view of a page of the table of findings, and its rows."""
        index, found = self._state()
        ids, first, at = [], None, 0
        for sid, count in self.order:
            if at + count > start and at < stop:
                ids.append(sid)
                first = at if first is None else first
            at += count
        parts = view_parts(index.corpus(ids), self.today, self.stale_after, found.proper)
        held = tuple(parts.findings.values())
        offset = start - (first or 0)
        return _with(found, parts), held[offset:offset + stop - start]

    def topic(self, kind: str, ident: str) -> CorpusView:
        """The view of one topic's pages."""
        index, found = self._state()
        if kind == "principle":
            return replace(principle_brief_view(index, ident, self.today, self.stale_after), counted=self.counted)
        ids = index.by_organisation(ident) if kind == "organisation" else index.linked(ident)
        parts = view_parts(index.corpus(ids), self.today, self.stale_after, found.proper, self._kept)
        if kind == "organisation":  # its own view lists every source it published (the others', only those read)
            return _with(found, parts, organisations_by_id={**found.view.organisations_by_id,
                                                            ident: parts.organisations[ident]})
        return _with(found, parts)


def _with(found: Outline, parts: Parts, **changes: Any) -> CorpusView:
    """The outline's view, holding a page's own sources and findings as well as those every page may cite."""
    # Looked up in the page's, then in the outline's, without copying the outline's (4,500 views each at 100k
    # findings with 3% responding) for each of 10,000 pages: a copy touched every view, so that every worker
    # wrote on, and so held its own copy of, every page of memory the outline's views were on.
    sources = ChainMap(parts.sources, found.parts.sources)
    findings = ChainMap(parts.findings, found.parts.findings)
    view = replace(found.view, **{"sources": tuple(parts.sources.values()), "findings": tuple(parts.findings.values()),
                                  "sources_by_id": sources, "findings_by_id": findings, **changes})
    # Every page holds the outline's exchanges: where each source's are is worked out once in the process, not for
    # each page over every exchange (at 100k findings with 3% responding, 2,900 of them for each of 10,000 pages).
    for where in ("exchanges_of_source", "exchange_records_of_source"):
        view.__dict__[where] = getattr(found.view, where)  # what the cached properties would give
    return view
