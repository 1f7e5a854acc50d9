"""Count the instructions a digest's pages take, kind by kind, at two commits: a measure a busy machine does not move.

On a shared machine the seconds, and even the CPU time, of one digest move by a quarter from run to run, more than
most changes to the pages. valgrind's callgrind counts instructions, which are the same however busy the machine
is. Each count is of the pages alone: the start-up, the outline and the reference entries are left out (the loop
is marked by a call that callgrind dumps its counters at), and the first page of each kind is rendered before the
count starts, so that the templates are compiled.

    python bench/pages.py --corpus /tmp/lucli-corpora/10k --before 7f0ea81
    python bench/pages.py --corpus /tmp/lucli-corpora/10k --before 7f0ea81 --pages source=100,findings=2

Each side renders the first pages of each kind in its own order of the pages. Since 8766f0a the source pages
come grouped by their publishers (`lucli.render.page_order`), so across that commit the source pages counted are
not the same ones: the count is of what a worker renders first, which is what changed.

`--corpus` is a repository written by `bench/run.py --keep` (or any evidence repository); `--before` a commit,
checked out into a temporary worktree; `--after` a source tree (default: this one). Needs valgrind. Under
callgrind a page takes about fifty times as long: 100 source pages at 10k take a minute or two.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = "source=100,findings=2,principle=3,organisation=6"
"""Enough pages of each kind to count on (a principle's page at 10k reads about 450 sources)."""
LOOP = """
import datetime as dt, functools, gc, inspect, os, sys
from pathlib import Path
from lucli.cli import common
from lucli.cli.report_cmd import bibliography, report_renderer
from lucli.records.project import find_project
from lucli.render import digest
from lucli.render.indexed_digest import IndexedViews

kind, count = sys.argv[1], int(sys.argv[2])
today = dt.date(2026, 1, 15)
project = find_project(Path("."))
renderer = report_renderer(project)
index = common.current_index(project)
if index is None:
    sys.exit("the index is not current: run `lucli compare` in the repository first")
views = IndexedViews(project, index, today, project.display.stale_after)
references = bibliography(None, renderer.templates, project)
pages = digest._Pages(views, renderer, today, None, views.kinds(), lambda path, text: None, references, *(
    [__import__("lucli.render.direct.writers", fromlist=["*"]).direct_writers(renderer)]  # pages written directly
    if "writers" in inspect.signature(digest._Pages).parameters else []))  # since the twentieth pass
digest._format_references(views, references, 1, None, *(
    [sum(k == "source" for k, _ in views.topics())]  # the sources to leave room for, since c49a09a
    if "sources" in inspect.signature(digest._format_references).parameters else []))
if kind == "findings":
    jobs = [functools.partial(pages.findings, part) for part in range(1, count + 2)]
else:
    jobs = [functools.partial(pages.topic, k, i) for k, i in views.topics() if k == kind][:count + 1]
gc.disable()  # as in a digest's worker: collected after each page
jobs[0]()
os.getppid()  # callgrind dumps its counters here: what came before is the start-up
for job in jobs[1:]:
    job()
    gc.collect(0)
os.getppid()  # ... and here: what came between is the pages
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="count the instructions of a digest's pages at two commits")
    parser.add_argument("--corpus", type=Path, required=True, help="an evidence repository (bench/run.py --keep)")
    parser.add_argument("--before", required=True, help="a commit to compare with")
    parser.add_argument("--after", type=Path, default=REPO, help="a source tree (default: this one)")
    parser.add_argument("--pages", default=PAGES, help=f"kind=count,… (default {PAGES})")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed; bench/pages.py counts instructions with its callgrind tool",
              file=sys.stderr)
        return 2
    wanted = [(kind, int(n)) for kind, n in (part.split("=") for part in args.pages.split(","))]
    with tempfile.TemporaryDirectory(prefix="lucli-pages-") as temp:
        before = Path(temp) / "before"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(before), args.before],
                       check=True)
        try:
            trees = {"before": before, "after": args.after.resolve()}
            for tree in trees.values():  # the index and the reference entries, untimed, as a digest finds them
                _run(tree, args.corpus, ["-m", "lucli", "compare"])
            print(f"{'pages':<16}{'before':>14}{'after':>14}{'after/before':>14}   (millions of instructions)")
            for kind, count in wanted:
                counted = {side: _instructions(tree, args.corpus, kind, count, Path(temp) / f"callgrind-{side}")
                           for side, tree in trees.items()}
                print(f"{f'{count} {kind}':<16}{counted['before'] / 1e6:>14,.0f}{counted['after'] / 1e6:>14,.0f}"
                      f"{counted['after'] / counted['before']:>14.3f}")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)], check=False)
    return 0


def _environment(tree: Path) -> dict[str, str]:
    """lucli from `tree`, its dependencies from this interpreter's site-packages."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), sysconfig.get_paths()["purelib"]])}


def _run(tree: Path, corpus: Path, arguments: list[str]) -> None:
    subprocess.run([sys.executable, "-S", *arguments], cwd=corpus, env=_environment(tree), check=True,
                   stdout=subprocess.DEVNULL)


def loop_command(kind: str, count: int) -> list[str]:
    """The command that renders `count` pages of `kind` (after one untimed), run in the corpus's folder."""
    return [sys.executable, "-S", "-c", LOOP, kind, str(count)]


def _instructions(tree: Path, corpus: Path, kind: str, count: int, out: Path) -> int:
    """The instructions `count` pages of `kind` took (callgrind's second dump: between the two marks)."""
    subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=os_getppid*", f"--callgrind-out-file={out}",
                    *loop_command(kind, count)],
                   cwd=corpus, env=_environment(tree), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    for line in Path(f"{out}.2").read_text(encoding="utf-8").splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise SystemExit(f"callgrind wrote no count to {out}.2")


if __name__ == "__main__":
    sys.exit(main())
