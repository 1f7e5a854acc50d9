"""Check what a person typed for a new record: free text, dates, addresses, principles, and which source they meant.

Each check returns the value cleaned up, or raises `UsageError` with a hint, so
the `add` commands can refuse an option or ask the question again.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from lucli.errors import UsageError
from lucli.records.locations import display_path
from lucli.records.project import Project
from lucli.records.schema import is_slug


def fuzzy_pick(text: str, options: dict[str, list[str]]) -> tuple[str | None, list[str]]:
    """Pick the option a person meant from what they typed: (id, []) when confident, else (None, nearest ids).

    Exact matches on any name win; otherwise rapidfuzz must score 85 or more and beat every other option by 5.
    """
    from rapidfuzz import fuzz, process, utils

    key = utils.default_process(text)
    for ident, names in options.items():
        if key and key in {utils.default_process(n) for n in names}:
            return ident, []
    # Short names (acronyms) match only exactly: 'ai' is inside far too many words to count as evidence.
    flat = [(k, ident) for ident, names in options.items() for n in names if len(k := utils.default_process(n)) >= 4]
    found = process.extract(key, [n for n, _ in flat], scorer=fuzz.WRatio, processor=None, limit=None)
    best: dict[str, float] = {}
    for _, score, index in found:
        ident = flat[index][1]
        best[ident] = max(best.get(ident, 0.0), score)
    ranked = sorted(best, key=lambda i: -best[i])
    if ranked and best[ranked[0]] >= 85 and (len(ranked) == 1 or best[ranked[0]] - best[ranked[1]] >= 5):
        return ranked[0], []
    return None, [i for i in ranked[:3] if best[i] >= 50]


def clean_text(text: str, option: str) -> str:
    """Collapse runs of whitespace; refuse empty text."""
    if not text.strip():
        raise UsageError(f"{option} is empty",
                         f"give {option} some text, or leave it out to be asked for it on a terminal")
    return " ".join(text.split())


def check_date(text: str, option: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD that is a real date and not in the future."""
    from lucli.records.check import date_problem

    problem = date_problem(text.strip(), dt.date.today())
    if problem:
        raise UsageError(f"{option}: {problem[1]}", problem[2])
    return text.strip()


def check_url(text: str) -> str:
    """Accept an http(s) address."""
    from lucli.records.schema import URL_PATTERN

    if not re.match(URL_PATTERN, text.strip()):
        raise UsageError(f"--url: '{text}' is not an http(s) URL", "never guess an address; leave it out if unknown")
    return text.strip()


def principle_refs(values: list[str], corpus: Any) -> tuple[tuple[str, str], ...]:
    """Resolve `ID[:stance]` values (ids, labels or aliases) to (id, stance) pairs, with did-you-mean on typos."""
    from lucli.analysis.resolve import resolve
    from lucli.records.hints import did_you_mean
    from lucli.records.model import STANCES

    found: dict[str, str] = {}
    for value in values:
        name, stance = value.strip(), "supports"
        if ":" in value:
            name, stance = (p.strip() for p in value.rsplit(":", 1))
            if stance not in STANCES:
                raise UsageError(f"--principle {value}: '{stance}' is not a stance",
                                 did_you_mean(stance, STANCES) or "use supports, opposes or qualifies")
        ident = resolve(corpus, name, ("principle",)).id
        if ident in found:
            raise UsageError(f"--principle: '{ident}' is given twice")
        found[ident] = stance
    if not found:
        raise UsageError("give at least one principle")
    return tuple(found.items())


def locate_source(project: Project, corpus: Any, text: str) -> Path:
    """Find the file of a source named on the command line: a path to it, its id, or its title."""
    from lucli.analysis.resolve import resolve
    from lucli.atomic import inside

    path = Path(text)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        if not inside(path, project.sources):
            raise UsageError(f"{text} is not in {display_path(project.sources)}/",
                             "source files live in evidence/sources/")
        return path
    suffixes = (".yaml", ".yml")
    if not is_slug(text) or not any((project.sources / f"{text}{s}").is_file() for s in suffixes):
        text = resolve(corpus, text, ("source",)).id
    found = next((p for s in suffixes if (p := project.sources / f"{text}{s}").is_file()), None)
    if found is None or not inside(found, project.root):
        raise UsageError(f"cannot edit the file of source '{text}'", "it must be a file inside the repository")
    return found
