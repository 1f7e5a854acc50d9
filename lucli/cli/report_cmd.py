"""`lucli brief`, `lucli digest` and `lucli diff`: reports rendered through Jinja templates."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from lucli.cli.common import (
    ForceOption,
    RootOption,
    choose,
    emit,
    from_index,
    handles_errors,
    open_project_corpus,
    say,
)

DateOption = Annotated[str | None, typer.Option(
    "--date", help="Generated date to print, YYYY-MM-DD (default: today); pin it for reproducible output.",
    show_default=False, metavar="YYYY-MM-DD")]
CheckOption = Annotated[bool, typer.Option(
    "--check", help="Write nothing; exit 1 if the file(s) on disk differ from what would be rendered now.")]
DIFF_FORMATS = ("text", "md", "json")
CslOption = Annotated[str | None, typer.Option(
    "--csl", help="Citation style for the references: a CSL style name or a .csl file (default: Harvard, "
                  "Cite Them Right).", show_default=False, metavar="STYLE")]


def bibliography(csl: str | None, templates: Any) -> Any:
    """The reference formatter for --csl: a style in the repository's or lucli's templates/csl/, or a file."""
    from lucli.render.cite import Bibliography, find_style

    return Bibliography(find_style(csl, (templates.user, templates.builtin)))


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.date.fromisoformat("invalid")
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint="--date") from None


def _renderer(project: Any) -> Any:
    from lucli.render.brief import VIEW_TYPES
    from lucli.render.environment import Renderer, template_dirs

    renderer = Renderer(template_dirs(project.templates), trusted=VIEW_TYPES)
    # What the repository calls itself and its subject (lucli.yaml): every template may use `site`.
    renderer.env.globals["site"] = {"title": project.display.title, "subject": project.display.subject}
    return renderer


def _check_files(files: dict[Path, str]) -> int:
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


BRIEF_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
"""The format a `-o` file name asks for, when --format does not say."""


def _brief_format(fmt: str | None, output: Path | None, stdout: bool, check: bool) -> str:
    """The briefing's format: --format, else the ending of the -o file name, else markdown."""
    from lucli.render.handover import BINARY, FORMATS

    if fmt is not None:
        choose(fmt, FORMATS, "--format")
    elif output is not None:
        fmt = BRIEF_SUFFIXES.get(output.suffix.lower(), "md")
    else:
        fmt = "md"
    if fmt in BINARY and stdout:
        raise typer.BadParameter("a Word file cannot be printed; write it with -o brief.docx", param_hint="--stdout")
    if fmt in BINARY and check:
        raise typer.BadParameter("--check compares text: use it with md or html", param_hint="--check")
    return fmt


@handles_errors
def brief(
    topic: Annotated[str, typer.Argument(help="A principle, organisation or source (id, name or alias).",
                                         metavar="TOPIC")],
    root: RootOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: reports/brief-<topic-id>.<md|html|docx> in the repository); "
                               "its ending (.md, .html, .docx) sets the format.",
        show_default=False, metavar="FILE")] = None,
    force: ForceOption = False,
    format: Annotated[str | None, typer.Option(
        "--format", "-f", help="md, html (one printable page) or docx (Word; needs the office extra). "
                               "Default: from the -o file name, else md.", show_default=False,
        metavar="FORMAT")] = None,
    date: DateOption = None,
    template: Annotated[str | None, typer.Option(
        "--template", "-t", help="Template to use instead of the built-in one: a name in templates/ or a path.",
        show_default=False, metavar="NAME|PATH")] = None,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print the briefing instead of writing a file.")] = False,
    check: CheckOption = False,
    csl: CslOption = None,
    detail: Annotated[str, typer.Option(
        "--detail", help="brief (about two printed pages, 600–1,000 words) or full (every finding and quote).",
        metavar="LEVEL")] = "brief",
    appendix: Annotated[bool, typer.Option(
        "--appendix", help="End with the method in full, instead of one sentence and a link to it.")] = False,
) -> None:
    """Write a briefing on one principle, organisation or source: markdown, one HTML page, or Word.

    A principle briefing says what each organisation argues, finds and recommends, where they agree and
    differ, how strong the evidence is and what is missing, with a numbered source list.
    """
    today = _day(date)
    fmt = _brief_format(format, output, stdout, check)
    choose(detail, ("brief", "full"), "--detail")
    from lucli.records.project import find_project
    from lucli.render.handover import SUFFIXES, hand_over

    project = find_project(root)
    renderer = _renderer(project)
    references = bibliography(csl, renderer.templates)
    rendered = _brief_text(root, project, renderer, references, topic, today,
                           {"template": template, "detail": detail, "appendix": appendix})
    content = hand_over(rendered.text, fmt, renderer.templates)
    if stdout:
        emit(str(content), None)
        return
    path = output if output is not None else project.reports / f"brief-{rendered.topic}{SUFFIXES[fmt]}"
    if check:
        if _check_files({path: str(content)}):
            raise typer.Exit(1)
        say(f"up to date: {path}")
        return
    from lucli.render.output_folder import refuse_links

    refuse_links(path.parent, [project.root, Path.cwd()])  # a committed `reports` link must not lead elsewhere
    emit(content, path)


