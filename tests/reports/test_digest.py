"""`lucli digest`: the whole evidence base as markdown pages and a static site, kept fresh with --check."""

from __future__ import annotations

from pathlib import Path

from lucli.render.output_folder import MANIFEST, manifest_text
from tests.reports.conftest import DATE


def _build(lucli, repo: Path, out: Path, *extra: str):
    return lucli("digest", "--root", str(repo), "-o", str(out), "--date", DATE, *extra)


def test_the_markdown_index_matches_the_golden_file(lucli, repo, tmp_path, golden):
    result = _build(lucli, repo, tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    golden("reports/digest/index.md", (tmp_path / "site" / "index.md").read_text(encoding="utf-8"))
    golden("reports/digest/principles/local-data.md",
           (tmp_path / "site" / "principles" / "local-data.md").read_text(encoding="utf-8"))


def test_the_digest_has_a_page_for_every_principle_source_and_organisation(lucli, repo, tmp_path):
    out = tmp_path / "site"
    result = _build(lucli, repo, out)
    assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert files == [
        "assets/filter.js", "assets/style.css", "findings.html", "index.html", "index.md", "method.html", "method.md",
        *[f"organisations/{o}.{x}" for o in ("alpha", "beta", "delta", "epsilon", "gamma") for x in ("html", "md")],
        *[f"principles/{p}.{x}" for p in ("devolution", "independent-scrutiny", "local-data", "single-pot-funding")
          for x in ("html", "md")],
        *[f"sources/{s}.{x}" for s in ("alpha-2020-devolution-review", "beta-gamma-2023-joint-inquiry",
                                       "delta-2024-funding-note", "epsilon-2022-data-paper") for x in ("html", "md")],
    ]
    assert result.stderr == f"wrote {len(files)} files to {out}; open {out / 'index.html'}\n"
    # The markdown pages are the briefings themselves.
    brief = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    # Only the link to the method page differs: the page sits one folder down in the digest.
    page = (out / "principles" / "devolution.md").read_text(encoding="utf-8")
    assert page.replace("(../method.md)", "(digest/method.md)") == brief


def test_check_reports_stale_missing_and_extra_files(lucli, repo, tmp_path):
    out = tmp_path / "site"
    assert _build(lucli, repo, out).exit_code == 0
    fresh = _build(lucli, repo, out, "--check")
    assert (fresh.exit_code, fresh.stderr) == (0, f"up to date: {out} (33 files)\n")

    (out / "index.md").write_text("old\n", encoding="utf-8")
    (out / "sources" / "epsilon-2022-data-paper.html").unlink()
    (out / "principles" / "gone.md").write_text("a page for a principle that was removed\n", encoding="utf-8")
    manifest = out / MANIFEST
    manifest.write_text(manifest.read_text().replace('"index.html"', '"index.html", "principles/gone.md"'))
    stale = _build(lucli, repo, out, "--check")
    assert stale.exit_code == 1
    assert stale.stderr.splitlines() == [
        f"stale: {out / 'index.md'}", f"missing: {out / 'sources' / 'epsilon-2022-data-paper.html'}",
        f"extra: {out / 'principles' / 'gone.md'} (no such record any more)"]
    assert (out / "index.md").read_text(encoding="utf-8") == "old\n"  # --check never writes


def test_a_new_build_removes_pages_that_an_earlier_build_wrote_of_records_that_are_gone(lucli, repo, tmp_path):
    out = tmp_path / "site"
    (out / "principles").mkdir(parents=True)
    (out / "principles" / "gone.html").write_text("old\n", encoding="utf-8")
    (out / MANIFEST).write_text(manifest_text(["principles/gone.html"]))
    result = _build(lucli, repo, out)
    assert f"removed {out / 'principles' / 'gone.html'} (no such record any more)" in result.stderr
    assert not (out / "principles" / "gone.html").exists()
    assert "principles/gone.html" not in (out / MANIFEST).read_text()


def test_a_folder_holding_other_files_is_refused_and_with_force_they_are_kept(lucli, repo, tmp_path):
    out = tmp_path / "mynotes"
    (out / "sources").mkdir(parents=True)
    (out / "sources" / "reading-list.md").write_text("mine\n", encoding="utf-8")
    (out / "principles").mkdir()
    (out / "principles" / "devolution.html").write_text("also mine\n", encoding="utf-8")

    refused = _build(lucli, repo, out)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: --output: {out} holds files lucli did not write, such as "
                                     f"principles/devolution.html; refusing to write into it")
    assert (out / "principles" / "devolution.html").read_text(encoding="utf-8") == "also mine\n"

    forced = _build(lucli, repo, out, "--force")
    assert forced.exit_code == 0
    assert (out / "sources" / "reading-list.md").read_text(encoding="utf-8") == "mine\n"
    assert _build(lucli, repo, out).exit_code == 2  # still not ours, so still refused without --force
    assert (out / "sources" / "reading-list.md").read_text(encoding="utf-8") == "mine\n"


