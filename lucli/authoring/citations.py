"""Export the sources as citations: JSON, CSV, CSL-JSON (Zotero, pandoc), BibTeX and RIS.

Each format is one small function from `Citation` records to text. A citation
carries only what the record says: no date part, author or URL is filled in.
The principles a source addresses go in keywords, and where it stands on each
(its findings' stances combined as in `lucli.analysis.verdicts`) in a note.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lucli.analysis.people import Person, csl_name, person
from lucli.analysis.verdicts import combine
from lucli.records.corpus import Corpus
from lucli.records.model import CSL_TYPES, STANCES, Source
from lucli.records.safetext import spreadsheet_cell

FORMATS = ("json", "csv", "csl-json", "bibtex", "ris")
BIBTEX_TYPES = {"report": "techreport", "inquiry": "techreport", "white-paper": "techreport",
                "essay-collection": "book"}
RIS_TYPES = {"report": "RPRT", "inquiry": "RPRT", "white-paper": "RPRT", "essay-collection": "BOOK",
             "press-release": "PRESS", "article": "NEWS", "other": "GEN"}


@dataclass(frozen=True)
class Citation:
    """What one source contributes to a bibliography."""

    source: Source
    publishers: tuple[str, ...]
    """Organisation names, in the record's order."""
    authors: tuple[Person, ...]
    positions: tuple[tuple[str, str], ...]
    """(principle label, position) in taxonomy order."""
    findings: int
    """How many findings the source reports."""

    @property
    def keywords(self) -> tuple[str, ...]:
        """Labels of the principles the source addresses."""
        return tuple(label for label, _ in self.positions)

    @property
    def note(self) -> str | None:
        """'lucli positions: Devolution: supports; …', or None when the source has no findings."""
        if not self.positions:
            return None
        return "lucli positions: " + "; ".join(f"{label}: {stance}" for label, stance in self.positions)

    @property
    def date_parts(self) -> list[int]:
        """The known parts of the publication date: [year], [year, month] or [year, month, day]."""
        return [int(p) for p in self.source.published.split("-")]


def citations(corpus: Corpus, sources: list[Source]) -> list[Citation]:
    """Build citations for sources, with positions worked out from all of each source's findings."""
    found = []
    for source in sources:
        positions = []
        for principle in corpus.principles.values():
            stances = [s for f in source.findings if (s := f.stance_on(principle.id))]
            if stances:
                positions.append((principle.label, combine(stances)))
        found.append(_citation(corpus, source, positions, len(source.findings)))
    return found


def counted_citations(corpus: Corpus, sources: list[Source], stances: Mapping[str, Mapping[str, tuple[int, ...]]],
                      findings: Mapping[str, int]) -> list[Citation]:
    """`citations`, from how many of each source's findings take each stance (`STANCES` order) on each principle
    they address, and how many findings it reports (the SQLite index's counts: the sources need not hold their
    findings). A position depends only on which stances are taken (`combine`), so the counts give the same."""
    found = []
    for source in sources:
        counted = stances.get(source.id, {})
        positions = [(principle.label, combine([s for s, n in zip(STANCES, counted[principle.id], strict=True) if n]))
                     for principle in corpus.principles.values() if any(counted.get(principle.id, ()))]
        found.append(_citation(corpus, source, positions, findings[source.id]))
    return found


def _citation(corpus: Corpus, source: Source, positions: list[tuple[str, str]], findings: int) -> Citation:
    names = tuple(corpus.organisations[p].name if p in corpus.organisations else p for p in source.publishers)
    return Citation(source, names, tuple(person(a) for a in source.authors), tuple(positions), findings)


# --- formats ---------------------------------------------------------------------------------------------

