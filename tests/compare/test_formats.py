"""The output formats: each renders the same document, deterministically, within its rules."""

from __future__ import annotations

import json

import pytest

from lucli.errors import UsageError
from lucli.render.formats import render
from lucli.render.formats.document import Bullets, Column, Document, Heading, Marked, Paragraph, Records, Table

DOC = Document(
    blocks=(Heading("Title", 1), Paragraph("A paragraph that is long enough to need wrapping at forty columns."),
            Table((Column("Name"), Column("Count", align="right", wrap=False)),
                  (("a | b", "1"), (Marked("two\nlines", ((0, 3),)), "22"))),
            Heading("Section"), Bullets(("one", "two <b>"))),
    data={"view": "test", "b": 1, "a": [1, 2]},
    records=Records(("name", "count"), (("a, b", "1"), ("say \"hi\"", "2"))))


def test_json_starts_with_the_format_version_and_keeps_the_key_order() -> None:
    text = render(DOC, "json")

    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["format_version", "view", "b", "a"]
    assert json.loads(text)["format_version"] == 2


def test_the_same_document_renders_to_the_same_bytes() -> None:
    for fmt in ("table", "md", "json", "csv"):
        assert render(DOC, fmt, width=40) == render(DOC, fmt, width=40)


def test_csv_quotes_as_rfc_4180_with_line_feeds() -> None:
    assert render(DOC, "csv") == 'name,count\n"a, b",1\n"say ""hi""",2\n'


def test_a_view_without_a_flat_form_refuses_csv() -> None:
    with pytest.raises(UsageError, match="no CSV form"):
        render(Document((Paragraph("x"),)), "csv")


def test_markdown_escapes_pipes_and_html_and_joins_cell_lines() -> None:
    text = render(DOC, "md")

    assert "# Title\n" in text
    assert "| Name | Count |\n|:--|--:|\n| a \\| b | 1 |\n| two<br>lines | 22 |" in text
    assert "- two &lt;b>" in text


def test_a_plain_table_has_no_ansi_codes_no_trailing_spaces_and_fits_the_width() -> None:
    text = render(DOC, "table", width=40, color=False)

    assert "\x1b" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "Title\n═════\n" in text


def test_colour_highlights_marked_text_only_when_asked() -> None:
    coloured = render(DOC, "table", width=40, color=True)

    assert "\x1b[" in coloured
    assert "two" in coloured


def test_a_tiny_width_is_raised_to_a_usable_minimum() -> None:
    text = render(DOC, "table", width=5)

    assert max(len(line) for line in text.splitlines()) <= 40


def test_a_table_too_wide_for_the_terminal_numbers_its_columns_and_prints_a_key() -> None:
    columns = (Column("Principle"), *(Column(f"Organisation {n}", wrap=False, short=str(n)) for n in range(1, 9)))
    doc = Document((Table(columns, (("Devolution", *("✓" * 8)),)),))

    wide = render(doc, "table", width=200)
    narrow = render(doc, "table", width=60)

    assert wide.splitlines()[0].startswith("Principle   Organisation 1  Organisation 2")
    assert narrow.splitlines()[0].split() == ["Principle", "1", "2", "3", "4", "5", "6", "7", "8"]
    assert "Columns: 1 = Organisation 1, 2 = Organisation 2" in " ".join(narrow.split())
    assert max(len(line) for line in narrow.splitlines()) <= 60
