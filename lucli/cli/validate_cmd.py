"""`lucli validate` and `lucli schema`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from lucli.cli.common import NoCacheOption, RootOption, choose, emit, handles_errors, load, say
from lucli.records.plurals import plural

FORMATS = ("text", "json", "github")


@handles_errors
def validate(
    root: RootOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text (to stderr), json or github (to stdout).",
                                        metavar="FORMAT")]
    = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every evidence file and report each problem as path:line:col.

    Exit 0 when the evidence is valid, 1 when problems are found, 2 on a usage error.
    """
    choose(format, FORMATS, "--format")
    from lucli.authoring.verify import report_words_in_coverage
    from lucli.records.diagnostics import format_github, format_json, format_text, has_failures, sort_diagnostics

    project, loaded = load(root, no_cache)
    # A quote credited to the report but found only in coverage, outside quotation marks, is the outlet's.
    problems = sort_diagnostics([*loaded.diagnostics, *report_words_in_coverage(project, loaded.evidence)])
    if format == "json":
        emit(format_json(problems), None)
    elif format == "github":
        emit(format_github(problems), None)
    else:
        text = format_text(problems)
        if text:
            say(text)
    errors = sum(d.severity == "error" for d in problems)
    warnings = len(problems) - errors
    evidence = loaded.evidence
    findings = sum(len(s.findings) for s in evidence.sources)
    where = " (bundled corpus)" if project.bundled else ""
    records = ", ".join([plural(len(evidence.sources), "source"), plural(findings, "finding"),
                         plural(len(evidence.principles), "principle"),
                         plural(len(evidence.organisations), "organisation")])
    say(f"checked {plural(loaded.files, 'file')}{where}: {records}; {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}")
    if has_failures(problems, strict=strict):
        raise typer.Exit(1)


@handles_errors
def schema(
    kind: Annotated[str, typer.Argument(help="source, organisations or principles.", metavar="KIND")] = "source",
) -> None:
    """Print the JSON Schema (draft 2020-12) of an evidence file, for editors.

    Point yaml-language-server at it with a first line such as
    `# yaml-language-server: $schema=../../schema/source.schema.json`.
    """
    from lucli.records.schema import FILE_SHAPES, json_schema

    choose(kind, tuple(FILE_SHAPES), "KIND")
    emit(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", None)
