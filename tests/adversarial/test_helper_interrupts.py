"""A Ctrl-C that reaches the helper compiling the templates the moment it is forked is ignored there.

The helper (`lucli.render.compiled_ahead`) is forked with Ctrl-C held back, and it ignores Ctrl-C before it lets
one through. It once let one through first: it left the block that held Ctrl-C back, as the process it was forked
from does, before it set Ctrl-C to be ignored. A Ctrl-C held back meanwhile then ran lucli's handler in the helper,
which printed a second "interrupted" and unwound the command the helper had been forked from, exit handlers and
all (seen in CI, beside a Ctrl-C that the main process lost: `test_swallowed_interrupts.py`). Here the helper gets
a real SIGINT the moment it starts, held back, as a terminal's Ctrl-C sent to every process of the run would be.

The processes `multiprocessing` forks (the child that writes the index, the workers) never return into the block;
a Ctrl-C sent to every process of a cold digest the moment each of them has started shows it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lucli.records.cachedir import cache_folder
from tests.adversarial.test_interrupts import big_repo  # noqa: F401

_CTRL_C_AS_THE_HELPER_STARTS = textwrap.dedent("""\
    import os, signal, sys
    import lucli.render.compiled_ahead as ahead
    from lucli.cli import main

    class CtrlCAsTheHelperStarts:
        # `os` for the helper's module alone: its fork sends the new process a SIGINT (held back, as it starts).
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def fork():
            pid = os.fork()
            if pid == 0:
                os.kill(os.getpid(), signal.SIGINT)
                os.write(2, b"helper started\\n")
            return pid

    ahead.os = CtrlCAsTheHelperStarts()
    sys.argv = ["lucli", *sys.argv[1:]]
    main()
""")


def test_a_ctrl_c_held_back_as_the_template_helper_starts_is_ignored_there(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-c", _CTRL_C_AS_THE_HELPER_STARTS, "digest", "-o", str(site),
                          "--date", "2026-01-15"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    said = run.stderr.splitlines()
    assert said[0] == "helper started"  # the helper was forked, and got the SIGINT
    assert len(said) == 2 and said[1].startswith("wrote ") and said[1].endswith(f"open {site / 'index.html'}")
    assert (site / "index.html").is_file()


_CTRL_C_AS_A_PROCESS_STARTS = textwrap.dedent("""\
    import os, signal, sys, time
    import multiprocessing.process as processes
    from lucli.cli import main

    at, started, parent = int(sys.argv[1]), [0], os.getpid()

    class CtrlCToEveryProcess:
        # Sent from a __del__, as the process is freed: where the main process once lost it.
        def __del__(self):
            os.killpg(os.getpgid(0), signal.SIGINT)
            ends = time.monotonic() + 0.2
            while time.monotonic() < ends:  # lucli's handler runs here, unless SIGINT is held back as a process starts
                pass

    start = processes.BaseProcess.start

    def started_then_interrupted(self):
        start(self)
        if os.getpid() == parent:
            started[0] += 1
            if started[0] == at:
                CtrlCToEveryProcess()

    processes.BaseProcess.start = started_then_interrupted
    sys.argv = ["lucli", *sys.argv[2:]]
    main()
""")


@pytest.mark.parametrize("at", [1, 2, 3])
def test_ctrl_c_to_every_process_as_each_process_of_a_cold_digest_starts_ends_it_cleanly(big_repo, at):  # noqa: F811
    folder = cache_folder(big_repo)
    if folder is not None:
        shutil.rmtree(folder)  # the index is written in a child of its own; then the workers render the pages
    run = subprocess.run([sys.executable, "-c", _CTRL_C_AS_A_PROCESS_STARTS, str(at), "digest", "-o", "site",
                          "--force", "--root", str(big_repo)], cwd=big_repo, capture_output=True, text=True,
                         timeout=120, start_new_session=True)
    assert (run.returncode, run.stderr) == (130, "interrupted\n")
    leftovers = list(big_repo.rglob("*.tmp"))
    if cache_folder(big_repo) is not None:
        leftovers += list(cache_folder(big_repo).rglob("*.tmp"))
    assert leftovers == []
