"""`lucli compare`, `lucli list`, `lucli show` and `lucli search`: the analyst's exploration commands.

Each command parses its options, loads and filters the evidence, asks one
view builder in `lucli.render.formats` for a document and renders it in the chosen
format to stdout or a file.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from lucli.cli.common import (
    BasisFilter,
    ForceOption,
    KindFilter,
    NoCacheOption,
    OrganisationFilter,
    OutputOption,
    PrincipleFilter,
    RootOption,
    SinceFilter,
    UntilFilter,
    choose,
    current_index,
    emit,
    from_index,
    handles_errors,
)

FORMATS = ("table", "md", "json", "csv")
COMPARE_FORMATS = (*FORMATS, "mermaid")
SHOW_FORMATS = ("table", "md", "json")
DEFAULT_WIDTH = 100
WIDEST = 160
"""Wider terminals still get tables this wide: longer lines are hard to read."""
NARROWEST = 60

FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="table (for the terminal), md, json or csv.", metavar="FORMAT")]
CompareFormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="table (for the terminal), md, json, csv, or mermaid (the argument map).",
    metavar="FORMAT")]
WidthOption = Annotated[int | None, typer.Option(
    "--width", min=40, max=500, help="Lay tables out for this many columns (default: the terminal width, "
                                     f"at most {WIDEST}; {DEFAULT_WIDTH} when not writing to a terminal).",
    show_default=False, metavar="COLUMNS")]


def _interactive(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty()


def _color(output: Path | None) -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off; so do pipes, files and dumb terminals.
    return _interactive(output) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _width(width: int | None, output: Path | None) -> int:
    if width:
        return width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        found = int(columns)
    elif _interactive(output):
        found = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    else:
        found = DEFAULT_WIDTH
    return max(NARROWEST, min(found, WIDEST))


def _load(root: Path | None, principle: list[str] | None, organisation: list[str] | None, kind: list[str] | None,
          since: str | None, until: str | None, basis: list[str] | None,
          no_cache: bool = False, project: Any = None, keep_index: bool = False) -> tuple[Any, Any, Any]:
    """Load the evidence and apply the filters: (whole corpus, filters, filtered corpus)."""
    from lucli.cli.common import build_filters, filtered, open_project_corpus

    _project, corpus = open_project_corpus(root, no_cache, project, keep_index)
    filters = build_filters(corpus, principle, organisation, kind, since, until, basis)
    return corpus, filters, filtered(corpus, filters)


def _write(doc: Any, format: str, width: int | None, output: Path | None) -> None:
    from lucli.render.formats import render_pieces

    emit(render_pieces(doc, format, width=_width(width, output), color=_color(output)), output)


@handles_errors
def compare(
    targets: Annotated[list[str] | None, typer.Argument(
        help="Nothing for the stance matrix; one principle; one organisation or source for its positions; "
             "or two or more organisations or sources to compare. Ids, labels, names and aliases all work.",
        metavar="PRINCIPLE|ORGANISATION|SOURCE", show_default=False)] = None,
    principle: PrincipleFilter = None, organisation: OrganisationFilter = None, kind: KindFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, basis: BasisFilter = None,
    format: CompareFormatOption = "table", width: WidthOption = None, output: OutputOption = None,
    force: ForceOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Compare who says what about which principle.

    With no target: the stance matrix of every principle against every organisation, with the gaps.
    With one principle: each organisation's findings on it, side by side, and the verdict.
    With two or more organisations or sources: where they agree, differ, and speak alone.
    `--format mermaid` draws the argument map: who challenges, rebuts, endorses or extends whom.
    """
    choose(format, COMPARE_FORMATS, "--format")
    arguments = {"targets": targets, "principle": principle, "organisation": organisation, "kind": kind,
                 "since": since, "until": until, "basis": basis}
    from lucli.records.heap import collector_paused
    from lucli.records.project import evidence_state, find_project

    project = find_project(root)
    filtering = any((principle, organisation, kind, since, until, basis))
    # A warm answer's records, views and file list hold no cycles (`lucli.records.heap`) and live until the
    # command ends: at 100k findings the collector's passes over them (and over the modules imported for them)
    # were a fifth of a warm `compare PRINCIPLE`. Reading every record, below, pauses it in its own way.
    with collector_paused(keep=True):
        state = None if no_cache else evidence_state(project)  # each file stat-ed once: for the view and the index
        stale = False
        target = targets[0] if targets is not None and len(targets) == 1 and not no_cache else None
        if target is not None and not filtering:
            # The index answers a question about one record before a remembered view is looked for: it remembers
            # none, and a remembered view's key is made from every evidence file's hash (50 ms at 100k findings).
            from lucli.render.indexed_views import indexed_compare

            found, stale = from_index(project, False, lambda index: indexed_compare(index, target, format), state)
            if found is not None:
                _write(found, format, width, output)
                return
        document, remember = _remembered(project, "compare", arguments, no_cache, state)
        if document is None and target is not None and filtering:
            _unfiltered, stale = from_index(project, True, lambda _index: None, state)  # the records answer filters
    if document is None and not targets and not filtering and not no_cache:
        found = _matrix_from_index(project, state)
        if found is not None:
            document, texts = found
            remember(document, texts)
            _write(document, format, width, output)
            return
        stale = True  # written after the answer, so that the next plain compare after an edit updates it
    if document is None:
        from lucli.render.formats.compare_views import compare_document

        corpus, filters, view = _load(root, principle, organisation, kind, since, until, basis, no_cache, project,
                                      keep_index=stale)
        document = compare_document(corpus, view, filters, list(targets or []))
        remember(document, _texts(corpus))
    _write(document, format, width, output)


