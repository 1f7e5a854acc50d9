"""Turn checked YAML documents into records, one evidence file at a time.

Each function takes a parsed `Document` and returns the records it holds plus
the problems found, without reading other files: that keeps per-file results
independent, so they can be cached and re-used when other files change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lucli.records.check import Checker, describe
from lucli.records.diagnostics import error
from lucli.records.model import (
    ArchivedText,
    Coverage,
    Finding,
    Loc,
    Organisation,
    Principle,
    PrincipleRef,
    Response,
    SaidBy,
    Source,
    Speaker,
)
from lucli.records.results import FileResult as FileResult  # made here; read back by the cache and the index
from lucli.records.schema import ORGANISATION, PRINCIPLE, SOURCE
from lucli.records.yamlparse import Document, Path


def _finish(result: FileResult, checker: Checker) -> None:
    result.diagnostics = checker.problems
    result.latest_date = checker.latest.isoformat() if checker.latest else None


def _loc(doc: Document, path: Path) -> Loc:
    mark = doc.value_mark(path)
    return Loc(doc.path, mark.line, mark.col)


def _tuple(clean: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(clean.get(key) or ())


def _extra(clean: dict[str, Any]) -> dict[str, Any]:
    return dict(clean.get("__extra__", {}))


def _list_items(checker: Checker, data: Any, what: str) -> list[Any]:
    if data is None:
        checker.problems.append(error(checker.doc.path, 1, 1, "empty-file", f"the {what} file is empty",
                                      f"write a YAML list of {what}, each starting with `- id:`"))
        return []
    if not isinstance(data, list):
        checker.error((), "wrong-type", f"the {what} file must be a YAML list, found {describe(data)}",
                      "start each entry with `- id:`")
        return []
    return data


def organisations_from(doc: Document, today: dt.date | None = None) -> FileResult:
    """Read the organisations file."""
    checker = Checker(doc, today or dt.date.today())
    result = FileResult()
    for index, item in enumerate(_list_items(checker, doc.data, "organisations")):
        clean = checker.check_mapping(item, ORGANISATION, (index,))
        if clean and {"id", "name", "kind"} <= clean.keys():
            result.organisations.append(Organisation(
                id=clean["id"], name=clean["name"], kind=clean["kind"], url=clean.get("url"),
                aliases=_tuple(clean, "aliases"), loc=_loc(doc, (index,)), extra=_extra(clean),
                role=clean.get("role")))
    _finish(result, checker)
    return result


def principles_from(doc: Document, today: dt.date | None = None) -> FileResult:
    """Read the principles file."""
    checker = Checker(doc, today or dt.date.today())
    result = FileResult()
    for index, item in enumerate(_list_items(checker, doc.data, "principles")):
        clean = checker.check_mapping(item, PRINCIPLE, (index,))
        if clean and {"id", "label", "description"} <= clean.keys():
            related_locs = tuple(_loc(doc, (index, "related", i)) for i in range(len(clean.get("related") or ())))
            result.principles.append(Principle(
                id=clean["id"], label=clean["label"], description=clean["description"],
                aliases=_tuple(clean, "aliases"), related=_tuple(clean, "related"), loc=_loc(doc, (index,)),
                extra=_extra(clean), locs={f"related.{i}": loc for i, loc in enumerate(related_locs)}))
    _finish(result, checker)
    return result


def source_from(doc: Document, stem: str, today: dt.date | None = None) -> FileResult:
    """Read one source file, whose id must equal `stem`."""
    checker = Checker(doc, today or dt.date.today())
    result = FileResult()
    if doc.data is None:
        checker.problems.append(error(doc.path, 1, 1, "empty-file", "the source file is empty",
                                      "a source file is a mapping that starts with `id:`; "
                                      "`lucli add source` writes one for you"))
        _finish(result, checker)
        return result
    if isinstance(doc.data, list):
        checker.error((), "wrong-type", "a source file must be a mapping (id, title, …), found a list",
                      "one source per file: remove the leading `- `")
        _finish(result, checker)
        return result
    clean = checker.check_mapping(doc.data, SOURCE, ())
    if clean is None:
        _finish(result, checker)
        return result
    if "id" in clean and clean["id"] != stem:
        checker.error(("id",), "id-mismatch", f"source id '{clean['id']}' differs from the file name '{stem}'",
                      f"rename the file to {clean['id']}.yaml or set `id: {stem}`")
    findings = _findings(checker, clean, stem)
    required = {"id", "title", "publishers", "published", "kind"}
    if required <= clean.keys():
        result.sources.append(Source(
            id=stem, title=clean["title"], publishers=_tuple(clean, "publishers"), published=clean["published"],
            kind=clean["kind"], findings=tuple(findings), authors=_tuple(clean, "authors"), url=clean.get("url"),
            summary=clean.get("summary"), reported_in=tuple(_coverage(c) for c in clean.get("reported_in") or ()),
            text=clean.get("text"), texts=tuple(_archived(t) for t in clean.get("texts") or () if "file" in t),
            path=doc.path, loc=_loc(doc, ()),
            extra=_extra(clean), locs=_reference_locs(doc, clean)))
    _finish(result, checker)
    return result


def _findings(checker: Checker, clean: dict[str, Any], stem: str) -> list[Finding]:
    doc = checker.doc
    findings = []
    for item in clean.get("findings") or ():
        path = item["__path__"]
        if not {"id", "kind", "statement"} <= item.keys():
            continue
        refs = tuple(PrincipleRef(ref["id"], ref.get("stance") or "supports", _loc(doc, ref["__path__"] + ("id",)))
                     for ref in item.get("principles") or () if "id" in ref)
        findings.append(Finding(
            id=item["id"], source_id=stem, kind=item["kind"], statement=item["statement"], principles=refs,
            quote=item.get("quote"), locator=item.get("locator"), basis=_tuple(item, "basis"),
            actors=_tuple(item, "actors"), loc=_loc(doc, path), extra=_extra(item),
            said_by=_said_by(doc, item, path), outlet=item.get("outlet"),
            responds_to=tuple(Response(r["ref"], r["relation"], r.get("about"), _loc(doc, r["__path__"] + ("ref",)))
                              for r in item.get("responds_to") or () if {"ref", "relation"} <= r.keys())))
    return findings


def _said_by(doc: Document, item: dict[str, Any], path: Path) -> SaidBy | None:
    value = item.get("said_by")
    if isinstance(value, dict):
        return Speaker(value.get("name"), value.get("role"), value.get("organisation"),
                       _loc(doc, path + ("said_by",)))
    return value if isinstance(value, str) else None


def _coverage(clean: dict[str, Any]) -> Coverage:
    return Coverage(outlet=clean.get("outlet"), title=clean.get("title"), author=clean.get("author"),
                    date=clean.get("date"), url=clean.get("url"), text=clean.get("text"), note=clean.get("note"))


def _archived(clean: dict[str, Any]) -> ArchivedText:
    return ArchivedText(file=clean["file"], sha256=clean.get("sha256"), origin=clean.get("from"),
                        origin_sha256=clean.get("from_sha256"), extracted_by=clean.get("extracted_by"),
                        pages=clean.get("pages"), added=clean.get("added"))


def _reference_locs(doc: Document, clean: dict[str, Any]) -> dict[str, Loc]:
    """Remember where cross-file references are written, for later checks."""
    locs = {f"publishers.{i}": _loc(doc, ("publishers", i)) for i in range(len(clean.get("publishers") or ()))}
    locs["text"] = _loc(doc, ("text",))
    for i in range(len(clean.get("reported_in") or ())):
        locs[f"reported_in.{i}.text"] = _loc(doc, ("reported_in", i, "text"))
    for i in range(len(clean.get("texts") or ())):
        locs[f"texts.{i}.file"] = _loc(doc, ("texts", i, "file"))
        locs[f"texts.{i}.sha256"] = _loc(doc, ("texts", i, "sha256"))
    return locs
