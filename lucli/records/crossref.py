"""Checks that need more than one file: duplicate ids and references between records."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lucli.records.diagnostics import Diagnostic, error
from lucli.records.files import Refusal, real_inside
from lucli.records.hints import did_you_mean
from lucli.records.model import Evidence, Finding, Loc, Response, Speaker


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
    problems += _finding_links(evidence)
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
            problem = text_problem(evidence_dir, text)
            if problem:
                problems.append(_err(loc, *problem))
    return problems


def text_problem(evidence_dir: Path, text: str) -> tuple[str, str, str] | None:
    """(code, message, hint) when an archived text is not a plain file inside the evidence folder."""
    if "\0" in text or not text.isprintable():
        return ("missing-text", f"archived text {text!r} holds a character no file name can",
                "paths are relative to the evidence folder, e.g. texts/name.txt")
    path = evidence_dir / text
    real = real_inside(path, evidence_dir, f"{evidence_dir.name}/")
    if isinstance(real, Refusal) and real.code == "outside-root":
        return ("outside-root", f"archived text '{text}' links to a file outside {evidence_dir.name}/",
                "copy the text into texts/")
    if not os.path.lexists(path) or (isinstance(real, Refusal) and real.code == "unreadable"
                                     and "missing" in real.message):
        return ("missing-text", f"archived text '{text}' does not exist in {evidence_dir.name}/",
                "paths are relative to the evidence folder, e.g. texts/name.txt")
    if isinstance(real, Refusal):
        return (real.code, f"archived text '{text}' {real.message}", real.hint or "use a plain file")
    if not real.is_file():
        return ("not-a-file", f"archived text '{text}' is not a plain file", "use a plain file in texts/")
    return None


def _finding_links(evidence: Evidence) -> list[Diagnostic]:
    """Check format v1.1 references: responses, speakers' organisations and coverage outlets."""
    organisations = {o.id for o in evidence.organisations}
    findings = {s.id: {f.id for f in s.findings} for s in evidence.sources}
    problems = []
    for source in evidence.sources:
        outlets = [c.outlet for c in source.reported_in if c.outlet]
        for finding in source.findings:
            problems += [p for r in finding.responds_to if (p := _response_problem(finding, r, findings))]
            speaker = finding.said_by
            if isinstance(speaker, Speaker) and speaker.organisation and speaker.organisation not in organisations:
                problems.append(_err(speaker.loc, "unknown-organisation",
                                     f"said_by names unknown organisation '{speaker.organisation}'",
                                     did_you_mean(speaker.organisation, organisations) or
                                     "add it to organisations.yaml"))
            if finding.outlet:
                problems += _outlet_problems(finding, outlets)
    return problems


def _response_problem(finding: Finding, response: Response, findings: dict[str, set[str]]) -> Diagnostic | None:
    if response.source_id not in findings:
        return _err(response.loc, "unknown-source", f"responds_to names unknown source '{response.source_id}'",
                    did_you_mean(response.source_id, findings) or "`lucli list sources` shows the source ids")
    target = response.finding_id
    if target is not None and target not in findings[response.source_id]:
        return _err(response.loc, "unknown-finding", f"source '{response.source_id}' has no finding '{target}'",
                    did_you_mean(target, findings[response.source_id]) or
                    f"`lucli show {response.source_id}` lists its findings")
    if response.source_id == finding.source_id and target in (None, finding.id):
        what = "its own source" if target is None else "itself"
        return _err(response.loc, "self-reference", f"finding '{finding.id}' responds to {what}",
                    "a response names another source or another finding")
    return None


def _outlet_problems(finding: Finding, outlets: list[str]) -> list[Diagnostic]:
    problems = []
    if finding.said_by != "coverage":
        problems.append(_err(finding.loc, "outlet-without-coverage",
                             f"finding '{finding.id}' names an outlet but its quote is not said_by: coverage",
                             "write `said_by: coverage`, or leave `outlet` out"))
    if finding.outlet not in outlets:
        assert finding.outlet is not None
        problems.append(_err(finding.loc, "unknown-outlet",
                             f"outlet '{finding.outlet}' is not among the source's reported_in outlets",
                             did_you_mean(finding.outlet, outlets) or
                             "known: " + (", ".join(outlets) or "none (add the coverage to reported_in)")))
    return problems
