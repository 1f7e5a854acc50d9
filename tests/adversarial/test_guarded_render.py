"""The backstop behind the sandbox: a brief renders in a forked process with a hard time and memory limit,
so even a step the caps do not know cannot hang or exhaust the machine."""

from __future__ import annotations

import sys
import time

import pytest

from lucli.errors import RenderError, UsageError
from lucli.render.guarded import guarded

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hard limits need fork")


def test_a_render_past_the_hard_time_limit_is_stopped():
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        guarded(lambda: time.sleep(60), seconds=0.5)

    assert caught.value.message == "rendering did not finish within 0.5 seconds; it was stopped"
    assert time.monotonic() - started < 10


def test_a_render_past_the_memory_limit_is_stopped():
    with pytest.raises(RenderError) as caught:
        guarded(lambda: bytearray(2 * 1024**3), memory=256 * 1024**2)

    assert "more memory than it may use" in caught.value.message or "without an answer" in caught.value.message


def test_results_and_located_errors_come_back_as_they_are():
    assert guarded(lambda: {"text": "é" * 10}) == {"text": "é" * 10}
    with pytest.raises(UsageError) as caught:
        guarded(lambda: (_ for _ in ()).throw(UsageError("t.md.j2:1: no such thing", "a hint")))
    assert (caught.value.message, caught.value.hint) == ("t.md.j2:1: no such thing", "a hint")
