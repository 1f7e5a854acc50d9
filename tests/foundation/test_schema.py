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
