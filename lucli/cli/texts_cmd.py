"""The `texts` commands: archive a report's PDF, web page or text file (`add`), show (`list`) and check (`check`).

Each command parses its options, calls one core function
(`lucli.authoring.extract`, `lucli.authoring.texts`) and writes the result
atomically: the archived text first, then the source file with its new
`texts:` entry (checked by lucli's loader before it is written). If the source
file cannot be written, the new archive is removed again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lucli.cli.common import RootOption, choose, emit, handles_errors, say
from lucli.records.plurals import plural

texts_app = typer.Typer(help="Archive the text of a source (PDF, web page or text file), list and check archives.",
                        no_args_is_help=True)


@texts_app.command("add")
@handles_errors
def add(
    source: Annotated[str, typer.Argument(help="The source: its id, title or file.", show_default=False,
                                          metavar="SOURCE")],
    file: Annotated[Path, typer.Argument(help="The report as .pdf, .html/.htm, .txt or .md.", show_default=False,
                                         metavar="FILE")],
    as_: Annotated[str | None, typer.Option("--as", help="Name of the archive in evidence/texts/ (default: "
                                                         "SOURCE-ID.txt).", show_default=False,
                                            metavar="NAME.txt")] = None,
    root: RootOption = None,
) -> None:
    """Extract a report's text into evidence/texts/ and record where it came from in the source's `texts:` list.

    PDF pages are kept (a form feed between pages), so `lucli verify` can say on which page each quote is.
    Reading PDFs needs the pdf extra: pip install 'lucli[pdf]'.
    """
    import datetime as dt

    from lucli.atomic import write_atomic
    from lucli.authoring.append import read_source
    from lucli.authoring.extract import extract
    from lucli.authoring.texts import archive_path, entry, with_entry
    from lucli.authoring.userinput import locate_source
    from lucli.cli.writable import open_writable
    from lucli.errors import DataError
    from lucli.records.locations import display_path

    project, loaded, corpus = open_writable(root)
    path = locate_source(project, corpus, source)
    target, relative = archive_path(project, path.stem, as_)
    extracted = extract(file, str(file))
    if len(extracted.text.encode("utf-8")) > project.limits.max_bytes:
        raise DataError(f"{file}: the text is over the limit of {project.limits.max_bytes:,} bytes",
                        "raise limits.max_bytes in lucli.yaml")
    text, bom = read_source(path, project)
    item = entry(relative, extracted, file, dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, extracted.text, overwrite=False)
    try:
        new = with_entry(project, loaded.evidence, path, text, item)
        write_atomic(path, bom + new.text, overwrite=True)
    except BaseException:
        target.unlink(missing_ok=True)  # the archive is new: nothing a user wrote is lost
        raise
    pages = f", {plural(extracted.pages, 'page')}" if extracted.pages else ""
    say(f"archived {file.name} as evidence/{relative}{pages}; recorded in {display_path(path)}; "
        f"check its quotes with `lucli verify`")


@texts_app.command("list")
@handles_errors
def list_(
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")] = "table",
    root: RootOption = None,
) -> None:
    """List the archived texts of every source: the source's own (report) and its press coverage's."""
    choose(format, ("table", "json"), "--format")
    from lucli.authoring.texts import render_rows, rows
    from lucli.cli.common import load

    _project, loaded = load(root)
    found = rows(loaded.evidence)
    emit(render_rows(found, format), None)
    say(f"{plural(len(found), 'archived text')}")


@texts_app.command("check")
@handles_errors
def check(
    format: Annotated[str, typer.Option("--format", "-f", help="text (to stderr), json or github (to stdout).",
                                        metavar="FORMAT")] = "text",
    root: RootOption = None,
) -> None:
    """Check every recorded archive against its SHA-256: an edited archive is reported, and never trusted.

    Exit 0 when every recorded text is unchanged, 1 when one has changed or is missing.
    """
    choose(format, ("text", "json", "github"), "--format")
    import json
    from dataclasses import asdict

    from lucli.authoring.texts import check_summary, check_texts
    from lucli.cli.common import load
    from lucli.records.diagnostics import format_github, format_text

    project, loaded = load(root)
    checks, problems = check_texts(project, loaded.evidence)
    if format == "json":
        emit(json.dumps({"checks": [asdict(c) for c in checks], "diagnostics": [asdict(d) for d in problems]},
                        indent=2, ensure_ascii=False) + "\n", None)
    elif format == "github":
        emit(format_github(problems), None)
    elif problems:
        say(format_text(problems))
    say(check_summary(checks))
    if problems:
        raise typer.Exit(1)
