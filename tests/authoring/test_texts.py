"""`lucli texts add/list/check` and page-level `lucli verify`, on a PDF and a web page made like real ones.

The fixtures (tests/authoring/texts/) are made once by make_fixtures.py: a four-page report with running
headers, page-number footers, ligatures, curly quotes, a hyphenated line end, a two-column page and a
sentence across a page break; and a news page with navigation, scripts and styles.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.authoring.texts.make_fixtures import PLANTED

FIXTURES = Path(__file__).resolve().parent / "texts"

SOURCE = """\
id: alpha-2022-report
title: Levelling up in practice
publishers: [alpha]
published: 2022-03
kind: report
findings:
  - id: devolve
    kind: recommendation
    statement: Central government should devolve more power to places.
    principles:
      - id: devolution
"""


def _finding(number: int, quote: str, locator: str | None = None) -> str:
    lines = [f"  - id: q{number}", "    kind: finding", "    statement: Something the report says.",
             f"    quote: {json.dumps(quote, ensure_ascii=False)}"]
    if locator:
        lines.append(f'    locator: "{locator}"')
    return "\n".join(lines + ["    principles:", "      - id: devolution"]) + "\n"


@pytest.fixture
def report_repo(make_repo, monkeypatch) -> Path:
    findings = "".join(_finding(i, q) for i, q in enumerate(PLANTED, start=1))
    root = make_repo(sources={"alpha-2022-report": SOURCE + findings})
    shutil.copy(FIXTURES / "report.pdf", root / "report.pdf")
    monkeypatch.chdir(root)
    return root


def test_texts_add_archives_the_pdf_with_its_pages_and_records_where_it_came_from(report_repo: Path, lucli) -> None:
    source = report_repo / "evidence/sources/alpha-2022-report.yaml"
    before = source.read_text(encoding="utf-8")

    result = lucli("texts", "add", "alpha-2022-report", "report.pdf")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("archived report.pdf as evidence/texts/alpha-2022-report.txt, 4 pages; recorded in "
                             "evidence/sources/alpha-2022-report.yaml; check its quotes with `lucli verify`\n")
    archive = (report_repo / "evidence/texts/alpha-2022-report.txt").read_text(encoding="utf-8")
    assert archive.count("\f") == 3
    after = source.read_text(encoding="utf-8")
    assert after.startswith(before)
    pdf_sha = hashlib.sha256((report_repo / "report.pdf").read_bytes()).hexdigest()
    added = after[len(before):].splitlines()
    assert added[:4] == ["texts:", "  - file: texts/alpha-2022-report.txt",
                         f"    sha256: {hashlib.sha256(archive.encode()).hexdigest()}", '    from: "report.pdf"']
    assert added[4] == f"    from_sha256: {pdf_sha}"
    assert added[5].startswith('    extracted_by: "pdfminer.six ')
    assert added[6] == "    pages: 4" and added[7].startswith("    added: 20")
    assert lucli("validate").exit_code == 0


def test_verify_finds_every_planted_quote_on_its_page(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    result = lucli("verify", "--format", "json")

    assert result.exit_code == 0, result.stderr
    checks = {c["finding"]: c for c in json.loads(result.stdout)["checks"]}
    for number, pages in enumerate(PLANTED.values(), start=1):
        check = checks[f"alpha-2022-report/q{number}"]
        assert (check["status"], tuple(check["pages"])) == ("verified", pages), check
    assert result.stderr.endswith("checked 6 quotes: 6 verified (6 to the page), 0 in coverage only, 0 not found, "
                                  "0 unverifiable; 0 wrong pages\n")


def test_the_table_says_on_which_page_each_quote_is(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    lines = lucli("verify").stdout.splitlines()

    assert [" ".join(line.split()) for line in lines[:2]] == [
        "alpha-2022-report/q1 verified (p. 1) texts/alpha-2022-report.txt",
        "alpha-2022-report/q2 verified (p. 1) texts/alpha-2022-report.txt"]
    assert " ".join(lines[4].split()) == "alpha-2022-report/q5 verified (pp. 3–4) texts/alpha-2022-report.txt"


def test_a_wrong_page_in_a_locator_is_an_error_naming_the_real_page(make_repo, monkeypatch, lucli) -> None:
    root = make_repo(sources={"alpha-2022-report": SOURCE + _finding(1, "sustained investment in skills", "p. 3")
                              + _finding(2, "sets out its plans within a year", "pp. 3–4")})
    shutil.copy(FIXTURES / "report.pdf", root / "report.pdf")
    monkeypatch.chdir(root)
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    result = lucli("verify")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "evidence/sources/alpha-2022-report.yaml:16:5: error[wrong-page]: quote of 'alpha-2022-report/q1' is on "
        "p. 2 of texts/alpha-2022-report.txt, not on p. 3 as its locator says; set `locator: \"p. 2\"`")
    assert result.stderr.splitlines()[-1].endswith("0 unverifiable; 1 wrong page")


def test_a_quote_not_in_the_report_shows_the_closest_passage(make_repo, monkeypatch, lucli) -> None:
    root = make_repo(sources={"alpha-2022-report": SOURCE + _finding(
        1, "councils need flexible funding to plan with confidence")})
    shutil.copy(FIXTURES / "report.pdf", root / "report.pdf")
    monkeypatch.chdir(root)
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    result = lucli("verify")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "evidence/sources/alpha-2022-report.yaml:15:5: error[quote-not-found]: quote of 'alpha-2022-report/q1' is "
        "not in its archived texts; closest passage (texts/alpha-2022-report.txt, p. 1, similarity 91%): "
        "\"Councils need ﬂexible ﬁnance to plan with conﬁdence,\"; quote has 'funding' where the text has "
        "'ﬁnance'")


def test_fix_locators_writes_the_found_page_and_nothing_else(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")
    source = report_repo / "evidence/sources/alpha-2022-report.yaml"
    before = source.read_text(encoding="utf-8").splitlines(keepends=True)

    result = lucli("verify", "--fix-locators")

    assert result.exit_code == 0, result.stderr
    after = source.read_text(encoding="utf-8").splitlines(keepends=True)
    added = [line for line in after if line.startswith("    locator:")]
    assert added == ['    locator: "p. 1"\n', '    locator: "p. 1"\n', '    locator: "p. 2"\n',
                     '    locator: "p. 2"\n', '    locator: "pp. 3–4"\n', '    locator: "p. 4"\n']
    assert [line for line in after if line not in added] == before
    assert after[after.index(added[0]) - 1].startswith("    quote: ")
    assert lucli("verify").exit_code == 0


def test_require_makes_unverifiable_quotes_errors(make_repo, monkeypatch, lucli) -> None:
    root = make_repo(sources={"alpha-2022-report": SOURCE + _finding(1, "words with no archive")})
    monkeypatch.chdir(root)

    assert lucli("verify").exit_code == 0
    result = lucli("verify", "--require")

    assert result.exit_code == 1
    assert "error[unverifiable-quote]: quote of 'alpha-2022-report/q1' cannot be checked: its source has no " \
           "archived text; archive the report with `lucli texts add SOURCE FILE`" in result.stderr


def test_an_edited_archive_is_reported_and_not_trusted(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")
    assert lucli("texts", "check").exit_code == 0
    archive = report_repo / "evidence/texts/alpha-2022-report.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "Councils should be abolished.\n", encoding="utf-8")

    checked = lucli("texts", "check")
    verified = lucli("verify")

    assert checked.exit_code == 1
    assert "error[text-changed]: archived text 'texts/alpha-2022-report.txt' has changed since it was added" \
        in checked.stderr
    assert checked.stderr.splitlines()[-1] == ("checked 1 recorded text: 0 unchanged, 1 changed, 0 missing; 0 named "
                                               "without a recorded hash (not checked)")
    assert verified.exit_code == 1
    assert "error[text-changed]" in verified.stderr
    assert " 0 verified " in verified.stderr.splitlines()[-1]


def test_texts_list_shows_report_and_coverage_texts(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    result = lucli("texts", "list", "--format", "json")

    rows = json.loads(result.stdout)
    assert [(r["source"], r["file"], r["whose"], r["pages"], r["from"]) for r in rows] == [
        ("alpha-2022-report", "texts/alpha-2022-report.txt", "report", 4, "report.pdf")]


def test_a_web_page_is_archived_without_its_navigation_scripts_or_styles(report_repo: Path, lucli) -> None:
    shutil.copy(FIXTURES / "page.html", report_repo / "page.html")

    result = lucli("texts", "add", "alpha-2022-report", "page.html", "--as", "testing-weekly.txt")

    assert result.exit_code == 0, result.stderr
    text = (report_repo / "evidence/texts/testing-weekly.txt").read_text(encoding="utf-8")
    assert "best placed to understand their communities’ needs" in text
    for hidden in ("Latest news", "Sign in", "abolished", "Subscribe", "dataLayer", "single pot", "Home"):
        assert hidden not in text


def test_a_name_already_taken_is_refused_and_nothing_is_written(report_repo: Path, lucli) -> None:
    lucli("texts", "add", "alpha-2022-report", "report.pdf")
    source = report_repo / "evidence/sources/alpha-2022-report.yaml"
    before = source.read_bytes()

    result = lucli("texts", "add", "alpha-2022-report", "report.pdf")

    assert result.exit_code == 2
    assert result.stderr == ("error: texts/alpha-2022-report.txt already exists; lucli never writes over an archived "
                             "text\nhint: give the new text another name with --as NAME.txt\n")
    assert source.read_bytes() == before


def test_without_pdfminer_the_error_names_the_extra(report_repo: Path, lucli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfminer.high_level", None)

    result = lucli("texts", "add", "alpha-2022-report", "report.pdf")

    assert result.exit_code == 2
    assert "report.pdf: reading PDF files needs pdfminer.six, which is not installed" in result.stderr
    assert "pip install 'lucli[pdf]'" in result.stderr
    assert not (report_repo / "evidence/texts").exists()


@pytest.mark.parametrize(("given", "code", "said"), [
    ("report.docx", 2, "error: report.docx: cannot archive a '.docx' file\n"
                       "hint: give a .pdf, .html, .htm, .txt or .md file"),
    ("report", 2, "error: report: cannot archive a file with no extension"),
    ("folder", 2, "error: folder: is a folder, not a file"),
    ("https://example.org/report", 2, "error: https://example.org/report: lucli archives files and downloads nothing\n"
                                      "hint: save the page from the browser (Save Page As…) or download the PDF"),
    ("empty.txt", 1, "error: empty.txt: no text could be extracted\nhint: the file is empty"),
    ("bare.html", 1, "hint: the page holds no text outside its scripts, styles and navigation"),
], ids=["an unsupported kind", "no extension", "a folder", "an address", "an empty text file", "a page of script"])
def test_a_file_that_cannot_be_archived_says_why(report_repo: Path, lucli, given: str, code: int, said: str) -> None:
    (report_repo / "report.docx").write_bytes(b"PK")
    (report_repo / "report").write_bytes(b"text")
    (report_repo / "folder").mkdir()
    (report_repo / "empty.txt").write_bytes(b"")
    (report_repo / "bare.html").write_text("<html><script>var x;</script></html>", encoding="utf-8")

    result = lucli("texts", "add", "alpha-2022-report", given)

    assert result.exit_code == code
    assert said in result.stderr
    assert not (report_repo / "evidence/texts").exists()


def test_a_pdf_read_in_page_ranges_on_several_processes_reads_as_in_one() -> None:
    from lucli.authoring.extract import pdf_text

    raw = (FIXTURES / "report.pdf").read_bytes()

    assert pdf_text(raw, workers=3) == pdf_text(raw, workers=1)
    assert pdf_text(raw, workers=3).count("\f") == 4


@pytest.mark.parametrize("content", [b"not a pdf at all", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n", b""])
def test_a_broken_pdf_is_an_error_with_the_file_name_never_a_traceback(report_repo: Path, lucli,
                                                                     content: bytes) -> None:
    (report_repo / "broken.pdf").write_bytes(content)

    result = lucli("texts", "add", "alpha-2022-report", "broken.pdf")

    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("error: broken.pdf: ")
    assert "Traceback" not in result.stderr
    assert not (report_repo / "evidence/texts/alpha-2022-report.txt").exists()


def test_a_second_text_joins_the_texts_list(report_repo: Path, lucli) -> None:
    shutil.copy(FIXTURES / "page.html", report_repo / "page.html")
    lucli("texts", "add", "alpha-2022-report", "report.pdf")
    source = report_repo / "evidence/sources/alpha-2022-report.yaml"
    before = source.read_text(encoding="utf-8")

    result = lucli("texts", "add", "alpha-2022-report", "page.html", "--as", "web.txt")

    assert result.exit_code == 0, result.stderr
    after = source.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):].startswith("  - file: texts/web.txt\n")
    listed = json.loads(lucli("texts", "list", "--format", "json").stdout)
    assert [(r["file"], r["pages"]) for r in listed] == [("texts/alpha-2022-report.txt", 4), ("texts/web.txt", None)]


LAST_KEY = """\
id: alpha-2022-report
title: Levelling up in practice
publishers: [alpha]
published: 2022-03
kind: report
findings:
  - id: skills
    kind: finding
    principles: [{id: devolution}]
    quote: "sustained investment in skills"

  # --- power ---
  - id: power
    kind: finding
    principles: [{id: devolution}]
    statement: Power.
    quote: >
      could take decisions locally
      without waiting
