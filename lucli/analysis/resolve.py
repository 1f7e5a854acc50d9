"""Resolve what a user typed ("IfG", "single pot", "Local Government Association") to a record.

Matching is case-insensitive and exact on ids, labels, names and aliases
(ignoring punctuation and spacing); only when nothing matches exactly are
fuzzy suggestions offered, so a typo never silently picks the wrong record.
"""

from __future__ import annotations

from dataclasses import dataclass

from lucli.errors import UsageError
from lucli.records.corpus import Corpus
from lucli.records.hints import name_key, nearest

KINDS = ("principle", "organisation", "source", "finding")


@dataclass(frozen=True)
class Target:
    """A record named on the command line."""

    kind: str
    """principle | organisation | source | finding."""
    id: str
    """Its id (global id for a finding)."""
    label: str
    """How to show it to a person."""


def _names(corpus: Corpus, kinds: tuple[str, ...]) -> list[tuple[str, Target]]:
    """Every name each record can be called by, paired with the record."""
    names: list[tuple[str, Target]] = []
    if "principle" in kinds:
        for p in corpus.principles.values():
            t = Target("principle", p.id, p.label)
            names += [(n, t) for n in (p.id, p.label, *p.aliases)]
    if "organisation" in kinds:
        for o in corpus.organisations.values():
            t = Target("organisation", o.id, o.name)
            names += [(n, t) for n in (o.id, o.name, *o.aliases)]
    if "source" in kinds:
        for s in corpus.sources.values():
            t = Target("source", s.id, s.title)
            names += [(n, t) for n in (s.id, s.title)]
    if "finding" in kinds:
        names += [(gid, Target("finding", gid, f.statement)) for gid, f in corpus.findings.items()]
    return names


def resolve(corpus: Corpus, text: str, kinds: tuple[str, ...] = KINDS) -> Target:
    """Find the one record `text` names, or raise `UsageError` listing candidates or suggestions."""
    names = _names(corpus, kinds)
    wanted = name_key(text)
    matches = list(dict.fromkeys(t for n, t in names if name_key(n) == wanted))
    if not matches:
        # A unique id prefix ("ifg-2022") is unambiguous enough to accept.
        matches = list(dict.fromkeys(t for n, t in names if t.id.startswith(text.lower()) and len(text) >= 3))
    if len(matches) == 1:
        return matches[0]
    what = " or ".join(kinds)
    if matches:
        listed = "; ".join(f"{t.kind} '{t.id}' ({t.label})" for t in matches[:10])
        raise UsageError(f"'{text}' is ambiguous: it could be {listed}", "use the id to say which")
    suggestions = nearest(text, [n for n, _ in names], limit=3, cutoff=60)
    by_name = dict(names)
    hint = None
    if suggestions:
        ids = list(dict.fromkeys(by_name[s].id for s in suggestions))
        hint = "did you mean " + " or ".join(f"'{i}'" for i in ids) + "?"
    listing = " or ".join(f"`lucli list {k}s`" for k in kinds if k != "finding")
    raise UsageError(f"no {what} called '{text}'", hint or f"{listing or '`lucli list findings`'} shows what there is")


def resolve_all(corpus: Corpus, texts: list[str], kinds: tuple[str, ...]) -> tuple[str, ...]:
    """Resolve several names to ids of the given kinds."""
    return tuple(resolve(corpus, t, kinds).id for t in texts)