def _remembered(project: Any, command: str, arguments: dict[str, Any], no_cache: bool,
                state: Any = None) -> tuple[Any, Callable[[Any, list[str]], None]]:
    """The view remembered for these arguments, if the evidence is unchanged, and how to remember a new one
    (given it and the archived texts of the evidence it was built from)."""
    import datetime as dt

    from lucli.render.viewcache import recall, remember, view_key

    key = None if no_cache else view_key(project, command, arguments, state)
    if key is None:
        return None, lambda _document, _texts: None
    today = dt.date.today()

    def keep(document: Any, texts: list[str]) -> None:
        remember(project, key, document, texts, today)

    return recall(project, key, today), keep


def _texts(corpus: Any) -> list[str]:
    """The archived texts a view's records name: a remembered view is used only while they are there."""
    return [t for s in corpus.sources.values() for t in (s.text, *(c.text for c in s.reported_in)) if t]


def _matrix_from_index(project: Any, state: Any) -> tuple[Any, list[str]] | None:
    """The stance matrix and the archived texts of the evidence, from the SQLite index brought up to date a
    file at a time (`lucli.records.reindex`); None when the records must be read (which report any problem)."""
    from lucli.cli.common import refreshed_index
    from lucli.records.index import UNREADABLE
    from lucli.records.reindex import archived_texts
    from lucli.render.indexed_matrix import indexed_matrix

    index = refreshed_index(project, state)
    if index is None:
        return None
    try:
        return indexed_matrix(index), archived_texts(index)
    except UNREADABLE:
        return None
    finally:
        index.close()


@handles_errors
def list_(
    what: Annotated[str, typer.Argument(help="sources, findings, principles or organisations.", metavar="KIND")],
    principle: PrincipleFilter = None, organisation: OrganisationFilter = None, kind: KindFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, basis: BasisFilter = None,
    format: FormatOption = "table", width: WidthOption = None, output: OutputOption = None, root: RootOption = None,
    force: ForceOption = False,
) -> None:
    """List sources, findings, principles or organisations, with counts."""
    from lucli.analysis.listing import LISTS

    choose(what, LISTS, "KIND")
    choose(format, FORMATS, "--format")
    from lucli.records.project import find_project
    from lucli.render.formats.listing_views import list_document

    project = find_project(root)
    filtering = any((principle, organisation, kind, since, until, basis))
    answered, stale = _list_from_index(project, what, filtering, format, width, output)
    if answered:
        return
    _corpus, filters, view = _load(root, principle, organisation, kind, since, until, basis, project=project,
                                   keep_index=stale)
    _write(list_document(view, filters, what, format), format, width, output)


