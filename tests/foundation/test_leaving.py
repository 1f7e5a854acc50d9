"""A finished command ends the process at once (`lucli.cli.leaving`): its output whole, its exit code kept,
the exit handlers run, and nothing else left to do but free memory, which the operating system does."""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lucli.cli import app, leaving


class _Ended(Exception):
    """Stands for the end of the process in these in-process tests."""


@pytest.fixture
def ended(monkeypatch) -> Iterator[list[int]]:
    """Record the code `os._exit` is given instead of ending the test run."""
    codes: list[int] = []

    def end(code: int) -> None:
        codes.append(code)
        raise _Ended
    monkeypatch.setattr(os, "_exit", end)
    # `leave` ignores Ctrl-C from then on, as the process is ending; this one goes on to run other tests.
    before = signal.getsignal(signal.SIGINT)
    yield codes
    signal.signal(signal.SIGINT, before)


def test_the_exit_handlers_run_and_the_streams_are_flushed_before_the_end(ended, monkeypatch) -> None:
    happened: list[str] = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: happened.append("handlers"))
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        monkeypatch.setattr(stream, "flush", lambda name=name: happened.append(name), raising=False)

    with pytest.raises(_Ended):
        leaving.leave(SystemExit(3))

    assert ended == [3]
    assert happened == ["handlers", "stdout", "stderr"]


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (1, 1), (2, 2), (130, 130)])
def test_the_commands_exit_code_is_the_processs(ended, monkeypatch, code, expected) -> None:
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)
    with pytest.raises(_Ended):
        leaving.leave(SystemExit(code))
    assert ended == [expected]


def test_a_message_or_a_running_thread_leaves_the_ordinary_way(ended) -> None:
    with pytest.raises(SystemExit) as message:
        leaving.leave(SystemExit("stopped: a reason to print"))
    assert message.value.code == "stopped: a reason to print"

    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as waited:
            leaving.leave(SystemExit(0))  # the ordinary exit waits for the thread
        assert waited.value.code == 0
    finally:
        release.set()
        worker.join()
    assert ended == []


def test_a_stream_that_cannot_be_flushed_leaves_the_ordinary_way(ended, monkeypatch) -> None:
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)

    class Broken:
        def flush(self) -> None:
            raise BrokenPipeError
    # A stand-in stream, not pytest's own with its flush replaced: pytest flushes its own (some versions
    # before the patch is undone).
    monkeypatch.setattr(sys, "stdout", Broken())
    with pytest.raises(SystemExit) as done:
        leaving.leave(SystemExit(0))
    assert done.value.code == 0
    assert ended == []


def _lucli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "lucli", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)


def test_a_real_run_prints_its_whole_answer_and_keeps_its_exit_code(runner, make_repo, tmp_path) -> None:
    repo = make_repo()
    expected = runner.invoke(app, ["compare", "devolution", "-f", "md", "--root", str(repo)])
    assert expected.exit_code == 0

    done = _lucli("compare", "devolution", "-f", "md", "--root", str(repo), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")

    wrong = _lucli("compare", "--format", "poem", "--root", str(repo), cwd=tmp_path)
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("error: ")
