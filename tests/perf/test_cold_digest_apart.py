"""A digest with no index yet loads the records, and writes the index, in a process of its own that ends before
the pages are rendered: the main process never holds every record (instrumented, not timed: which process
loaded). What that load prints, and the error it stops on, come out as when the main process loaded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lucli.cli import app, index_apart
from lucli.records import load as load_module
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE
from tests.perf.test_indexed_digest import DATE


def _digest(runner: Any, root: Path, out: Path) -> Any:
    result = runner.invoke(app, ["digest", "--root", str(root), "-o", str(out), "--date", DATE])
    assert "Traceback" not in result.stderr
    return result


def _noting_loads(monkeypatch: Any, note: Path) -> None:
    """Make every load of the records write the id of the process it runs in to `note`."""
    real = load_module.load_project

    def noted(*args: Any, **kwargs: Any) -> Any:
        with note.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)
    monkeypatch.setattr(load_module, "load_project", noted)


def test_a_cold_digest_loads_the_records_in_a_process_of_its_own(runner, synthetic, tmp_path, monkeypatch):
    note = tmp_path / "loads"
    _noting_loads(monkeypatch, note)
    result = _digest(runner, synthetic, tmp_path / "site")
    assert result.exit_code == 0
    loaders = note.read_text(encoding="utf-8").split()
    assert len(loaders) == 1 and loaders[0] != str(os.getpid())  # loaded once, and not here
    assert (cache_folder(synthetic) / INDEX_FILE).is_file()
    note.unlink()
    assert _digest(runner, synthetic, tmp_path / "site").exit_code == 0
    assert not note.exists()  # warm: nothing loaded at all


def test_what_the_load_prints_and_its_errors_are_the_same_in_a_process_of_its_own(runner, synthetic, tmp_path,
                                                                                  monkeypatch):
    broken = min((synthetic / "evidence" / "sources").iterdir())
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: ", "kind: nonsense-", 3), encoding="utf-8")
    apart = _digest(runner, synthetic, tmp_path / "apart")
    monkeypatch.setattr(index_apart, "can_index_apart", lambda: False)
    note = tmp_path / "loads"
    _noting_loads(monkeypatch, note)
    here = _digest(runner, synthetic, tmp_path / "here")
    assert note.read_text(encoding="utf-8").split() == [str(os.getpid())]  # this time loaded here
    assert (apart.exit_code, apart.stdout, apart.stderr) == (here.exit_code, here.stdout, here.stderr)
    assert apart.exit_code == 1 and "error" in apart.stderr and broken.name in apart.stderr
