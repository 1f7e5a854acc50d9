"""The HTML digest: a real table, a strict Content-Security-Policy, no inline code, and record text as text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.reports.conftest import DATE, ORGANISATIONS, PRINCIPLES, SOURCES

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
       "form-action 'none'")
HOSTILE = """\
    id: alpha-2021-hostile
    title: "<b>Bold</b> claims & {{ 7*7 }}"
    publishers: [alpha]
    published: 2021-05
    kind: article
    findings:
      - id: hostile
        kind: finding
        statement: >
          Councils said <script>alert("pwned")</script> and {{ 7*7 }} and {% if true %}yes{% endif %}.
        quote: "<img src=x onerror=alert(1)>"
        principles:
          - {id: devolution, stance: supports}
"""


class Page(HTMLParser):
    """Collects what the tests look at: elements, attributes, text, and the text inside table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        (self.script_bodies if self._in_script else self.text).append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture
def site(lucli, repo, tmp_path) -> Path:
    out = tmp_path / "site"
    result = lucli("digest", "--root", str(repo), "-o", str(out), "--date", DATE)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_matrix_is_a_real_table_with_caption_and_header_cells(site):
    page = parse(site / "index.html")
    assert len(page.tags("table")) == 1 and len(page.tags("caption")) == 1  # every finding has a page of its own
    headers = [a for a in page.tags("th") if a.get("scope") == "col"]
    # Principle, verdict, one per independent voice: Beta and Gamma publish together, so they are one column.
    assert [h.get("data-org-col") for h in headers] == [None, None, "alpha", "beta gamma", "delta", "epsilon"]
    rows = [a for a in page.tags("tr") if "data-filter-row" in a]
    # The taxonomy's order, as in principles.yaml, the markdown index and every other page.
    assert [r["data-principles"] for r in rows[:4]] == ["devolution", "single-pot-funding", "local-data",
                                                        "independent-scrutiny"]
    text = " ".join("".join(page.text).split())
    assert "Stance of each independent voice on each principle" in text
    # A stance is always a symbol and a word, never colour alone.
    assert "✓ supports" in text and "◐ qualifies" in text and "✗ opposes" in text and "— none found" in text
    findings = parse(site / "findings.html")
    assert [a.get("id") for a in findings.tags("table")] == ["findings"]


def test_every_page_has_the_strict_policy_and_no_inline_code(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 16  # index, findings, method, 4 principles, 5 organisations, 4 sources
    for path in pages:
        page = parse(path)
        policies = [m.get("content") for m in page.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert policies == [CSP], path
        assert not page.tags("style"), path
        names = [name for _tag, attrs in page.elements for name in attrs]
        assert all(not name.startswith("on") and name != "style" for name in names), path
        assert all(s.get("src") and not s["src"].startswith(("http:", "https:", "//")) for s in page.tags("script"))
        assert "".join(page.script_bodies).strip() == "", path
        for link in page.tags("link"):
            assert not link["href"].startswith(("http:", "https:", "//")), path


def test_assets_ship_with_the_site_and_fetch_nothing(site):
    script = (site / "assets" / "filter.js").read_text(encoding="utf-8")
    style = (site / "assets" / "style.css").read_text(encoding="utf-8")
    for text in (script, style):
        assert "http" not in text and "@import" not in text and "fetch(" not in text


def test_the_page_works_without_javascript(site):
    page = parse(site / "index.html")
    box = [a for a in page.tags("details") if a.get("class") == "filter-box"][0]
    assert "hidden" in box  # shown by the script; without it, every row simply shows
    assert not [a for a in page.tags("tr") if "hidden" in a]


def test_cells_link_to_the_organisation_on_the_principle_page(site):
    page = parse(site / "index.html")
    assert {"href": "principles/devolution.html#org-beta"} in page.tags("a")
    target = parse(site / "principles" / "devolution.html")
    ids = {a.get("id") for _tag, a in target.elements}
    assert {"org-alpha", "org-beta", "org-gamma", "org-delta", "org-epsilon"} <= ids


def test_record_text_is_shown_as_text_never_as_markup_or_template_code(lucli, make_repo, tmp_path):
    repo = make_repo(sources={**SOURCES, "alpha-2021-hostile": HOSTILE}, organisations=ORGANISATIONS,
                     principles=PRINCIPLES)
    out = tmp_path / "site"
    result = lucli("digest", "--root", str(repo), "-o", str(out), "--date", DATE)
    assert result.exit_code == 0, result.stderr
    for path in [out / "findings.html", out / "principles" / "devolution.html",
                 out / "sources" / "alpha-2021-hostile.html"]:
        page = parse(path)
        assert [s.get("src") for s in page.tags("script")] in ([], ["assets/filter.js"]), path
        assert not page.tags("img") and not page.tags("b"), path
        text = " ".join("".join(page.text).split())
        assert '<script>alert("pwned")</script>' in text, path
        assert "{{ 7*7 }}" in text and "{% if true %}yes{% endif %}" in text, path
        assert "49" not in text, path
    quote_page = "".join(parse(out / "sources" / "alpha-2021-hostile.html").text)
    assert "<img src=x onerror=alert(1)>" in quote_page

    markdown = (out / "sources" / "alpha-2021-hostile.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = [c for t in tokens for c in (t.children or [])]
    assert not [t for t in [*tokens, *inline] if t.type.startswith("html")]
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in rendered
    assert "{{ 7*7 }}" in rendered and "49" not in rendered


def test_the_text_filter_data_is_lower_case_and_complete(site):
    rows = [a for a in parse(site / "index.html").tags("tr") if "data-filter-row" in a]
    devolution = [r for r in rows if r.get("data-principles") == "devolution"][0]
    assert "devolve power" in devolution["data-text"]
    assert devolution["data-orgs"] == "alpha beta gamma delta"
    assert devolution["data-kinds"] == "finding critique recommendation"


def test_the_table_of_findings_carries_each_word_once(site):
    rows = [a for a in parse(site / "findings.html").tags("tr") if "data-filter-row" in a]
    assert len(rows) == 6
    assert not [r for r in rows if "data-text" in r]  # the filter reads the row's own cells (assets/filter.js)
    assert [r.get("data-quote") for r in rows if "data-quote" in r] == ["cities with more powers grew faster"]
    names = {a.get("title") for a in parse(site / "findings.html").tags("abbr")}
    assert {"Alpha Institute for Place Policy", "Gamma University Centre for Regions"} <= names

