"""Authoring commands that work over the whole evidence: `suggest`, `dedupe`, `verify`, `export` and `import`.

Each command parses its options, calls one core function, and prints or writes
the result. `import` writes source skeletons atomically and never over an
existing file. The `add` commands are in `lucli.cli.add_cmd`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from lucli.cli.common import (
    BasisFilter,
    ForceOption,
    KindFilter,
    OrganisationFilter,
    OutputOption,
    PrincipleFilter,
    RootOption,
    SinceFilter,
    UntilFilter,
    choose,
    emit,
    handles_errors,
    say,
)
from lucli.cli.writable import open_writable
from lucli.errors import UsageError
from lucli.records.plurals import plural


@handles_errors
def suggest(
    target: Annotated[str | None, typer.Argument(help="A source id or file, or one finding (source-id/finding-id);"
                                                      " default: every source.", show_default=False,
                                                 metavar="TARGET")] = None,
    untagged: Annotated[bool, typer.Option("--untagged", help="Only findings with no principles yet.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Principles to propose per finding.",
                                       metavar="N")] = 3,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or yaml (a principles: snippet to "
                                                               "paste).", metavar="FORMAT")] = "table",
    evaluate: Annotated[bool, typer.Option("--evaluate", help="Measure how often the principles already chosen "
                                                              "are among the top suggestions.")] = False,
    root: RootOption = None,
) -> None:
    """Propose principles for findings from their statement and quote, showing the words that matched.

    Works on files that fail validation (findings with no principles yet are what it is for).
    """
    choose(format, ("table", "json", "yaml"), "--format")
    from lucli.analysis.suggest import (
        Suggester,
        json_pieces,
        load_principles,
        render_evaluation,
        resolve_targets,
        table_pieces,
        yaml_pieces,
    )
    from lucli.analysis.suggest import evaluate as measure
    from lucli.records.project import find_project

    project = find_project(root)
    principles = load_principles(project)
    paths, finding = resolve_targets(project, target)
    targets: Iterable[Any] = _targets(project, paths)
    if evaluate:
        targets = list(targets)
        emit(render_evaluation(measure(Suggester(principles), targets, limit),
                               measure(Suggester(principles, use_aliases=False), targets, limit)), None)
        return
    if finding:
        targets = [t for t in targets if t.global_id == finding]
        if not targets:
            raise UsageError(f"no finding called '{finding}'", "`lucli show SOURCE` lists its findings")
    if untagged:
        targets = (t for t in targets if not t.chosen)
    suggester = Suggester(principles)
    counted = []

    def suggested() -> Iterator[tuple[Any, Any]]:
        for t in targets:
            counted.append(1)
            yield t, suggester.suggest(t.statement, t.quote, t.chosen, limit)
    # Written a finding at a time, as each file is read: at 100k findings the whole text took 449 MB (its JSON,
    # over a gigabyte).
    emit({"json": json_pieces, "yaml": yaml_pieces, "table": table_pieces}[format](suggested()), None)
    say(f"{plural(len(counted), 'finding')}" + (" with no principles" if untagged else ""))


def _targets(project: Any, paths: list[Path]) -> Iterator[Any]:
    """The findings of the source files `paths`, a file at a time, saying which files could not be read."""
    from lucli.analysis.suggest import targets_by_file

    for found, problem in targets_by_file(project, paths):
        if problem is not None:
            say(f"skipped: {problem}")
        yield from found


@handles_errors
def dedupe(
    threshold: Annotated[int, typer.Option("--threshold", min=0, max=100,
                                           help="Similarity (0–100) at which two findings are reported.",
                                           metavar="SCORE")] = 85,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.", metavar="FORMAT")] = "table",
    fail_on_duplicates: Annotated[bool, typer.Option("--fail-on-duplicates",
                                                     help="Exit 1 when any pair is found.")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    root: RootOption = None,
) -> None:
    """List near-duplicate findings across the corpus (the same claim from two sources, or pasted twice).

    Exit 0 whether or not duplicates are found, unless --fail-on-duplicates is given.
    """
    choose(format, ("table", "json", "csv"), "--format")
    from lucli.analysis.dedupe import near_duplicates, render, summary

    findings = _compared(root)
    report = near_duplicates(findings, threshold)
    emit(render(report, {f.global_id: f for f in findings}, format), output)
    say(summary(report))
    if fail_on_duplicates and report.pairs:
        raise typer.Exit(1)


def _compared(root: Path | None) -> list[Any]:
    """Every finding as dedupe compares it: from the SQLite index when it is current, without building a record,
    else from the records (which report any problem, and have the index written for next time)."""
    from lucli.analysis.dedupe import Compared
    from lucli.cli.common import from_index, open_project_corpus
    from lucli.records.index_reads import finding_texts
    from lucli.records.project import find_project

    project = find_project(root)
    found: list[Any] | None
    found, stale = from_index(project, False, lambda index: [Compared(*texts) for texts in finding_texts(index)])
    if found is not None:
        return found
    _project, corpus = open_project_corpus(root, project=project, keep_index=stale)
    return [Compared.of(f) for f in corpus.findings.values()]


@handles_errors
def verify(
    texts: Annotated[Path | None, typer.Option("--texts", help="A folder of .txt files to search for the quotes "
                                                           "of sources that name no archived text (counted as "
                                                           "coverage).", show_default=False, metavar="FOLDER")]
    = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text (a table on stdout, problems on stderr), "
                                                               "json or github (to stdout).", metavar="FORMAT")]
    = "text",
    require: Annotated[bool, typer.Option("--require", help="Make an unverifiable quote (no archived text) an "
                                                            "error too, e.g. in CI.")] = False,
    fix_locators: Annotated[bool, typer.Option("--fix-locators", help="Write the page where each quote was found "
                                                                      "into `locator` where none is set.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    root: RootOption = None,
) -> None:
    """Check every quote against the archived texts of its source and its coverage, down to the page.

    Each quote is verified (with its page, when the text has pages), verified in coverage only, not found (with
    the closest passage) or unverifiable (no archived text). A locator that names a page the quote is not on is
    an error. Exit 0 ok, 1 a quote not found, a wrong page or a changed archive (or, with --require, an
    unverifiable quote), 2 usage error.
    """
    choose(format, ("text", "json", "github"), "--format")
    from lucli.authoring.verify import extra_archives, locator_fixes, summary, table, to_json
    from lucli.authoring.verify import verify as check
    from lucli.cli.common import load
    from lucli.records.diagnostics import format_github, format_text, has_failures

    if texts is not None and not texts.is_dir():
        raise UsageError(f"--texts: no such folder: {texts}")
    project, loaded = load(root)
    if fix_locators and (project.bundled or not project.evidence.is_dir()):
        raise UsageError("--fix-locators: no evidence repository here, so there is nowhere to write",
                         "run it in a folder holding evidence/, or pass --root")
    errors = sum(d.severity == "error" for d in loaded.diagnostics)
    if errors:
        say(f"note: the evidence has {plural(errors, 'validation error')}; only the records that loaded are checked")
    report = check(project, loaded.evidence, extra_archives(texts, project.limits), require=require)
    problems = list(report.diagnostics)
    if format == "json":
        emit(to_json(report), None)
    elif format == "github":
        emit(format_github(problems), None)
    else:
        emit(table(report), None)
        if problems:
            say(format_text(problems))
    if fix_locators:
        _fix_locators(project, loaded.evidence, locator_fixes(report))
    say(summary(report))
    if has_failures(problems, strict=strict):
        raise typer.Exit(1)


def _fix_locators(project: Any, evidence: Any, fixes: dict[str, dict[str, str]]) -> None:
    """Write the found pages into the source files, each checked before it is written."""
    from lucli.atomic import write_atomic
    from lucli.authoring.append import read_source
    from lucli.authoring.locators import add_locators
    from lucli.authoring.new_source import accept
    from lucli.records.locations import display_path

    for source_id, found in sorted(fixes.items()):
        path = project.sources / f"{source_id}.yaml"
        text, bom = read_source(path, project)
        new = accept(project, evidence, path, add_locators(text, display_path(path), found))
        write_atomic(path, bom + new.text, overwrite=True)
        say(f"{display_path(path)}: set the locator of {plural(len(found), 'quote')} "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(found.items()))})")


@handles_errors
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="json, csv, csl-json (Zotero, pandoc), bibtex, "
                                                               "ris, or text (a reference list in a citation "
                                                               "style).", metavar="FORMAT")] = "csl-json",
    principle: PrincipleFilter = None, organisation: OrganisationFilter = None, kind: KindFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, basis: BasisFilter = None,
    output: OutputOption = None, root: RootOption = None,
    force: ForceOption = False,
    csl: Annotated[str | None, typer.Option(
        "--csl", help="With --format text: a CSL style name or a .csl file (default: Harvard, Cite Them Right).",
        show_default=False, metavar="STYLE")] = None,
) -> None:
    """Export the sources as citations, with their principles as keywords and their positions in a note.

    With --principle, --kind or --basis, only sources with a matching finding are exported. --format text
    writes a reference list formatted the way briefings cite sources.
    """
    from lucli.authoring.citations import FORMATS, WRITERS, citations
    from lucli.records.project import find_project

    choose(format, (*FORMATS, "text"), "--format")
    if csl is not None and format != "text":
        raise typer.BadParameter("a citation style applies to --format text only", param_hint="--csl")
    project = find_project(root)
    found = None if any((principle, organisation, kind, since, until, basis)) else _indexed_sources(project)
    if found is None:
        corpus, sources = _filtered_sources(root, project, principle, organisation, kind, since, until, basis)
    else:
        corpus, sources, counted = found
    if format == "text":
        from lucli.render.cite import reference_list
        from lucli.render.environment import template_dirs

        templates = template_dirs(project.templates)
        emit(reference_list(corpus, sources, csl, (templates.user, templates.builtin)), output)
    else:
        emit(WRITERS[format](citations(corpus, sources) if found is None else counted()), output)
    if output is None:
        say(f"exported {plural(len(sources), 'source')}")


def _indexed_sources(project: Any) -> tuple[Any, list[Any], Callable[[], list[Any]]] | None:
    """(every organisation and principle, every source without its findings, its citations) from the SQLite index
    when it is current; None when the records must be read. At 100k findings the records took 290 MB."""
    from lucli.authoring.citations import counted_citations
    from lucli.cli.common import from_index
    from lucli.records.index import NO_PRINCIPLE
    from lucli.records.index_reads import findings_by_source, stances_by_source

    def read(index: Any) -> tuple[Any, list[Any], Callable[[], list[Any]]]:
        findings = findings_by_source(index)
        corpus = index.corpus(sorted(findings), NO_PRINCIPLE)  # every source without its findings
        stances = stances_by_source(index)
        sources = list(corpus.sources.values())
        return corpus, sources, lambda: counted_citations(corpus, sources, stances, findings)

    found, _stale = from_index(project, False, read)
    return found  # type: ignore[no-any-return]


def _filtered_sources(root: Path | None, project: Any, *filters: Any) -> tuple[Any, list[Any]]:
    """The corpus and the sources to export, read from every record: those with a finding the filters keep when
    a filter is on findings (principle, kind, basis), else those the filters keep."""
    from lucli.cli.common import build_filters, filtered, open_project_corpus

    project, corpus = open_project_corpus(root, project=project)
    chosen = build_filters(corpus, *filters)
    view = filtered(corpus, chosen)
    by_finding = bool(chosen.principles or chosen.kinds or chosen.bases)
    return corpus, [corpus.sources[s.id] for s in view.sources.values() if s.findings or not by_finding]


IMPORT_FORMATS = ("csl-json",)


def _import_format(value: str) -> str:
    """FORMAT, checked as it is parsed: `lucli import refs.json` would otherwise be told FILE is missing."""
    if value not in IMPORT_FORMATS and ("." in value or "/" in value):
        raise typer.BadParameter(f"'{value}' is not a format; the format comes first: "
                                 f"`lucli import {IMPORT_FORMATS[0]} {value}`", param_hint="FORMAT")
    return choose(value, IMPORT_FORMATS, "FORMAT")


@handles_errors
def import_(
    format: Annotated[str, typer.Argument(help="The file's format: csl-json.", show_default=False, metavar="FORMAT",
                                          callback=_import_format)],
    file: Annotated[Path, typer.Argument(help="A CSL-JSON export from Zotero or pandoc.", show_default=False,
                                         metavar="FILE")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the skeletons instead of writing them.")]
    = False,
    root: RootOption = None,
) -> None:
    """Turn a bibliography export into source skeletons in evidence/sources/, one file per item.

    An existing file is never written over: it is reported and skipped. Publishers are matched to known
    organisations by name; any that do not match are left as a TODO comment and reported.
    """
    from lucli.atomic import write_atomic
    from lucli.authoring.importing import plan_import, read_items
    from lucli.authoring.new_source import check_source_text
    from lucli.records.locations import display_path

    project, loaded, _corpus = open_writable(root)
    plan = plan_import(read_items(file), list(loaded.evidence.organisations))
    for message in plan.skipped:
        say(f"skipped: {message}")
    written = existing = 0
    for skeleton in plan.skeletons:
        path = project.sources / f"{skeleton.id}.yaml"
        shown = display_path(path)
        if path.exists() or path.with_suffix(".yml").exists():
            existing += 1
            say(f"skipped: {shown} already exists")
            continue
        todo = [d.message for d in check_source_text(project, loaded.evidence, path, skeleton.text)
                if d.severity == "error"]
        if dry_run:
            emit(skeleton.text + "\n", None)
        else:
            try:
                write_atomic(path, skeleton.text, overwrite=False)
            except FileExistsError:
                existing += 1
                say(f"skipped: {shown} already exists")
                continue
            say(f"wrote {shown}")
        written += 1
        # The skeleton's own notes explain its expected errors; anything else the loader found is shown too.
        for note in skeleton.notes or tuple(todo):
            say(f"  to do: {note}")
    verb = "would write" if dry_run else "wrote"
    items = len(plan.skeletons) + len(plan.skipped)
    say(f"{plural(items, 'item')}: {verb} {written}, {existing} already there, "
        f"{len(plan.skipped)} unusable")
