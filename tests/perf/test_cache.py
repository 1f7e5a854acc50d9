"""A warm run reads no YAML; the cache follows edits and survives damage and concurrent use."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lucli.records import load as load_module
from lucli.records.cachedir import cache_folder
from lucli.records.load import load_project
from lucli.records.project import find_project
from tests.conftest import SOURCE


def _cache_file(repo: Path) -> Path:
    """The repository's record cache, in its private folder outside the repository."""
    folder = cache_folder(repo)
    assert folder is not None
    return folder / "index.jsonl"


def _second_source(stem: str) -> str:
    return SOURCE.replace("alpha-2022-report", stem)


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(sources={"alpha-2022-report": SOURCE, "alpha-2023-report": _second_source("alpha-2023-report")})


def test_a_warm_run_parses_no_yaml(repo: Path, monkeypatch) -> None:
    cold = load_project(find_project(repo))

    def no_parsing(*args, **kwargs):
        raise AssertionError("a warm run must not parse YAML")

    monkeypatch.setattr(load_module, "load_file", no_parsing)
    warm = load_project(find_project(repo))

    assert cold.parsed == 4 and warm.parsed == 0
    assert warm.evidence == cold.evidence
    assert warm.diagnostics == cold.diagnostics


def test_a_changed_file_is_parsed_again_and_only_that_one(repo: Path) -> None:
    load_project(find_project(repo))
    path = repo / "evidence" / "sources" / "alpha-2023-report.yaml"
    path.write_text(path.read_text().replace("title: A report", "title: A revised report"))

    again = load_project(find_project(repo))

    assert again.parsed == 1
    assert {s.title for s in again.evidence.sources} == {"A report", "A revised report"}


def test_a_touched_but_unchanged_file_is_not_parsed(repo: Path) -> None:
    load_project(find_project(repo))
    (repo / "evidence" / "sources" / "alpha-2023-report.yaml").touch()

    assert load_project(find_project(repo)).parsed == 0


def test_a_new_day_is_not_a_cold_start(repo: Path) -> None:
    load_project(find_project(repo), today=dt.date(2026, 3, 1))

    next_day = load_project(find_project(repo), today=dt.date(2026, 3, 2))

    assert next_day.parsed == 0 and not next_day.diagnostics


def test_a_file_with_a_date_still_to_come_is_checked_again_once_the_day_has_come(repo: Path) -> None:
    path = repo / "evidence" / "sources" / "alpha-2023-report.yaml"
    path.write_text(re.sub(r"published: .*", "published: 2026-06", path.read_text()))
    before = load_project(find_project(repo), today=dt.date(2026, 3, 1))

    after = load_project(find_project(repo), today=dt.date(2026, 6, 1))

    assert [d.code for d in before.diagnostics] == ["future-date"]
    assert after.parsed == 1 and not after.diagnostics


def test_a_deleted_file_disappears(repo: Path) -> None:
    load_project(find_project(repo))
    (repo / "evidence" / "sources" / "alpha-2023-report.yaml").unlink()

    again = load_project(find_project(repo))

    assert [s.id for s in again.evidence.sources] == ["alpha-2022-report"]
    assert "evidence/sources/alpha-2023-report.yaml" not in _cached_files(repo)


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 99}', b'{"format": 4, "stamp": 3}',
                                    b"\x00\xff" * 10, b"truncated at a line"])
def test_a_corrupt_cache_is_discarded_and_rebuilt(repo: Path, damage: bytes) -> None:
    first = load_project(find_project(repo))
    cache = _cache_file(repo)
    text = cache.read_bytes()
    if damage == b"truncated at a line":
        cache.write_bytes(b"".join(text.splitlines(keepends=True)[:-1]))
    else:
        cache.write_bytes(damage if damage else text[: len(text) // 2])

    rebuilt = load_project(find_project(repo))

    assert rebuilt.evidence == first.evidence
    assert rebuilt.parsed == 4
    if damage != b'{"format": 4, "stamp": 3}':
        assert rebuilt.notes and "rebuilding it" in rebuilt.notes[0]
    assert load_project(find_project(repo)).parsed == 0


def test_a_corrupt_cache_warns_once_on_stderr(repo: Path, runner) -> None:
    from lucli.cli import app

    runner.invoke(app, ["validate", "--root", str(repo)])
    (_cache_file(repo)).write_text("garbage")

    result = runner.invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 0
    assert result.stderr.count("cache is corrupt; rebuilding it") == 1


def test_no_cache_bypasses_the_cache(repo: Path, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(repo)])

    assert result.exit_code == 0
    assert not (repo / ".lucli").exists()
    assert cache_folder(repo) is None


def test_an_unusable_cache_folder_still_works_with_one_warning(repo: Path, runner, tmp_path: Path,
                                                                monkeypatch) -> None:
    from lucli.cli import app

    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")  # root ignores permissions, so block the folder instead
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(blocked))

    result = runner.invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 0
    assert result.stderr.count("cannot make a private cache folder") == 1


