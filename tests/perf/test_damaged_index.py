"""A damaged index is recovered from without a word, and only a damaged one: a mistake in lucli's own code that
reads it is not mistaken for damage and quietly answered from the records."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from lucli.cli.app import app
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE

SOURCE = "hm-government-2022-levelling-up-white-paper"
COMMANDS = (("compare", "devolution"), ("show", SOURCE), ("search", "devolve power"), ("list", "findings"),
            ("brief", "devolution", "--stdout", "--date", "2026-01-15"), ("compare",))

HALFWAY = ("error: the record index could not be read to the end, so the list above is incomplete\n"
           "hint: run the command again: the index is rebuilt from the records\n")
DAMAGE = {
    "a truncated file": lambda path: path.write_bytes(path.read_bytes()[:4096]),
    "a source's record of the wrong shape": "UPDATE sources SET record = '{\"id\": 1}'",
    "a finding's record of the wrong shape": "UPDATE findings SET record = '[1, 2]'",
    "a finding's record that is not JSON": "UPDATE findings SET record = 'not json'",
    "the whole evidence's facts of the wrong shape": "UPDATE meta SET value = '[\"one\"]' WHERE key = 'whole'",
    "text where numbers were": "UPDATE tally SET supports = 'many'; UPDATE org_tally SET supports = 'many'",
    "a briefing's facts of the wrong shape": "UPDATE facts SET value = '{}'",
    "another schema": "ALTER TABLE sources RENAME COLUMN record TO body; DROP TABLE names",
}


def _index(root: Path) -> Path:
    folder = cache_folder(root)
    assert folder is not None
    return folder / INDEX_FILE


def _fresh_question(root: Path) -> None:
    """Forget the remembered views, so that the next command asks the index."""
    folder = cache_folder(root)
    if folder is not None:
        shutil.rmtree(folder / "views", ignore_errors=True)


def _damage(root: Path, sound: bytes, how) -> None:
    """Damage the index as it was written (a run on a damaged one may have thrown it away, or written it afresh)."""
    path = _index(root)
    path.write_bytes(sound)
    if callable(how):
        how(path)
        return
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(how)


@pytest.fixture
def answers(runner, bundled_copy) -> dict[tuple[str, ...], str]:
    """Each command's output with the index written and sound (and the sound index's bytes, under ())."""
    found = {}
    for args in COMMANDS:
        _fresh_question(bundled_copy)
        result = runner.invoke(app, [*args, "--root", str(bundled_copy)])
        assert result.exit_code == 0, result.stderr
        found[args] = result.stdout
    found[()] = _index(bundled_copy).read_bytes()
    return found


@pytest.mark.parametrize("how", DAMAGE.values(), ids=DAMAGE.keys())
def test_each_command_answers_the_same_from_a_damaged_index(runner, bundled_copy, answers, how) -> None:
    for args in COMMANDS:
        _fresh_question(bundled_copy)
        _damage(bundled_copy, answers[()], how)

        result = runner.invoke(app, [*args, "--root", str(bundled_copy)])

        if args == ("list", "findings") and result.exit_code == 1:
            # Found damaged halfway, with part of the list printed: it says so, and the next run is whole.
            assert result.stderr == HALFWAY
            _fresh_question(bundled_copy)
            result = runner.invoke(app, [*args, "--root", str(bundled_copy)])
        assert result.exit_code == 0, (args, result.stderr)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "Traceback" not in result.stderr
        assert result.stdout == answers[args], args


def test_a_mistake_in_the_code_that_reads_the_index_is_not_taken_for_damage(runner, bundled_copy, answers,
                                                                          monkeypatch) -> None:
    from lucli.render import indexed_views

    def mistaken(*args, **kwargs):
        raise TypeError("a mistake in lucli, not in the index")

    monkeypatch.setattr(indexed_views, "show_document", mistaken)
    _fresh_question(bundled_copy)

    result = runner.invoke(app, ["show", SOURCE, "--root", str(bundled_copy)])

    assert isinstance(result.exception, TypeError)  # raised, not answered quietly from the records
    assert _index(bundled_copy).is_file()  # and the index is not thrown away for it


DIGEST_DAMAGE = ("a truncated file", "a source's record of the wrong shape", "a briefing's facts of the wrong shape")


def _pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("damage", DIGEST_DAMAGE)
def test_a_digest_found_damaged_by_its_pages_is_built_from_the_records(runner, bundled_copy, answers, tmp_path,
                                                                       damage) -> None:
    digest = ["digest", "--root", str(bundled_copy), "--date", "2026-01-15", "-o"]
    sound = runner.invoke(app, [*digest, str(tmp_path / "sound")])
    assert sound.exit_code == 0, sound.stderr
    _damage(bundled_copy, answers[()], DAMAGE[damage])

    result = runner.invoke(app, [*digest, str(tmp_path / "site")])

    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and "did not finish" not in result.stderr
    assert _pages(tmp_path / "site") == _pages(tmp_path / "sound")