def _brief_text(root: Path | None, project: Any, renderer: Any, references: Any, topic: str, today: dt.date,
                options: dict[str, Any]) -> Any:
    """The briefing in markdown (`Rendered`): remembered, answered from the SQLite index, or from every record.

    lucli's own templates read only part of the evidence (`lucli.render.indexed_brief`); a repository's own
    may read any of it, and get the whole view. A briefing with lucli's own templates is remembered as a view
    is (`lucli.render.viewcache`), keyed on those templates' text and the citation style's too."""
    from lucli.records.heap import collector_paused
    from lucli.render.brief import TEMPLATES, Rendered, render_brief
    from lucli.render.guarded import guarded
    from lucli.render.viewcache import recall_rendered, remember_rendered

    def render(kind: str, topic_id: str, view: Any) -> Rendered:
        return guarded(lambda: render_brief(view, renderer, kind, topic_id, today, options["template"], references,
                                            options["detail"], options["appendix"]))

    own = None if options["template"] else renderer.builtin_sources(TEMPLATES["principle"])
    key = _brief_key(project, renderer, references, topic, today, options) if own is not None else None
    day = dt.date.today()  # the records' checks are of this day; the generated date (`today`) is in the key
    if key is not None and (found := recall_rendered(project, key, day)) is not None:
        return Rendered(found["text"], found["kind"], found["topic"])
    answered, stale = None, False
    if own is not None:
        with collector_paused():  # views hold no cycles, and are made once (`lucli.records.heap`)
            answered, stale = from_index(project, False, lambda index: _indexed(index, topic, today, project))
            if answered is not None:
                (topic_id, view), texts = answered
                rendered = render("principle", topic_id, view)
    if answered is None:
        kind, topic_id, view, texts = _whole_view(root, project, topic, today, stale)
        rendered = render(kind, topic_id, view)
    if key is not None:
        remember_rendered(project, key, {"text": rendered.text, "kind": rendered.kind, "topic": rendered.topic},
                          texts, day)
    return rendered


def _indexed(index: Any, topic: str, today: dt.date, project: Any) -> Any:
    """((principle id, its briefing's view), the archived texts the records name), or None."""
    from lucli.records.reindex import archived_texts
    from lucli.render.indexed_brief import indexed_brief_view

    found = indexed_brief_view(index, topic, today, project.display.stale_after)
    return (found, archived_texts(index)) if found is not None else None


def _brief_key(project: Any, renderer: Any, references: Any, topic: str, today: dt.date,
               options: dict[str, Any]) -> str | None:
    """The key a briefing with lucli's own templates is remembered by; None when a repository brings its own
    copy of one of the briefing templates, or there is nowhere to remember it."""
    import hashlib

    from lucli.render.brief import TEMPLATES
    from lucli.render.viewcache import view_key

    templates = {}
    for name in TEMPLATES.values():
        found = renderer.builtin_sources(name)
        if found is None:
            return None
        templates.update(found)
    try:
        style = hashlib.sha256(references.path.read_bytes()).hexdigest()
    except OSError:
        return None
    return view_key(project, "brief", {"topic": topic, "date": today.isoformat(), "detail": options["detail"],
                                       "appendix": options["appendix"], "style": [str(references.path), style],
                                       "templates": templates, "display": str(project.display)})


def _whole_view(root: Path | None, project: Any, topic: str, today: dt.date,
                write_index: bool) -> tuple[str, str, Any, list[str]]:
    """(kind, id, view, archived texts) of a briefing's topic from every record; with `write_index`, the SQLite
    index is written afresh once the briefing is out."""
    from lucli.analysis.resolve import resolve
    from lucli.cli import common
    from lucli.render.view_builder import build_corpus_view

    project, corpus = common.open_project_corpus(root, project=project, keep_index=write_index)
    target = resolve(corpus, topic, ("principle", "organisation", "source"))
    texts = [t for s in corpus.sources.values() for t in (s.text, *(c.text for c in s.reported_in)) if t]
    return target.kind, target.id, build_corpus_view(corpus, today, project.display.stale_after), texts


