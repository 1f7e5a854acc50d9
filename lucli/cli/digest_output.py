"""Where a digest's files go as they are rendered: into a staging folder beside the output folder, moved into
place once every page has rendered (`Staging`), or compared with the files on disk for `--check` (`Checker`)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import typer

from lucli.cli.common import say


class Checker:
    """A digest sink for --check: compares each file with the one on disk and says what is wrong, if anything."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, relative: str, text: str) -> str | None:
        from lucli.render.digest import target_path

        path = target_path(self.folder, relative)
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"missing: {path}"
        except (OSError, UnicodeDecodeError) as exc:
            return f"stale: {path} (cannot read it: {exc})"
        return None if current == text else f"stale: {path}"


def report_check(folder: Path, problems: dict[str, str | None], leftovers: list[Path]) -> None:
    found = [problem for problem in problems.values() if problem]
    for problem in found:
        say(problem)
    for path in leftovers:
        say(f"extra: {path} (no such record any more)")
    if found or leftovers:
        raise typer.Exit(1)
    say(f"up to date: {folder} ({len(problems)} files)")


class Staging:
    """A digest sink that writes each file into a hidden folder beside the output folder as it comes, so no
    process holds the whole digest; once every page has rendered, the files are renamed into place (each
    appears whole), and if any page fails the output folder is left as it was. The digest can be rebuilt
    from the evidence at any time, so staged files are not synced one by one (20,000 fsyncs at 100k)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root: Path | None = None
        self._made = contextlib.ExitStack()
        self._folders: set[Path] = set()

    def __enter__(self) -> Staging:
        from lucli.atomic import temporary_folder
        from lucli.errors import LucliError

        try:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            # A Ctrl-C while the staging folder is made removes it; once it is made, __exit__ always does.
            self.root = Path(self._made.enter_context(temporary_folder(self.folder)))
        except OSError as exc:
            raise LucliError(f"{self.folder}: cannot write: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, *_exc: object) -> None:
        import shutil

        self._made.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def write(self, relative: str, text: str) -> None:
        """Write one file into the staging folder (its path is checked against the output folder first)."""
        from lucli.errors import LucliError
        from lucli.render.digest import target_path

        assert self.root is not None
        target_path(self.folder, relative)
        path = self.root / relative
        try:
            self._folder(path.parent)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise LucliError(f"{self.folder / relative}: cannot write: {exc.strerror or exc}") from exc

    def _folder(self, folder: Path) -> None:
        """Make a folder, once in each process rather than once for each of its files (10,000 at 100k findings)."""
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def publish(self, names: list[str], layout: Any) -> None:
        """Move every staged file into the output folder and remove what an earlier digest wrote that this one
        does not. The manifest names every file lucli may have written at each moment, so an interrupted run
        still knows what is its own."""
        import os

        from lucli.atomic import write_atomic
        from lucli.errors import LucliError
        from lucli.render.digest import target_path
        from lucli.render.output_folder import MANIFEST, manifest_text

        assert self.root is not None
        try:
            write_atomic(self.folder / MANIFEST, manifest_text([*names, *layout.written_before]))
            whole = self._folders_moved_whole(names)
            for relative in names:
                if relative.split("/", 1)[0] in whole:
                    continue
                path = target_path(self.folder, relative)
                self._folder(path.parent)
                os.replace(self.root / relative, path)  # a link in the way is replaced, never followed
            for path in layout.stale(names):
                path.unlink(missing_ok=True)  # never follows a link: a link is removed, not what it points to
                say(f"removed {path} (no such record any more)")
            write_atomic(self.folder / MANIFEST, manifest_text(names))
        except OSError as exc:
            raise LucliError(f"{exc.filename or self.folder}: cannot write: {exc.strerror or exc}") from exc

    def _folders_moved_whole(self, names: list[str]) -> set[str]:
        """Move each staged folder that the output folder has nothing of yet into place whole, in one rename: at
        100k findings, 20,000 files moved one by one took over a second, while every page waited. Its files appear
        together, each whole, as they would one by one."""
        import os

        from lucli.render.digest import target_path

        assert self.root is not None
        moved = set()
        for top in dict.fromkeys(name.split("/", 1)[0] for name in names if "/" in name):
            path = target_path(self.folder, top)
            if not os.path.lexists(path):  # nothing there to keep, and no link to follow
                os.replace(self.root / top, path)
                moved.add(top)
        return moved
