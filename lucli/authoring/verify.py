"""Check every quote against the archived texts of its source and its coverage, down to the page.

Each quote ends in one of four outcomes (`lucli.authoring.locate`):
`verified` (in the source's own text, with its page when the text has pages),
`coverage-only` (only in the press coverage's text), `not-found` (an error,
with the closest passage and its similarity) or `unverifiable` (no archived
text; an error only with `require`). When a finding's `locator` names a page
and the quote is in the source's own paged text, the quote must be on that
page: a mismatch is an error that names the page where it really is.

Where a finding says whose words its quote is (`said_by`), the outcome must agree: a quote `said_by:
report` found only in coverage, or one `said_by: coverage` found in the source's own text, is a warning.

A recorded text (`texts:`) whose SHA-256 no longer matches is reported and not
used. Texts from a `--texts` folder serve sources that name none of their own,
and count as coverage (they say nothing about whose words they are).
"""

from __future__ import annotations

import difflib
import json
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from lucli.authoring.locate import (
    COVERAGE_ONLY,
    NOT_FOUND,
    OUTCOMES,
    UNVERIFIABLE,
    VERIFIED,
    Archive,
    Outcome,
    locate,
    make_archive,
    texts_of,
)
from lucli.authoring.locators import overlaps, page_range, pages_text
from lucli.authoring.normalise import fold
from lucli.authoring.texts import changed_warning, load_texts, sha256_text
from lucli.records.diagnostics import Diagnostic, error, sort_diagnostics, warning
from lucli.records.load import read_text
from lucli.records.model import Evidence, Finding, Source
from lucli.records.plurals import plural
from lucli.records.project import Project
from lucli.records.textwork import charge
from lucli.records.yamlparse import Limits, parse

_KEEP = 16
"""Archives kept prepared at once (sources that share a coverage text are usually neighbours)."""


@dataclass(frozen=True)
class QuoteCheck:
    """The result for one quote."""

    finding: str
    """Global id of the finding."""
    status: str
    """verified | coverage-only | not-found | unverifiable."""
    path: str
    line: int
    col: int
    archive: str | None = None
    """The text it was found in (or, for not-found, the one with the closest passage)."""
    pages: tuple[int, int] | None = None
    """First and last page it is on, when that text has pages."""
    similarity: int = 0
    passage: str | None = None
    """For not-found: the closest passage, as it stands in the text."""
    differences: tuple[str, ...] = ()
    locator: str | None = None
    wrong_page: bool = False
    """The locator names a page and the quote is not on it."""
    said_by: str | None = None
    """Whose words the finding says the quote is: report, coverage, person, or None when it does not say."""


@dataclass(frozen=True)
class Report:
    """Every quote checked, with the diagnostics for what failed."""

    checks: tuple[QuoteCheck, ...]
    diagnostics: tuple[Diagnostic, ...]

    def count(self, status: str) -> int:
        """How many quotes ended in an outcome."""
        return sum(c.status == status for c in self.checks)

    @property
    def wrong_pages(self) -> int:
        """How many locators name a page the quote is not on."""
        return sum(c.wrong_page for c in self.checks)


def extra_archives(folder: Path | None, limits: Limits) -> list[Archive]:
    """Read every .txt file of a --texts folder, in name order."""
    if folder is None:
        return []
    found = []
    for path in sorted(folder.glob("*.txt")):
        text, _problem = read_text(path, path.name, limits)
        if text is not None:
            found.append(make_archive(path.name, text))
    return found


