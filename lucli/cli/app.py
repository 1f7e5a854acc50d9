"""The typer application and its global options."""

from __future__ import annotations

from typing import Annotated

import typer

from lucli import __version__

app = typer.Typer(
    name="lucli",
    no_args_is_help=True,
    add_completion=False,
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
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """Keep policy evidence as YAML records, validate it, and compare who says what about which principle.

    Exit codes: 0 ok, 1 problems found in the evidence, 2 usage error.
    """


def _register() -> None:
    # Each module adds its commands to `app` when imported.
    from lucli.cli import (
        add_cmd,  # noqa: F401
        author_cmd,  # noqa: F401
        explore_cmd,  # noqa: F401
        report_cmd,  # noqa: F401
        validate_cmd,  # noqa: F401
    )


_register()


def main() -> None:
    """Run the command line."""
    app()
