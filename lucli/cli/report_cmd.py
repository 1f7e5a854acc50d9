"""`lucli digest` and `lucli diff`, and what every report command shares (`lucli brief`: `brief_cmd`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from lucli.cli.common import (
    ForceOption,
    RootOption,
    choose,
    emit,
    handles_errors,
    open_project_corpus,
    say,
)
from lucli.cli.digest_output import Checker, Staging, report_check
from lucli.records.plurals import plural

DateOption = Annotated[str | None, typer.Option(
    "--date", help="Generated date to print, YYYY-MM-DD (default: today); pin it for reproducible output.",
    show_default=False, metavar="YYYY-MM-DD")]
CheckOption = Annotated[bool, typer.Option(
    "--check", help="Write nothing; exit 1 if any file on disk differs from what would be rendered now.")]
DIFF_FORMATS = ("text", "md", "json")
CslOption = Annotated[str | None, typer.Option(
    "--csl", help="Citation style for the references: a CSL style name or a .csl file (default: Harvard, "
                  "Cite Them Right).", show_default=False, metavar="STYLE")]


def bibliography(csl: str | None, templates: Any, project: Any = None) -> Any:
    """The reference formatter for --csl: a style in the repository's or lucli's templates/csl/, or a file.

    With `project`, entries are kept between runs in its cache folder (`lucli.render.kept_entries`)."""
    from lucli.render.cite import Bibliography, find_style

    kept = None
    if project is not None:
        from lucli.render.kept_entries import kept_entries

        # The bundled corpus has no repository of its own: its cache is kept by the folder it is installed in.
        kept = kept_entries(project.evidence if project.bundled else project.root)
    return Bibliography(find_style(csl, (templates.user, templates.builtin)), kept)


def report_day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.date.fromisoformat("invalid")
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint="--date") from None


def report_renderer(project: Any) -> Any:
    from lucli.render.brief import VIEW_TYPES
    from lucli.render.environment import Renderer, template_dirs

    renderer = Renderer(template_dirs(project.templates), trusted=VIEW_TYPES)
    # What the repository calls itself and its subject (lucli.yaml): every template may use `site`.
    renderer.env.globals["site"] = {"title": project.display.title, "subject": project.display.subject}
    return renderer


def check_files(files: dict[Path, str]) -> int:
    """Compare rendered text with the files on disk; report each file that is missing or stale."""
    stale = 0
    for path, text in files.items():
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError) as exc:
            say(f"stale: {path} (cannot read it: {exc})")
            stale += 1
            continue
        if current != text:
            say(f"{'missing' if current is None else 'stale'}: {path}")
            stale += 1
    return stale


def _warn_revision(revision: Any) -> None:
    if revision.diagnostics:
        say(f"warning: the evidence at {revision.label} has {plural(len(revision.diagnostics), 'error')}; "
            f"changes are worked out from the records that could be read")


@handles_errors
def digest(
    root: RootOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder to write the digest into (default: reports/digest in the repository).",
        show_default=False, metavar="FOLDER")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Add “What changed” since this git revision (commit, tag or branch).",
        show_default=False, metavar="REV")] = None,
    date: DateOption = None,
    check: CheckOption = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into an output folder that holds files lucli did not write (they are left as "
                        "they are; lucli only ever removes files its own earlier digest wrote).")] = False,
) -> None:
    """Build the whole-corpus digest: a markdown index and pages, and a static HTML site that works offline.

    The HTML map shows the stance matrix as a heat map with filters by principle, organisation, kind and text.
    Every file is written inside the output folder.
    """
    today = report_day(date)
    from lucli.errors import UsageError
    from lucli.records.index import UNREADABLE
    from lucli.records.project import find_project
    from lucli.render.compiled_ahead import compiled_ahead
    from lucli.render.digest import check_output_folder, render_pages
    from lucli.render.output_folder import Plan, plan

    project = find_project(root)
    renderer = report_renderer(project)
    # The templates are compiled by a helper while the views are built (`lucli.render.compiled_ahead`): 0.7 s of
    # a digest that takes 7-11 s at 10k findings.
    with compiled_ahead(*_ahead(renderer)) as ahead, \
            _digest_views(root, project, renderer, today, since) as (project, views, changes):
        ahead.hand_over()
        folder = check_output_folder(output if output is not None else project.reports / "digest",
                                     None if project.bundled else project.root)
        layout = plan(folder) if folder.is_dir() else Plan(folder, frozenset(), ())
        if layout.foreign and not (force or check):
            raise UsageError(f"--output: {folder} holds files lucli did not write, such as {layout.foreign[0]}; "
                             f"refusing to write into it", "give a new or empty folder, or pass --force to write "
                                                           "beside them (lucli never removes them)")
        references = bibliography(None, renderer.templates, project)
        pages = functools.partial(render_pages, renderer=renderer, today=today, changes=changes,
                                  bibliography=references)
        try:
            built = _rendered(pages, views, folder, layout, check)
        except UNREADABLE:  # found damaged by a page: nothing is written yet, so the records answer instead
            built = _rendered(pages, _from_the_records(root, project, today), folder, layout, check)
    if built is not None:
        say(f"wrote {len(built.files)} files to {folder}; open {folder / 'index.html'}")


def _rendered(pages: Callable[..., Any], views: Any, folder: Path, layout: Any, check: bool) -> Any:
    """The digest rendered and written into `folder` (None with `check`, which compares rather than writes)."""
    if check:
        built = pages(views, sink=Checker(folder))
        report_check(folder, built.files, layout.stale(built.files))
        return None
    with Staging(folder) as staging:
        built = pages(views, sink=staging.write)
        staging.publish(list(built.files), layout)
    return built


def _from_the_records(root: Path | None, project: Any, today: dt.date) -> Any:
    """The whole view from the records, once the index is found damaged: the index goes, and the next run that
    loads the records writes it afresh."""
    from lucli.cli import common
    from lucli.records.index import discard_index

    discard_index(project)
    return _whole_views(*common.open_project_corpus(root, project=project), today)


def _whole_views(project: Any, corpus: Any, today: dt.date) -> Any:
    """What the digest's pages are rendered from when every record is read: the whole view."""
    from lucli.render.digest import WholeViews
    from lucli.render.view_builder import build_corpus_view

    return WholeViews(build_corpus_view(corpus, today, project.display.stale_after))


