"""Editors validate evidence with the JSON Schema that `lucli schema` prints."""

from __future__ import annotations

import json

import pytest

from lucli.records.schema import FILE_SHAPES, SOURCE, json_schema
from tests.conftest import REPO


def test_schema_prints_draft_2020_12_json(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["schema"])

    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["id", "title", "publishers", "published", "kind"]
    assert schema["$defs"]["finding"]["properties"]["kind"]["enum"] == ["finding", "recommendation", "critique",
                                                                        "target"]


def test_the_schema_covers_every_field_the_checker_knows() -> None:
    schema = json_schema("source")
    assert list(schema["properties"]) == [f.name for f in SOURCE.fields]


@pytest.mark.parametrize("kind", sorted(FILE_SHAPES))
def test_the_committed_schema_files_are_fresh(kind: str) -> None:
    committed = (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", (
        f"schema/{kind}.schema.json is stale: run `lucli schema {kind} > schema/{kind}.schema.json`")


def test_an_unknown_schema_kind_is_a_usage_error(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["schema", "sauce"])

    assert result.exit_code == 2
    assert "did you mean 'source'?" in result.stderr


def test_the_schema_accepts_said_by_as_a_word_or_a_person() -> None:
    said_by = json_schema("source")["$defs"]["finding"]["properties"]["said_by"]

    assert said_by["oneOf"] == [{"type": "string", "enum": ["report", "coverage"]}, {"$ref": "#/$defs/speaker"}]
    speaker = json_schema("source")["$defs"]["speaker"]
    assert list(speaker["properties"]) == ["name", "role", "organisation"]
    assert speaker["anyOf"] == [{"required": ["name"]}, {"required": ["organisation"]}]


def test_the_schema_describes_responses_and_roles() -> None:
    response = json_schema("source")["$defs"]["response"]
    organisation = json_schema("organisations")["$defs"]["organisation"]

    assert response["required"] == ["ref", "relation"]
    assert response["properties"]["relation"]["enum"] == ["challenges", "rebuts", "endorses", "extends"]
    assert response["properties"]["about"]["enum"] == ["aims", "design", "timing", "evidence"]
    assert organisation["properties"]["role"]["enum"] == ["evidence", "subject"]
