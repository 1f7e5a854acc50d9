"""`lucli add finding`: a finding appended to a source file, the rest of the file left byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMENTED = """\
# yaml-language-server: $schema=../../schema/source.schema.json
# A hand-written header comment that must survive.
id: alpha-2022-report
title: "A report"          # trailing comment
publishers: [alpha]
published: 2022-03
kind: report
findings:
  # --- first section ---------------------------------------------
  - id: devolve
    kind: recommendation
    statement: >
      Central government should devolve more power to places.
    principles:
      - {id: devolution, stance: supports}   # coded by hand

  - id: pot
    kind: finding
    statement: One pot per place.
    principles:
      - id: single-pot-funding
# A comment after the list that belongs to the next key.
text: texts/a.txt
"""

ADD = ["add", "finding", "alpha-2022-report", "--kind", "critique", "--statement",
       "Bidding for small pots wastes the time of councils.", "--principle", "single pot:qualifies",
       "--quote", "councils’ “bidding” — wasted", "--locator", "p. 4", "--basis", "case-study",
       "--actor", "central-government"]


def _repo(make_repo, monkeypatch, text: str = COMMENTED) -> Path:
    root = make_repo(sources={"alpha-2022-report": text})
    (root / "evidence" / "texts").mkdir()
    (root / "evidence" / "texts" / "a.txt").write_text("councils' \"bidding\" - wasted\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_earlier_content_and_comments_stay_byte_for_byte(make_repo, monkeypatch, lucli) -> None:
    root = _repo(make_repo, monkeypatch)
    path = root / "evidence/sources/alpha-2022-report.yaml"
    before = path.read_bytes()

    result = lucli(*ADD)

    assert result.exit_code == 0, result.stderr
    after = path.read_bytes()
    cut = before.index(b"# A comment after the list")
    assert after.startswith(before[:cut]) and after.endswith(before[cut:])
    inserted = after[cut:cut + len(after) - len(before)].decode("utf-8")
    assert inserted == (
        "\n"
        "  - id: bidding-small-pots-wastes-time\n"
        "    kind: critique\n"
        "    statement: >\n"
        "      Bidding for small pots wastes the time of councils.\n"
        '    quote: "councils’ “bidding” — wasted"\n'
        '    locator: "p. 4"\n'
        "    principles:\n"
        "      - {id: single-pot-funding, stance: qualifies}\n"
        "    basis: [case-study]\n"
        "    actors: [central-government]\n")
    assert lucli("validate", "--strict").exit_code == 0
    assert "added finding bidding-small-pots-wastes-time; check its quote with `lucli verify`" in result.stderr


@pytest.mark.parametrize(("statement", "principle", "said"), [
    ("Devolve more.", "devolutoin", "error: no principle called 'devolutoin'\nhint: did you mean 'devolution'?\n"),
    (" ", "devolution", "error: --statement is empty\nhint: give --statement some text, or leave it out to be "
                        "asked for it on a terminal\n"),
], ids=["unknown principle", "empty statement"])
def test_a_bad_value_writes_nothing_and_says_what_to_give(make_repo, monkeypatch, lucli, statement: str,
                                                          principle: str, said: str) -> None:
    root = _repo(make_repo, monkeypatch)
    path = root / "evidence/sources/alpha-2022-report.yaml"
    before = path.read_bytes()

    result = lucli("add", "finding", "alpha-2022-report", "--kind", "finding", "--statement", statement,
                   "--principle", principle)

    assert result.exit_code == 2
    assert result.stderr == said
    assert path.read_bytes() == before


def test_a_bad_stance_or_duplicate_id_writes_nothing(make_repo, monkeypatch, lucli) -> None:
    root = _repo(make_repo, monkeypatch)
    before = (root / "evidence/sources/alpha-2022-report.yaml").read_bytes()
    base = ["add", "finding", "alpha-2022-report", "--kind", "finding", "--statement", "Devolve more."]

    stance = lucli(*base, "--principle", "devolution:suports")
    taken = lucli(*base, "--principle", "devolution", "--id", "devolve")
    twice = lucli(*base, "--principle", "devolution", "--principle", "Devolution")

    assert stance.exit_code == taken.exit_code == twice.exit_code == 2
    assert "'suports' is not a stance\nhint: did you mean 'supports'?" in stance.stderr
    assert "--id: 'devolve' is already used in this source" in taken.stderr
    assert "'devolution' is given twice" in twice.stderr
    assert (root / "evidence/sources/alpha-2022-report.yaml").read_bytes() == before


def test_a_file_with_errors_is_not_made_worse(make_repo, monkeypatch, lucli) -> None:
    broken = COMMENTED.replace("published: 2022-03", "published: 2022-13")
    root = _repo(make_repo, monkeypatch, broken)
    before = (root / "evidence/sources/alpha-2022-report.yaml").read_bytes()

    result = lucli(*ADD)

    assert result.exit_code == 1
    assert "would not be valid, so nothing was written" in result.stderr
    assert "alpha-2022-report.yaml:6:12: error[bad-date]" in result.stderr
    assert (root / "evidence/sources/alpha-2022-report.yaml").read_bytes() == before


@pytest.mark.parametrize(("ending", "expected"), [
    ("findings: []   # none yet\n", "findings:   # none yet\n  - id: "),
    ("findings:\n", "findings:\n  - id: "),
    ("", "kind: report\nfindings:\n  - id: "),
    ("findings:\n- id: first\n  kind: finding\n  statement: First.\n  principles: [{id: devolution}]\n",
     "principles: [{id: devolution}]\n\n- id: "),
])
def test_empty_missing_and_indentless_findings_lists(ending: str, expected: str, make_repo, monkeypatch,
                                                     lucli) -> None:
    head = "id: alpha-2022-report\ntitle: A report\npublishers: [alpha]\npublished: 2022-03\nkind: report\n"
    root = _repo(make_repo, monkeypatch, head + ending)

    result = lucli("add", "finding", "alpha-2022-report", "--kind", "finding", "--statement", "Devolve more.",
                   "-p", "devolution")

    assert result.exit_code == 0, result.stderr
    assert expected in (root / "evidence/sources/alpha-2022-report.yaml").read_text(encoding="utf-8")
    assert lucli("validate", "--strict").exit_code == 0


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(make_repo, monkeypatch, lucli) -> None:
    root = _repo(make_repo, monkeypatch)
    path = root / "evidence/sources/alpha-2022-report.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8"))

    result = lucli(*ADD)

    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_source_can_be_named_by_title_or_file(make_repo, monkeypatch, lucli) -> None:
    _repo(make_repo, monkeypatch)
    by_title = lucli("add", "finding", "A report", "--kind", "finding", "--statement", "One.", "-p", "devolution")
    by_file = lucli("add", "finding", "evidence/sources/alpha-2022-report.yaml", "--kind", "finding",
                    "--statement", "Two.", "-p", "devolution")
    unknown = lucli("add", "finding", "alpha-2021", "--kind", "finding", "--statement", "Three.", "-p", "devolution")

    assert by_title.exit_code == by_file.exit_code == 0
    assert unknown.exit_code == 2
    assert "no source called 'alpha-2021'" in unknown.stderr


def test_on_a_terminal_the_finding_is_asked_for_with_suggested_principles(make_repo, monkeypatch, lucli) -> None:
    root = _repo(make_repo, monkeypatch)
    answers = "Places should get one flexible budget, a single pot.\nrec\n\n1,devolution:qualifies\ny\n"

    result = lucli("add", "finding", "alpha-2022-report", input=answers, tty=True)

    assert result.exit_code == 0, result.stderr
    assert "  1. single-pot-funding (Single-pot funding), score" in result.stderr
    text = (root / "evidence/sources/alpha-2022-report.yaml").read_text(encoding="utf-8")
    assert "      - {id: single-pot-funding, stance: supports}\n      - {id: devolution, stance: qualifies}\n" in text
    assert "    kind: recommendation\n" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statement=st.text(min_size=1, max_size=200).filter(lambda s: s.strip()),
       quote=st.text(max_size=80))
def test_any_text_is_quoted_so_it_reads_back_exactly(statement: str, quote: str) -> None:
    from lucli.authoring.append import FindingDraft, append_finding
    from lucli.records.yamlparse import parse

    statement = " ".join(statement.split()) or "x"
    draft = FindingDraft("new", "finding", statement, (("devolution", "supports"),), quote.strip() or None)
    try:
        text = append_finding(COMMENTED, "a.yaml", draft)
    except Exception as exc:  # noqa: BLE001 - reported with the failing example
        pytest.fail(f"{exc!r}")
    doc, problems = parse(text, "a.yaml")
    assert doc is not None, problems
    item = doc.data["findings"][-1]
    assert item["statement"].rstrip("\n") == statement
    assert item.get("quote") == (quote.strip() or None)
    assert text.startswith(COMMENTED[:COMMENTED.index("# A comment after")])