def _ahead(renderer: Any) -> tuple[Any, list[str]]:
    """The environment that renders the digest's templates and their names, with every template they import or
    include, when all are lucli's own (none otherwise: the render compiles a repository's own as it meets them)."""
    from lucli.render.brief import TEMPLATES
    from lucli.render.digest import DIGEST_TEMPLATES

    names: dict[str, None] = {}
    for name in DIGEST_TEMPLATES:
        sources = renderer.builtin_sources(name)
        if sources is None:
            return renderer.env, []
        names.update(dict.fromkeys(sources))
    return renderer.environment(TEMPLATES["principle"]), list(names)


def own_digest_templates(renderer: Any) -> bool:
    """True when every template of the digest is lucli's own: its pages then read only what they state."""
    from lucli.render.digest import DIGEST_TEMPLATES

    return all(renderer.builtin_sources(name) is not None for name in DIGEST_TEMPLATES)


@contextlib.contextmanager
def _digest_views(root: Path | None, project: Any, renderer: Any, today: dt.date,
                  since: str | None) -> Iterator[tuple[Any, Any, Any]]:
    """(project, what the digest's pages are rendered from, the changes since `since` or None).

    With lucli's own templates, each page is read from the SQLite index in the process that renders it
    (`lucli.render.indexed_digest`): with no current index, the records are loaded once to write it, in a
    process of its own that ends before any page is rendered (`lucli.cli.index_apart`). A repository's own
    templates may read anything in the whole view, and get it (as does the bundled corpus, which has no index)."""
    import gc

    from lucli.cli import common
    from lucli.cli.index_apart import can_index_apart, index_apart
    from lucli.records.index import UNREADABLE, open_index

    own = own_digest_templates(renderer)
    index = common.current_index(project) if own else None
    wanted = own and index is None
    corpus = changes = None
    apart = False  # whether the records were read, and the changes worked out, in a process of their own
    if (wanted or (own and since is not None)) and not project.bundled and can_index_apart():
        # What changed since the revision is worked out there too: here, the records and the revision's left the
        # heap fragmented, beside the workers (at 100k findings the digest --since held 392 MB in all).
        then = functools.partial(_changes, since=since) if since is not None else None
        apart, changes = index_apart(root, project, write=wanted, then=then)
        if apart and wanted:
            index = open_index(project, dt.date.today())  # None when it could not be written: loaded here below
    if index is None or (since is not None and not apart):
        project, corpus = common.open_project_corpus(root, project=project, keep_index=wanted, index_first=True)
        changes = _changes(project, corpus, since=since) if since is not None else None
        if wanted:
            index = open_index(project, dt.date.today())
    elif not apart:  # the process apart said it, loading the records
        common.tell_where(project)
    views: Any = None  # IndexedViews or WholeViews: the digest reads either the same way (`render_digest`)
    try:
        if index is not None:
            from lucli.render.indexed_digest import IndexedViews

            views = IndexedViews(project, index, today, project.display.stale_after)
            if corpus is not None:  # the records (read for the changes, or to write the index) go before any page
                corpus = None       # is rendered; read apart, or not at all, there is nothing of theirs to collect
                gc.collect()
    except UNREADABLE:
        views = None
    if views is None:
        if corpus is None:
            project, corpus = common.open_project_corpus(root, project=project)
        views = _whole_views(project, corpus, today)
    try:
        yield project, views, changes
    finally:
        if index is not None:
            index.close()


