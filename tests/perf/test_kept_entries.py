"""Reference entries formatted by one briefing are kept for the next (`lucli.render.kept_entries`).

A briefing on another principle formats only the entries no earlier briefing formatted; a changed style,
record or version formats them afresh; a damaged or foreign file is never read and never shows a traceback.
The count is of citeproc-py's formatting (instrumented in the forked render too, through a file), not time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lucli.cli import app
from lucli.records.cachedir import cache_folder
from lucli.render import cite
from lucli.render.kept_entries import KEPT_FILE, KEPT_FORMAT
from tests.conftest import TITLE_YEAR_STYLE as STYLE

DATE = "2026-01-15"


@pytest.fixture
def formatted(monkeypatch, tmp_path: Path):
    """Call to start counting the entries citeproc-py formats (by source id); returns a function that reads
    the ids formatted since the last reading. The briefing renders in a forked process, so each is written
    to a file."""
    log = tmp_path / "formatted.log"
    real = cite.Bibliography._format

    def counting(self, item):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(item["id"] + "\n")
        return real(self, item)

    monkeypatch.setattr(cite.Bibliography, "_format", counting)

    def since_last() -> list[str]:
        ids = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return ids

    return since_last


@pytest.fixture
def repo(synth, tmp_path: Path) -> Path:
    synth.generate(tmp_path / "kept", 400)
    return tmp_path / "kept"


def _brief(runner, root: Path, principle: str, *more: str) -> str:
    result = runner.invoke(app, ["brief", principle, "--root", str(root), "--date", DATE, "--stdout", *more])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _kept_file(root: Path) -> Path:
    folder = cache_folder(root, create=True)
    assert folder is not None
    return folder / KEPT_FILE


def _forget_briefings(root: Path) -> None:
    """Drop the remembered briefings (`lucli.render.viewcache`), so that the next one is rendered."""
    folder = cache_folder(root)
    assert folder is not None
    for view in (folder / "views").glob("*.json"):
        view.unlink()


def _afresh(runner, root: Path, principle: str, *more: str) -> str:
    """The briefing as a run with nothing kept writes it."""
    _kept_file(root).unlink(missing_ok=True)
    return _brief(runner, root, principle, *more)


def test_a_briefing_on_another_principle_formats_no_entry_an_earlier_briefing_formatted(runner, repo, formatted):
    first = _brief(runner, repo, "devolution")
    before = formatted()
    assert len(before) == len(set(before)) > 10  # each entry formatted once

    second = _brief(runner, repo, "place-based-policy")
    again = formatted()
    cited = {line.split(". ", 1)[0] for line in second.split("## Sources", 1)[1].splitlines() if line[:1].isdigit()}
    assert len(cited) > len(again)  # some of its entries were kept from the first briefing …
    assert not set(again) & set(before)  # … and none of those was formatted again

    # The same briefings, byte for byte, as when nothing was kept.
    assert _afresh(runner, repo, "place-based-policy") == second
    assert _afresh(runner, repo, "devolution") == first


def test_asked_again_after_the_remembered_briefing_is_gone_formats_nothing(runner, repo, formatted):
    text = _brief(runner, repo, "devolution")
    formatted()
    _forget_briefings(repo)
    assert _brief(runner, repo, "devolution") == text
    assert formatted() == []


def test_a_changed_style_formats_every_entry_afresh(runner, repo, formatted, tmp_path):
    style = tmp_path / "title-year.csl"
    style.write_text(STYLE, encoding="utf-8")
    text = _brief(runner, repo, "devolution", "--csl", str(style))
    first = formatted()
    assert "\\[20" in text  # the year, as this style gives it

    style.write_text(STYLE.replace('prefix=" [" suffix="]"', 'prefix=" (" suffix=")"'), encoding="utf-8")
    changed = _brief(runner, repo, "devolution", "--csl", str(style))
    assert sorted(formatted()) == sorted(first)
    assert "\\[20" not in changed and changed == _afresh(runner, repo, "devolution", "--csl", str(style))

    # The default style's entries are kept apart from this one's.
    _brief(runner, repo, "devolution")
    assert sorted(formatted()) == sorted(first)


def test_an_edited_source_is_formatted_afresh_and_the_others_are_not(runner, repo, formatted):
    _brief(runner, repo, "devolution")
    first = formatted()
    edited = repo / "evidence" / "sources" / f"{first[0]}.yaml"
    text = edited.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    edited.write_text(text.replace(title, "title: A title edited since", 1), encoding="utf-8")

    again = _brief(runner, repo, "devolution")
    assert formatted() == [first[0]]
    assert "A title edited since" in again and again == _afresh(runner, repo, "devolution")


def test_another_version_of_lucli_or_citeproc_formats_every_entry_afresh(runner, repo, formatted, monkeypatch):
    _brief(runner, repo, "devolution")
    first = formatted()

    def ask_again() -> list[str]:
        _forget_briefings(repo)
        _brief(runner, repo, "devolution")
        return formatted()

    monkeypatch.setattr(cite, "__version__", "0.0.0-another")
    assert sorted(ask_again()) == sorted(first)
    import citeproc

    monkeypatch.setattr(citeproc, "__version__", "0.0.0-another")
    assert sorted(ask_again()) == sorted(first)
    assert ask_again() == []  # and those are kept in turn


FOREIGN = {
    "not a database": lambda path: path.write_bytes(b"this is not SQLite\n" * 100),
    "an empty file": lambda path: path.write_bytes(b""),
    "a database of another kind": lambda path: _database(path, "CREATE TABLE entries (id TEXT, text TEXT, extra)", 1),
    "another format of this file": lambda path: _database(path, "CREATE TABLE entries (id TEXT PRIMARY KEY, "
                                                                "entry TEXT NOT NULL)", KEPT_FORMAT + 1),
}


def _database(path: Path, schema: str, version: int) -> None:
    db = sqlite3.connect(path)
    db.execute(schema)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


@pytest.mark.parametrize("damage", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_damaged_or_foreign_file_is_never_read_and_is_replaced(runner, repo, formatted, damage):
    text = _brief(runner, repo, "devolution")
    first = formatted()
    _kept_file(repo).unlink()
    damage(_kept_file(repo))
    _forget_briefings(repo)

    assert _brief(runner, repo, "devolution") == text  # no traceback, nothing on stderr (`_brief`)
    assert sorted(formatted()) == sorted(first)
    _forget_briefings(repo)
    assert _brief(runner, repo, "devolution") == text
    assert formatted() == []  # the file was replaced by a good one


def test_an_entry_whose_text_is_not_text_is_not_used(runner, repo, formatted):
    text = _brief(runner, repo, "devolution")
    first = formatted()
    db = sqlite3.connect(_kept_file(repo))
    db.execute("UPDATE entries SET entry = zeroblob(8)")  # bytes, not text: a file someone else wrote
    db.commit()
    db.close()
    _forget_briefings(repo)
    assert _brief(runner, repo, "devolution") == text
    assert sorted(formatted()) == sorted(first)


def test_a_folder_in_the_files_place_is_left_alone(runner, repo, formatted):
    kept = _kept_file(repo)
    kept.mkdir()
    text = _brief(runner, repo, "devolution")
    first = formatted()
    _forget_briefings(repo)
    assert _brief(runner, repo, "devolution") == text
    assert sorted(formatted()) == sorted(first)  # nothing could be kept: each entry is formatted again
    assert kept.is_dir() and not any(kept.iterdir())


NAMES_TERM_STYLE = """\
<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Names and a term</title><id>names-term</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <names variable="author" suffix=". "/>
      <text variable="title" font-style="italic"/>
      <date variable="issued" prefix=" (" suffix=")"><date-part name="year"/></date>
      <group prefix=" " delimiter=" ">
        <text term="retrieved" text-case="capitalize-first"/><text variable="URL"/>
      </group>
    </layout>
  </bibliography>
