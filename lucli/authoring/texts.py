"""Archived texts of sources: add one (with its provenance in the source's `texts:` list), list them, check them.

`lucli texts add` extracts a file's text into `evidence/texts/NAME.txt` and
appends an entry to the source's `texts:` list — `file`, `sha256` (of the
archived text), `from` and `from_sha256` (the file it came from), `extracted_by`,
`pages`, `added` — splicing it into the file's text so everything already
there stays byte for byte (`lucli.authoring.append`). `lucli texts check`
recomputes each recorded hash: an archive edited since it was added is
reported, and `verify` does not trust it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lucli.authoring.append import parse_mapping, region_end, strip_comment
from lucli.authoring.extract import Extracted
from lucli.authoring.locate import texts_of
from lucli.authoring.new_source import NewText, accept, double_quoted
from lucli.errors import RenderError, UsageError
from lucli.records.diagnostics import Diagnostic, error, sort_diagnostics
from lucli.records.load import read_text
from lucli.records.model import Evidence, Source
from lucli.records.plurals import plural
from lucli.records.project import Project
from lucli.records.yamlparse import parse

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt")
_MISSING = object()


def sha256_text(text: str) -> str:
    """The SHA-256 of a text as UTF-8, as recorded in `texts:`."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def archive_path(project: Project, source_id: str, name: str | None) -> tuple[Path, str]:
    """Where a new archived text goes, and how the record names it; refuse a name that is taken or unsafe."""
    name = name or f"{source_id}.txt"
    if not _NAME.fullmatch(name):
        raise UsageError(f"--as: '{name}' is not a plain file name ending in .txt",
                         "use letters, digits, '.', '-' and '_', e.g. --as ifg-2022-missions-v2.txt")
    path = project.evidence / "texts" / name
    if path.exists() or path.is_symlink():
        raise UsageError(f"texts/{name} already exists; lucli never writes over an archived text",
                         "give the new text another name with --as NAME.txt")
    return path, f"texts/{name}"


def entry(relative: str, extracted: Extracted, origin: Path, today: dt.date) -> dict[str, Any]:
    """The `texts:` entry for a newly archived text, in the order it is written."""
    item: dict[str, Any] = {"file": relative, "sha256": sha256_text(extracted.text), "from": origin.name,
                            "from_sha256": extracted.origin_sha256, "extracted_by": extracted.tool}
    if extracted.pages:
        item["pages"] = extracted.pages
    item["added"] = today.isoformat()
    return item


def _entry_lines(item: dict[str, Any], nl: str) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(item.items()):
        shown = value if isinstance(value, int) or key in ("file", "sha256", "from_sha256", "added") \
            else double_quoted(str(value))
        lines.append(f"{'  - ' if index == 0 else '    '}{key}: {shown}{nl}")
    return lines


def add_entry(text: str, shown: str, item: dict[str, Any]) -> str:
    """Return a source file's text with one more `texts:` entry, everything else byte for byte."""
    doc = parse_mapping(text, shown)
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    existing = doc.data.get("texts", _MISSING)
    if existing is _MISSING:
        new = lines + [f"texts:{nl}"] + _entry_lines(item, nl)
    else:
        key_line = doc.key_marks[("texts",)].line - 1
        value = strip_comment(lines[key_line].rstrip("\r\n").split(":", 1)[1]).strip()
        if not isinstance(existing, list) or value:
            raise UsageError(f"{shown}:{key_line + 1}: `texts:` is not written as a block list",
                             "rewrite it as a block list (one `- file:` per text), then add the text")
        end = region_end(doc, key_line, len(lines))
        while end - 1 > key_line and not lines[end - 1].strip():
            end -= 1
        new = lines[:end] + _entry_lines(item, nl) + lines[end:]
    result = "".join(new)
    again, _ = parse(result, shown)
    old_texts = [] if existing is _MISSING else existing
    if again is None or not isinstance(again.data, dict) or again.data.get("texts") != [*old_texts, item] \
            or {k: v for k, v in again.data.items() if k != "texts"} != {k: v for k, v in doc.data.items()
                                                                         if k != "texts"}:
        raise RenderError(f"{shown}: cannot add the text's entry without changing other content of the file",
                          "add it by hand at the end of the `texts:` list")
    return result


def with_entry(project: Project, evidence: Evidence, path: Path, text: str, item: dict[str, Any]) -> NewText:
    """The source file's new text with the entry added, checked by lucli's loader (raise if it would not be valid)."""
    from lucli.records.locations import display_path

    return accept(project, evidence, path, add_entry(text, display_path(path), item))


@dataclass(frozen=True)
class Row:
    """One archived text of one source."""

    source: str
    file: str
    whose: str
    """report (the source's own text) or coverage."""
    pages: int | None = None
    origin: str | None = None
    extracted_by: str | None = None
    sha256: str | None = None


