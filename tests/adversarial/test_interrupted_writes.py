"""A Ctrl-C that lands the moment lucli makes a temporary file leaves nothing behind.

Every file lucli writes goes through a temporary one beside it. A Ctrl-C that came while the file was being
created, before its name reached the code that removes it, once left `.index.jsonl.*.tmp` in the cache
(seen under load, where making a file is slow). Here the signal is raised for real, from inside the call
that makes the file, as a terminal's Ctrl-C would arrive during it.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lucli.atomic import temporary_folder, write_atomic
from lucli.cli import app
from lucli.records.cachedir import cache_folder


@pytest.fixture(autouse=True)
def _python_handles_ctrl_c() -> Iterator[None]:
    """Python's own Ctrl-C handler (KeyboardInterrupt), whatever an earlier test in this process left in place."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt_when_made(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Make `tempfile` raise a real SIGINT just after it creates the first file or folder for `name`."""
    made: list[str] = []
    for maker in ("mkstemp", "mkdtemp"):
        real = getattr(tempfile, maker)

        def interrupted(*args, _real=real, **kwargs):
            result = _real(*args, **kwargs)
            path = result[1] if isinstance(result, tuple) else result
            if not made and Path(path).name.startswith(f".{name}."):
                made.append(path)
                signal.raise_signal(signal.SIGINT)  # the Ctrl-C comes now: the file exists, nothing knows it yet
            return result

        monkeypatch.setattr(tempfile, maker, interrupted)
    return made


def _leftovers(*folders: Path | None) -> list[Path]:
    return [p for folder in folders if folder is not None for p in folder.rglob("*.tmp")]


def test_a_file_being_written_is_removed_when_ctrl_c_comes_as_it_is_made(tmp_path: Path, monkeypatch) -> None:
    made = _interrupt_when_made(monkeypatch, "briefing.md")
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "briefing.md", "# A briefing\n")
    assert made and list(tmp_path.iterdir()) == []


def test_a_folder_being_made_is_removed_when_ctrl_c_comes_as_it_is_made(tmp_path: Path, monkeypatch) -> None:
    made = _interrupt_when_made(monkeypatch, "site")
    with pytest.raises(KeyboardInterrupt), temporary_folder(tmp_path / "site"):
        pass
    assert made and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("command", "name"), [
    (["validate"], "index.jsonl"),  # the record cache, written after a cold load
    (["compare"], "records.sqlite"),  # the index, written once the answer is out
    (["digest", "-o", "site"], "site"),  # the folder the digest's pages are staged in
])
def test_a_command_interrupted_as_it_makes_a_temporary_file_leaves_none(runner, make_repo, monkeypatch,
                                                                        command, name) -> None:
    repo = make_repo()
    monkeypatch.chdir(repo)
    made = _interrupt_when_made(monkeypatch, name)
    result = runner.invoke(app, [*command, "--root", str(repo)])
    assert made, f"{command} made no temporary file for {name}"
    assert result.exit_code == 130, result.output
    assert result.stderr.endswith("interrupted\n")
    assert _leftovers(repo, cache_folder(repo)) == []