</style>
"""
"""A style whose `names` element has no `name` child (citeproc-py adds one on first use) and that uses a
locale term: the lookups `cite._lookups_remembered` remembers beyond XPath."""


def test_entries_are_the_same_with_the_styles_lookups_made_once(monkeypatch, synth, bundled_copy, tmp_path):
    """Every source of a synthetic corpus and of the bundled one, in three styles: the same text as citeproc-py
    gives when it looks every path, root, term and child element up each time and reads each item's reference
    its own way."""
    import contextlib

    from lucli.cli import common
    from lucli.records.project import bundled_dir

    synth.generate(tmp_path / "every", 600)
    style = tmp_path / "title-year.csl"
    style.write_text(STYLE, encoding="utf-8")
    names_term = tmp_path / "names-term.csl"
    names_term.write_text(NAMES_TERM_STYLE, encoding="utf-8")
    harvard = bundled_dir("templates") / "csl" / f"{cite.DEFAULT_STYLE}.csl"
    for root in (tmp_path / "every", bundled_copy):
        _project, corpus = common.open_project_corpus(root)
        wanted = [(s, tuple(corpus.organisations[p].name if p in corpus.organisations else p for p in s.publishers))
                  for s in corpus.sources.values()]
        for path in (harvard, style, names_term):
            remembered = [cite.Bibliography(path).entry(s, n) for s, n in wanted]
            with monkeypatch.context() as plain:
                plain.setattr(cite, "_lookups_remembered", lambda lookups: contextlib.nullcontext())
                looked_up = [cite.Bibliography(path).entry(s, n) for s, n in wanted]
            assert remembered == looked_up
            assert all(remembered)


def test_a_repositorys_template_cannot_write_kept_entries(runner, repo):
    """A template may come with a pull request: what it could keep, later briefings would show."""
    (repo / "templates").mkdir()
    (repo / "templates" / "keeper.md.j2").write_text(
        '{{ bibliography._kept.keep({"an id": "An entry no style wrote"}) }}\n', encoding="utf-8")
    result = runner.invoke(app, ["brief", "devolution", "--root", str(repo), "--stdout", "--template", "keeper"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {repo / 'templates' / 'keeper.md.j2'}:1: blocked by the sandbox: access "
                                    "to attribute '_kept' of 'Bibliography' object is unsafe.")
    kept = _kept_file(repo)
    assert not kept.exists() or sqlite3.connect(kept).execute(
        "SELECT count(*) FROM entries WHERE id = 'an id'").fetchone() == (0,)


def _digest(runner, root: Path, out: Path) -> None:
    result = runner.invoke(app, ["digest", "--root", str(root), "-o", str(out), "--date", DATE])
    assert result.exit_code == 0, result.stderr


def test_a_digest_keeps_the_entries_it_formats_and_a_later_digest_or_briefing_formats_none(
        runner, repo, formatted, tmp_path):
    """A digest formats every source's entry, in worker processes, and keeps them: the next digest on the same
    evidence and a briefing after it format nothing, and the pages are the same."""
    _digest(runner, repo, tmp_path / "first")
    first = formatted()
    assert len(set(first)) == len(list((repo / "evidence" / "sources").glob("*.yaml")))
    assert len(first) == len(set(first))  # each entry once, whichever worker formatted it

    _digest(runner, repo, tmp_path / "second")
    assert formatted() == []
    pages = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*.*"))
    assert pages == sorted(p.relative_to(tmp_path / "second") for p in (tmp_path / "second").rglob("*.*"))
    for page in pages:
        assert (tmp_path / "first" / page).read_bytes() == (tmp_path / "second" / page).read_bytes(), page

    _brief(runner, repo, "devolution")
    assert formatted() == []


def test_a_file_another_process_made_meanwhile_is_used_not_replaced(tmp_path):
    """The digest's workers keep entries at once: one that found no file and makes one must not replace the
    file another has just made and filled (a second digest then formatted a worker's share again)."""
    from lucli.render.kept_entries import KeptEntries

    path = tmp_path / KEPT_FILE
    first, second = KeptEntries(path), KeptEntries(path)
    second.keep({"b": "B"})
    first._fresh()  # what `keep` does when it found no file, before the other process made it
    first.keep({"a": "A"})
    assert KeptEntries(path).find(["a", "b"]) == {"a": "A", "b": "B"}
    assert [p.name for p in tmp_path.iterdir()] == [KEPT_FILE]  # no temporary file left behind


def test_the_digests_workers_keep_entries_in_a_file_the_main_process_made(runner, repo, monkeypatch, tmp_path):
    """At Ctrl-C the main process kills the workers at once: one killed while it made the file under its
    temporary name left that behind in the cache folder. So only the main process makes the file, and the
    workers add their entries to it."""
    import os

    from lucli.render.kept_entries import KeptEntries

    log = tmp_path / "made.log"
    real = KeptEntries._fresh

    def making(self, afresh: bool = False):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(self, afresh)

    monkeypatch.setattr(KeptEntries, "_fresh", making)
    _kept_file(repo).unlink(missing_ok=True)
    _digest(runner, repo, tmp_path / "site")

    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]
    sources = len(list((repo / "evidence" / "sources").glob("*.yaml")))
    assert len(KeptEntries(_kept_file(repo)).find(_kept_ids(_kept_file(repo)))) == sources
    assert [p.name for p in _kept_file(repo).parent.glob("*.tmp")] == []


