"""A pull request that commits a cache, or links one out of the repository, cannot steer CI.

The reproductions of issue 16, items 1, 3 (cache links) and 5 (hashing past the limit): a committed
`.lucli/cache/index.jsonl` whose entries match the committed files, with an `.owner` link to a stable
folder, and `.lucli/cache` as a link to a folder elsewhere.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from lucli.cli import app
from lucli.records.cachedir import cache_folder
from tests.conftest import SOURCE

CLEAN_KIND = "kind: report\n"
BAD_KIND = "kind: NOT-A-\n"  # the same length, so a planted entry's size matches


def _plant_cache(repo: Path, source: Path, tmp_path: Path, monkeypatch) -> None:
    """Fill a cache for the clean file elsewhere, commit it as `.lucli/`, then make the file bad at the same
    size and time: everything a planted cache needs to match in a fresh clone."""
    elsewhere = tmp_path / "attacker-cache"
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(elsewhere))
    assert CliRunner().invoke(app, ["validate", "--root", str(repo)]).exit_code == 0
    planted = repo / ".lucli" / "cache"
    shutil.copytree(cache_folder(repo), planted)
    (planted / ".owner").symlink_to("/usr")
    times = source.stat()
    source.write_text(source.read_text().replace(CLEAN_KIND, BAD_KIND))
    os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(tmp_path / "ci-cache"))


def test_a_committed_cache_is_never_read(make_repo, tmp_path: Path, monkeypatch) -> None:
    repo = make_repo()
    source = repo / "evidence" / "sources" / "alpha-2022-report.yaml"
    assert CLEAN_KIND in SOURCE
    _plant_cache(repo, source, tmp_path, monkeypatch)

    result = CliRunner().invoke(app, ["validate", "--format", "github", "--root", str(repo)])

    assert result.exit_code == 1
    assert "NOT-A-" in result.stdout + result.stderr


def test_a_cache_folder_linked_out_of_the_repository_is_neither_read_nor_written(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.json").write_text("keep me")
    (repo / ".lucli").mkdir()
    (repo / ".lucli" / "cache").symlink_to(outside)

    for _ in range(2):
        assert CliRunner().invoke(app, ["validate", "--root", str(repo)]).exit_code == 0
        assert CliRunner().invoke(app, ["compare", "--root", str(repo)]).exit_code == 0

    assert sorted(p.name for p in outside.iterdir()) == ["index.json"]
    assert (outside / "index.json").read_text() == "keep me"


def test_a_cache_folder_that_is_a_link_is_not_used(make_repo, tmp_path: Path, monkeypatch) -> None:
    repo = make_repo()
    real = tmp_path / "real-cache"
    real.mkdir()
    linked = tmp_path / "linked-cache"
    linked.symlink_to(real)
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(linked))

    result = CliRunner().invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 0
    assert "cannot make a private cache folder" in result.stderr
    assert list(real.iterdir()) == []


def test_a_cache_folder_others_can_write_is_not_used(make_repo, tmp_path: Path, monkeypatch) -> None:
    repo = make_repo()
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(shared))

    assert cache_folder(repo, create=True) is None
    assert list(shared.iterdir()) == []


def test_a_fresh_clone_elsewhere_has_a_cache_of_its_own(make_repo, tmp_path: Path) -> None:
    first = make_repo(root=tmp_path / "one")
    second = make_repo(root=tmp_path / "two")

    assert cache_folder(first, create=True) != cache_folder(second, create=True)


def test_a_file_swapped_for_a_link_is_checked_even_when_the_cache_is_warm(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    source = repo / "evidence" / "sources" / "alpha-2022-report.yaml"
    assert CliRunner().invoke(app, ["validate", "--root", str(repo)]).exit_code == 0
    outside = tmp_path / "outside.yaml"
    shutil.copy2(source, outside)
    source.unlink()
    source.symlink_to(outside)

    result = CliRunner().invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 1
    assert "outside-root" in result.stdout + result.stderr


def test_a_file_over_the_limit_is_never_read_whole_for_the_cache(make_repo) -> None:
    repo = make_repo()
    (repo / "lucli.yaml").write_text("limits:\n  max_bytes: 1000\n")
    big = repo / "evidence" / "sources" / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB that cost nothing unless read

    for _ in range(2):
        result = CliRunner().invoke(app, ["validate", "--root", str(repo)])
        assert result.exit_code == 1
        assert "too-large" in result.stdout + result.stderr