def _changes(project: Any, corpus: Any, *, since: str) -> Any:
    """What changed in the evidence since a git revision."""
    from lucli.analysis.changes import compare_corpora
    from lucli.records.gitrev import evidence_at

    # The revision is judged on the day the working tree's records were (`--date` only sets the date printed), so
    # every source whose file is the same is taken from them rather than read again.
    before = evidence_at(project, since, today=dt.date.today(), beside=_working_tree(project, corpus))
    _warn_revision(before)
    return compare_corpora(before.corpus, corpus, f"{since} ({before.short})", "the working tree")


def _working_tree(project: Any, corpus: Any) -> Any:
    """The working tree's sources, for a revision's reading to take where a file is unchanged."""
    from lucli.records.gitrev import working_tree

    return working_tree(project, corpus.sources.values())


@handles_errors
def diff_command(
    revisions: Annotated[str, typer.Argument(
        metavar="REV_A..REV_B",
        help="Two git revisions; leave out REV_B (or write REV_A alone) for the working tree.")],
    root: RootOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, md or json.", metavar="FORMAT")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", show_default=False,
            metavar="FILE")] = None,
    force: ForceOption = False,
    date: DateOption = None,
) -> None:
    """Show what changed in the evidence between two revisions: findings, sources, positions and verdicts.

    The comparison is of records, not lines: a reworded finding, a changed stance and the verdicts it moves.
    """
    choose(format, DIFF_FORMATS, "--format")
    today = report_day(date)
    from lucli.analysis.changes import compare_corpora, format_text, to_json
    from lucli.records.gitrev import evidence_at, resolve_commit
    from lucli.records.project import find_project

    if "..." in revisions:
        raise typer.BadParameter("use two dots, REV_A..REV_B", param_hint="REV_A..REV_B")
    first, _dots, second = revisions.partition("..")
    project = find_project(root)
    resolve_commit(project, first)  # an unknown revision is reported before anything is read
    # The later version is read first, whole; the earlier takes from it every source whose file is the same.
    if second:
        after_rev = evidence_at(project, second, today=today)
        after, after_label, beside = after_rev.corpus, f"{second} ({after_rev.short})", after_rev.beside()
    else:
        project, after = open_project_corpus(root)
        after_label, beside = "the working tree", _working_tree(project, after)
    # Judged on the same day as the later version: the working tree's records are of today (`--date` only sets the
    # date printed), two revisions both of the given day.
    before = evidence_at(project, first, today=today if second else dt.date.today(), beside=beside)
    _warn_revision(before)
    if second:
        _warn_revision(after_rev)
    changes = compare_corpora(before.corpus, after, f"{first} ({before.short})", after_label)
    if format == "json":
        emit(to_json(changes), output)
    elif format == "md":
        from lucli.render.template_globals import base_context
        from lucli.render.view_builder import build_corpus_view

        context = dict(base_context(build_corpus_view(after, today, project.display.stale_after), today),
                       changes=changes, root="", page="changes")
        emit(report_renderer(project).render("digest/changes.md.j2", context), output)
    else:
        emit(format_text(changes), output)
