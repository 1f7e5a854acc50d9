"""Turn a CSL-JSON export (Zotero, pandoc) into source skeletons, one file per item.

A skeleton holds what the bibliography says (title, authors, date, URL,
publishers) and an empty findings list for the analyst to fill. Nothing is
guessed: a date part, URL or author the item lacks is left out, and a publisher
that does not match a known organisation confidently is left as a comment for
the analyst to resolve, and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from lucli.authoring.new_source import MODELINE, default_source_id, double_quoted, scalar, unique_id
from lucli.errors import DataError, UsageError
from lucli.records.check import date_problem
from lucli.records.files import Refusal, read_regular
from lucli.records.model import Organisation
from lucli.records.schema import URL_PATTERN, is_slug

MAX_BYTES = 32 * 1024 * 1024
CONFIDENT = 90
"""A fuzzy publisher match must score at least this (rapidfuzz WRatio) and clearly beat the next organisation."""
MARGIN = 5
KINDS = {"report": "report", "article-newspaper": "article", "article-magazine": "article",
         "article-journal": "article", "article": "article", "post-weblog": "article", "webpage": "article",
         "speech": "other", "book": "other", "chapter": "other"}
"""CSL type to source kind. A book becomes `other`: an essay collection is a judgement the analyst makes."""


@dataclass(frozen=True)
class Skeleton:
    """One source file to write, and what the analyst still has to do for it."""

    id: str
    text: str
    title: str
    notes: tuple[str, ...] = ()
    """Things left for the analyst (unmatched publisher, missing date), reported on stderr."""


@dataclass
class ImportPlan:
    """What an import would write, and the items it could not use."""

    skeletons: list[Skeleton] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Messages for items without a title or otherwise unusable."""


