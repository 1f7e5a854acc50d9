"""`lucli init`: start an evidence repository of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lucli.cli.common import handles_errors, say


@handles_errors
def init(
    path: Annotated[Path | None, typer.Argument(help="Folder for the new evidence repository (default: here).",
                                                   show_default=False, metavar="FOLDER")] = None,
    empty: Annotated[bool, typer.Option(
        "--empty", help="Start with no principles or organisations instead of lucli's own taxonomy and "
                        "organisations.")] = False,
    install: Annotated[str | None, typer.Option(
        "--install", metavar="SPEC", show_default=False,
        help="How the CI workflow installs lucli, as pip takes it, e.g. 'lucli @ git+https://…' (default: the "
             "way this lucli was installed; lucli==VERSION only when it came from a package index).")] = None,
) -> None:
    """Start a new evidence repository: taxonomy, organisations, schemas, a README, CI and a pre-commit hook.

    By default the principles and organisations are lucli's own, so findings can be tagged at once; there
    are no example records. Existing files are never overwritten; they are listed as skipped.
    """
    from lucli.authoring.provenance import installed_spec
    from lucli.authoring.scaffold import scaffold

    spec = installed_spec()
    requirement = install.strip() if install and install.strip() else spec.requirement
    done = scaffold(path if path is not None else Path.cwd(), requirement, empty=empty)
    for created in done.created:
        say(f"created {created}")
    for skipped in done.skipped:
        say(f"skipped {skipped} (it already exists)")
    say(f"CI installs lucli with: {requirement}")
    if install is None and spec.note:
        say(f"warning: {spec.note}")
    say(f"next: cd {done.root} && lucli validate" if path is not None else "next: lucli validate")
