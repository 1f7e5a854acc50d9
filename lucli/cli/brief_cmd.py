"""`lucli brief`: a briefing on one principle, organisation or source, in Markdown, HTML or Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from lucli.cli.common import ForceOption, RootOption, choose, emit, from_index, handles_errors, say
from lucli.cli.report_cmd import (
    CheckOption,
    CslOption,
    DateOption,
    bibliography,
    check_files,
    report_day,
    report_renderer,
)

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
    today = report_day(date)
    fmt = _brief_format(format, output, stdout, check)
    choose(detail, ("brief", "full"), "--detail")
    from lucli.records.project import find_project
    from lucli.render.handover import SUFFIXES, hand_over

    project = find_project(root)
    renderer = report_renderer(project)
    references = bibliography(csl, renderer.templates, project)
    rendered = _brief_text(root, project, renderer, references, topic, today,
                           {"template": template, "detail": detail, "appendix": appendix})
    content = hand_over(rendered.text, fmt, renderer.templates)
    if stdout:
        emit(str(content), None)
        return
    path = output if output is not None else project.reports / f"brief-{rendered.topic}{SUFFIXES[fmt]}"
    if check:
        if check_files({path: str(content)}):
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
    from lucli.records.project import evidence_state
    from lucli.render.brief import TEMPLATES, Rendered, render_brief
    from lucli.render.compiled_ahead import compiled_ahead
    from lucli.render.guarded import guarded
    from lucli.render.viewcache import recall_rendered, remember_rendered

    def render(kind: str, topic_id: str, view: Any) -> Rendered:
        def job() -> Rendered:
            done = render_brief(view, renderer, kind, topic_id, today, options["template"], references,
                                options["detail"], options["appendix"])
            references.keep()  # in the process that formatted them: the next briefing reuses them
            return done

        return guarded(job)

    own = None if options["template"] else renderer.builtin_sources(TEMPLATES["principle"])
    # The file list, the remembered briefing and the view hold no cycles, are made once and live until the command
    # ends (`lucli.records.heap`); reading every record, below, pauses the collector in its own way.
    with collector_paused(keep=True):
        # Each evidence file stat-ed once: for the remembered briefing's key and for the index's check.
        state = evidence_state(project) if own is not None else None
        key = _brief_key(project, renderer, references, topic, today, options, state) if own is not None else None
        day = dt.date.today()  # the records' checks are of this day; the generated date (`today`) is in the key
        if key is not None and (found := recall_rendered(project, key, day)) is not None:
            return Rendered(found["text"], found["kind"], found["topic"])
        answered, stale = None, False
        if own is not None:
            # The templates are compiled by a helper while the view is built (`lucli.render.compiled_ahead`), for
            # the environment that renders them (lucli's own: the trusted one, `lucli.render.trusted`).
            with compiled_ahead(renderer.environment(TEMPLATES["principle"]), own) as ahead:
                answered, stale = from_index(project, False, lambda index: _indexed(index, topic, today, project),
                                             state)
                ahead.hand_over()
            if answered is not None:
                (kind, topic_id, view), texts = answered
                rendered = render(kind, topic_id, view)
    if answered is None:
        kind, topic_id, view, texts = _whole_view(root, project, topic, today, stale)
        rendered = render(kind, topic_id, view)
    if key is not None:
        remember_rendered(project, key, {"text": rendered.text, "kind": rendered.kind, "topic": rendered.topic},
                          texts, day)
    return rendered


def _indexed(index: Any, topic: str, today: dt.date, project: Any) -> Any:
    """((kind, id, its briefing's view), the archived texts the records name), or None."""
    from lucli.records.reindex import archived_texts
    from lucli.render.indexed_brief import indexed_brief_view
    from lucli.render.indexed_facts import with_facts

    # After an update a file at a time, the facts about the whole evidence are worked out from the index.
    found = indexed_brief_view(with_facts(index, project), topic, today, project.display.stale_after)
    if found is None:
        from lucli.render.indexed_profile import indexed_profile_view

        found = indexed_profile_view(project, index, topic, today, project.display.stale_after)
    return (found, archived_texts(index)) if found is not None else None


def _brief_key(project: Any, renderer: Any, references: Any, topic: str, today: dt.date,
               options: dict[str, Any], state: Any) -> str | None:
    """The key a briefing with lucli's own templates is remembered by; None when a repository brings its own
    copy of one of the briefing templates, or there is nowhere to remember it. `state`: `evidence_state`."""
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
                                       "templates": templates, "display": str(project.display)}, state)


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
