"""Ctrl-C while a digest with no index yet loads the records in a process of its own (`lucli.cli.index_apart`)
ends lucli at once and cleanly: exit 130 with the one line `interrupted`, no traceback from either process, and
no temporary file left in the cache or the output (the same promise as `test_interrupts.py`)."""

from __future__ import annotations

import random
import shutil

from lucli.records.cachedir import cache_folder
from tests.adversarial.test_interrupts import EXIT_WITHIN, _interrupt, big_repo, pytestmark  # noqa: F401


def test_ctrl_c_while_a_cold_digest_writes_its_index_ends_the_run_cleanly(big_repo):  # noqa: F811
    chance = random.Random("lucli-cold-digest")
    codes = []
    for _ in range(4):
        folder = cache_folder(big_repo)
        if folder is not None:
            shutil.rmtree(folder)  # no records cached and no index: the whole load runs in the child
        code, err, took = _interrupt(["digest", "-o", "site", "--force", "--root", str(big_repo)],
                                     chance.uniform(0, 0.4), big_repo)
        codes.append(code)
        assert "Traceback" not in err, err
        assert code in (0, 130), (code, err)
        if code == 130:
            assert err.endswith("interrupted\n") and err.count("\n") <= 2, err
            assert took < EXIT_WITHIN, f"took {took:.1f} s to stop"
        leftovers = list(big_repo.rglob("*.tmp"))
        if cache_folder(big_repo) is not None:
            leftovers += list(cache_folder(big_repo).rglob("*.tmp"))
        assert leftovers == []
    assert 130 in codes, f"no run was interrupted ({codes})"
