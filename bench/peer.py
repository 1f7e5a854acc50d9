"""Build a Doorstop tree shaped like a lucli corpus, for the peer comparison.

Doorstop (https://github.com/doorstop-dev/doorstop) keeps requirements as one
YAML file per item and validates a whole tree from the command line, which is
the nearest published tool to `lucli validate`. The tree written here has a
parent document of 30 principle items and a child document of N finding items,
each with a statement-length text and one to three links to principles, so
Doorstop checks links in both directions the way lucli checks references.

The files are written directly in Doorstop's own item format (what `doorstop
add` and `doorstop link` produce), which is much faster than its API.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from synth import PRINCIPLES, _folded, _words  # noqa: PLC2701 - same benchmark package

DOCUMENT = "settings:\n  digits: {digits}\n  itemformat: yaml\n{parent}  prefix: {prefix}\n  sep: ''\n"


def doorstop_available() -> bool:
    """True when the `doorstop` command can be run."""
    return shutil.which("doorstop") is not None or _venv_doorstop().exists()


def doorstop_command() -> list[str]:
    """The command that runs Doorstop's validation (no reformatting of item files)."""
    found = shutil.which("doorstop")
    return [found or str(_venv_doorstop()), "--no-reformat"]


def _venv_doorstop() -> Path:
    import sys

    return Path(sys.executable).parent / "doorstop"


def write_tree(root: Path, items: int, seed: int = 1) -> Path:
    """Write a Doorstop project of `items` finding items under `root`; return the project folder."""
    rng = random.Random(seed)
    parent = root / "principles"
    child = root / "findings"
    for folder in (parent, child):
        folder.mkdir(parents=True, exist_ok=True)
    (parent / ".doorstop.yml").write_text(DOCUMENT.format(digits=3, parent="", prefix="PRI"), encoding="utf-8")
    (child / ".doorstop.yml").write_text(DOCUMENT.format(digits=6, parent="  parent: PRI\n", prefix="FND"),
                                         encoding="utf-8")
    for number, (_, label, _) in enumerate(PRINCIPLES, start=1):
        text = f"{label}: {' '.join(_words(rng, 12, 24))}."
        (parent / f"PRI{number:03d}.yml").write_text(_item(_level(number), text, []), encoding="utf-8")
    for number in range(1, items + 1):
        links = [f"PRI{n:03d}" for n in rng.sample(range(1, len(PRINCIPLES) + 1), rng.choice((1, 1, 2, 2, 3)))]
        text = " ".join(_words(rng, 20, 60)).capitalize() + "."
        (child / f"FND{number:06d}.yml").write_text(_item(_level(number), text, links), encoding="utf-8")
    return root


def _level(number: int) -> str:
    # Nine sections per chapter keeps every level an unambiguous YAML float (1.1 ... 1.9, 2.1 ...).
    return f"{(number - 1) // 9 + 1}.{(number - 1) % 9 + 1}"


def _item(level: str, text: str, links: list[str]) -> str:
    lines = ["active: true", "derived: false", "header: ''", f"level: {level}"]
    lines += ["links:"] + [f"- {link}: null" for link in links] if links else ["links: []"]
    lines += ["normative: true", "ref: ''", "reviewed: null", "text: |"]
    lines += _folded(text, "  ")
    return "\n".join(lines) + "\n"


def libyaml_command() -> list[str]:
    """Doorstop's validation with libyaml's C loader in place of PyYAML's pure-Python one (bench/doorstop_c.py)."""
    import sys

    return [sys.executable, str(Path(__file__).resolve().parent / "doorstop_c.py"), "--no-reformat"]