def to_json(items: list[Citation]) -> str:
    """A JSON list of plain source records with their keywords and positions."""
    rows = []
    for c in items:
        s = c.source
        rows.append({"id": s.id, "title": s.title, "kind": s.kind, "published": s.published,
                     "publishers": list(s.publishers), "publisher_names": list(c.publishers),
                     "authors": list(s.authors), "url": s.url, "findings": c.findings,
                     "principles": list(c.keywords), "positions": dict(c.positions)})
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def to_csv(items: list[Citation]) -> str:
    """One row per source; lists joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "kind", "published", "publishers", "authors", "url", "findings", "positions"])
    for c in items:
        s = c.source
        row = [s.id, s.title, s.kind, s.published, "; ".join(c.publishers), "; ".join(s.authors), s.url or "",
               c.findings, "; ".join(f"{k}: {v}" for k, v in c.positions)]
        writer.writerow([spreadsheet_cell(cell) for cell in row])  # no cell is read as a formula
    return out.getvalue()


def csl_item(c: Citation) -> dict[str, Any]:
    """One CSL-JSON item."""
    s = c.source
    item: dict[str, Any] = {"id": s.id, "type": CSL_TYPES.get(s.kind, "document"), "title": s.title}
    if c.authors:
        item["author"] = [csl_name(p) for p in c.authors]
    item["issued"] = {"date-parts": [c.date_parts]}
    item["publisher"] = "; ".join(c.publishers)
    if s.url:
        item["URL"] = s.url
    if c.keywords:
        item["keyword"] = ", ".join(c.keywords)
    if c.note:
        item["note"] = c.note
    return item


def to_csl_json(items: list[Citation]) -> str:
    """A CSL-JSON array, as Zotero and pandoc read it."""
    return json.dumps([csl_item(c) for c in items], indent=2, ensure_ascii=False) + "\n"


# BibTeX counts braces whatever comes before them, so `\}` still closes a group: a title ending `}}` could
# end its entry and start another. Braces become LaTeX commands whose own braces balance, so no value can
# close what it is in.
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
                   "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


def bibtex_escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX treat specially; braces in the result always balance."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in " ".join(text.split()))


def _bibtex_name(p: Person) -> str:
    # An organisation or an unsplit name goes in braces so BibTeX does not reorder it.
    return f"{bibtex_escape(p.family)}, {bibtex_escape(p.given)}" if p.family and p.given \
        else "{" + bibtex_escape(p.literal) + "}"


def bibtex_entry(c: Citation) -> str:
    """One BibTeX entry: @techreport, @book or @misc."""
    s = c.source
    kind = BIBTEX_TYPES.get(s.kind, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(s.title) + "}")]
    if c.authors:
        fields.append(("author", " and ".join(_bibtex_name(p) for p in c.authors)))
    publishers = " and ".join("{" + bibtex_escape(n) + "}" for n in c.publishers)
    fields.append(("institution" if kind == "techreport" else "publisher", publishers))
    parts = c.date_parts
    fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", str(parts[1])))
    fields.append(("date", s.published))
    if s.url:
        # The url field is read verbatim; only braces would break it.
        fields.append(("url", s.url.replace("{", "%7B").replace("}", "%7D")))
    if c.keywords:
        fields.append(("keywords", ", ".join(bibtex_escape(k) for k in c.keywords)))
    if c.note:
        fields.append(("note", bibtex_escape(c.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{s.id},\n{body}\n}}\n"


def to_bibtex(items: list[Citation]) -> str:
    """BibTeX entries keyed by source id, separated by blank lines."""
    return "\n".join(bibtex_entry(c) for c in items)


def ris_record(c: Citation) -> str:
    """One RIS record, ending with ER."""
    s = c.source
    lines = [("TY", RIS_TYPES.get(s.kind, "GEN")), ("TI", s.title)]
    lines += [("AU", f"{p.family}, {p.given}" if p.family else p.literal) for p in c.authors]
    parts = c.date_parts
    lines.append(("PY", str(parts[0])))
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]] + [""] * (3 - len(parts))
    lines.append(("DA", "/".join(padded) + "/"))
    lines += [("PB", name) for name in c.publishers]
    if s.url:
        lines.append(("UR", s.url))
    lines += [("KW", k) for k in c.keywords]
    if c.note:
        lines.append(("N1", c.note))
    lines.append(("ID", s.id))
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)
    return body + "ER  - \n"


def to_ris(items: list[Citation]) -> str:
    """RIS records separated by blank lines."""
    return "\n".join(ris_record(c) for c in items)


WRITERS: dict[str, Callable[[list[Citation]], str]] = {
    "json": to_json, "csv": to_csv, "csl-json": to_csl_json, "bibtex": to_bibtex, "ris": to_ris}


def export(corpus: Corpus, sources: list[Source], fmt: str) -> str:
    """Render sources in one of FORMATS."""
    return WRITERS[fmt](citations(corpus, sources))
