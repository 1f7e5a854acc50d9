"""How the digest's page workers share the work (issue 17, the digest's peak memory with responses): the pages
that need the most memory never render two at once, and a worker that its pages have left large is replaced by a
fresh one, so no worker keeps a large page's memory to its end. The pages still come back in order, and the first
to fail is still the one reported."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lucli.errors import RenderError
from lucli.render.parallel import HardLimits, _can_fork, run_in_order

pytestmark = pytest.mark.skipif(not _can_fork(), reason="workers need fork (Linux)")

LIMITS = HardLimits(60, 1 << 30)
_HELD: list[bytes] = []


def _page(log: Path, n: int, seconds: float = 0.05) -> tuple[int, int]:
    """A page that notes when it started and ended, in which process."""
    started = time.monotonic()
    time.sleep(seconds)
    with log.open("a") as out:
        out.write(f"{n} {started} {time.monotonic()}\n")
    return n, os.getpid()


def _spans(log: Path) -> dict[int, tuple[float, float]]:
    return {int(n): (float(a), float(b)) for n, a, b in (line.split() for line in log.read_text().splitlines())}


def _large_page(n: int) -> tuple[int, int]:
    """A page that leaves 40 MB of its own behind in its worker."""
    _HELD.append(os.urandom(40 << 20))
    time.sleep(0.3)  # long enough for the worker to look at its size afterwards
    return n, os.getpid()


def test_the_largest_pages_never_render_two_at_once_and_come_back_in_order(tmp_path):
    log = tmp_path / "pages.log"
    jobs = [lambda n=n: _page(log, n, 0.2 if n < 4 else 0.02) for n in range(30)]
    done = run_in_order(jobs, 2, LIMITS, solo=range(4))
    assert [n for n, _pid in done] == list(range(30))
    spans = _spans(log)
    solo = sorted(spans[n] for n in range(4))
    assert all(later[0] >= earlier[1] for earlier, later in zip(solo, solo[1:], strict=False)), solo
    assert len({pid for _n, pid in done}) == 2  # the other worker rendered the small pages meanwhile


def test_a_worker_its_pages_left_large_is_replaced_by_a_fresh_one():
    jobs = [lambda n=n: _large_page(n) for n in range(4)]
    done = run_in_order(jobs, 2, LIMITS, renew_after=32 << 20)
    assert [n for n, _pid in done] == list(range(4))
    assert len({pid for _n, pid in done}) == 4  # each worker held 40 MB of its own after its page: each replaced


def test_each_of_the_largest_pages_ends_its_worker_so_none_collects_or_keeps_what_the_page_left(tmp_path):
    log = tmp_path / "pages.log"
    jobs = [lambda n=n: _page(log, n, 0.02) for n in range(40)]
    done = run_in_order(jobs, 2, LIMITS, renew_after=1 << 30, solo=range(0, 40, 10))
    assert [n for n, _pid in done] == list(range(40))
    pids = [pid for _n, pid in done]
    solo_pids = [pids[n] for n in range(0, 40, 10)]
    assert len(set(solo_pids)) == 4
    assert all(max(n for n, pid in enumerate(pids) if pid == solo) == n  # nothing after it in that worker
               for n, solo in zip(range(0, 40, 10), solo_pids, strict=True))
    assert len(set(pids)) < 40  # the small pages still share workers


def test_without_a_size_to_keep_to_a_worker_renders_page_after_page():
    jobs = [lambda n=n: _large_page(n) for n in range(4)]
    done = run_in_order(jobs, 1, LIMITS)
    assert len({pid for _n, pid in done}) == 1


def test_a_largest_page_stopped_for_its_time_leaves_none_of_the_others_waiting(tmp_path):
    log = tmp_path / "pages.log"

    def forever() -> tuple[int, int]:
        while True:
            time.sleep(60)

    jobs = [forever, *(lambda n=n: _page(log, n) for n in range(1, 6))]
    started = time.monotonic()
    with pytest.raises(RenderError, match=r"did not finish within 1\.5 seconds"):
        run_in_order(jobs, 2, HardLimits(1.5, 1 << 30), solo=range(6))
    assert time.monotonic() - started < 30
    assert set(_spans(log)) == {1, 2, 3, 4, 5}  # the other solo pages ran once the stopped one's worker was gone


def test_the_first_page_to_fail_is_reported_when_the_largest_render_out_of_order(tmp_path):
    log = tmp_path / "pages.log"

    def broken() -> tuple[int, int]:
        raise RenderError("page 2 is broken", "fix its template")

    jobs = [lambda: _page(log, 0, 0.3), lambda: _page(log, 1, 0.3), broken, *(lambda n=n: _page(log, n)
                                                                              for n in range(3, 9))]
    with pytest.raises(RenderError, match="page 2 is broken"):
        run_in_order(jobs, 2, LIMITS, solo=(0, 1))


class _Cycle:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _leave_a_cycle(log: Path) -> bool:
    import weakref

    weakref.finalize(_Cycle(), lambda: log.write_text("collected"))
    return True


def _after(log: Path) -> tuple[bool, str]:
    import gc

    return gc.isenabled(), log.read_text() if log.exists() else "not collected"


def test_a_worker_collects_what_each_page_left_in_cycles_once_the_page_is_done(tmp_path):
    log = tmp_path / "cycle.log"
    done = run_in_order([lambda: _leave_a_cycle(log), lambda: _after(log)], 1, LIMITS)
    assert done == [True, (False, "collected")]  # the collector's own timing is off while pages render