def rows(evidence: Evidence) -> list[Row]:
    """Every archived text named by every source, the source's own first."""
    found = []
    for source in sorted(evidence.sources, key=lambda s: s.id):
        recorded = {t.file: t for t in source.texts}
        own, coverage = texts_of(source)
        for name in own:
            t = recorded.get(name)
            found.append(Row(source.id, name, "report") if t is None else
                         Row(source.id, name, "report", t.pages, t.origin, t.extracted_by, t.sha256))
        found += [Row(source.id, name, "coverage") for name in coverage]
    return found


def render_rows(found: list[Row], format: str) -> str:
    """The archived texts as a table or JSON."""
    if format == "json":
        # The keys are spelt as in the `texts:` entries (`from`, not the field name `origin`).
        data = [{"source": r.source, "file": r.file, "whose": r.whose, "pages": r.pages, "from": r.origin,
                 "extracted_by": r.extracted_by, "sha256": r.sha256} for r in found]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    table = [("SOURCE", "TEXT", "WHOSE", "PAGES", "FROM")] + [
        (r.source, r.file, r.whose, str(r.pages or "-"), r.origin or "-") for r in found]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[4] + "\n"
                   for row in table)


@dataclass(frozen=True)
class TextCheck:
    """The result of checking one archived text against its record."""

    source: str
    file: str
    status: str
    """unchanged | changed | missing | unrecorded (named by `text:` or `reported_in`, with no hash to check)."""


def check_texts(project: Project, evidence: Evidence) -> tuple[list[TextCheck], list[Diagnostic]]:
    """Recompute the hash of every recorded archived text and report those that changed or are missing."""
    checks, problems = [], []
    for source in sorted(evidence.sources, key=lambda s: s.id):
        for index, recorded in enumerate(source.texts):
            if not recorded.sha256:
                continue
            text, _problem = open_text(project, recorded.file)
            status = "missing" if text is None else "unchanged" if sha256_text(text) == recorded.sha256 \
                else "changed"
            checks.append(TextCheck(source.id, recorded.file, status))
            if status != "unchanged":
                problems.append(_problem_for(source, index, recorded.file, status))
        own, coverage = texts_of(source)
        hashed = {t.file for t in source.texts if t.sha256}
        checks += [TextCheck(source.id, name, "unrecorded") for name in own + coverage if name not in hashed]
    return checks, sort_diagnostics(problems)


def _problem_for(source: Source, index: int, name: str, status: str) -> Diagnostic:
    loc = source.locs.get(f"texts.{index}.sha256", source.loc)
    if status == "missing":
        return error(loc.path, loc.line, loc.col, "missing-text", f"archived text '{name}' cannot be read",
                     "restore it from version control, or add the text again with `lucli texts add`")
    return error(loc.path, loc.line, loc.col, "text-changed",
                 f"archived text '{name}' has changed since it was added (its SHA-256 differs from the record)",
                 "restore it from version control, or add the text again with `lucli texts add --as NEW.txt`")


def changed_warning(source: Source, index: int, name: str) -> Diagnostic:
    """The problem verify reports for a changed archive, whose quotes it then does not check against it."""
    return _problem_for(source, index, name, "changed")


def check_summary(checks: list[TextCheck]) -> str:
    """One line of counts for stderr."""
    count = {s: sum(c.status == s for c in checks) for s in ("unchanged", "changed", "missing", "unrecorded")}
    recorded = count["unchanged"] + count["changed"] + count["missing"]
    return (f"checked {plural(recorded, 'recorded text')}: {count['unchanged']} unchanged, "
            f"{count['changed']} changed, {count['missing']} missing; {count['unrecorded']} named without a "
            f"recorded hash (not checked)")


def open_text(project: Project, name: str) -> tuple[str | None, Diagnostic | None]:
    """Read an archived text named relative to evidence/, through the loader's guarded reader."""
    path = project.evidence / name
    try:
        inside = path.resolve().is_relative_to(project.evidence.resolve())
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        return None, error(name, 0, 0, "outside-root", f"archived text '{name}' is outside evidence/")
    return read_text(path, name, project.limits)


def load_texts(project: Project, names: list[str]) -> tuple[dict[str, str], dict[str, Diagnostic]]:
    """Read archived texts by name: the texts that could be read, and a problem for each that could not."""
    texts: dict[str, str] = {}
    problems: dict[str, Diagnostic] = {}
    for name in dict.fromkeys(names):
        text, problem = open_text(project, name)
        if text is None:
            problems[name] = problem or error(name, 0, 0, "unreadable", f"archived text '{name}' cannot be read")
        else:
            texts[name] = text
    return texts, problems


def untrusted(sources: list[Source], texts: Mapping[str, str]) -> list[tuple[Source, int, str]]:
    """(source, index, name) of every recorded text whose hash no longer matches what is on disk."""
    return [(s, i, t.file) for s in sources for i, t in enumerate(s.texts)
            if t.sha256 and t.file in texts and sha256_text(texts[t.file]) != t.sha256]

