"""The HTML digest in a real headless Chromium, opened from file:// with no network: it works and filters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reports.conftest import DATE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; CI must install it (apt-get install chromium)")
    pytest.skip(f"no Chromium at {CHROMIUM}")


@pytest.mark.browser
def test_the_digest_works_offline_and_the_text_filter_narrows_the_rows(lucli, repo, tmp_path):
    chromium = _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    site = tmp_path / "site"
    assert lucli("digest", "--root", str(repo), "-o", str(site), "--date", DATE).exit_code == 0
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: problems.append(f"network: {r.url}")
                    if not r.url.startswith("file://") else None)
            page.goto((site / "index.html").as_uri())
            matrix_rows = page.locator("#matrix tr[data-filter-row]")
            assert page.locator("#matrix").is_visible()
            assert page.locator("#matrix caption").inner_text().startswith("Stance of each independent voice")
            assert matrix_rows.count() == 4
            # The script ran, so the filters are offered, folded away until asked for.
            assert page.locator("details.filter-box summary").is_visible()
            assert not page.locator("#filters").is_visible()
            page.click("details.filter-box summary")
            assert page.locator("#filters").is_visible()

            page.fill("#filter-text", "local data")
            visible = page.locator("#matrix tr[data-filter-row]:visible")
            assert visible.count() < matrix_rows.count()
            assert visible.locator("th").all_inner_texts() == ["Local data"]
            assert page.locator("#filter-status").inner_text().startswith("Showing 1 of 4 principles")
            page.screenshot(path=str(tmp_path / "digest.png"), full_page=True)

            page.select_option("#filter-organisation", "alpha")
            assert page.locator("#matrix th[data-org-col]:visible").all_inner_texts() == ["API"]
            page.click("button[type=reset]")
            # expect() polls from outside the page: wait_for_function evaluates a string inside it,
            # which the digest's CSP rightly forbids (no 'unsafe-eval').
            expect(page.locator("#matrix tr[data-filter-row]:not([hidden])")).to_have_count(4)

            # The table of findings carries each word once: the filter reads its cells, and the full names in
            # their titles, rather than a copy of them.
            page.goto((site / "findings.html").as_uri())
            rows = page.locator("#findings tr[data-filter-row]")
            assert rows.count() == 6
            page.click("details.filter-box summary")
            for words, shown in (("place policy", 2), ("gamma university", 2), ("counting places", 1),
                                 ("ring-fenced grants", 1), ("no such words", 0)):
                page.fill("#filter-text", words)
                expect(page.locator("#findings tr[data-filter-row]:not([hidden])")).to_have_count(shown)
            assert page.locator("#filter-status").inner_text() == "Showing 0 of 6 findings."

            page.goto((site / "principles" / "devolution.html").as_uri())
            assert page.locator("h1").inner_text() == "Devolution"
            page.click("p.method a")
            assert page.locator("h1").inner_text() == "How this evidence is read"
        finally:
            browser.close()
    assert problems == []
    assert (tmp_path / "digest.png").stat().st_size > 10_000