def read_items(path: Path) -> list[Any]:
    """Read a CSL-JSON file: a list of items (or an object with `items`).

    A path that names nothing, or a folder, is a usage error (exit 2), as it is for `texts add`: the command was
    given the wrong thing. A file that is there but cannot be read is a problem with the file (exit 1)."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a file", "give the CSL-JSON file exported from Zotero or pandoc")
    if not path.exists():
        raise UsageError(f"{path}: no such file", "check the path")
    raw = read_regular(Path(os.path.realpath(path)), MAX_BYTES)  # never a pipe or device; never past the limit
    if isinstance(raw, Refusal):
        raise DataError(f"{path}: {raw.message}", raw.hint or None)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise DataError(f"{path}: the JSON nests deeper than lucli reads", "CSL-JSON items nest a few levels") \
            from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text", "export CSL-JSON from Zotero or pandoc as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
                        "export CSL JSON from Zotero (File → Export Library…) or with pandoc") from exc
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise DataError(f"{path}: CSL-JSON must be a list of items")
    return data


def csl_date(value: Any, today: dt.date) -> str | None:
    """Turn CSL `issued` into YYYY, YYYY-MM or YYYY-MM-DD with only the parts given; None when unusable."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        text = "-".join([f"{numbers[0]:04d}"] + [f"{n:02d}" for n in numbers[1:]]) if numbers else ""
    else:
        raw = value.get("raw") or value.get("literal")
        found = re.match(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", raw) if isinstance(raw, str) else None
        text = "-".join(p for p in found.groups() if p) if found else ""
    return text if text and not date_problem(text, today) else None


def person_name(value: Any) -> str | None:
    """'Given Family' from a CSL name, or its literal form."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("literal"), str) and value["literal"].strip():
        return " ".join(value["literal"].split())
    names = [value.get(k) for k in ("given", "non-dropping-particle", "family")]
    text = " ".join(n.strip() for n in names if isinstance(n, str) and n.strip())
    return text or None


def _names(o: Organisation) -> list[str]:
    """Every form of an organisation's name: id, name, the name before a comma or dash, and aliases."""
    head = re.split(r",| [—–-] ", o.name)[0]
    return list(dict.fromkeys(_key(n) for n in (o.id, o.name, head, *o.aliases)))


def _key(name: str) -> str:
    return utils.default_process(name.replace("&", " and "))


def match_organisation(name: str, organisations: list[Organisation]) -> Organisation | None:
    """Find the organisation a publisher name means: exact on id, name or alias, else a confident fuzzy match."""
    key = _key(name)
    for o in organisations:
        if key in _names(o):
            return o
    # Short names (acronyms) match only exactly: 'ai' is inside far too many words to count as evidence.
    choices = [(n, o) for o in organisations for n in _names(o) if len(n) >= 4]
    found = process.extract(key, [c for c, _ in choices], scorer=fuzz.WRatio, processor=None, limit=None)
    best: dict[str, float] = {}
    for _, score, index in found:
        org = choices[index][1]
        best[org.id] = max(best.get(org.id, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= CONFIDENT and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= MARGIN):
        return next(o for o in organisations if o.id == ranked[0][0])
    return None


def _publisher_names(item: dict[str, Any]) -> list[str]:
    raw = item.get("publisher") or item.get("authority")
    if not isinstance(raw, str):
        return []
    return [p.strip() for p in re.split(r"\s*;\s*", raw) if p.strip()]


def skeleton_id(item: dict[str, Any], publishers: list[str], authors: list[dict[str, Any]], published: str | None,
                title: str) -> str:
    """Slug from the first publisher id (or first author's family name) + year + first title words."""
    first = publishers[0] if publishers else ""
    if not first and authors:
        first = str(authors[0].get("family") or authors[0].get("literal") or "")
    if not first:
        first = " ".join(_publisher_names(item))
    return default_source_id(first, published, title)


def skeleton(item: dict[str, Any], organisations: list[Organisation], taken: set[str], today: dt.date,
             ) -> Skeleton | str:
    """Build one skeleton, or return why the item cannot be used."""
    title = item.get("title")
    label = item.get("id", "?")
    if not isinstance(title, str) or not title.strip():
        return f"item '{label}' has no title; skipped"
    title = " ".join(title.split())
    notes: list[str] = []
    ids: list[str] = []
    unmatched: list[str] = []
    for name in _publisher_names(item):
        org = match_organisation(name, organisations)
        if org and org.id not in ids:
            ids.append(org.id)
        elif not org:
            unmatched.append(name)
    authors = [a for a in item.get("author") or [] if isinstance(a, dict)] if isinstance(item.get("author"), list) \
        else []
    names = [n for n in (person_name(a) for a in authors) if n]
    published = csl_date(item.get("issued"), today)
    source_id = unique_id(skeleton_id(item, ids, authors, published, title), taken)
    lines = [MODELINE, f"id: {source_id}", f"title: {double_quoted(title)}"]
    if ids:
        lines.append(f"publishers: [{', '.join(ids)}]")
    else:
        lines.append("publishers: []   # TODO: the id of each publisher, from organisations.yaml")
    for name in unmatched:
        lines.append(f"# TODO publisher {double_quoted(name)} is not in organisations.yaml: add it, then list its id")
        notes.append(f"publisher '{name}' matches no organisation: add it to organisations.yaml and to publishers")
    if names:
        lines += ["authors:"] + [f"  - {scalar(n)}" for n in names]
    if published:
        lines.append(f"published: {double_quoted(published)}")
    else:
        lines.append("published:   # TODO: the date as printed on the source (YYYY, YYYY-MM or YYYY-MM-DD)")
        notes.append("no usable date in the item: fill in `published`")
    kind = KINDS.get(str(item.get("type")), "other")
    csl_type = str(item.get("type", "unknown"))
    lines.append(f"kind: {kind}" + (f"   # from CSL type {double_quoted(csl_type)}" if csl_type != kind else ""))
    url = item.get("URL")
    if isinstance(url, str) and re.match(URL_PATTERN, url.strip()):
        lines.append(f"url: {scalar(url.strip())}")
    lines.append("findings: []")
    return Skeleton(source_id, "\n".join(lines) + "\n", title, tuple(notes))


def plan_import(items: list[Any], organisations: list[Organisation], today: dt.date | None = None) -> ImportPlan:
    """Build skeletons for CSL-JSON items; ids already used in this batch get -2, -3…"""
    plan = ImportPlan()
    taken: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            plan.skipped.append(f"item {number} is not a JSON object; skipped")
            continue
        built = skeleton(item, organisations, taken, today or dt.date.today())
        if isinstance(built, str):
            plan.skipped.append(built)
            continue
        assert is_slug(built.id)
        taken.add(built.id)
        plan.skeletons.append(built)
    return plan