def test_two_processes_at_once_leave_a_valid_cache(repo: Path) -> None:
    command = [sys.executable, "-m", "lucli", "validate", "--root", str(repo)]
    for round_ in range(3):
        (repo / "evidence" / "sources" / "alpha-2023-report.yaml").write_text(
            _second_source("alpha-2023-report").replace("A report", f"Round {round_}"))
        procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        codes = [p.wait(timeout=60) for p in procs]
        assert codes == [0, 0]
        assert len(_cached_files(repo)) == 4
    assert load_project(find_project(repo)).parsed == 0
    assert not list(_cache_file(repo).parent.glob("*.tmp"))


def test_the_cache_is_json_data_only(repo: Path) -> None:
    load_project(find_project(repo))
    raw = (_cache_file(repo)).read_bytes()
    header = json.loads(raw.splitlines()[0])
    assert header["format"] == 7
    assert not raw.startswith(b"\x80")  # not a pickle


def test_parallel_parsing_gives_the_same_records_as_serial(make_repo, monkeypatch) -> None:
    sources = {f"alpha-2022-report-{n}": SOURCE.replace("alpha-2022-report", f"alpha-2022-report-{n}")
               for n in range(12)}
    root = make_repo(sources=sources)
    serial = load_project(find_project(root), use_cache=False)
    monkeypatch.setattr(load_module, "PARALLEL_THRESHOLD", 1)
    parallel = load_project(find_project(root), use_cache=False)

    assert parallel.evidence == serial.evidence
    assert parallel.diagnostics == serial.diagnostics


def test_a_cold_parallel_load_writes_each_files_cache_text_as_it_comes(make_repo, monkeypatch) -> None:
    sources = {f"alpha-2022-report-{n}": SOURCE.replace("alpha-2022-report", f"alpha-2022-report-{n}")
               for n in range(12)}
    root = make_repo(sources=sources)
    monkeypatch.setattr(load_module, "PARALLEL_THRESHOLD", 1)
    held: list[int] = []
    remember = load_module._Store.remember

    def counting(store, job, done):
        assert done.row is not None  # a worker sent the file back as the cache's own text
        remember(store, job, done)
        held.append(sum(entry.row is not None for entry in store.fresh.values()))

    monkeypatch.setattr(load_module._Store, "remember", counting)
    cold = load_project(find_project(root))
    monkeypatch.setattr(load_module._Store, "remember", remember)
    warm = load_project(find_project(root))

    assert len(held) == 14 and max(held) == 0  # no file's text is kept until the cache is written
    assert (cold.parsed, warm.parsed) == (14, 0)
    assert warm.evidence == cold.evidence and warm.diagnostics == cold.diagnostics
    assert not list(_cache_file(root).parent.glob("tmp*"))  # the spooled lines leave nothing behind


def test_progress_is_reported_while_parsing(make_repo) -> None:
    sources = {f"alpha-2022-report-{n}": SOURCE.replace("alpha-2022-report", f"alpha-2022-report-{n}")
               for n in range(120)}
    root = make_repo(sources=sources)
    seen: list[tuple[int, int]] = []

    load_project(find_project(root), use_cache=False, progress=lambda done, total: seen.append((done, total)))

    assert seen[-1] == (122, 122)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_no_progress_bar_when_stderr_is_not_a_terminal(repo: Path, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(repo)])

    assert "Reading evidence" not in result.stderr
    assert "\x1b[" not in result.stderr


def test_a_cache_folder_in_the_repository_is_neither_read_nor_touched(repo: Path) -> None:
    old = repo / ".lucli" / "cache" / "index.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"format": 1, "files": {}}')

    assert load_project(find_project(repo)).parsed == 4

    assert old.read_text() == '{"format": 1, "files": {}}'
    assert load_project(find_project(repo)).parsed == 0


def _cached_files(repo: Path) -> list[str]:
    """The paths the cache holds entries for."""
    lines = (_cache_file(repo)).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)[0] for line in lines[1:]]


def test_the_cache_lives_outside_the_repository(repo: Path) -> None:
    load_project(find_project(repo))

    assert _cache_file(repo).is_file()
    assert not _cache_file(repo).is_relative_to(repo)
    assert not (repo / ".lucli").exists()


def test_format_1_1_fields_come_back_from_the_cache_unchanged(make_repo, monkeypatch) -> None:
    replying = _second_source("alpha-2023-report") + """\
    quote: "devolve more power"
    said_by: {name: A. Person, role: director, organisation: alpha}
  - id: reply
    kind: critique
    statement: The 2022 report asks too much too soon.
    quote: "too much too soon"
    said_by: coverage
    principles: [{id: devolution, stance: qualifies}]
    responds_to:
      - {ref: alpha-2022-report#devolve, relation: challenges, about: timing}
"""
    root = make_repo(sources={"alpha-2022-report": SOURCE, "alpha-2023-report": replying},
                     organisations="- {id: alpha, name: Alpha, kind: think-tank, role: subject}\n")
    cold = load_project(find_project(root))
    monkeypatch.setattr(load_module, "load_file", lambda *a, **k: pytest.fail("parsed again"))
    warm = load_project(find_project(root))

    assert warm.evidence == cold.evidence
    source = next(s for s in warm.evidence.sources if s.id == "alpha-2023-report")
    assert source.findings[0].said_by.name == "A. Person"
    assert source.findings[1].said_by == "coverage"
    assert source.findings[1].responds_to[0].target == "alpha-2022-report/devolve"
    assert warm.evidence.organisations[0].role == "subject"
