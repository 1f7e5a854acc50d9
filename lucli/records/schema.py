"""The record format v1 as data: one definition drives the checker and the JSON Schema.

Each `Shape` lists the fields of one kind of mapping. `lucli.records.check` walks YAML
documents against these shapes, and `json_schema` turns the same shapes into a
JSON Schema (draft 2020-12) for editors, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from lucli.records import model

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
REF_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
SCHEMA_URL = "https://lucli.invalid/schema/v1/{kind}.schema.json"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    """Tell whether text is a valid lucli id."""
    return len(text) <= 64 and bool(_SLUG.match(text))


@dataclass(frozen=True)
class Field:
    """One key of a mapping and what its value must be."""

    name: str
    type: str
    """string | slug | date | url | path | enum | object | list | count | sha256 | ref | said-by."""
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    items: Field | None = None
    """For lists: what each item must be."""
    shape: Shape | None = None
    """For objects: the fields of the mapping."""
    default: Any = None
    min_items: int = 0

    @functools.cached_property
    def each(self) -> Field:
        """For a list of plain values: the field each item is checked as (named as the list, for messages)."""
        assert self.items is not None
        return Field(self.name, self.items.type, self.items.description, enum=self.items.enum)


@dataclass(frozen=True)
class Shape:
    """The fields of one kind of mapping."""

    name: str
    description: str
    fields: tuple[Field, ...]
    one_of_required: tuple[str, ...] = ()
    """At least one of these keys must be present (for coverage entries)."""

    def field(self, name: str) -> Field | None:
        """Return the field called `name`, if the shape has one."""
        return self.by_name.get(name)

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        """The fields by name."""
        return {f.name: f for f in self.fields}

    @functools.cached_property
    def required(self) -> tuple[Field, ...]:
        """The fields that must be present, in order."""
        return tuple(f for f in self.fields if f.required)


def _slug_list(name: str, description: str, **kw: Any) -> Field:
    return Field(name, "list", description, items=Field("item", "slug", "An id."), **kw)


def _text_list(name: str, description: str) -> Field:
    return Field(name, "list", description, items=Field("item", "string", "Text."))


ORGANISATION = Shape("organisation", "A publisher of evidence.", (
    Field("id", "slug", "Unique id (a slug).", required=True),
    Field("name", "string", "Full name.", required=True),
    Field("kind", "enum", "What sort of organisation it is.", required=True, enum=model.ORGANISATION_KINDS),
    Field("url", "url", "Home page (http or https)."),
    _text_list("aliases", "Other names a user may type, e.g. an acronym."),
    Field("role", "enum", "evidence: a voice in the synthesis (the default); subject: the body whose policy is "
                          "under review, shown apart and counted toward no verdict (the default for a government).",
          enum=model.ROLES),
))

PRINCIPLE = Shape("principle", "A policy principle that findings are cross-referenced by.", (
    Field("id", "slug", "Unique id (a slug).", required=True),
    Field("label", "string", "Short name in sentence case.", required=True),
    Field("description", "string", "One-sentence definition.", required=True),
    _text_list("aliases", "Other phrases for the principle, used for fuzzy matching."),
    _slug_list("related", "Ids of related principles."),
))

PRINCIPLE_REF = Shape("principle-ref", "How a finding bears on a principle.", (
    Field("id", "slug", "Principle id from principles.yaml.", required=True),
    Field("stance", "enum", "supports: argues for it; opposes: argues against it; "
                            "qualifies: accepts it with a caveat, warning or condition.",
          enum=model.STANCES, default="supports"),
))

SPEAKER = Shape("speaker", "A person (or an organisation) whose words the quote is.", (
    Field("name", "string", "The person's name."),
    Field("role", "string", "Their role, e.g. chief executive."),
    Field("organisation", "slug", "Id of the organisation they speak for, from organisations.yaml."),
), one_of_required=("name", "organisation"))

RESPONSE = Shape("response", "A record the finding responds to.", (
    Field("ref", "ref", "SOURCE-ID, or SOURCE-ID#FINDING-ID for one finding.", required=True),
    Field("relation", "enum", "How the finding bears on it.", required=True, enum=model.RELATIONS),
    Field("about", "enum", "What the response is about.", enum=model.ABOUT),
))

FINDING = Shape("finding", "A finding, recommendation, critique or target reported by the source.", (
    Field("id", "slug", "Id unique within the source (a slug).", required=True),
    Field("kind", "enum", "What sort of claim it is.", required=True, enum=model.FINDING_KINDS),
    Field("statement", "string", "The claim in the analyst's own words.", required=True),
    Field("quote", "string", "Short verbatim words from the source or its coverage."),
    Field("locator", "string", "Page, section or paragraph."),
    Field("principles", "list", "Principles the finding bears on, at least one.", required=True, min_items=1,
          items=Field("item", "object", "A principle and stance.", shape=PRINCIPLE_REF)),
    Field("basis", "list", "Kinds of evidence the finding rests on.",
          items=Field("item", "enum", "A kind of evidence.", enum=model.BASES)),
    _slug_list("actors", "Who is asked to act or is assessed (free slugs)."),
    Field("said_by", "said-by", "Whose words the quote is: report (the source's own text), coverage (the "
                                "reporting outlet's paraphrase) or a person {name, role, organisation}.",
          enum=model.SAID_BY_WORDS, shape=SPEAKER),
    Field("outlet", "string", "With said_by: coverage, the reported_in outlet whose words the quote is."),
    Field("responds_to", "list", "Records this finding challenges, rebuts, endorses or extends.",
          items=Field("item", "object", "One response.", shape=RESPONSE)),
))

COVERAGE = Shape("coverage", "Where the analyst read about the source.", (
    Field("outlet", "string", "Publication, e.g. LocalGov."),
    Field("title", "string", "Headline."),
    Field("author", "string", "Journalist, when named."),
    Field("date", "date", "ISO date: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("url", "url", "Address (http or https)."),
    Field("text", "path", "Archived copy, relative to evidence/, used to verify quotes."),
    Field("note", "string", "Free text, e.g. when the outlet is not named."),
), one_of_required=("outlet", "title", "url", "text", "note"))

ARCHIVED_TEXT = Shape("archived-text", "An archived text of the source, as `lucli texts add` recorded it.", (
    Field("file", "path", "The text, relative to evidence/, e.g. texts/report.txt.", required=True),
    Field("sha256", "sha256", "SHA-256 of the text; a text that no longer matches is never trusted."),
    Field("from", "string", "Name of the file the text was extracted from, e.g. report.pdf."),
    Field("from_sha256", "sha256", "SHA-256 of that file."),
    Field("extracted_by", "string", "Tool and version that extracted the text."),
    Field("pages", "count", "How many pages the text has (form feeds separate them)."),
    Field("added", "date", "When the text was added (ISO date)."),
))

SOURCE = Shape("source", "One report, essay collection, inquiry or white paper (one per file).", (
    Field("id", "slug", "Unique id, equal to the file name without .yaml.", required=True),
    Field("title", "string", "Title as published.", required=True),
    _slug_list("publishers", "Organisation ids, at least one.", required=True, min_items=1),
    _text_list("authors", "Named authors, when known."),
    Field("published", "date", "ISO date: YYYY-MM-DD, YYYY-MM or YYYY (leave out what is not known).",
          required=True),
    Field("kind", "enum", "What sort of source it is.", required=True, enum=model.SOURCE_KINDS),
    Field("url", "url", "Address of the source (http or https)."),
    Field("summary", "string", "The analyst's summary."),
    Field("reported_in", "list", "Press coverage where the analyst read about it.",
          items=Field("item", "object", "One piece of coverage.", shape=COVERAGE)),
    Field("text", "path", "Archived copy, relative to evidence/, used to verify quotes."),
    Field("texts", "list", "Archived texts of the source with their provenance (written by `lucli texts add`).",
          items=Field("item", "object", "One archived text.", shape=ARCHIVED_TEXT)),
    Field("findings", "list", "What the source finds and recommends.",
          items=Field("item", "object", "One finding.", shape=FINDING)),
))

FILE_SHAPES = {"source": SOURCE, "organisations": ORGANISATION, "principles": PRINCIPLE}
"""The shape of each kind of evidence file (organisations and principles files are lists)."""


def json_schema(kind: str = "source") -> dict[str, Any]:
    """Build a JSON Schema (draft 2020-12) for one kind of evidence file."""
    shape = FILE_SHAPES[kind]
    defs: dict[str, Any] = {}
    body = _object_schema(shape, defs)
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL.format(kind=kind),
        "title": f"lucli evidence record format v1: {kind}",
    }
    if kind == "source":
        root.update(body)
    else:
        root.update({"description": f"A list of {shape.name}s.", "type": "array",
                     "items": {"$ref": f"#/$defs/{shape.name}"}})
        defs[shape.name] = body
    if defs:
        root["$defs"] = dict(sorted(defs.items()))
    return root


def _object_schema(shape: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "description": shape.description,
        "type": "object",
        "properties": {f.name: _field_schema(f, defs) for f in shape.fields},
    }
    required = [f.name for f in shape.fields if f.required]
    if required:
        schema["required"] = required
    if shape.one_of_required:
        schema["anyOf"] = [{"required": [name]} for name in shape.one_of_required]
    return schema


def _field_schema(f: Field, defs: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": f.description}
    if f.type == "slug":
        schema.update(type="string", pattern=SLUG_PATTERN, maxLength=64)
    elif f.type == "date":
        # YAML turns unquoted 2022-02-01 into a date and 2022 into a number; editors see the text form.
        schema.update(type=["string", "integer"], pattern=DATE_PATTERN)
    elif f.type == "url":
        schema.update(type="string", pattern=URL_PATTERN)
    elif f.type == "enum":
        schema.update(type="string", enum=list(f.enum))
    elif f.type == "count":
        schema.update(type="integer", minimum=1)
    elif f.type == "sha256":
        schema.update(type="string", pattern=SHA256_PATTERN)
    elif f.type == "list":
        assert f.items is not None
        schema.update(type="array", items=_field_schema(f.items, defs))
        schema["items"].pop("description", None)
        if f.min_items:
            schema["minItems"] = f.min_items
    elif f.type == "object":
        assert f.shape is not None
        defs[f.shape.name] = _object_schema(f.shape, defs)
        return {"$ref": f"#/$defs/{f.shape.name}"}
    elif f.type == "said-by":
        assert f.shape is not None
        defs[f.shape.name] = _object_schema(f.shape, defs)
        schema["oneOf"] = [{"type": "string", "enum": list(f.enum)}, {"$ref": f"#/$defs/{f.shape.name}"}]
    elif f.type == "ref":
        schema.update(type="string", pattern=REF_PATTERN)
    else:
        schema.update(type="string", minLength=1)
    if f.default is not None:
        schema["default"] = f.default
    return schema
