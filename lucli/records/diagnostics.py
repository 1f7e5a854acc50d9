"""Problems found in evidence, carried as values with their location.

Every stage of lucli (parse, check, cross-reference, render) reports what is
wrong as a `Diagnostic` rather than raising, so that one run can report every
problem in every file and the CLI can decide once how to exit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from lucli.records.safetext import shown, shown_lines

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place in one file."""

    path: str
    """File the problem is in, as the user would type it."""
    line: int
    """1-based line number (0 when the problem concerns the whole file)."""
    col: int
    """1-based column number (0 when unknown)."""
    severity: Severity
    """`error` fails validation; `warning` fails only with `--strict`."""
    code: str
    """Stable kebab-case name of the check, e.g. `unknown-principle`."""
    message: str
    """What is wrong, in plain words."""
    hint: str | None = None
    """How to fix it, e.g. "did you mean 'devolution'?"."""

    @property
    def location(self) -> str:
        """`path:line:col`, the form editors and terminals make clickable."""
        return f"{self.path}:{self.line}:{self.col}"

    def format(self) -> str:
        """Render as the one-line form `path:line:col: severity[code]: message; hint`.

        Control characters (from file names or record text) are shown as escapes: one diagnostic is one line,
        and none can recolour a terminal or forge another.
        """
        text = f"{shown(self.location)}: {self.severity}[{self.code}]: {shown(self.message)}"
        return f"{text}; {shown(self.hint)}" if self.hint else text


def error(path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    """Make an error diagnostic."""
    return Diagnostic(path, line, col, "error", code, message, hint)


def warning(path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    """Make a warning diagnostic."""
    return Diagnostic(path, line, col, "warning", code, message, hint)


def has_failures(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    """Tell whether these diagnostics mean the evidence is not valid."""
    return any(d.severity == "error" or strict for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file, then position, so output is stable and reads top to bottom."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """Render one line per diagnostic."""
    return "".join(d.format() + "\n" for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    """Render a JSON document: `{"format_version": 1, "diagnostics": [...]}`."""
    items = [asdict(d) for d in diagnostics]
    return json.dumps({"format_version": 1, "diagnostics": items}, indent=2, ensure_ascii=False) + "\n"


def _github_escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command syntax needs these characters percent-encoded; other control characters are
    # shown as escapes, as on a terminal.
    text = shown_lines(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """Render GitHub Actions workflow commands (`::error file=…,line=…::msg`)."""
    lines = []
    for d in diagnostics:
        props = f"file={_github_escape(d.path, prop=True)}"
        if d.line:
            props += f",line={d.line}"
        if d.col:
            props += f",col={d.col}"
        props += f",title={_github_escape('lucli ' + d.code, prop=True)}"
        message = d.message + (f"; {d.hint}" if d.hint else "")
        lines.append(f"::{d.severity} {props}::{_github_escape(message)}\n")
    return "".join(lines)