"""


def test_fix_locators_after_a_quote_that_ends_its_finding(make_repo, monkeypatch, lucli) -> None:
    root = make_repo(sources={"alpha-2022-report": LAST_KEY.replace("    quote: \"sus", "    statement: Skills.\n"
                                                                                      "    quote: \"sus")})
    shutil.copy(FIXTURES / "report.pdf", root / "report.pdf")
    monkeypatch.chdir(root)
    lucli("texts", "add", "alpha-2022-report", "report.pdf")
    source = root / "evidence/sources/alpha-2022-report.yaml"
    before = source.read_text(encoding="utf-8")

    result = lucli("verify", "--fix-locators")

    assert result.exit_code == 0, result.stderr
    assert "evidence/sources/alpha-2022-report.yaml: set the locator of 2 quotes (power: p. 2, skills: p. 2)" \
        in result.stderr
    expected = before.replace('skills"\n\n', 'skills"\n    locator: "p. 2"\n\n').replace(
        "      without waiting\n", "      without waiting\n    locator: \"p. 2\"\n")
    assert source.read_text(encoding="utf-8") == expected


def test_whose_words_a_quote_is_must_agree_with_where_it_is_found(make_repo, monkeypatch, lucli) -> None:
    # The coverage's own words (outside its quotation marks) credited to the report, and the report's own
    # words credited to the coverage: both are warnings, and validate gives the first too.
    source = SOURCE.replace("kind: report\n", "kind: report\nreported_in:\n  - outlet: Testing Weekly\n"
                                               "    text: texts/web.txt\n")
    findings = (_finding(1, "must be trusted with long-term funding") + "    said_by: report\n"
                + _finding(2, "sustained investment in skills") + "    said_by: coverage\n")
    root = make_repo(sources={"alpha-2022-report": source + findings})
    shutil.copy(FIXTURES / "report.pdf", root / "report.pdf")
    shutil.copy(FIXTURES / "page.html", root / "page.html")
    monkeypatch.chdir(root)
    (root / "evidence/texts").mkdir()
    from lucli.authoring.extract import html_text

    (root / "evidence/texts/web.txt").write_text(html_text((root / "page.html").read_text()), encoding="utf-8")
    lucli("texts", "add", "alpha-2022-report", "report.pdf")

    result = lucli("verify")

    assert result.exit_code == 0, result.stderr
    assert [line.split(": ", 1)[1] for line in result.stderr.splitlines()[:2]] == [
        "warning[said-by-report-in-coverage]: quote of 'alpha-2022-report/q1' says `said_by: report`, but it is "
        "found only in the press coverage (texts/web.txt), and not in quotation marks there; write `said_by: "
        "coverage` if these are the outlet's words, or archive the report itself with `lucli texts add` so the "
        "quote can be checked against it",
        "warning[coverage-words-in-report]: quote of 'alpha-2022-report/q2' is said_by: coverage, but is in the "
        "source's own text (texts/alpha-2022-report.txt); write `said_by: report`"]
    assert lucli("verify", "--strict").exit_code == 1
    assert "warning[said-by-report-in-coverage]: quote of 'alpha-2022-report/q1'" in lucli("validate").stderr
