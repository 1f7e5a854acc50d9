"""`lucli import csl-json`: a Zotero or pandoc export becomes source skeletons, never over existing files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ITEMS = [
    {"id": "http://zotero.org/users/1/items/A", "type": "report", "title": "Devolution: the next  steps",
     "publisher": "Alpha Institute", "issued": {"date-parts": [["2023", "6"]]}, "URL": "https://example.org/a",
     "author": [{"family": "Doe", "given": "Jane"}, {"literal": "Alpha Research Team"}]},
    {"id": "B", "type": "book", "title": "Essays on places", "publisher": "Beta Assoc.", "issued": {"raw": "2021"}},
    {"id": "C", "type": "article-newspaper", "title": "A story", "publisher": "The Daily Planet",
     "issued": {"date-parts": [[2022, 2, 1]]}, "author": [{"family": "Lane", "given": "Lois"}], "URL": "ftp://x"},
    {"id": "D", "type": "report", "publisher": "Alpha Institute"},
    {"id": "E", "type": "report", "title": "Undated", "publisher": "AI"},
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "library.json"
    path.write_text(json.dumps(ITEMS), encoding="utf-8")
    return path


def test_skeletons_are_written_and_reported(repo: Path, lucli, export: Path) -> None:
    result = lucli("import", "csl-json", str(export))

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "skipped: item 'D' has no title; skipped",
        "wrote evidence/sources/alpha-2023-devolution-next-steps.yaml",
        "wrote evidence/sources/beta-2021-essays-places.yaml",
        "wrote evidence/sources/lane-2022-story.yaml",
        "  to do: publisher 'The Daily Planet' matches no organisation: add it to organisations.yaml and to "
        "publishers",
        "wrote evidence/sources/alpha-undated.yaml",
        "  to do: no usable date in the item: fill in `published`",
        "5 items: wrote 4, 0 already there, 1 unusable"]
    assert (repo / "evidence/sources/alpha-2023-devolution-next-steps.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/source.schema.json\n"
        "id: alpha-2023-devolution-next-steps\n"
        'title: "Devolution: the next steps"\n'
        "publishers: [alpha]\n"
        "authors:\n"
        "  - Jane Doe\n"
        "  - Alpha Research Team\n"
        'published: "2023-06"\n'
        "kind: report\n"
        "url: https://example.org/a\n"
        "findings: []\n")
    essays = (repo / "evidence/sources/beta-2021-essays-places.yaml").read_text(encoding="utf-8")
    assert 'publishers: [beta]\n' in essays and 'kind: other   # from CSL type "book"\n' in essays
    story = (repo / "evidence/sources/lane-2022-story.yaml").read_text(encoding="utf-8")
    assert "publishers: []   # TODO" in story and "url:" not in story


def test_skeletons_validate_once_their_publishers_exist(repo: Path, lucli, export: Path) -> None:
    lucli("import", "csl-json", str(export))
    for name in ("lane-2022-story", "alpha-undated"):
        (repo / f"evidence/sources/{name}.yaml").unlink()

    result = lucli("validate", "--strict")

    assert result.exit_code == 0, result.stderr


def test_existing_files_are_never_written_over(repo: Path, lucli, export: Path) -> None:
    lucli("import", "csl-json", str(export))
    path = repo / "evidence/sources/alpha-2023-devolution-next-steps.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# the analyst's own edit\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (repo / "evidence/sources").iterdir()}

    again = lucli("import", "csl-json", str(export))

    assert again.exit_code == 0
    assert "skipped: evidence/sources/alpha-2023-devolution-next-steps.yaml already exists" in again.stderr
    assert again.stderr.endswith("5 items: wrote 0, 4 already there, 1 unusable\n")
    assert {p.name: p.read_bytes() for p in (repo / "evidence/sources").iterdir()} == before


def test_dry_run_writes_nothing(repo: Path, lucli, export: Path) -> None:
    result = lucli("import", "csl-json", str(export), "--dry-run")

    assert result.exit_code == 0
    assert result.stdout.count("# yaml-language-server:") == 4
    assert "would write 4" in result.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1


def test_bad_json_is_reported_with_its_position(repo: Path, lucli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "x",}]', encoding="utf-8")

    result = lucli("import", "csl-json", str(bad))

    assert result.exit_code == 1
    assert f"{bad}:1:16: not valid JSON" in result.stderr


def test_only_csl_json_is_known(repo: Path, lucli, export: Path) -> None:
    result = lucli("import", "bibtex", str(export))

    assert result.exit_code == 2


def test_a_file_given_without_its_format_is_told_the_format_comes_first(repo: Path, lucli, export: Path) -> None:
    result = lucli("import", str(export))

    assert result.exit_code == 2
    assert (f"FORMAT: '{export}' is not a format; the format comes first: `lucli import csl-json {export}`"
            in result.stderr)
    assert "missing argument" not in result.stderr


def test_exported_csl_json_imports_into_a_fresh_repository(make_repo, monkeypatch, lucli, tmp_path: Path) -> None:
    """The round trip a Zotero user makes: export from one repository, import into another."""
    from tests.conftest import REPO

    exported = tmp_path / "corpus.json"
    assert lucli("export", "--root", str(REPO), "-o", str(exported)).exit_code == 0
    organisations = (REPO / "evidence/organisations.yaml").read_text(encoding="utf-8")
    root = make_repo(sources={}, organisations=organisations, root=tmp_path / "fresh")
    monkeypatch.chdir(root)

    result = lucli("import", "csl-json", str(exported))

    assert result.exit_code == 0, result.stderr
    assert "to do" not in result.stderr
    assert lucli("validate").exit_code == 0


@pytest.mark.parametrize(("given", "said"), [("missing.json", "no such file"), (".", "is a folder, not a file")])
def test_a_path_that_is_not_a_file_is_a_usage_error_as_for_texts_add(repo: Path, lucli, tmp_path: Path,
                                                                      given: str, said: str) -> None:
    path = tmp_path / given

    result = lucli("import", "csl-json", str(path))

    assert result.exit_code == 2
    assert f"{path}: {said}" in result.stderr
    assert "hint:" in result.stderr