class _Archives:
    """Archived texts by name, read and prepared on first use, a few kept at a time."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.kept: OrderedDict[str, Archive | Diagnostic] = OrderedDict()

    def get(self, name: str) -> Archive | Diagnostic:
        if name not in self.kept:
            texts, problems = load_texts(self.project, [name])
            self.kept[name] = make_archive(name, texts[name]) if name in texts else problems[name]
            while len(self.kept) > _KEEP:
                self.kept.popitem(last=False)
        self.kept.move_to_end(name)
        return self.kept[name]


def verify(project: Project, evidence: Evidence, extra: list[Archive], *, require: bool = False) -> Report:
    """Check every quote of every source against its archived texts (or the extra texts when it has none)."""
    checks: list[QuoteCheck] = []
    diagnostics: list[Diagnostic] = []
    archives = _Archives(project)
    for source in evidence.sources:
        quoted = [f for f in source.findings if f.quote]
        if not quoted:
            continue
        own, coverage, problems = _texts_for(source, archives)
        diagnostics += problems
        if not own and not coverage and not problems:
            coverage = extra
        marks = _marks(source, project.limits)
        for finding in quoted:
            check = _check(finding, own, coverage, marks)
            checks.append(check)
            diagnostics += _diagnostics(check, marks, finding, require)
            if check.status == COVERAGE_ONLY and finding.said_by == "report":
                diagnostics += _said_by_report(finding, check.archive, coverage, marks)
    return Report(tuple(checks), tuple(sort_diagnostics(diagnostics)))


def _texts_for(source: Source, archives: _Archives) -> tuple[list[Archive], list[Archive], list[Diagnostic]]:
    """The source's own and coverage archives that can be trusted, and the problems with the rest."""
    own_names, coverage_names = texts_of(source)
    recorded = {t.file: (i, t.sha256) for i, t in enumerate(source.texts)}
    keys: dict[str | None, str] = {source.text: "text"}
    keys.update({c.text: f"reported_in.{i}.text" for i, c in enumerate(source.reported_in)})
    keys.update({t.file: f"texts.{i}.file" for i, t in enumerate(source.texts)})
    found: dict[str, list[Archive]] = {"own": [], "coverage": []}
    problems = []
    for group, names in (("own", own_names), ("coverage", coverage_names)):
        for name in names:
            got = archives.get(name)
            if isinstance(got, Diagnostic):
                loc = source.locs.get(keys.get(name, "text"), source.loc)
                problems.append(error(loc.path, loc.line, loc.col, "missing-text",
                                      f"archived text '{name}' cannot be read: {got.message}",
                                      "paths are relative to evidence/"))
            elif name in recorded and recorded[name][1] and sha256_text(got.original) != recorded[name][1]:
                problems.append(changed_warning(source, recorded[name][0], name))
            else:
                found[group].append(got)
    return found["own"], found["coverage"], problems


def _check(finding: Finding, own: list[Archive], coverage: list[Archive],
           marks: dict[str, dict[str, tuple[int, int]]]) -> QuoteCheck:
    assert finding.quote is not None
    line, col = marks.get(finding.id, {}).get("quote", (finding.loc.line, finding.loc.col))
    outcome: Outcome = locate(finding.quote, own, coverage)
    named = page_range(finding.locator)
    wrong = bool(outcome.status == VERIFIED and named and outcome.occurrences
                 and not any(overlaps(p, named) for p in outcome.occurrences))
    diffs = differences(finding.quote, outcome.passage) if outcome.passage else ()
    said = finding.said_by
    said_by = said if isinstance(said, str) or said is None else "person"
    return QuoteCheck(finding.global_id, outcome.status, finding.loc.path, line, col, outcome.archive,
                      outcome.pages, outcome.similarity, outcome.passage, diffs, finding.locator, wrong, said_by)


