"""Whatever happens mid-write, the user's old file survives and no half-written file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lucli import atomic
from lucli.atomic import write_atomic


def test_a_write_interrupted_before_the_rename_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "brief.md"
    target.write_text("the analyst's edited brief\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new text " * 10_000)

    assert target.read_text(encoding="utf-8") == "the analyst's edited brief\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_a_write_that_fails_to_sync_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "digest.md"
    target.write_text("old\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomic(target, "new\n")

    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["digest.md"]


def test_refusing_to_overwrite_keeps_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "source.yaml"
    target.write_text("mine\n", encoding="utf-8")

    with pytest.raises(FileExistsError):
        write_atomic(target, "theirs\n", overwrite=False)

    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["source.yaml"]


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomic(target, "text\n")

    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_output_to_an_unwritable_place_is_an_error_not_a_traceback(runner, tmp_path: Path) -> None:
    from lucli.cli import app

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["compare", "--format", "json", "-o", str(blocker / "inside.json")])

    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr
    assert "cannot write" in result.stderr
