"""What changed in the evidence between two versions, in terms of records rather than lines of text.

`compare_corpora` matches sources and findings by id and reports findings
added, removed, reworded or re-coded, sources added or removed, and the
organisation positions and principle verdicts that moved as a result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lucli.analysis.verdicts import position, verdict
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Source

FINDING_FIELDS = ("statement", "kind", "quote", "locator", "principles", "basis", "actors")
SOURCE_FIELDS = ("title", "publishers", "published", "kind", "url", "authors", "summary")


@dataclass(frozen=True)
class FindingChange:
    """One finding present in both versions whose fields differ."""

    before: Finding
    after: Finding
    fields: tuple[str, ...]
    """Which fields changed, in FINDING_FIELDS order ('statement' means it was reworded)."""

    @property
    def global_id(self) -> str:
        """`source-id/finding-id`."""
        return self.after.global_id

    @property
    def reworded(self) -> bool:
        """True when the statement itself changed."""
        return "statement" in self.fields


@dataclass(frozen=True)
class SourceChange:
    """A source present in both versions whose own fields differ."""

    before: Source
    after: Source
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    """A position (of `organisation`) or, when `organisation` is empty, a verdict that changed."""

    principle: str
    before: str
    after: str
    organisation: str = ""


@dataclass(frozen=True)
class Changes:
    """Every semantic change between two versions of the evidence."""

    before_label: str
    after_label: str
    sources_added: tuple[Source, ...]
    sources_removed: tuple[Source, ...]
    sources_changed: tuple[SourceChange, ...]
    findings_added: tuple[Finding, ...]
    findings_removed: tuple[Finding, ...]
    findings_changed: tuple[FindingChange, ...]
    positions: tuple[Move, ...]
    """Organisation positions that moved (supports → qualifies, silent → supports …)."""
    verdicts: tuple[Move, ...]
    """Principle verdicts that moved."""
    principles_added: tuple[str, ...]
    principles_removed: tuple[str, ...]
    organisations_added: tuple[str, ...]
    organisations_removed: tuple[str, ...]
    labels: dict[str, str]
    """Display name of every principle and organisation id mentioned, from either version."""

    def is_empty(self) -> bool:
        """True when nothing changed."""
        return not any(getattr(self, f) for f in _LISTS)

    @property
    def reworded(self) -> tuple[FindingChange, ...]:
        """Changed findings whose statement was reworded."""
        return tuple(c for c in self.findings_changed if c.reworded)

    @property
    def summary(self) -> str:
        """One line: '2 sources added, 5 findings added, 1 verdict changed'."""
        parts = [(len(getattr(self, f)), word) for f, word in _SUMMARY if getattr(self, f)]
        return ", ".join(f"{n} {word[0] if n == 1 else word[1]}" for n, word in parts) or "no changes"


_LISTS = ("sources_added", "sources_removed", "sources_changed", "findings_added", "findings_removed",
          "findings_changed", "positions", "verdicts", "principles_added", "principles_removed",
          "organisations_added", "organisations_removed")
_SUMMARY = (("sources_added", ("source added", "sources added")),
            ("sources_removed", ("source removed", "sources removed")),
            ("sources_changed", ("source edited", "sources edited")),
            ("findings_added", ("finding added", "findings added")),
            ("findings_removed", ("finding removed", "findings removed")),
            ("findings_changed", ("finding changed", "findings changed")),
            ("positions", ("position changed", "positions changed")),
            ("verdicts", ("verdict changed", "verdicts changed")),
            ("principles_added", ("principle added", "principles added")),
            ("principles_removed", ("principle removed", "principles removed")),
            ("organisations_added", ("organisation added", "organisations added")),
            ("organisations_removed", ("organisation removed", "organisations removed")))


def _differing(before: Any, after: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    def value(record: Any, name: str) -> Any:
        if name == "principles":  # where a reference is written is not a change
            return tuple((r.id, r.stance) for r in record.principles)
        return getattr(record, name)

    return tuple(n for n in names if value(before, n) != value(after, n))


def _moves(before: Corpus, after: Corpus) -> tuple[tuple[Move, ...], tuple[Move, ...]]:
    principles = list(dict.fromkeys([*before.principles, *after.principles]))
    organisations = list(dict.fromkeys([o.id for o in after.active_organisations()]
                                       + [o.id for o in before.active_organisations()]))
    positions, verdicts_ = [], []
    for pid in principles:
        for oid in organisations:
            was, now = position(before, oid, pid).stance, position(after, oid, pid).stance
            if was != now:
                positions.append(Move(pid, was, now, oid))
        was_v = verdict(before, pid).verdict if pid in before.principles else "absent"
        now_v = verdict(after, pid).verdict if pid in after.principles else "absent"
        if was_v != now_v:
            verdicts_.append(Move(pid, was_v, now_v))
    return tuple(positions), tuple(verdicts_)


def compare_corpora(before: Corpus, after: Corpus, before_label: str, after_label: str) -> Changes:
    """Work out what changed from `before` to `after`."""
    def by_id(items: dict[str, Any], others: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(v for k, v in sorted(items.items()) if k not in others)

    changed_sources = tuple(SourceChange(before.sources[k], s, fields) for k, s in sorted(after.sources.items())
                            if k in before.sources and (fields := _differing(before.sources[k], s, SOURCE_FIELDS)))
    changed = tuple(FindingChange(before.findings[k], f, fields) for k, f in sorted(after.findings.items())
                    if k in before.findings and (fields := _differing(before.findings[k], f, FINDING_FIELDS)))
    positions, verdicts_ = _moves(before, after)
    labels = {r.id: r.label for c in (before, after) for r in c.principles.values()}
    labels.update({o.id: o.name for c in (before, after) for o in c.organisations.values()})
    return Changes(
        before_label, after_label, by_id(after.sources, before.sources), by_id(before.sources, after.sources),
        changed_sources, by_id(after.findings, before.findings), by_id(before.findings, after.findings), changed,
        positions, verdicts_, tuple(sorted(set(after.principles) - set(before.principles))),
        tuple(sorted(set(before.principles) - set(after.principles))),
        tuple(sorted(set(after.organisations) - set(before.organisations))),
        tuple(sorted(set(before.organisations) - set(after.organisations))), labels)


def _line(text: str) -> str:
    return " ".join(text.split())


def format_text(changes: Changes) -> str:
    """Render the changes for a terminal: one line per change, grouped, with +, - and ~ marks."""
    label = changes.labels.get
    out = [f"Changes from {changes.before_label} to {changes.after_label}: {changes.summary}"]
    sections: list[tuple[str, list[str]]] = [
        ("New sources", [f"+ {s.id}: {_line(s.title)} ({s.published})" for s in changes.sources_added]),
        ("Sources removed", [f"- {s.id}: {_line(s.title)} ({s.published})" for s in changes.sources_removed]),
        ("Sources edited", [f"~ {c.after.id}: {', '.join(c.fields)}" for c in changes.sources_changed]),
        ("Findings added", [f"+ {f.global_id}: {_line(f.statement)}" for f in changes.findings_added]),
        ("Findings removed", [f"- {f.global_id}: {_line(f.statement)}" for f in changes.findings_removed]),
        ("Findings changed", [_changed_line(c) for c in changes.findings_changed]),
        ("Position changes", [f"~ {label(m.organisation, m.organisation)} on {label(m.principle, m.principle)}: "
                              f"{m.before} → {m.after}" for m in changes.positions]),
        ("Verdict changes", [f"~ {label(m.principle, m.principle)}: {m.before} → {m.after}" for m in changes.verdicts]),
        ("Principles", [f"+ {p}" for p in changes.principles_added] + [f"- {p}" for p in changes.principles_removed]),
        ("Organisations", [f"+ {o}" for o in changes.organisations_added]
         + [f"- {o}" for o in changes.organisations_removed]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", f"{title} ({len(lines)})", *(f"  {line}" for line in lines)]
    return "\n".join(out) + "\n"


def _changed_line(change: FindingChange) -> str:
    details = []
    for name in change.fields:
        if name == "statement":
            details.append(f"reworded: “{_line(change.before.statement)}” → “{_line(change.after.statement)}”")
        elif name == "principles":
            was = {r.id: r.stance for r in change.before.principles}
            now = {r.id: r.stance for r in change.after.principles}
            moves = [f"{p} {was.get(p, 'none')} → {now.get(p, 'none')}" for p in dict.fromkeys([*was, *now])
                     if was.get(p) != now.get(p)]
            details.append("coding: " + "; ".join(moves))
        else:
            details.append(f"{name} changed")
    return f"~ {change.global_id}: " + "; ".join(details)


def to_json(changes: Changes) -> str:
    """Render the changes as a JSON document with `format_version: 1`."""
    def finding(f: Finding) -> dict[str, Any]:
        return {"id": f.global_id, "kind": f.kind, "statement": _line(f.statement),
                "principles": [{"id": r.id, "stance": r.stance} for r in f.principles]}

    def source(s: Source) -> dict[str, Any]:
        return {"id": s.id, "title": s.title, "published": s.published, "publishers": list(s.publishers)}

    def move(m: Move) -> dict[str, Any]:
        return {"principle": m.principle, **({"organisation": m.organisation} if m.organisation else {}),
                "before": m.before, "after": m.after}

    doc = {
        "format_version": 1, "from": changes.before_label, "to": changes.after_label, "summary": changes.summary,
        "sources_added": [source(s) for s in changes.sources_added],
        "sources_removed": [source(s) for s in changes.sources_removed],
        "sources_changed": [{"id": c.after.id, "fields": list(c.fields)} for c in changes.sources_changed],
        "findings_added": [finding(f) for f in changes.findings_added],
        "findings_removed": [finding(f) for f in changes.findings_removed],
        "findings_changed": [{"id": c.global_id, "fields": list(c.fields), "before": finding(c.before),
                              "after": finding(c.after)} for c in changes.findings_changed],
        "positions": [move(m) for m in changes.positions], "verdicts": [move(m) for m in changes.verdicts],
        "principles_added": list(changes.principles_added), "principles_removed": list(changes.principles_removed),
        "organisations_added": list(changes.organisations_added),
        "organisations_removed": list(changes.organisations_removed),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
