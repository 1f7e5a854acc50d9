"""Errors that stop a command, each mapped to a documented exit code.

Problems in the evidence itself are `Diagnostic` values, not exceptions; these
are for the cases where a command cannot go on at all.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class LucliError(Exception):
    """A failure reported to the user as a message, never as a traceback."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format(self) -> str:
        """Render the message and hint for stderr."""
        return f"{self.message}\nhint: {self.hint}" if self.hint else self.message


class UsageError(LucliError):
    """The command line asks for something impossible: no such root, target or option value."""

    exit_code = EXIT_USAGE


class DataError(LucliError):
    """The evidence cannot be used, e.g. it fails validation before rendering."""

    exit_code = EXIT_PROBLEMS


class RenderError(LucliError):
    """A template failed to render."""

    exit_code = EXIT_PROBLEMS
