"""People's names as bibliographies want them: family and given name, split only when the split is certain."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """An author's name, split only when the form 'Given Family' makes the split certain."""

    literal: str
    family: str | None = None
    given: str | None = None


def person(name: str) -> Person:
    """Split 'Given Family' or 'Family, Given'; keep anything else (organisations, longer names) whole."""
    if name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        if family and given:
            return Person(name, family, given)
    parts = name.split()
    if len(parts) == 2 and all(p[:1].isupper() for p in parts):
        return Person(name, parts[1], parts[0])
    return Person(name)


def csl_name(p: Person) -> dict[str, str]:
    """The name as CSL-JSON writes it: family and given, or the whole name as a literal."""
    return {"family": p.family, "given": p.given} if p.family and p.given else {"literal": p.literal}
