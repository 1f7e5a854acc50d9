"""Each file of a digest is checked to stay inside the output folder twice, as it is staged and as it is published.
The check follows the file's path down from the folder and resolves it only where a link lies on the way (the
command refuses a folder with a link in it before it renders, so that is a second guard): resolving every file's
path took four times as long (instrumented, not timed: which paths are resolved, in every process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lucli.cli import app
from tests.perf.test_indexed_digest import DATE


def _noting_resolved(monkeypatch: Any, note: Path) -> None:
    """Make every `Path.resolve`, in whichever process, write the path it resolves to `note`."""
    real = Path.resolve

    def noted(self: Path, strict: bool = False) -> Path:
        with note.open("a", encoding="utf-8") as out:
            out.write(f"{self}\n")
        return real(self, strict)
    monkeypatch.setattr(Path, "resolve", noted)


def _digest(runner: Any, root: Path, site: Path) -> None:
    result = runner.invoke(app, ["digest", "--root", str(root), "-o", str(site), "--date", DATE])
    assert result.exit_code == 0, result.stderr


def test_no_page_path_is_resolved_when_no_link_lies_below_the_output_folder(runner, bundled_copy, tmp_path,
                                                                           monkeypatch) -> None:
    site, note = tmp_path / "site", tmp_path / "resolved"
    _noting_resolved(monkeypatch, note)
    _digest(runner, bundled_copy, site)
    pages = [p for p in site.rglob("*") if p.is_file()]
    assert len(pages) > 50
    resolved = note.read_text(encoding="utf-8").split("\n") if note.exists() else []
    assert [p for p in resolved if p.startswith(f"{site}/")] == []

