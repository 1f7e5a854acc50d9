"""A Ctrl-C that lands where Python cannot raise it (a `__del__`, a weakref callback) still ends the run.

Seen once in CI: the Ctrl-C reached a cold digest while importlib freed a module lock, in a weakref
callback. Python printed the KeyboardInterrupt as "Exception ignored", with a traceback, and the digest went on
to write every page and exit 0. Here the signal is sent for real from inside a `__del__`, so the handler runs
there every time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from lucli.cli.swallowed_interrupts import raise_swallowed_interrupts

_CTRL_C_IN_A_DEL = textwrap.dedent("""\
    import os, signal, sys, time
    import lucli.records.project as project
    from lucli.cli import main

    class CtrlCAsItIsFreed:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)
            ends = time.monotonic() + 5
            while time.monotonic() < ends:  # lucli's handler runs here, inside __del__
                pass

    found = project.find_project

    def find_project(*args, **kwargs):
        CtrlCAsItIsFreed()  # freed at once
        return found(*args, **kwargs)

    project.find_project = find_project
    sys.argv = ["lucli", "compare"]
    main()
""")


def test_ctrl_c_inside_a_del_method_still_ends_compare_with_the_one_line() -> None:
    run = subprocess.run([sys.executable, "-c", _CTRL_C_IN_A_DEL], capture_output=True, text=True, timeout=60)
    assert run.stderr == "interrupted\n"
    assert run.returncode == 130
    assert run.stdout == ""


def test_the_interrupt_is_raised_at_the_next_call_and_other_exceptions_are_printed_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: printed.append(unraisable.exc_type))
    raise_swallowed_interrupts()
    raise_swallowed_interrupts()  # a second `main` in the same process wraps nothing twice

    class FailsAsItIsFreed:
        def __del__(self) -> None:
            raise ValueError("not an interrupt")

    class InterruptedAsItIsFreed:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    FailsAsItIsFreed()
    assert printed == [ValueError]
    reached = []
    with pytest.raises(KeyboardInterrupt):
        InterruptedAsItIsFreed()
        reached.append(len(printed))
    assert reached == [] and printed == [ValueError]
    assert sys.getprofile() is None
