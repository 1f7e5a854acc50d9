"""`lucli export`: the sources as JSON, CSV, CSL-JSON, BibTeX and RIS, read back by small readers here."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.conftest import REPO

RICH = """\
id: alpha-2022-report
title: "Levelling up: 50% of {places} & the $ _question_ #1"
publishers: [alpha, beta]
authors: [Jane Doe, "Smith, John", Cllr Kevin Bentley, Alpha Institute Research Team]
published: 2022-03
kind: report
url: https://example.org/r?a=1&b=%20
findings:
  - id: devolve
    kind: recommendation
    statement: Devolve.
    principles:
      - {id: devolution, stance: supports}
      - {id: single-pot-funding, stance: supports}
  - id: caveat
    kind: critique
    statement: But carefully.
    principles:
      - {id: single-pot-funding, stance: qualifies}
"""

BARE = """\
id: beta-2021-essays
title: Essays
publishers: [beta]
published: 2021
kind: essay-collection
findings: []
"""


@pytest.fixture
def repo(make_repo, monkeypatch):
    root = make_repo(sources={"alpha-2022-report": RICH, "beta-2021-essays": BARE})
    monkeypatch.chdir(root)
    return root


def test_csl_json_has_the_shape_zotero_reads(repo, lucli) -> None:
    result = lucli("export", "--format", "csl-json")

    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        # The minimal CSL-JSON item schema: a string id, a known type, a title, and well-formed names and dates.
        assert isinstance(item["id"], str) and item["id"]
        assert item["type"] in {"report", "book", "article", "article-newspaper", "document"}
        assert isinstance(item["title"], str)
        parts = item["issued"]["date-parts"]
        assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0])
        for name in item.get("author", []):
            assert set(name) in ({"family", "given"}, {"literal"})
            assert all(isinstance(v, str) and v for v in name.values())
        assert set(item) <= {"id", "type", "title", "author", "issued", "publisher", "URL", "keyword", "note"}
    report, essays = items
    assert report["id"] == "alpha-2022-report" and report["type"] == "report"
    assert report["author"] == [{"family": "Doe", "given": "Jane"}, {"family": "Smith", "given": "John"},
                                {"literal": "Cllr Kevin Bentley"}, {"literal": "Alpha Institute Research Team"}]
    assert report["issued"] == {"date-parts": [[2022, 3]]}
    assert report["publisher"] == "Alpha Institute; Beta Association"
    assert report["URL"] == "https://example.org/r?a=1&b=%20"
    assert report["keyword"] == "Devolution, Single-pot funding"
    assert report["note"] == "lucli positions: Devolution: supports; Single-pot funding: qualifies"
    # Nothing is invented: no authors, URL, month or positions where the record has none.
    assert essays == {"id": "beta-2021-essays", "type": "book", "title": "Essays",
                      "issued": {"date-parts": [[2021]]}, "publisher": "Beta Association"}


def read_bibtex(text: str) -> list[dict[str, str]]:
    """Read BibTeX with pybtex, a real BibTeX parser: fields as written, persons joined with ' and '."""
    from pybtex.database import parse_string

    entries = []
    for key, entry in parse_string(text, "bibtex").entries.items():
        fields = {"ENTRYTYPE": entry.type, "ID": key, **{k.lower(): v for k, v in entry.fields.items()}}
        for role, people in entry.persons.items():
            fields[role.lower()] = " and ".join(str(p) for p in people)
        entries.append(fields)
    return entries


_UNESCAPES = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^",
              r"\textbraceleft{}": "{", r"\textbraceright{}": "}"}


def unescape(value: str) -> str:
    value = re.sub("|".join(re.escape(k) for k in _UNESCAPES), lambda m: _UNESCAPES[m.group()], value)
    return re.sub(r"\\([&%$#_])", r"\1", value)


def test_bibtex_reads_back(repo, lucli) -> None:
    entries = read_bibtex(lucli("export", "--format", "bibtex").stdout)

    report, essays = entries
    assert report["ENTRYTYPE"] == "techreport" and report["ID"] == "alpha-2022-report"
    assert unescape(report["title"]) == "{Levelling up: 50% of {places} & the $ _question_ #1}"
    assert report["author"] == "Doe, Jane and Smith, John and {Cllr Kevin Bentley} and {Alpha Institute Research Team}"
    assert report["institution"] == "{Alpha Institute} and {Beta Association}"
    assert (report["year"], report["month"], report["date"]) == ("2022", "3", "2022-03")
    assert report["url"] == "https://example.org/r?a=1&b=%20"
    assert report["keywords"] == "Devolution, Single-pot funding"
    assert essays["ENTRYTYPE"] == "book" and essays["publisher"] == "{Beta Association}"
    assert "month" not in essays and "author" not in essays and "url" not in essays


def read_ris(text: str) -> list[dict[str, list[str]]]:
    """A small RIS reader: 'TG  - value' lines, records ended by ER."""
    records, current = [], {}
    for line in text.splitlines():
        if not line.strip():
            continue
        tag, value = line[:2], line[6:]
        assert line[2:6] == "  - ", line
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert current == {}
    return records


def test_ris_reads_back(repo, lucli) -> None:
    report, essays = read_ris(lucli("export", "--format", "ris").stdout)

    assert report["TY"] == ["RPRT"] and report["TI"] == ["Levelling up: 50% of {places} & the $ _question_ #1"]
    assert report["AU"] == ["Doe, Jane", "Smith, John", "Cllr Kevin Bentley", "Alpha Institute Research Team"]
    assert report["PY"] == ["2022"] and report["DA"] == ["2022/03//"]
    assert report["PB"] == ["Alpha Institute", "Beta Association"]
    assert report["KW"] == ["Devolution", "Single-pot funding"]
    assert report["N1"] == ["lucli positions: Devolution: supports; Single-pot funding: qualifies"]
    assert essays["TY"] == ["BOOK"] and essays["DA"] == ["2021///"] and "AU" not in essays


def test_json_and_csv(repo, lucli) -> None:
    data = json.loads(lucli("export", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(lucli("export", "--format", "csv").stdout)))

    assert data[0]["positions"] == {"Devolution": "supports", "Single-pot funding": "qualifies"}
    assert data[1]["url"] is None
    assert rows[0]["publishers"] == "Alpha Institute; Beta Association"
    assert rows[1]["positions"] == ""


def test_filters_and_output_file(repo, lucli, tmp_path) -> None:
    by_principle = json.loads(lucli("export", "--format", "json", "--principle", "single pot").stdout)
    by_organisation = json.loads(lucli("export", "--format", "json", "--org", "Beta Association").stdout)
    written = lucli("export", "--format", "ris", "-o", str(tmp_path / "out.ris"))

    assert [s["id"] for s in by_principle] == ["alpha-2022-report"]
    # Positions describe the whole source, not only the findings the filter kept.
    assert by_principle[0]["positions"]["Devolution"] == "supports"
    assert [s["id"] for s in by_organisation] == ["alpha-2022-report", "beta-2021-essays"]
    assert written.exit_code == 0 and (tmp_path / "out.ris").read_text().startswith("TY  - RPRT\n")


def test_unknown_format_is_a_usage_error(repo, lucli) -> None:
    result = lucli("export", "--format", "bibtext")

    assert result.exit_code == 2
    assert "did you mean 'bibtex'?" in result.stderr


def test_the_bundled_corpus_exports_to_every_format(runner) -> None:
    from lucli.cli import app

    for fmt in ("json", "csv", "csl-json", "bibtex", "ris"):
        result = runner.invoke(app, ["export", "--format", fmt, "--root", str(REPO)])
        assert result.exit_code == 0, (fmt, result.stderr)
    items = json.loads(runner.invoke(app, ["export", "--root", str(REPO)]).stdout)
    assert {i["id"] for i in items} == {p.stem for p in (REPO / "evidence/sources").glob("*.yaml")}


def test_the_bundled_corpus_csl_json_is_pinned(runner, golden) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["export", "--format", "csl-json", "--root", str(REPO)])

    golden("authoring/export-bundled.csl.json", result.stdout)