def _warn_revision(revision: Any) -> None:
    if revision.diagnostics:
        say(f"warning: the evidence at {revision.label} has {len(revision.diagnostics)} error(s); "
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
    today = _day(date)
    from lucli.errors import UsageError
    from lucli.render.digest import check_output_folder, render_digest
    from lucli.render.output_folder import Plan, plan
    from lucli.render.view_builder import build_corpus_view

    project, corpus = open_project_corpus(root)
    changes = None
    if since is not None:
        from lucli.analysis.changes import compare_corpora
        from lucli.records.gitrev import evidence_at

        before = evidence_at(project, since, today=today)
        _warn_revision(before)
        changes = compare_corpora(before.corpus, corpus, f"{since} ({before.short})", "the working tree")
    folder = check_output_folder(output if output is not None else project.reports / "digest",
                                 None if project.bundled else project.root)
    layout = plan(folder) if folder.is_dir() else Plan(folder, frozenset(), ())
    if layout.foreign and not (force or check):
        raise UsageError(f"--output: {folder} holds files lucli did not write, such as {layout.foreign[0]}; "
                         f"refusing to write into it", "give a new or empty folder, or pass --force to write beside "
                                                       "them (lucli never removes them)")
    view = build_corpus_view(corpus, today, project.display.stale_after)
    if check:
        built = render_digest(view, _renderer(project), today, changes, sink=_Checker(folder))
        _report_check(folder, built.files, layout.stale(built.files))
        return
    with _Staging(folder) as staging:
        built = render_digest(view, _renderer(project), today, changes, sink=staging.write)
        staging.publish(list(built.files), layout)
    say(f"wrote {len(built.files)} files to {folder}; open {folder / 'index.html'}")


class _Checker:
    """A digest sink for --check: compares each file with the one on disk and says what is wrong, if anything."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, relative: str, text: str) -> str | None:
        from lucli.render.digest import target_path

        path = target_path(self.folder, relative)
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"missing: {path}"
        except (OSError, UnicodeDecodeError) as exc:
            return f"stale: {path} (cannot read it: {exc})"
        return None if current == text else f"stale: {path}"


def _report_check(folder: Path, problems: dict[str, str | None], leftovers: list[Path]) -> None:
    found = [problem for problem in problems.values() if problem]
    for problem in found:
        say(problem)
    for path in leftovers:
        say(f"extra: {path} (no such record any more)")
    if found or leftovers:
        raise typer.Exit(1)
    say(f"up to date: {folder} ({len(problems)} files)")


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold Ctrl-C back for a moment (where the platform can): it is delivered when the block ends."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Staging:
    """A digest sink that writes each file into a hidden folder beside the output folder as it comes, so no
    process holds the whole digest; once every page has rendered, the files are renamed into place (each
    appears whole), and if any page fails the output folder is left as it was. The digest can be rebuilt
    from the evidence at any time, so staged files are not synced one by one (20,000 fsyncs at 100k)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root: Path | None = None

    def __enter__(self) -> _Staging:
        import tempfile

        from lucli.errors import LucliError

        try:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            # Ctrl-C waits until the staging folder's name is noted, so __exit__ can always remove it.
            with _no_interrupt():
                self.root = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.", suffix=".tmp",
                                                  dir=self.folder.parent))
        except OSError as exc:
            raise LucliError(f"{self.folder}: cannot write: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, *_exc: object) -> None:
        import shutil

        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def write(self, relative: str, text: str) -> None:
        """Write one file into the staging folder (its path is checked against the output folder first)."""
        from lucli.errors import LucliError
        from lucli.render.digest import target_path

        assert self.root is not None
        target_path(self.folder, relative)
        path = self.root / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise LucliError(f"{self.folder / relative}: cannot write: {exc.strerror or exc}") from exc

    def publish(self, names: list[str], layout: Any) -> None:
        """Move every staged file into the output folder and remove what an earlier digest wrote that this one
        does not. The manifest names every file lucli may have written at each moment, so an interrupted run
        still knows what is its own."""
        import os

        from lucli.atomic import write_atomic
        from lucli.errors import LucliError
        from lucli.render.digest import target_path
        from lucli.render.output_folder import MANIFEST, manifest_text

        assert self.root is not None
        try:
            write_atomic(self.folder / MANIFEST, manifest_text([*names, *layout.written_before]))
            for relative in names:
                path = target_path(self.folder, relative)
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.root / relative, path)  # a link in the way is replaced, never followed
            for path in layout.stale(names):
                path.unlink(missing_ok=True)  # never follows a link: a link is removed, not what it points to
                say(f"removed {path} (no such record any more)")
            write_atomic(self.folder / MANIFEST, manifest_text(names))
        except OSError as exc:
            raise LucliError(f"{exc.filename or self.folder}: cannot write: {exc.strerror or exc}") from exc


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
    today = _day(date)
    from lucli.analysis.changes import compare_corpora, format_text, to_json
    from lucli.records.gitrev import evidence_at
    from lucli.records.project import find_project

    if "..." in revisions:
        raise typer.BadParameter("use two dots, REV_A..REV_B", param_hint="REV_A..REV_B")
    first, _dots, second = revisions.partition("..")
    project = find_project(root)
    before = evidence_at(project, first, today=today)
    _warn_revision(before)
    if second:
        after_rev = evidence_at(project, second, today=today)
        _warn_revision(after_rev)
        after, after_label = after_rev.corpus, f"{second} ({after_rev.short})"
    else:
        project, after = open_project_corpus(root)
        after_label = "the working tree"
    changes = compare_corpora(before.corpus, after, f"{first} ({before.short})", after_label)
    if format == "json":
        emit(to_json(changes), output)
    elif format == "md":
        from lucli.render.context import base_context
        from lucli.render.view_builder import build_corpus_view

        context = dict(base_context(build_corpus_view(after, today, project.display.stale_after), today),
                       changes=changes, root="", page="changes")
        emit(_renderer(project).render("digest/changes.md.j2", context), output)
    else:
        emit(format_text(changes), output)
