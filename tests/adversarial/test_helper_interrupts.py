"""A Ctrl-C that reaches the helper compiling the templates the moment it is forked is ignored there.

The helper (`lucli.render.compiled_ahead`) is forked with Ctrl-C held back, and it ignores Ctrl-C before it lets
one through. It once let one through first: it left the block that held Ctrl-C back, as the process it was forked
from does, before it set Ctrl-C to be ignored. A Ctrl-C held back meanwhile then ran lucli's handler in the helper,
which printed a second "interrupted" and unwound the command the helper had been forked from, exit handlers and
all (seen in CI, beside a Ctrl-C that the main process lost: `test_swallowed_interrupts.py`). Here the helper gets
a real SIGINT the moment it starts, held back, as a terminal's Ctrl-C sent to every process of the run would be.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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