def test_a_rebuild_into_its_own_folder_needs_no_force(lucli, repo, tmp_path):
    out = tmp_path / "site"
    assert _build(lucli, repo, out).exit_code == 0
    assert _build(lucli, repo, out).exit_code == 0


def test_the_default_folder_is_reports_digest(lucli, repo):
    result = lucli("digest", "--root", str(repo), "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert (repo / "reports" / "digest" / "index.html").is_file()


def test_the_output_must_not_be_a_file_or_the_repository(lucli, repo, tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    as_file = lucli("digest", "--root", str(repo), "-o", str(tmp_path / "file"))
    assert as_file.exit_code == 2
    assert as_file.stderr.startswith(f"error: --output: {tmp_path / 'file'} is a file, not a folder")
    into_root = lucli("digest", "--root", str(repo), "-o", str(repo))
    assert into_root.exit_code == 2
    assert "refusing to write the digest into the repository root" in into_root.stderr


def test_page_paths_cannot_leave_the_output_folder(tmp_path):
    import pytest

    from lucli.errors import RenderError
    from lucli.render.digest import target_path

    assert target_path(tmp_path, "principles/devolution.html") == tmp_path / "principles" / "devolution.html"
    for bad in ("../evil.html", "/etc/passwd", "principles/../../x", ""):
        with pytest.raises(RenderError):
            target_path(tmp_path, bad)


def test_a_large_table_of_findings_is_split_into_pages_that_link_to_each_other(lucli, repo, tmp_path, monkeypatch):
    """No page grows with the corpus: the table of every finding gets a page per FINDINGS_PER_PAGE rows."""
    import re

    from lucli.cli.common import open_project_corpus
    from lucli.render import digest

    monkeypatch.setattr(digest, "FINDINGS_PER_PAGE", 3)
    _project, corpus = open_project_corpus(repo)
    total = sum(len(s.findings) for s in corpus.sources.values())
    parts = -(-total // 3)
    out = tmp_path / "site"

    assert _build(lucli, repo, out).exit_code == 0

    names = ["findings.html", *[f"findings-{n}.html" for n in range(2, parts + 1)]]
    assert sorted(p.name for p in out.glob("findings*.html")) == sorted(names)
    rows = []
    for number, name in enumerate(names, start=1):
        page = (out / name).read_text(encoding="utf-8")
        found = re.findall(r"<tr data-filter-row", page)
        assert 1 <= len(found) <= 3
        rows += re.findall(r'<td data-search>([^\n]*)</td>\n<td data-search>[^<]*</td>', page)
        assert f"on page {number} of {parts}; the filters act on this page" in page
        assert f'<strong aria-current="page">{number}</strong>' in page
        assert all(f'<a href="{other}">' in page for other in names if other != name)
        assert page.count("Content-Security-Policy") == 1
    assert len(rows) == total


def test_a_link_inside_the_output_folder_is_followed_only_where_it_stays_inside(tmp_path):
    """A page's path is checked through any link in the output folder: one that leads outside is refused, one that
    stays inside is not."""
    import pytest

    from lucli.errors import RenderError
    from lucli.render.digest import target_path

    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (site / "kept").mkdir(parents=True)
    elsewhere.mkdir()
    (site / "sources").symlink_to(elsewhere)
    (site / "principles").symlink_to(site / "kept")
    with pytest.raises(RenderError, match="resolves outside"):
        target_path(site, "sources/x.html")
    assert target_path(site, "principles/x.html") == site / "principles" / "x.html"
    (site / "kept" / "y.html").symlink_to(elsewhere / "y.html")
    with pytest.raises(RenderError, match="resolves outside"):
        target_path(site, "principles/y.html")
