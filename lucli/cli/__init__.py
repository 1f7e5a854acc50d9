"""The `lucli` command line: a thin layer of typer commands over the core."""

from lucli.cli.app import app, main

__all__ = ["app", "main"]