def _diagnostics(check: QuoteCheck, marks: dict[str, dict[str, tuple[int, int]]], finding: Finding,
                 require: bool) -> list[Diagnostic]:
    if check.status == NOT_FOUND:
        where = f"{check.archive}" + (f", {pages_text(check.pages)}" if check.pages else "")
        closest = (f"; closest passage ({where}, similarity {check.similarity}%): \"{check.passage}\""
                   if check.passage else f"; nothing like it in {check.archive}")
        return [error(check.path, check.line, check.col, "quote-not-found",
                      f"quote of '{check.finding}' is not in its archived texts{closest}",
                      "; ".join(check.differences) or "copy the words exactly from the source, or point `text:` "
                                                      "at the right archive")]
    if check.wrong_page and check.pages:
        line, col = marks.get(finding.id, {}).get("locator", (check.line, check.col))
        return [error(check.path, line, col, "wrong-page",
                      f"quote of '{check.finding}' is on {pages_text(check.pages)} of {check.archive}, not on "
                      f"{check.locator} as its locator says", f"set `locator: \"{pages_text(check.pages)}\"`")]
    if check.status == VERIFIED and check.said_by == "coverage":
        return [warning(check.path, check.line, check.col, "coverage-words-in-report",
                        f"quote of '{check.finding}' is said_by: coverage, but is in the source's own text "
                        f"({check.archive})", "write `said_by: report`")]
    if check.status == UNVERIFIABLE and require:
        return [error(check.path, check.line, check.col, "unverifiable-quote",
                      f"quote of '{check.finding}' cannot be checked: its source has no archived text",
                      "archive the report with `lucli texts add SOURCE FILE`")]
    return []


def _marks(source: Source, limits: Limits) -> dict[str, dict[str, tuple[int, int]]]:
    """Line and column of each finding's `quote:` and `locator:` keys, by finding id, from the file itself."""
    text, _problem = read_text(Path(source.path), source.path, limits)
    doc = parse(text, source.path, limits)[0] if text is not None else None
    items = doc.data.get("findings") if doc is not None and isinstance(doc.data, dict) else None
    marks: dict[str, dict[str, tuple[int, int]]] = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str) and doc is not None:
            marks[item["id"]] = {key: tuple(doc.mark(("findings", index, key)))  # type: ignore[misc]
                                 for key in ("quote", "locator") if key in item}
    return marks


