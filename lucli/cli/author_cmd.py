"""Placeholder: commands are added by their own issue."""

from lucli.cli.app import app  # noqa: F401
