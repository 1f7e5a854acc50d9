"""Every digest page renders under a hard time and memory limit (issue 16, item 5): the backstop for a
single step the sandbox's own caps and deadline cannot interrupt. A page that runs past its limit ends
its worker, and lucli reports one located error instead of hanging or retrying it in the main process."""

from __future__ import annotations

import time

import pytest

from lucli.errors import RenderError
from lucli.render.parallel import HardLimits, _can_fork, run_in_order

pytestmark = pytest.mark.skipif(not _can_fork(), reason="hard limits need fork (Linux)")


def _quick(n: int) -> int:
    return n * n


def _forever() -> int:
    while True:  # one long step: only a signal's default action can end it
        time.sleep(60)


def _greedy() -> bytes:
    return b"x" * (1 << 31)  # 2 GiB in one allocation


def test_pages_within_their_limits_come_back_in_order():
    jobs = [lambda n=n: _quick(n) for n in range(7)]
    assert run_in_order(jobs, 2, HardLimits(30, 1 << 30)) == [n * n for n in range(7)]


def test_a_page_that_never_finishes_is_stopped_and_reported():
    jobs = [lambda: _quick(3), _forever, lambda: _quick(4)]
    started = time.monotonic()
    with pytest.raises(RenderError, match=r"did not finish within 1\.5 seconds"):
        run_in_order(jobs, 2, HardLimits(1.5, 1 << 30))
    assert time.monotonic() - started < 30


def test_a_page_that_wants_too_much_memory_is_refused():
    with pytest.raises(RenderError, match="more memory than it may use"):
        run_in_order([_greedy], 1, HardLimits(30, 256 << 20))


def test_the_digest_renders_every_page_under_the_hard_limits(monkeypatch, lucli, repo, tmp_path):
    from lucli.render import digest

    seen: list[HardLimits | None] = []
    real = digest.run_in_order

    def watching(jobs, workers=None, limits=None, *rest):
        seen.append(limits)
        return real(jobs, workers, limits, *rest)

    monkeypatch.setattr(digest, "run_in_order", watching)
    result = lucli("digest", "--root", str(repo), "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    assert seen and all(limits is not None and limits.seconds == 120 for limits in seen)


def _mistaken() -> int:
    raise TypeError("a mistake in lucli's code, not a page that ran too long")


def test_a_page_that_fails_outright_is_not_reported_as_too_slow(capfd):
    with pytest.raises(RenderError) as caught:
        run_in_order([lambda: _quick(2), _mistaken], 2, HardLimits(30, 1 << 30))

    assert "did not finish" not in caught.value.message
    assert caught.value.message == ("rendering a page failed with an error its worker could not report (above); "
                                    "it was stopped")
    assert "report it" in (caught.value.hint or "")
    assert "TypeError: a mistake in lucli's code" in capfd.readouterr().err  # the worker's own account of it