def differences(quote: str, passage: str, limit: int = 3) -> tuple[str, ...]:
    """Describe, word by word, how a quote differs from a passage."""
    charge("normalise", len(quote) + len(passage))  # split into words; at most 400 of each are compared
    a, b = quote.split(), passage.split()

    def key(word: str) -> str:
        # Punctuation at the edges of words is left out, so 'effort' and 'effort.' count as the same word.
        return fold(word).strip(".,;:!?'()[]") or word

    matcher = difflib.SequenceMatcher(a=[key(w) for w in a[:400]], b=[key(w) for w in b[:400]], autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            found.append(f"quote has '{' '.join(a[i1:i2])}' where the text has '{' '.join(b[j1:j2])}'")
        elif op == "delete":
            found.append(f"quote adds '{' '.join(a[i1:i2])}'")
        elif op == "insert":
            found.append(f"quote leaves out '{' '.join(b[j1:j2])}'")
    return tuple(found[:limit])


def outcome_text(check: QuoteCheck) -> str:
    """How a quote's outcome reads in the table: 'verified (p. 12)', 'verified in coverage only', …"""
    if check.status == VERIFIED:
        return "verified" + (f" ({pages_text(check.pages)})" if check.pages else "")
    if check.status == COVERAGE_ONLY:
        return "verified in coverage only"
    if check.status == NOT_FOUND:
        return f"not found (closest {check.similarity}%)" if check.passage else "not found"
    return "unverifiable (no archived text)"


def table(report: Report) -> str:
    """One line per quote: finding, outcome (with a page mismatch flagged), and the text."""
    rows = [(c.finding, outcome_text(c) + (" WRONG PAGE" if c.wrong_page else ""), c.archive or "-")
            for c in report.checks]
    if not rows:
        return ""
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    return "".join(f"{a.ljust(width[0])}  {b.ljust(width[1])}  {c}\n" for a, b, c in rows)


def to_json(report: Report) -> str:
    """The diagnostics in validate's JSON form, plus every check and the counts."""
    data = {"format_version": 2, "diagnostics": [asdict(d) for d in report.diagnostics],
            "counts": {**{s: report.count(s) for s in OUTCOMES}, "wrong-page": report.wrong_pages},
            "checks": [asdict(c) for c in report.checks]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def summary(report: Report) -> str:
    """One line of counts for stderr."""
    total = len(report.checks)
    paged = sum(c.status == VERIFIED and c.pages is not None for c in report.checks)
    wrong = report.wrong_pages
    return (f"checked {plural(total, 'quote')}: {report.count(VERIFIED)} verified ({paged} to the page), "
            f"{report.count(COVERAGE_ONLY)} in coverage only, {report.count(NOT_FOUND)} not found, "
            f"{report.count(UNVERIFIABLE)} unverifiable; {plural(wrong, 'wrong page')}")


def locator_fixes(report: Report) -> dict[str, dict[str, str]]:
    """For `--fix-locators`: by source id, the locator to write for each verified quote that has none."""
    fixes: dict[str, dict[str, str]] = {}
    for check in report.checks:
        if check.status == VERIFIED and check.pages and not check.locator:
            source, finding = check.finding.split("/", 1)
            fixes.setdefault(source, {})[finding] = pages_text(check.pages)
    return fixes


_OPENING = "“‘«"
_MARKS = _OPENING + "”’»\""


def report_words_in_coverage(project: Project, evidence: Evidence) -> list[Diagnostic]:
    """Warn where a quote credited to the report (`said_by: report`) is found only in press coverage, and
    there outside quotation marks: the words are then the outlet's, not the report's.

    Only quotes that say `said_by: report` are looked up, so `lucli validate` can afford it on every run.
    """
    archives = _Archives(project)
    problems = []
    for source in evidence.sources:
        claimed = [f for f in source.findings if f.quote and f.said_by == "report"]
        if not claimed:
            continue
        own, coverage, _unreadable = _texts_for(source, archives)
        marks = _marks(source, project.limits)
        for finding in claimed:
            assert finding.quote is not None
            outcome = locate(finding.quote, own, coverage)
            if outcome.status == COVERAGE_ONLY:
                problems += _said_by_report(finding, outcome.archive, coverage, marks)
    return problems


def _said_by_report(finding: Finding, archive: str | None, coverage: list[Archive],
                    marks: dict[str, dict[str, tuple[int, int]]]) -> list[Diagnostic]:
    """The warning for a quote credited to the report but found only in coverage, outside quotation marks there."""
    assert finding.quote is not None
    if _quoted_in(finding.quote, coverage):
        return []
    line, col = marks.get(finding.id, {}).get("quote", (finding.loc.line, finding.loc.col))
    return [warning(finding.loc.path, line, col, "said-by-report-in-coverage",
                    f"quote of '{finding.global_id}' says `said_by: report`, but it is found only in the press "
                    f"coverage ({archive}), and not in quotation marks there",
                    "write `said_by: coverage` if these are the outlet's words, or archive the report itself with "
                    "`lucli texts add` so the quote can be checked against it")]


def _quoted_in(quote: str, coverage: list[Archive]) -> bool:
    """True when the quote stands inside quotation marks in one of the coverage texts."""
    from lucli.authoring.locate import occurrences
    from lucli.authoring.normalise import quote_parts

    parts = quote_parts(quote)
    for archive in coverage:
        for start, _end in occurrences(parts, archive.normalised.text):
            if _inside_quotation(archive.original, archive.normalised.origin(start)):
                return True
    return False


def _inside_quotation(text: str, index: int) -> bool:
    """Tell whether `index` is inside quotation marks: the nearest mark before it in its paragraph opens one."""
    paragraph = text.rfind("\n", 0, index) + 1
    before = text[paragraph:index]
    for position in range(len(before) - 1, -1, -1):
        char = before[position]
        if char not in _MARKS:
            continue
        if char == "’" and 0 < position < len(before) - 1 and before[position + 1].isalpha():
            continue  # an apostrophe (it's, IfG’s), not a closing mark
        if char == '"':
            return before.count('"') % 2 == 1
        return char in _OPENING
    return False
