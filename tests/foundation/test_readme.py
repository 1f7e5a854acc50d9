"""The README cannot rot: every shell block in it runs, in order, as a newcomer would paste it."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tests.readme_runner import SKIP, run_blocks, shell_blocks

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_what_a_newcomer_needs_and_no_more():
    assert len(README.splitlines()) <= 300
    headings = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert headings == ["Set-up", "A five-minute tour", "An evidence repository of your own", "Commands",
                        "Exit codes", "Read more"]


def test_every_block_that_is_not_run_says_why():
    markers = [line for line in README.splitlines() if "readme-test" in line]
    assert all(SKIP.match(line.strip()) for line in markers), markers
    skipped = [b for b in shell_blocks(README) if b.skip is not None]
    assert [b.text.strip() for b in skipped][:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/lucli compare",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"]


def test_the_readme_shell_blocks_run_in_order_with_lucli_on_path(tmp_path):
    work = tmp_path / "reader"
    work.mkdir()
    blocks = shell_blocks(README)
    assert len([b for b in blocks if b.skip is None]) >= 4
    outputs = run_blocks(blocks, work, "README.md")
    assert (work / "site" / "index.html").is_file()  # the tour's digest, where the README says it is
    assert (work / "devolution.json").read_text(encoding="utf-8").startswith('{\n  "format_version"')
    own = work / "my-evidence"
    assert (own / "reports" / "brief-long-term-funding.md").is_file()
    assert (own / "site" / "index.html").is_file()
    assert "IPPR North" in (own / "evidence" / "organisations.yaml").read_text(encoding="utf-8")
    assert not any("Traceback" in output for output in outputs)
