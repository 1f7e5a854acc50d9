"""Run the shell blocks of a README in order, as a reader would paste them, with lucli on PATH.

A block is a fenced ```sh or ```bash block. One that cannot run in a test (it installs from the network,
or opens a browser) is preceded by a line `<!-- readme-test: skip REASON -->`, which the runner reads;
the reason must be given. The folder a block ends in is where the next one starts, as in a terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

SKIP = re.compile(r"^<!--\s*readme-test:\s*skip\s+(\S.*?)\s*-->$")
SHELLS = ("sh", "bash")


@dataclass(frozen=True)
class Block:
    """One shell block of a README."""

    line: int
    """1-based line of the opening fence."""
    text: str
    skip: str | None
    """Why the test does not run it (from the marker), or None."""


def shell_blocks(markdown: str) -> list[Block]:
    """Every ```sh / ```bash block in order, with the skip reason its marker gives."""
    lines = markdown.splitlines()
    blocks = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type != "fence" or token.info.strip() not in SHELLS or token.map is None:
            continue
        start = token.map[0]
        before = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        marker = SKIP.match(before)
        blocks.append(Block(start + 1, token.content, marker[1] if marker else None))
    return blocks


def lucli_env(home: Path) -> dict[str, str]:
    """The environment of a reader who has installed lucli: its bin folder first on PATH, a clean home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LUCLI_", "PYTEST", "COV_"))}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", HOME=str(home),
               NO_COLOR="1", GIT_AUTHOR_NAME="Reader", GIT_AUTHOR_EMAIL="reader@example.org",
               GIT_COMMITTER_NAME="Reader", GIT_COMMITTER_EMAIL="reader@example.org")
    return env


def run_blocks(blocks: list[Block], folder: Path, name: str, timeout: int = 240) -> list[str]:
    """Run the blocks that are not skipped, in order, from `folder`; return each block's output."""
    state = folder.parent / f".{folder.name}-cwd"  # outside the folder, so no block sees it
    state.write_text(str(folder), encoding="utf-8")
    outputs = []
    env = lucli_env(folder)
    for block in blocks:
        if block.skip is not None:
            continue
        script = (f'cd "$(cat {state})"\nset -euo pipefail\n{block.text}\npwd > {state}\n')
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=timeout)
        assert done.returncode == 0, (f"{name}:{block.line}: the block exited {done.returncode}\n{block.text}\n"
                                      f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
        outputs.append(done.stdout + done.stderr)
    return outputs
