"""A Ctrl-C that lands where Python cannot raise it is raised again at the next call.

Python runs a signal handler between two steps of whatever Python code is running, and that may be code
Python calls on its own: a weakref callback, a `__del__` method, a finaliser run by the garbage collector.
importlib's module locks end in such a callback, so one runs at many imports. An exception raised there
cannot reach the code that was interrupted: Python prints it ("Exception ignored in ...", with a traceback)
and carries on. `on_interrupt` had already said "interrupted" and set Ctrl-C to be ignored, so the run went
on to its end with a traceback in its output: seen once in CI, a cold digest that wrote every page and
exited 0.

Python hands such an exception to `sys.unraisablehook` before printing it. For a KeyboardInterrupt the hook
here prints nothing and raises it again at the next function call or return outside the hook itself (a
profile function that removes itself as it fires). From there it unwinds the run as `on_interrupt` meant
it to: temporary files removed, worker processes ended, exit 130 with the one line. If that next call is
itself one Python cannot raise from, the hook runs again and the interrupt waits for the next one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

Hook = Callable[["sys.UnraisableHookArgs"], Any]


def raise_swallowed_interrupts() -> None:
    """From now on, raise again a KeyboardInterrupt that Python would print as ignored; print others as before."""
    previous: Hook = sys.unraisablehook
    if getattr(previous, "raises_swallowed_interrupts", False):
        return  # installed already: the command line's `main` ran before in this process

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            sys.setprofile(_raise_outside(sys._getframe()))
            return
        previous(unraisable)

    hook.raises_swallowed_interrupts = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def _raise_outside(hook_frame: FrameType) -> Callable[[FrameType, str, Any], None]:
    """A one-shot profile function: KeyboardInterrupt at the first event that is not the hook's own."""
    def profile(frame: FrameType, _event: str, _arg: Any) -> None:
        if frame is hook_frame:
            return  # the hook returning: an exception there would be printed as ignored once more
        sys.setprofile(None)
        raise KeyboardInterrupt

    return profile
