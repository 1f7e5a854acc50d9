"""The digest of the bundled corpus in a real Chromium: where the evidence is shows on the first screen,
on a phone as on a desktop, and the pages pass axe-core's WCAG 2.2 AA rules.

axe-core's script comes from the `axe-playwright-python` wheel (the test extra), so nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.reports.conftest import DATE
from tests.reports.test_browser import ARGS, _chromium_or_skip

pytestmark = pytest.mark.browser
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus's digest, built once for the module."""
    from typer.testing import CliRunner

    from lucli.cli import app

    folder = tmp_path_factory.mktemp("digest") / "site"
    result = CliRunner().invoke(app, ["digest", "--root", str(REPO), "-o", str(folder), "--date", DATE])
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, url: str, width: int, height: int) -> Any:
    # The measurements run scripts of the test's own; the page's CSP (rightly) forbids them, so bypass it.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    return page


def test_at_375_px_the_page_never_scrolls_sideways(browser, site):
    for page_path in ("index.html", "findings.html", "principles/devolution.html", "organisations/lga.html",
                      "sources/demos-lipsit-2020-achieving-levelling-up.html", "method.html"):
        page = _open(browser, (site / page_path).as_uri(), 375, 800)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{page_path} is {width} px wide at a 375 px viewport"
        page.context.close()


def test_at_1400_by_900_the_matrix_is_on_the_first_screen_with_filters_collapsed(browser, site):
    page = _open(browser, (site / "index.html").as_uri(), 1400, 900)
    matrix = page.locator("#matrix").bounding_box()
    first_rows = page.locator("#matrix tbody tr").nth(4).bounding_box()
    assert matrix["y"] < 450, f"the matrix starts {matrix['y']:.0f} px down"
    assert first_rows["y"] + first_rows["height"] < 900
    assert page.locator("#filters").is_hidden()  # collapsed: the summary shows, the form does not
    assert page.locator("details.filter-box summary").is_visible()
    page.screenshot(path=str(site.parent / "desktop.png"))
    page.context.close()


def test_the_principle_column_stays_put_when_the_matrix_scrolls(browser, site):
    page = _open(browser, (site / "index.html").as_uri(), 375, 800)
    scroller = page.locator(".matrix-scroll")
    row_header = page.locator("#matrix tbody th[scope=row]").first
    before = row_header.bounding_box()["x"]
    scroller.evaluate("box => { box.scrollLeft = 400; }")
    assert scroller.evaluate("box => box.scrollLeft") > 100  # it did scroll
    assert abs(row_header.bounding_box()["x"] - before) < 1
    first_cell = page.locator("#matrix tbody td.cell").first.bounding_box()
    assert first_cell["x"] < before + 10  # the cells went under it
    page.screenshot(path=str(site.parent / "phone.png"), full_page=False)
    page.context.close()


def test_cells_show_volume_strength_and_the_stance_word_and_look_like_links(browser, site):
    page = _open(browser, (site / "index.html").as_uri(), 1400, 900)
    cell = page.locator("#matrix td.cell.stance-supports a").first
    text = cell.inner_text()
    assert "supports" in text
    assert any(symbol in text for symbol in ("●●●", "●●○", "●○○", "○○○"))
    assert page.locator("#matrix td.cell.stance-supports .n").first.inner_text().strip().isdigit()
    assert cell.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    silent = page.locator("#matrix td.cell.stance-silent").first
    assert "none" in silent.inner_text()
    page.context.close()


def test_the_rows_follow_the_taxonomy_everywhere(site):
    import yaml

    order = [p["label"] for p in yaml.safe_load((REPO / "evidence" / "principles.yaml").read_text("utf-8"))]
    html = (site / "index.html").read_text("utf-8")
    positions = [html.index(f">{label}</a></th>") for label in order]
    assert positions == sorted(positions)
    markdown = (site / "index.md").read_text("utf-8")
    rows = [line for line in markdown.splitlines() if line.startswith("| [")]
    assert [row.split("]", 1)[0][3:] for row in rows] == order


def test_a_keyboard_reaches_every_cell_of_the_matrix(browser, site):
    page = _open(browser, (site / "index.html").as_uri(), 1400, 900)
    cells = page.locator("#matrix td.cell a").count()
    assert cells == page.locator("#matrix td.cell").count()  # every cell, silent ones too, is a link
    page.focus(".matrix-scroll")  # the scroll box itself takes focus, so its overflow can be scrolled by keys
    reached = set()
    page.keyboard.press("Tab")
    for _ in range(cells + 60):
        href = page.evaluate("document.activeElement && document.activeElement.closest('td.cell') ? "
                             "document.activeElement.getAttribute('href') : null")
        if href:
            reached.add(href)
        page.keyboard.press("Tab")
    assert len(reached) == cells
    page.context.close()


@pytest.mark.parametrize("page_path", ["index.html", "findings.html", "principles/devolution.html",
                                       "organisations/ifg.html", "sources/lga-2023-levelling-up-locally-inquiry.html"])
def test_axe_core_finds_no_serious_or_critical_violation(browser, site, page_path):
    from axe_playwright_python.base import AXE_SCRIPT

    page = _open(browser, (site / page_path).as_uri(), 1400, 900)
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    page.context.close()
    assert results["testEngine"]["version"].startswith("4.")
    assert results["passes"], "axe-core ran no check"
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
