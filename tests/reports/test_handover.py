"""A council officer hands a brief over as a Word file or as one printable web page."""

from __future__ import annotations

import re
import sys

import docx
from markdown_it import MarkdownIt

from tests.reports.conftest import DATE


def _headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def _after(document: docx.document.Document, heading: str) -> list[str]:
    """The paragraphs between a heading and the next heading."""
    texts: list[str] = []
    inside = False
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            if inside:
                break
            inside = p.text == heading
        elif inside and p.text:
            texts.append(p.text)
    return texts


def test_brief_o_docx_writes_a_word_file_with_headings_tables_quotes_and_references(lucli, repo, tmp_path):
    target = tmp_path / "devolution.docx"
    result = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {target}\n"
    document = docx.Document(str(target))
    headings = _headings(document)
    assert headings[0] == ("Heading 1", "Devolution: what 3 independent voices say")
    assert ("Heading 2", "Summary") in headings and ("Heading 2", "Sources") in headings
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["Voice", "Stance"]
    assert "Alpha Institute for Place Policy (API)" in [row.cells[0].text for row in table.rows]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "[1]" in body  # the citation numbers survive, and point into the numbered source list
    references = _after(document, "Sources")
    assert any("Devolution: a review of the evidence" in r for r in references)
    assert any(p.style.name == "Block Text" and "cities with more powers grew faster" in p.text
               for p in document.paragraphs)


def test_format_docx_writes_next_to_the_markdown_briefs(lucli, repo):
    result = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    written = repo / "reports" / "brief-devolution.docx"
    assert docx.Document(str(written)).paragraphs[0].text == "Devolution: what 3 independent voices say"


def test_the_word_styles_come_from_the_repositorys_reference_document(lucli, repo, tmp_path):
    from lucli.records.project import bundled_dir

    reference = docx.Document(str(bundled_dir("templates") / "reference.docx"))
    reference.styles["Normal"].font.name = "Georgia"
    (repo / "templates").mkdir(exist_ok=True)
    reference.save(str(repo / "templates" / "reference.docx"))
    target = tmp_path / "brief.docx"
    assert lucli("brief", "devolution", "--root", str(repo), "-o", str(target)).exit_code == 0
    assert docx.Document(str(target)).styles["Normal"].font.name == "Georgia"


def test_a_broken_reference_document_is_named_in_the_error(lucli, repo, tmp_path):
    (repo / "templates").mkdir(exist_ok=True)
    (repo / "templates" / "reference.docx").write_text("not a Word file", encoding="utf-8")
    target = tmp_path / "brief.docx"
    result = lucli("brief", "devolution", "--root", str(repo), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: pandoc could not write the Word file with the reference document "
                                    f"{repo / 'templates' / 'reference.docx'}")
    assert "hint: check that reference.docx is a Word file, or remove it to use lucli's own" in result.stderr
    assert not target.exists()


def test_without_the_office_extra_the_error_names_it(lucli, repo, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypandoc", None)  # what an install without the extra looks like
    target = tmp_path / "brief.docx"
    result = lucli("brief", "devolution", "--root", str(repo), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Word output needs the optional 'office' extra, which is not installed\n"
        "hint: pip install 'lucli[office]' (it brings pandoc as a wheel), or write -o brief.html and save it "
        "from a browser\n")
    assert not target.exists()


def test_a_word_file_is_not_printed_or_checked(lucli, repo):
    printed = lucli("brief", "devolution", "--root", str(repo), "--format", "docx", "--stdout")
    assert printed.exit_code == 2
    assert "a Word file cannot be printed; write it with -o brief.docx" in printed.stderr
    checked = lucli("brief", "devolution", "--root", str(repo), "--format", "docx", "--check")
    assert checked.exit_code == 2
    assert "--check compares text: use it with md or html" in checked.stderr


def test_an_unknown_format_gets_a_suggestion(lucli, repo):
    result = lucli("brief", "devolution", "--root", str(repo), "--format", "dox")
    assert result.exit_code == 2
    assert "'dox' is not one of: md, html, docx" in result.stderr


def test_brief_o_html_is_one_self_contained_printable_page(lucli, repo, tmp_path):
    target = tmp_path / "devolution.html"
    result = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert "<title>Devolution: what 3 independent voices say</title>" in page
    assert "@media print" in page and "@page { size: A4" in page
    # Nothing is fetched: no linked style sheet, script, image or frame.
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert "default-src 'none'" in page
    assert "<th>Voice</th>" in page and "<h2>Sources</h2>" in page
    assert "<blockquote>" in page


def test_the_html_page_says_what_the_markdown_says(lucli, repo, tmp_path):
    markdown = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    page = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--format", "html", "--stdout").stdout
    assert MarkdownIt("commonmark").enable("table").render(markdown).replace(
        "<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>") in page


def test_raw_html_in_the_evidence_is_shown_not_run(lucli, make_repo, tmp_path):
    from tests.reports.conftest import ORGANISATIONS, PRINCIPLES, SOURCES

    hostile = dict(SOURCES)
    hostile["epsilon-2022-data-paper"] = SOURCES["epsilon-2022-data-paper"].replace(
        "A review of 40 studies", "A review <script>alert(1)</script> of 40 studies")
    repo = make_repo(sources=hostile, organisations=ORGANISATIONS, principles=PRINCIPLES)
    target = tmp_path / "brief.html"
    assert lucli("brief", "local-data", "--root", str(repo), "-o", str(target)).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
