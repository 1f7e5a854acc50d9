"""Open the evidence repository an authoring command writes into (`add source`, `add finding`, `import`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lucli.errors import UsageError


def open_writable(root: Path | None) -> tuple[Any, Any, Any]:
    """Load the repository to add to, tolerating errors elsewhere; refuse the bundled corpus."""
    from lucli.cli.common import load
    from lucli.records.corpus import Corpus

    project, loaded = load(root)
    if project.bundled or not project.evidence.is_dir():
        raise UsageError("no evidence repository here, so there is nowhere to write",
                         "run it in a folder holding evidence/ (with organisations.yaml and principles.yaml), "
                         "or pass --root")
    return project, loaded, Corpus.build(loaded.evidence, project.rules)
