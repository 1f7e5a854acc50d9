"""Check that every quote is word for word in the archived text of its source or of its coverage.

Quote and text are both normalised first (whitespace, curly quotes, dashes,
case), so typography does not count as a difference. A quote found exactly is
`ok`; one that rapidfuzz's partial_ratio puts at 90 or more is `close` (a
warning that shows the nearest passage and what differs); anything else is
`missing` (an error). A quote whose source names no archived text, when no
`--texts` folder supplies one, is `unverifiable`: counted, never a failure.
A quote with an ellipsis ("…", "...", "[...]") is checked part by part.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from lucli.records.diagnostics import Diagnostic, error, sort_diagnostics, warning
from lucli.records.model import Evidence, Source
from lucli.records.yamlparse import Limits, parse

CLOSE = 90
"""partial_ratio at or above which a quote that is not exact counts as a near miss."""
MAX_TEXT_BYTES = 64 * 1024 * 1024

_CHARS = {**dict.fromkeys("‘’‚‛′ʼ`´", "'"), **dict.fromkeys("“”„‟″", '"'), **dict.fromkeys("‐‑‒–—―−", "-"),
          "…": "...", "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": ""}
_PUNCTUATION = ".,;:!?'\"()[]-"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\s*\.\s*\.\s*\]|\.\.\.)\s*")


@dataclass(frozen=True)
class Normalised:
    """A text with typography evened out, remembering where each character came from."""

    text: str
    origin: list[int]
    """For each character of `text`, its index in the original."""


def normalise(text: str) -> Normalised:
    """Fold case, straighten quotes, unify dashes and collapse whitespace."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(index)
            continue
        for folded in _CHARS.get(char, char).casefold():
            out.append(folded)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Normalised("".join(out), origin)


@dataclass(frozen=True)
class Archive:
    """One archived text a quote may come from."""

    name: str
    """How to show it: a path relative to evidence/ or to the --texts folder."""
    original: str
    normalised: Normalised


@dataclass(frozen=True)
class QuoteCheck:
    """The result for one quote."""

    finding: str
    """Global id of the finding."""
    status: str
    """ok | close | missing | unverifiable."""
    path: str
    line: int
    col: int
    score: int = 0
    archive: str | None = None
    """The archived text that matched best."""
    passage: str | None = None
    """For a close match, the nearest passage as it stands in the archived text."""
    differences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Every quote checked, with the diagnostics for the ones that fail."""

    checks: tuple[QuoteCheck, ...]
    diagnostics: tuple[Diagnostic, ...]

    def count(self, status: str) -> int:
        """How many quotes have a status."""
        return sum(c.status == status for c in self.checks)


def read_archive(path: Path, name: str) -> Archive | None:
    """Read an archived text (UTF-8, bad bytes replaced); None when it cannot be read."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return None
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return None
    return Archive(name, text, normalise(text))


