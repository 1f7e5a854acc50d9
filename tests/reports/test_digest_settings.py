"""The digest calls the repository what lucli.yaml calls it, and flags old sources only where that says something."""

from __future__ import annotations

from tests.reports.conftest import DATE, ORGANISATIONS, PRINCIPLES, SOURCES


def _digest(lucli, repo, tmp_path, date=DATE):
    out = tmp_path / "site"
    result = lucli("digest", "--root", str(repo), "-o", str(out), "--date", date)
    assert result.exit_code == 0, result.stderr
    return out


def test_title_and_subject_come_from_lucli_yaml(lucli, repo, tmp_path):
    (repo / "lucli.yaml").write_text('title: "Local growth: the evidence"\nsubject: local growth policy\n',
                                     encoding="utf-8")
    out = _digest(lucli, repo, tmp_path)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Local growth: the evidence</h1>" in index
    assert "principles of local growth policy, from 4 sources" in index
    assert "<title>Evidence map – Local growth: the evidence</title>" in index
    assert "levelling" not in index.lower()
    assert (out / "index.md").read_text(encoding="utf-8").startswith("# Local growth: the evidence\n")


def test_without_a_subject_the_digest_names_none(lucli, repo, tmp_path):
    index = (_digest(lucli, repo, tmp_path) / "index.html").read_text(encoding="utf-8")
    assert "<h1>Evidence digest</h1>" in index
    assert "say about 4 principles, from 4 sources" in index


def test_old_sources_are_flagged_only_when_some_are_and_some_are_not(lucli, repo, tmp_path):
    # On 2025-06-01, with the default of 3 years, only the 2020 review is old: the flag tells something.
    index = (_digest(lucli, repo, tmp_path) / "index.html").read_text(encoding="utf-8")
    assert index.count('class="flag">more than 3 years old') == 1
    # Ten years on, every source is old: one line says so, and no source carries a flag.
    later = (_digest(lucli, repo, tmp_path, "2035-06-01") / "index.html").read_text(encoding="utf-8")
    assert 'class="flag"' not in later
    assert "every source is more than 3 years old" in later


def test_stale_after_sets_the_age_of_an_old_source(lucli, make_repo, tmp_path):
    repo = make_repo(sources=SOURCES, organisations=ORGANISATIONS, principles=PRINCIPLES)
    (repo / "lucli.yaml").write_text("stale_after: 2\n", encoding="utf-8")
    index = (_digest(lucli, repo, tmp_path) / "index.html").read_text(encoding="utf-8")
    # Two years before 2025-06-01: the 2020 review, the 2022 data paper and the March 2023 inquiry are old.
    assert index.count('class="flag">more than 2 years old') == 3


def test_a_bad_setting_is_a_located_usage_error(lucli, repo):
    (repo / "lucli.yaml").write_text("stale_after: soon\n", encoding="utf-8")
    result = lucli("digest", "--root", str(repo), "--check")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {repo / 'lucli.yaml'}:1:14: 'stale_after' must be a whole number of years "
                             "from 1 to 100, e.g. 3\n")