def _kept_ids(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT id FROM entries")]


def test_a_worker_keeps_nothing_where_no_file_is_ready_or_it_is_full(tmp_path, monkeypatch):
    """Keeping is for speed only: a worker that finds no usable file, or no room in it, keeps nothing this run;
    the main process makes the file, or starts it afresh when the digest's entries would not fit."""
    from lucli.render import kept_entries
    from lucli.render.kept_entries import KeptEntries

    path = tmp_path / KEPT_FILE

    def worker(entries: dict[str, str]) -> None:  # a worker is a process forked after `ready`: a connection of its own
        KeptEntries(path).keep(entries, make=False)

    worker({"a": "A"})
    assert not path.exists()

    KeptEntries(path).ready(room=2)
    worker({"a": "A"})
    assert KeptEntries(path).find(["a"]) == {"a": "A"}

    monkeypatch.setattr(kept_entries, "KEEP_AT_MOST", 2)
    worker({"b": "B", "c": "C"})  # no room: kept nothing, and the file is as it was
    assert KeptEntries(path).find(["a", "b", "c"]) == {"a": "A"}
    KeptEntries(path).ready(room=2)  # the main process starts it afresh, with room for the digest's two
    worker({"b": "B", "c": "C"})
    assert KeptEntries(path).find(["a", "b", "c"]) == {"b": "B", "c": "C"}
    assert [p.name for p in tmp_path.iterdir()] == [KEPT_FILE]