def _parts(quote: str) -> list[str]:
    return [p for p in (normalise(part).text for part in _ELLIPSIS.split(quote.replace("…", "..."))) if p]


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words (after trimming the spaces an alignment may start or end on)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def differences(quote: str, passage: str, limit: int = 3) -> tuple[str, ...]:
    """Describe, word by word, how a quote differs from a passage."""
    a, b = quote.split(), passage.split()
    # Punctuation at the edges of words is left out, so 'effort' and 'effort.' count as the same word.
    def key(word: str) -> str:
        return normalise(word).text.strip(_PUNCTUATION) or word

    matcher = difflib.SequenceMatcher(a=[key(w) for w in a], b=[key(w) for w in b], autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            found.append(f"quote has '{' '.join(a[i1:i2])}' where the text has '{' '.join(b[j1:j2])}'")
        elif op == "delete":
            found.append(f"quote adds '{' '.join(a[i1:i2])}'")
        elif op == "insert":
            found.append(f"quote leaves out '{' '.join(b[j1:j2])}'")
    return tuple(found[:limit])


def check_quote(quote: str, archives: list[Archive]) -> tuple[str, int, Archive | None, str | None]:
    """Return (status, score, best archive, nearest passage) for one quote against some texts."""
    parts = _parts(quote)
    for candidate in archives:
        if parts and all(p in candidate.normalised.text for p in parts):
            return "ok", 100, candidate, None
    wanted = normalise(quote).text
    best: tuple[float, Archive | None, str | None] = (0.0, None, None)
    for archive in archives:
        found = fuzz.partial_ratio_alignment(wanted, archive.normalised.text)
        if found is not None and found.score > best[0] and found.dest_end > found.dest_start:
            origin = archive.normalised.origin
            start, end = _word_span(archive.original, origin[found.dest_start], origin[found.dest_end - 1] + 1)
            best = (found.score, archive, " ".join(archive.original[start:end].split()))
    score, nearest, passage = best
    status = "close" if score >= CLOSE else "missing"
    return status, round(score), nearest, passage if status == "close" else None


def _quote_marks(source: Source, limits: Limits) -> dict[str, tuple[int, int]]:
    """Line and column of each finding's `quote:` key, by finding id, from the source file itself."""
    try:
        text = Path(source.path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    doc, _ = parse(text, source.path, limits)
    items = doc.data.get("findings") if doc is not None and isinstance(doc.data, dict) else None
    marks = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str) and doc is not None:
            mark = doc.mark(("findings", index, "quote"))
            marks[item["id"]] = (mark.line, mark.col)
    return marks


def _own_archives(source: Source, evidence_dir: Path) -> tuple[list[Archive], list[Diagnostic]]:
    names = [source.text] + [c.text for c in source.reported_in]
    archives, problems = [], []
    keys = ["text"] + [f"reported_in.{i}.text" for i in range(len(source.reported_in))]
    for key, name in zip(keys, names, strict=True):
        if not name:
            continue
        path = (evidence_dir / name).resolve()
        archive = read_archive(path, name) if path.is_relative_to(evidence_dir.resolve()) else None
        if archive is None:
            loc = source.locs.get(key, source.loc)
            problems.append(error(loc.path, loc.line, loc.col, "missing-text",
                                  f"archived text '{name}' cannot be read", "paths are relative to evidence/"))
        else:
            archives.append(archive)
    return archives, problems


def extra_archives(folder: Path | None) -> list[Archive]:
    """Read every .txt file of a --texts folder, in name order."""
    if folder is None:
        return []
    found = (read_archive(p, p.name) for p in sorted(folder.glob("*.txt")))
    return [a for a in found if a is not None]


def verify(evidence: Evidence, evidence_dir: Path, extra: list[Archive], limits: Limits | None = None) -> Report:
    """Check every quote of every source against its archived texts (or the extra texts when it has none)."""
    checks: list[QuoteCheck] = []
    diagnostics: list[Diagnostic] = []
    for source in evidence.sources:
        quoted = [f for f in source.findings if f.quote]
        if not quoted:
            continue
        own, problems = _own_archives(source, evidence_dir)
        diagnostics += problems
        archives = own or ([] if problems else extra)
        marks = _quote_marks(source, limits or Limits())
        for finding in quoted:
            assert finding.quote is not None
            line, col = marks.get(finding.id, (finding.loc.line, finding.loc.col))
            if not archives:
                checks.append(QuoteCheck(finding.global_id, "unverifiable", source.path, line, col))
                continue
            status, score, archive, passage = check_quote(finding.quote, archives)
            diffs = differences(finding.quote, passage) if passage else ()
            check = QuoteCheck(finding.global_id, status, source.path, line, col, score,
                               archive.name if archive else None, passage, diffs)
            checks.append(check)
            diagnostics += _diagnostic(check, [a.name for a in archives])
    return Report(tuple(checks), tuple(sort_diagnostics(diagnostics)))


def _diagnostic(check: QuoteCheck, names: list[str]) -> list[Diagnostic]:
    if check.status == "close":
        what = "; ".join(check.differences) or "they differ in spacing or punctuation only"
        return [warning(check.path, check.line, check.col, "quote-differs",
                        f"quote of '{check.finding}' is close to, but not the same as, {check.archive} "
                        f"(score {check.score}): \"{check.passage}\"", what)]
    if check.status == "missing":
        where = names[0] if len(names) == 1 else f"{len(names)} archived texts"
        return [error(check.path, check.line, check.col, "quote-not-found",
                      f"quote of '{check.finding}' is not in {where} (best match {check.score})",
                      "copy the words exactly from the source, or point `text:` at the right archive")]
    return []


def to_json(report: Report) -> str:
    """The diagnostics in validate's JSON form, plus every check and the counts."""
    import json
    from dataclasses import asdict

    data = {"format_version": 1, "diagnostics": [asdict(d) for d in report.diagnostics],
            "counts": {s: report.count(s) for s in ("ok", "close", "missing", "unverifiable")},
            "checks": [asdict(c) for c in report.checks]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def summary(report: Report) -> str:
    """One line of counts for stderr."""
    total = len(report.checks)
    return (f"checked {total} quote{'s' * (total != 1)}: {report.count('ok')} exact, {report.count('close')} close "
            f"(warnings), {report.count('missing')} not found (errors), {report.count('unverifiable')} unverifiable "
            f"(no archived text)")
