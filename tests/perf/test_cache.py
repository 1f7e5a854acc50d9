"""A warm run reads no YAML; the cache follows edits and survives damage and concurrent use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lucli.records import load as load_module
from lucli.records.load import load_project
from lucli.records.project import find_project
from tests.conftest import SOURCE


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


def test_a_deleted_file_disappears(repo: Path) -> None:
    load_project(find_project(repo))
    (repo / "evidence" / "sources" / "alpha-2023-report.yaml").unlink()

    again = load_project(find_project(repo))

    assert [s.id for s in again.evidence.sources] == ["alpha-2022-report"]
    assert "evidence/sources/alpha-2023-report.yaml" not in _cached_files(repo)


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 99}', b'{"format": 3, "stamp": 3}',
                                    b"\x00\xff" * 10, b"truncated at a line"])
def test_a_corrupt_cache_is_discarded_and_rebuilt(repo: Path, damage: bytes) -> None:
    first = load_project(find_project(repo))
    cache = repo / ".lucli" / "cache" / "index.jsonl"
    text = cache.read_bytes()
    if damage == b"truncated at a line":
        cache.write_bytes(b"".join(text.splitlines(keepends=True)[:-1]))
    else:
        cache.write_bytes(damage if damage else text[: len(text) // 2])

    rebuilt = load_project(find_project(repo))

    assert rebuilt.evidence == first.evidence
    assert rebuilt.parsed == 4
    if damage != b'{"format": 3, "stamp": 3}':
        assert rebuilt.notes and "rebuilding it" in rebuilt.notes[0]
    assert load_project(find_project(repo)).parsed == 0


def test_a_corrupt_cache_warns_once_on_stderr(repo: Path, runner) -> None:
    from lucli.cli import app

    runner.invoke(app, ["validate", "--root", str(repo)])
    (repo / ".lucli" / "cache" / "index.jsonl").write_text("garbage")

    result = runner.invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 0
    assert result.stderr.count("cache is corrupt; rebuilding it") == 1


def test_no_cache_bypasses_the_cache(repo: Path, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--no-cache", "--root", str(repo)])

    assert result.exit_code == 0
    assert not (repo / ".lucli").exists()


def test_an_unwritable_root_still_works_with_one_warning(repo: Path, runner) -> None:
    from lucli.cli import app

    (repo / ".lucli").write_text("not a folder")  # root ignores permissions, so block the folder instead

    result = runner.invoke(app, ["validate", "--root", str(repo)])

    assert result.exit_code == 0
    assert result.stderr.count("cannot write the cache") == 1


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
    assert not list((repo / ".lucli" / "cache").glob("*.tmp"))


def test_the_cache_is_json_data_only(repo: Path) -> None:
    load_project(find_project(repo))
    raw = (repo / ".lucli" / "cache" / "index.jsonl").read_bytes()
    header = json.loads(raw.splitlines()[0])
    assert header["format"] == 4
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


def test_the_cache_of_an_older_version_is_replaced_not_left_behind(repo: Path) -> None:
    old = repo / ".lucli" / "cache" / "index.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"format": 1, "files": {}}')

    assert load_project(find_project(repo)).parsed == 4

    assert not old.exists()
    assert load_project(find_project(repo)).parsed == 0


def _cached_files(repo: Path) -> list[str]:
    """The paths the cache holds entries for."""
    lines = (repo / ".lucli" / "cache" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)[0] for line in lines[1:]]


def _brought_from_elsewhere(folder: Path, tmp_path: Path) -> None:
    """Replace a cache folder with a copy of itself, file times kept: as a clone of a repository that
    committed its `.lucli/` would have it."""
    copy = tmp_path / "copied-cache"
    shutil.copytree(folder, copy)
    shutil.rmtree(folder)
    shutil.copytree(copy, folder)


def test_a_cache_brought_from_elsewhere_is_never_trusted(repo: Path, tmp_path: Path) -> None:
    load_project(find_project(repo))
    cache = repo / ".lucli" / "cache" / "index.jsonl"
    cache.write_text(cache.read_text(encoding="utf-8").replace('"A report"', '"Planted title"'), encoding="utf-8")
    assert "Planted title" in [s.title for s in load_project(find_project(repo)).evidence.sources]  # this machine's

    _brought_from_elsewhere(cache.parent, tmp_path)
    again = load_project(find_project(repo))

    assert again.parsed == 4
    assert "Planted title" not in [s.title for s in again.evidence.sources]
    assert load_project(find_project(repo)).parsed == 0


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
