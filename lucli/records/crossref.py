"""Checks that need more than one file: duplicate ids and references between records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lucli.records.diagnostics import Diagnostic, error
from lucli.records.hints import did_you_mean
from lucli.records.model import Evidence, Loc


def _err(loc: Loc, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return error(loc.path, loc.line, loc.col, code, message, hint)


def _duplicates(items: Iterable[tuple[str, Loc]], what: str) -> list[Diagnostic]:
    first: dict[str, Loc] = {}
    problems = []
    for ident, loc in items:
        if ident in first:
            where = first[ident]
            hint = f"first at {where.path}:{where.line}" if where.path != loc.path else f"first at line {where.line}"
            problems.append(_err(loc, "duplicate-id", f"duplicate {what} id '{ident}'", hint))
        else:
            first[ident] = loc
    return problems


def check_references(evidence: Evidence, evidence_dir: Path) -> list[Diagnostic]:
    """Report duplicate ids, references to unknown records, and archived texts that do not exist."""
    problems = _duplicates(((o.id, o.loc) for o in evidence.organisations), "organisation")
    problems += _duplicates(((p.id, p.loc) for p in evidence.principles), "principle")
    problems += _duplicates(((s.id, s.loc) for s in evidence.sources), "source")
    for source in evidence.sources:
        problems += _duplicates(((f.id, f.loc) for f in source.findings), f"finding (in {source.id})")
    problems += _principle_links(evidence)
    problems += _source_links(evidence, evidence_dir)
    return problems


def _principle_links(evidence: Evidence) -> list[Diagnostic]:
    known = {p.id for p in evidence.principles}
    problems = []
    for principle in evidence.principles:
        for index, related in enumerate(principle.related):
            loc = principle.locs.get(f"related.{index}", principle.loc)
            if related not in known:
                problems.append(_err(loc, "unknown-principle", f"related principle '{related}' is not in "
                                                               f"principles.yaml", did_you_mean(related, known)))
            elif related == principle.id:
                problems.append(_err(loc, "self-reference", f"principle '{related}' lists itself as related"))
    for source in evidence.sources:
        for finding in source.findings:
            seen: Counter[str] = Counter()
            for ref in finding.principles:
                seen[ref.id] += 1
                if ref.id not in known:
                    problems.append(_err(ref.loc, "unknown-principle", f"unknown principle '{ref.id}'",
                                         did_you_mean(ref.id, known) or "add it to principles.yaml first"))
                elif seen[ref.id] == 2:
                    problems.append(_err(ref.loc, "duplicate-id", f"principle '{ref.id}' is listed twice "
                                                                  f"for finding '{finding.id}'"))
    return problems


def _source_links(evidence: Evidence, evidence_dir: Path) -> list[Diagnostic]:
    organisations = {o.id for o in evidence.organisations}
    problems = []
    for source in evidence.sources:
        for index, publisher in enumerate(source.publishers):
            if publisher not in organisations:
                loc = source.locs.get(f"publishers.{index}", source.loc)
                problems.append(_err(loc, "unknown-organisation", f"unknown publisher '{publisher}'",
                                     did_you_mean(publisher, organisations) or "add it to organisations.yaml"))
        texts = [("text", source.text)] + [(f"reported_in.{i}.text", c.text) for i, c in enumerate(source.reported_in)]
        texts += [(f"texts.{i}.file", t.file) for i, t in enumerate(source.texts)]
        for key, text in texts:
            if not text:
                continue
            loc = source.locs.get(key, source.loc)
            path = (evidence_dir / text).resolve()
            if not path.is_relative_to(evidence_dir.resolve()):
                problems.append(_err(loc, "outside-root", f"archived text '{text}' links to a file outside "
                                                          f"{evidence_dir.name}/", "copy the text into texts/"))
            elif not path.is_file():
                problems.append(_err(loc, "missing-text", f"archived text '{text}' does not exist in "
                                                          f"{evidence_dir.name}/",
                                     "paths are relative to the evidence folder, e.g. texts/name.txt"))
    return problems