def _list_from_index(project: Any, what: str, filtered: bool, format: str, width: int | None,
                     output: Path | None) -> tuple[bool, bool]:
    """(whether the list was written from the SQLite index, whether a load should write the index afresh).

    The list is read from the index as it is written (`indexed_list`); filters are left to the records. A
    damaged index found before anything is written sends the run to the records; found halfway through
    standard output, it is removed and the run stops, asking for the command to be run again."""
    from lucli.errors import DataError
    from lucli.records.heap import collector_paused
    from lucli.records.index import UNREADABLE, discard_index
    from lucli.render.formats import render_pieces
    from lucli.render.indexed_views import indexed_list

    if filtered:
        return False, from_index(project, True, lambda _index: None)[1]
    index = current_index(project)
    if index is None:
        return False, True
    started = []

    def noting(pieces: Iterator[str]) -> Iterator[str]:
        for piece in pieces:
            started.append(True)
            yield piece
    try:
        document = indexed_list(index, what, format)
        if document is None:
            return False, False
        # The rows hold no reference cycles and each part is freed as the next is read: the cycle collector,
        # which would walk every one of them as they are made, has nothing to find (15% of the run at 10k).
        with collector_paused():
            emit(noting(render_pieces(document, format, width=_width(width, output), color=_color(output))), output)
        return True, False
    except UNREADABLE:
        if started and output is None:
            discard_index(project)
            raise DataError("the record index could not be read to the end, so the list above is incomplete",
                            "run the command again: the index is rebuilt from the records") from None
        return False, True
    finally:
        index.close()


@handles_errors
def show(
    id: Annotated[str, typer.Argument(
        help="A source, a finding (source-id/finding-id), a principle or an organisation: id, label, name or "
             "alias.", metavar="ID", show_default=False)],
    principle: PrincipleFilter = None, organisation: OrganisationFilter = None, kind: KindFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, basis: BasisFilter = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, md or json.", metavar="FORMAT")] = "table",
    width: WidthOption = None, output: OutputOption = None, root: RootOption = None,
    force: ForceOption = False,
) -> None:
    """Show one record and its cross-references.

    A principle: every organisation's position and findings. A source: its findings grouped by principle.
    An organisation: its sources and its positions. A finding: its source, principles, stance, quote, locator.
    """
    choose(format, SHOW_FORMATS, "--format")
    from lucli.records.project import evidence_state, find_project

    project = find_project(root)
    arguments = {"id": id, "principle": principle, "organisation": organisation, "kind": kind, "since": since,
                 "until": until, "basis": basis}
    state = evidence_state(project)  # each file stat-ed once: for the view and the index
    document, remember = _remembered(project, "show", arguments, False, state)
    if document is None:
        from lucli.render.formats.listing_views import show_document
        from lucli.render.indexed_views import indexed_show

        filtering = any((principle, organisation, kind, since, until, basis))
        found, stale = from_index(project, filtering, lambda index: indexed_show(index, id), state)
        if found is not None:
            _write(found, format, width, output)
            return
        corpus, filters, view = _load(root, principle, organisation, kind, since, until, basis, project=project,
                                      keep_index=stale)
        document = show_document(corpus, view, filters, id)
        remember(document, _texts(corpus))
    _write(document, format, width, output)


@handles_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to look for; typos are tolerated.", metavar="QUERY",
                                         show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many matches.",
                                       metavar="N")] = 10,
    principle: PrincipleFilter = None, organisation: OrganisationFilter = None, kind: KindFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, basis: BasisFilter = None,
    format: FormatOption = "table", width: WidthOption = None, output: OutputOption = None, root: RootOption = None,
    force: ForceOption = False,
) -> None:
    """Search statements, quotes, source titles and principle labels, best match first.

    Matching words are highlighted when the output is a terminal.
    """
    choose(format, FORMATS, "--format")
    from lucli.records.project import evidence_state, find_project

    project = find_project(root)
    arguments = {"query": query, "limit": limit, "principle": principle, "organisation": organisation,
                 "kind": kind, "since": since, "until": until, "basis": basis}
    state = evidence_state(project)  # each file stat-ed once: for the view and the index
    document, remember = _remembered(project, "search", arguments, False, state)
    if document is None:
        from lucli.render.formats.search_view import search_document
        from lucli.render.indexed_views import indexed_search

        filtering = any((principle, organisation, kind, since, until, basis))
        found, stale = from_index(project, filtering, lambda index: indexed_search(index, query, limit), state)
        if found is not None:
            _write(found, format, width, output)
            return
        corpus, filters, view = _load(root, principle, organisation, kind, since, until, basis, project=project,
                                      keep_index=stale)
        document = search_document(view, filters, query, limit)
        remember(document, _texts(corpus))
    _write(document, format, width, output)
