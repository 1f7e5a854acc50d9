"""What one evidence file yielded: its records and the problems found in it.

Apart from `lucli.records.build`, which makes it, so that reading records back (the record cache, the SQLite
index) does not import the checks, the schema and the fuzzy matcher that building them needs: at start-up of a
warm `show`, `compare PRINCIPLE` or `brief` those were about 0.04 s of imports on a busy machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lucli.records.diagnostics import Diagnostic
from lucli.records.model import Organisation, Principle, Source


@dataclass
class FileResult:
    """What one evidence file yielded."""

    organisations: list[Organisation] = field(default_factory=list)
    principles: list[Principle] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    latest_date: str | None = None
    """The latest date the file gives (ISO): checked on any day from this one on, it gives the same result."""
