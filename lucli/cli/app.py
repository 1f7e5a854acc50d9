"""The typer application and its global options."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from lucli import __version__
from lucli.cli import (
    add_cmd,
    author_cmd,
    brief_cmd,
    explore_cmd,
    init_cmd,
    report_cmd,
    taxonomy_cmd,
    texts_cmd,
    validate_cmd,
)
from lucli.cli.common import interrupted, on_interrupt
from lucli.cli.conventions import LucliCommand, LucliGroup
from lucli.cli.dispatch import check_only_given_values
from lucli.cli.leaving import leave
from lucli.cli.swallowed_interrupts import raise_swallowed_interrupts

check_only_given_values()

app = typer.Typer(
    name="lucli",
    cls=LucliGroup,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lucli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool | None, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    trusted_config: Annotated[Path | None, typer.Option(
        "--trusted-config", show_default=False, metavar="PATH",
        help="Take settings and limits from this file, not the repository's lucli.yaml (for CI on pull "
             "requests: lucli.yaml as it is on the base branch).")] = None,
    templates: Annotated[str | None, typer.Option(
        "--templates", show_default=False, metavar="repo|builtin",
        help="Whose templates to render with: 'repo' (the repository's templates/ override lucli's; the "
             "default) or 'builtin' (lucli's own only: use it in CI on pull requests).")] = None,
) -> None:
    """Keep policy evidence as YAML records, validate it, and compare who says what about which principle.

    Exit codes: 0 ok, 1 problems found in the evidence, 2 usage error.
    """
    if trusted_config is not None:
        # The option and the variable are one setting (lucli.records.project.TRUSTED_ENV); the variable
        # reaches every command and worker.
        os.environ["LUCLI_TRUSTED_CONFIG"] = str(trusted_config.expanduser().absolute())
    if templates is not None:
        if templates not in ("repo", "builtin"):
            raise typer.BadParameter(f"'{templates}' is not one of: repo, builtin", param_hint="--templates")
        os.environ["LUCLI_TEMPLATES"] = templates  # as LUCLI_TEMPLATES (lucli.render.template_files)


def _register() -> None:
    # The one place commands join the app: command modules define plain functions and never import `app`.
    app.command(cls=LucliCommand)(explore_cmd.compare)
    app.command("list", cls=LucliCommand)(explore_cmd.list_)
    app.command(cls=LucliCommand)(explore_cmd.show)
    app.command(cls=LucliCommand)(explore_cmd.search)
    app.command(cls=LucliCommand)(brief_cmd.brief)
    app.command(cls=LucliCommand)(report_cmd.digest)
    app.command("diff", cls=LucliCommand)(report_cmd.diff_command)
    app.command(cls=LucliCommand)(init_cmd.init)
    app.command(cls=LucliCommand)(author_cmd.suggest)
    app.command(cls=LucliCommand)(author_cmd.dedupe)
    app.command(cls=LucliCommand)(author_cmd.verify)
    app.command(cls=LucliCommand)(author_cmd.export)
    app.command("import", cls=LucliCommand)(author_cmd.import_)
    app.command(cls=LucliCommand)(validate_cmd.validate)
    app.command(cls=LucliCommand)(validate_cmd.schema)
    add_cmd.add_app.command("organisation")(taxonomy_cmd.add_organisation)
    add_cmd.add_app.command("principle")(taxonomy_cmd.add_principle)
    app.add_typer(add_cmd.add_app, name="add", cls=LucliGroup)
    app.add_typer(texts_cmd.texts_app, name="texts", cls=LucliGroup)
    _follow_conventions(app)


def _follow_conventions(typer_app: typer.Typer) -> None:
    """Give every command, here and in sub-apps, lucli's help and error style (conventions.LucliCommand)."""
    for info in typer_app.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = LucliCommand
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _follow_conventions(group.typer_instance)


_register()


def main() -> None:
    """Run the command line; Ctrl-C anywhere ends it with one line and exit code 130."""
    signal.signal(signal.SIGINT, on_interrupt)
    raise_swallowed_interrupts()  # a Ctrl-C in a weakref callback or __del__ is not lost
    try:
        try:
            app()
        finally:
            # The run is over: a late Ctrl-C must not turn its exit status into a signal during shutdown.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (KeyboardInterrupt, RuntimeError) as exc:  # outside a command, or just as the run ended (typer
        if not interrupted(exc):  # handles one inside); a RuntimeError only with Ctrl-C behind it (`interrupted`)
            raise
        raise SystemExit(130) from None
    except SystemExit as done:  # how typer ends every run
        leave(done)
