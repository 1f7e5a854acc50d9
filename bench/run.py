"""lucli's benchmark: how validate, compare, search and dedupe scale to 100k findings.

For each size it writes a synthetic repository (bench/synth.py) and times, as
whole processes (median of --runs), cold and warm validate, cold, warm and
incremental compare, search and dedupe, with peak memory. Beside them it times
references measured in the same run: the libyaml parse floor (bench/floor.py),
the import floor (importing lucli's dependencies and nothing else), lucli's
bundled corpus, and where Doorstop is installed, Doorstop validating a tree of
the same shape (bench/peer.py). It prints a plain table and writes
bench/results.json.

    python bench/run.py                      # 1k, 10k and 100k findings, 3 runs each
    python bench/run.py --sizes 1k,10k --runs 5 --keep /tmp/corpora
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import peer  # noqa: E402
import report  # noqa: E402
import synth  # noqa: E402
from measure import Figure, Spec, environment, measure, measure_pair  # noqa: E402

REPO = HERE.parent
PYTHON = sys.executable
IMPORTS = "import typer, rich, yaml, jinja2, rapidfuzz"
TYPER_FLOOR = """
from pathlib import Path
from typing import Optional
import typer, rich, yaml, jinja2, rapidfuzz
app = typer.Typer(add_completion=False)
@app.command()
def first(root: Optional[Path] = typer.Option(None, "--root"), flag: bool = typer.Option(False, "--flag")) -> None:
    pass
@app.command()
def second() -> None:
    pass
app()
"""
"""The same imports, plus dispatching one typer command with two options: typer 0.29 builds a pydantic
adapter per option when a command runs, which `import typer` alone does not pay."""
SEARCH_QUERY = "single pot funding"
DAY = "2026-01-15"
"""The generated date given to brief and digest, so their output is the same from day to day."""
FORMATS = ("table", "md", "json", "csv")
NAMED_SIZES = {"tiny": 30, "1k": 1_000, "10k": 10_000, "100k": 100_000}
OPTIONAL = ("compare", "search", "dedupe", "show", "list", "brief", "digest", "suggest", "export", "diff")
"""Commands that may not exist yet: they are reported as n/a instead of failing the run."""
SEED = 1
"""The synthetic corpus's seed (`synth.generate`)."""


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """Turn '1k,10k,100k' (or plain numbers, or 'tiny') into labelled finding counts."""
    sizes = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        if part in NAMED_SIZES:
            sizes.append((part, NAMED_SIZES[part]))
        elif re.fullmatch(r"[0-9]+k?", part):
            count = int(part.rstrip("k")) * (1000 if part.endswith("k") else 1)
            sizes.append((part, count))
        else:
            raise SystemExit(f"run.py: --sizes: '{part}' is not a size such as 1k, 10k, 100k, tiny or 250")
    return sizes


def lucli_command() -> list[str]:
    """The installed `lucli` script next to this Python, else `python -m lucli`."""
    script = Path(PYTHON).parent / "lucli"
    return [str(script)] if script.exists() else [PYTHON, "-m", "lucli"]


def available_commands(lucli: list[str]) -> set[str]:
    """Read the command names from `lucli --help`."""
    out = subprocess.run(lucli + ["--help"], capture_output=True, text=True, env=environment(), check=False).stdout
    # Commands come under one heading ("Commands:") or several ("Explore:", "Check:" …); options under "Options:".
    names, heading = set(), ""
    for line in out.splitlines():
        if (title := re.match(r"^[\s╭─]*([A-Z][A-Za-z ]*):?[\s─╮]*$", line)) is not None:
            heading = title.group(1).strip()
        elif heading and heading != "Options" and (name := re.match(r"^[│|]? {1,2}([a-z][a-z-]*)(?: {2,}|$)", line)):
            names.add(name.group(1))
    return names


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import yaml

    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": _cpu_name(), "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "libyaml": bool(getattr(yaml, "__with_libyaml__", False)), "pyyaml": yaml.__version__,
            "git": _revision()}


def _revision() -> dict[str, Any]:
    """The commit measured, and whether lucli/ had uncommitted changes (read-only git commands)."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False)
        except OSError:
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "--short", "HEAD") or None,
            "lucli_modified": bool(git("status", "--porcelain", "--", "lucli"))}


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


class Bench:
    """One benchmark run: its options, the commands lucli has, and everything measured."""

    def __init__(self, args: argparse.Namespace, base: Path) -> None:
        self.args = args
        self.base = base
        self.lucli = lucli_command()
        self.commands = available_commands(self.lucli)
        settings = {"runs": args.runs, "patience_s": args.patience, "timeout_s": args.timeout,
                    "sizes": [label for label, _ in parse_sizes(args.sizes)], "search_query": SEARCH_QUERY,
                    "responses": args.responses,
                    "lucli": self.lucli, "commands_available": sorted(self.commands),
                    "method": "each figure beside its anchor, alternately; ratio = median of per-pair ratios"}
        self.results: dict[str, Any] = {"machine": machine(), "settings": settings}

    def spec(self, name: str, args: list[str], root: Path, **kw: Any) -> Spec:
        """A lucli command on a repository."""
        return Spec(self.lucli + [name, *args, "--root", str(root)], root, **kw)

    def paired(self, subject: Spec, anchor: tuple[str, Spec], warm_up: bool = False) -> Figure:
        """Measure a command beside its anchor, alternately, with this run's number of runs and limits."""
        name = subject.command[len(self.lucli)] if list(subject.command[:len(self.lucli)]) == self.lucli else ""
        if name in OPTIONAL and name not in self.commands:
            return Figure("n/a", note=f"`lucli {name}` does not exist yet")
        return measure_pair(subject, anchor[1], self.args.runs, timeout=self.args.timeout, warm_up=warm_up,
                            patience=self.args.patience, anchor_name=anchor[0])

    def import_floor(self) -> tuple[str, Spec]:
        """The import floor as an anchor."""
        return "import_floor", Spec([PYTHON, "-c", IMPORTS], self.base)

    def references(self) -> dict[str, Figure]:
        """Figures that do not depend on the corpus size: typer and the bundled corpus against the import floor."""
        say("references: import floor, typer floor, bundled corpus")
        floor = self.import_floor()
        figures = {"import_floor": measure(floor[1].command, self.base, self.args.runs),
                   "typer_floor": self.paired(Spec([PYTHON, "-c", TYPER_FLOOR, "first", "--root", "."], self.base),
                                              floor)}
        bundled = self.base / "bundled"
        shutil.copytree(REPO / "evidence", bundled / "evidence", dirs_exist_ok=True)
        figures["bundled_compare_warm"] = self.paired(self.spec("compare", [], bundled), floor, warm_up=True)
        nowhere = self.base / "nowhere"  # no evidence/ upwards: lucli falls back to the bundled corpus
        nowhere.mkdir(exist_ok=True)
        figures["bundled_compare_fallback"] = self.paired(Spec(self.lucli + ["compare"], nowhere), floor)
        figures["bundled_validate_warm"] = self.paired(self.spec("validate", [], bundled), floor)
        for key, figure in figures.items():
            say(f"  {key}: {_progress(figure)}")
        return figures

    def size(self, label: str, findings: int) -> dict[str, Any]:
        """Generate one corpus and measure every command on it."""
        root = self.base / label
        stats, written = synthetic_corpus(root, findings, self.args.responses)
        say(f"{label}: {'wrote' if written else 'kept from an earlier run:'} {stats.sources:,} sources, "
            f"{stats.findings:,} findings, {stats.bytes / 1e6:.1f} MB")
        figures: dict[str, Figure] = {}
        extra: dict[str, Any] = {}
        if self.args.only:
            self._prepare(root)
        for name, step in self._steps(root, extra):
            if self.args.only and not any(name.startswith(o) for o in self.args.only):
                continue
            figures[name] = step()
            say(f"  {name}: {_progress(figures[name])}")
            if name == "validate_cold" and figures[name].status != "ok":
                raise SystemExit(f"run.py: the synthetic corpus does not validate: {figures[name].note}")
        measured = [f for f in figures.values() if f.total_mb is not None]
        return {"findings": stats.findings, "sources": stats.sources, "files": stats.sources + 2,
                "bytes": stats.bytes, "peak_rss_mb": max((f.rss_mb for f in measured), default=None),
                "peak_total_mb": max((f.total_mb for f in measured), default=None), "figures": figures, **extra}

    def _prepare(self, root: Path) -> None:
        """With --only, do untimed what the steps left out would have done: fill the record cache and write the
        index, as the full run's earlier steps leave them for the warm ones (the digest, brief, show…), so that a
        figure means the same with --only as without it. A cold step empties the cache itself."""
        say("  preparing the cache and the index (untimed), as the steps before would")
        subprocess.run(self.lucli + ["compare", "--root", str(root)], capture_output=True, env=environment(),
                       timeout=self.args.timeout, check=False)

    def _steps(self, root: Path, extra: dict[str, Any]) -> list[tuple[str, Callable[[], Figure]]]:
        # The order matters: each cold step leaves the cache full for the warm steps after it.
        clear = _clear_cache(root)
        forget = _forget_views(root)
        forget_all = _forget_views(root, entries=True)
        evidence = str(root / "evidence")
        floor = ("floor", Spec([PYTHON, str(HERE / "floor.py"), evidence], root))
        imports = self.import_floor()
        warm = ("compare_warm", self.spec("compare", [], root))
        source = min((root / "evidence" / "sources").iterdir()).stem
        publisher = _first_publisher(root / "evidence" / "sources" / f"{source}.yaml")
        principle = synth.PRINCIPLES[1][0]
        jobs = str(min(os.cpu_count() or 1, 8))
        parallel = Spec([PYTHON, str(HERE / "floor.py"), evidence, "--jobs", jobs], root)
        site = root.parent / f"{root.name}-digest"
        steps: list[tuple[str, Callable[[], Figure]]] = [
            ("floor_parallel", lambda: self.paired(parallel, floor)),
            ("validate_cold", lambda: self.paired(self.spec("validate", [], root, before=clear), floor)),
            ("validate_no_cache", lambda: self.paired(self.spec("validate", ["--no-cache"], root), floor)),
            ("validate_warm", lambda: self.paired(self.spec("validate", [], root), imports)),
            ("compare_cold", lambda: self.paired(self.spec("compare", [], root, before=clear), floor)),
            ("compare_warm", lambda: self.paired(warm[1], imports, warm_up=True)),
            # A new question on unchanged evidence: the records are cached (and the index written by the warm-up),
            # but no view of this question is remembered, so the run answers it rather than recalling it.
            ("compare_principle", lambda: self.paired(self.spec("compare", [principle], root, before=forget),
                                                      imports, warm_up=True)),
            ("compare_incremental", lambda: self._changed(root, warm, touch_only=False)),
            ("compare_touch", lambda: self._changed(root, warm, touch_only=True)),
            *((f"list_findings_{fmt}", functools.partial(
                self.paired, self.spec("list", ["findings", "-f", fmt], root), floor, True)) for fmt in FORMATS),
            ("show", lambda: self.paired(self.spec("show", [source], root, before=forget), imports, warm_up=True)),
            ("search", lambda: self.paired(self.spec("search", [SEARCH_QUERY], root, ok_codes=(0, 1), before=forget),
                                           imports, warm_up=True)),
            # A principle briefed for the first time: no briefing and no reference entry kept from an earlier run.
            ("brief", lambda: self.paired(self.spec("brief", [principle, "--stdout", "--date", DAY], root,
                                                    before=forget_all), imports, warm_up=True)),
            # The same with the entries an earlier briefing formatted kept (`lucli.render.kept_entries`).
            ("brief_kept", lambda: self.paired(self.spec("brief", [principle, "--stdout", "--date", DAY], root,
                                                         before=forget), imports, warm_up=True)),
            ("brief_again", lambda: self.paired(self.spec("brief", [principle, "--stdout", "--date", DAY], root),
                                                imports, warm_up=True)),
            # A briefing on one organisation and on one source, a new question (the index answers both since
            # eab4a12; before, every record was read).
            ("brief_organisation", lambda: self.paired(self.spec("brief", [publisher, "--stdout", "--date", DAY], root,
                                                                 before=forget), imports, warm_up=True)),
            ("brief_source", lambda: self.paired(self.spec("brief", [source, "--stdout", "--date", DAY], root,
                                                           before=forget), imports, warm_up=True)),
            # The digest twice: with every reference entry kept by an untimed run first (a repository whose digest
            # was built before), then with none kept (the first digest of a repository). The briefing figures just
            # before drop the kept entries, so a digest measured without saying which found them or not by chance.
            ("digest", lambda: self._digest(root, site, floor, extra, kept=True)),
            ("digest_first", lambda: self._digest(root, site, floor, {}, kept=False)),
            ("dedupe", lambda: self.paired(self.spec("dedupe", [], root, ok_codes=(0, 1)), floor, warm_up=True)),
            # The other commands that read every finding: measured for the memory every command is held to.
            ("suggest", lambda: self.paired(self.spec("suggest", [], root), floor)),
            ("export", lambda: self.paired(self.spec("export", [], root), floor)),
            # What changed since a commit, in a git copy of the corpus: the last commit rewords one finding.
            ("diff", lambda: self._history(root, floor, lambda copy: self.spec("diff", ["HEAD~1"], copy))),
            ("digest_since", lambda: self._history(root, floor, lambda copy: self.spec(
                "digest", ["-o", str(copy.parent / f"{copy.name}-site"), "--since", "HEAD~1", "--date", DAY], copy,
                before=lambda _i: shutil.rmtree(copy.parent / f"{copy.name}-site", ignore_errors=True)))),
        ]
        return steps

    def _digest(self, root: Path, site: Path, floor: tuple[str, Spec], extra: dict[str, Any], kept: bool) -> Figure:
        """The digest into a fresh folder beside the floor, then how much it wrote. With `kept`, the reference
        entries are formatted and kept by an untimed digest first; without, they are dropped before each run. The
        remembered views are dropped before each run either way, so no run recalls what the one before worked out."""
        forget = _forget_views(root, entries=not kept)

        def fresh(index: int) -> None:
            shutil.rmtree(site, ignore_errors=True)
            forget(index)

        figure = self.paired(self.spec("digest", ["-o", str(site), "--date", DAY], root, before=fresh), floor,
                             warm_up=kept)
        if site.is_dir():
            files = [p for p in site.rglob("*") if p.is_file()]
            extra["digest_output"] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
                                      "largest_page_bytes": max((p.stat().st_size for p in files), default=0)}
            shutil.rmtree(site, ignore_errors=True)
        return figure

    def _changed(self, root: Path, warm: tuple[str, Spec], touch_only: bool) -> Figure:
        """compare after one source file changed (or was only touched), beside a warm compare.

        The file's modification time is set a few seconds into the past, so that lucli's rule against
        trusting a file changed within the last two seconds (its clock may not have moved on) does not
        make both halves of the pair slow.
        """
        if "compare" not in self.commands:
            return Figure("n/a", note="`lucli compare` does not exist yet")
        path = min((root / "evidence" / "sources").iterdir())
        original = path.read_text(encoding="utf-8")
        stat = path.stat()
        marker = "    statement: >\n      "

        def change(index: int) -> None:
            if not touch_only:
                path.write_text(original.replace(marker, f"{marker}Revision {index + 1} says ", 1), encoding="utf-8")
            past = time.time_ns() - 10_000_000_000 + index
            os.utime(path, ns=(past, past))

        try:  # the compare_warm step before this one left the cache warm
            # The step before a touch (one file changed) ends by putting the file back as it was, so the first
            # touched run would pay for that change: an untimed run first takes it (at 100k, one pair of
            # three read 13x a warm compare for it, the others 1.2x).
            return self.paired(self.spec("compare", [], root, before=change), warm, warm_up=touch_only)
        finally:
            path.write_text(original, encoding="utf-8")
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    def _history(self, root: Path, floor: tuple[str, Spec], command: Callable[[Path], Spec]) -> Figure:
        """A command on a git copy of the corpus (made once, beside it, and kept): two commits, the second
        rewording one finding; warm (an untimed run first)."""
        if "diff" not in self.commands:
            return Figure("n/a", note="`lucli diff` does not exist yet")
        copy = root.parent / f"{root.name}-git"
        if not (copy / ".git").is_dir():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(root / "evidence", copy / "evidence")
            path = min((copy / "evidence" / "sources").iterdir())
            git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
            subprocess.run([*git, "init", "-q"], cwd=copy, check=True)
            subprocess.run([*git, "add", "-A"], cwd=copy, check=True)
            subprocess.run([*git, "commit", "-q", "-m", "one"], cwd=copy, check=True)
            marker = "    statement: >\n      "
            path.write_text(path.read_text(encoding="utf-8").replace(marker, f"{marker}Reworded: ", 1),
                            encoding="utf-8")
            subprocess.run([*git, "commit", "-q", "-am", "two"], cwd=copy, check=True)
        return self.paired(command(copy), floor, warm_up=True)

    def peer(self, sizes: list[tuple[str, int]]) -> dict[str, Any]:
        """Doorstop beside lucli's cold validate, both cold, at equal record counts, alternately."""
        if self.args.no_peer:
            return {"status": "skipped", "note": "--no-peer"}
        if not peer.doorstop_available():
            return {"status": "n/a", "note": "doorstop is not installed (pip install doorstop, or the bench extra)"}
        import importlib.metadata

        result: dict[str, Any] = {"status": "ok", "version": importlib.metadata.version("doorstop"),
                                  "command": peer.doorstop_command(), "libyaml_command": peer.libyaml_command(),
                                  "items": {}}
        for label, count in sizes:
            if count > self.args.peer_cap:
                continue
            root = self.base / label
            tree = peer.write_tree(self.base / f"doorstop-{count}", count)
            lucli = ("lucli_validate_cold", self.spec("validate", [], root, before=_clear_cache(root)))
            say(f"peer: doorstop validating {count:,} items, beside lucli's cold validate of {count:,} findings ...")
            stock = self.paired(Spec(peer.doorstop_command() + ["-j", str(tree)], tree), lucli)
            say(f"  doorstop: {_progress(stock)}")
            fast = self.paired(Spec(peer.libyaml_command() + ["-j", str(tree)], tree), lucli)
            say(f"  doorstop with libyaml: {_progress(fast)}")
            result["items"][str(count)] = {"stock": stock, "libyaml": fast, "label": label}
            if stock.status != "ok":
                result.update(status=stock.status, note=stock.note)
        if not result["items"]:
            return {"status": "n/a", "note": f"no size at or under --peer-cap {self.args.peer_cap}"}
        return result


def synthetic_corpus(root: Path, findings: int, responses: float) -> tuple[synth.Stats, bool]:
    """The synthetic corpus at `root` and whether it was written now: one already there is kept when the file
    beside it (`ROOT.corpus.json`) says it was written with the same findings, seed, share of responses and
    synth.py, and its files are still the size they were written (a run cut short mid-edit leaves one changed);
    otherwise it is written afresh."""
    made_with = {"findings": findings, "seed": SEED, "responses": responses,
                 "synth": hashlib.sha256((HERE / "synth.py").read_bytes()).hexdigest()}
    record = root.with_name(f"{root.name}.corpus.json")
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        if known["made_with"] == made_with and _size(root / "evidence") == known["stats"]["bytes"]:
            return synth.Stats(**known["stats"]), False
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none, or not one this run can trust: written afresh
    record.unlink(missing_ok=True)
    if root.exists():
        shutil.rmtree(root)
    stats = synth.generate(root, findings, seed=SEED, responses=responses)
    record.write_text(json.dumps({"made_with": made_with, "stats": dataclasses.asdict(stats)}) + "\n",
                      encoding="utf-8")
    return stats, True


def _size(evidence: Path) -> int:
    return sum(p.stat().st_size for p in evidence.rglob("*.yaml"))


def _progress(figure: Figure) -> str:
    if figure.status != "ok":
        return f"{figure.status} {figure.note}"
    ratio = f", {figure.ratio:.2f}x {figure.against} (pairs {', '.join(f'{r:.2f}' for r in figure.ratios)})" \
        if figure.ratio is not None else ""
    return (f"{figure.seconds:.3f} s (runs {', '.join(f'{r:.3f}' for r in figure.runs)}){ratio}, "
            f"{figure.rss_mb:.0f} MB largest process, {figure.total_mb:.0f} MB all processes")


def _clear_cache(root: Path) -> Callable[[int], None]:
    def clear(_: int) -> None:
        from lucli.records.cachedir import cache_folder

        folder = cache_folder(root)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    return clear


def _first_publisher(path: Path) -> str:
    """The first publisher a synthetic source names (`publishers: [id, ...]`)."""
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("publishers: ["))
    return line.removeprefix("publishers: [").split(",")[0].rstrip("]").strip()


def _forget_views(root: Path, entries: bool = False) -> Callable[[int], None]:
    """Drop the remembered views (`lucli.render.viewcache`), keeping the record cache, the index and the
    remembered file hashes: a new question to an unchanged repository, which any earlier command has hashed
    (dropping the hashes too made every run hash all 10,002 files at 100k, 0.19 s). With `entries`, drop the
    reference entries kept between runs too (`lucli.render.kept_entries`): nothing was ever briefed."""
    def forget(_: int) -> None:
        from lucli.records.cachedir import cache_folder
        from lucli.render.kept_entries import KEPT_FILE

        folder = cache_folder(root)
        if folder is not None:
            for view in (folder / "views").glob("*.json"):
                view.unlink(missing_ok=True)
            if entries:
                (folder / KEPT_FILE).unlink(missing_ok=True)

    return forget


def say(message: str) -> None:
    """Progress goes to stderr; the table goes to stdout."""
    print(message, file=sys.stderr, flush=True)


def options(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="corpus sizes in findings (default 1k,10k,100k)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure; the median is kept (default 3)")
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them; a corpus kept there by an "
                                                  "earlier run with the same size and --responses is used again")
    parser.add_argument("--results", type=Path, default=HERE / "results.json", help="where to write the JSON")
    parser.add_argument("--no-peer", action="store_true", help="skip the Doorstop comparison")
    parser.add_argument("--responses", type=float, default=0.0,
                        help="share of the synthetic findings that respond to another organisation's record "
                             "(default 0)")
    parser.add_argument("--peer-cap", type=int, default=10_000,
                        help="largest size at which Doorstop is run beside lucli, in items (default 10000)")
    parser.add_argument("--only", type=lambda t: [p for p in t.split(",") if p],
                        help="measure only the figures whose names start with one of these (comma-separated)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is killed (default 900)")
    parser.add_argument("--patience", type=float, default=120.0,
                        help="a run slower than this many seconds is not repeated (default 120)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON."""
    args = options(argv)
    sizes = parse_sizes(args.sizes)
    base = args.keep or Path(tempfile.mkdtemp(prefix="lucli-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        bench = Bench(args, base.resolve())
        results = bench.results
        results.update(complete=False, sizes={}, peer={"status": "not measured yet"})
        results["references"] = bench.references()
        for label, count in sizes:
            results["sizes"][label] = bench.size(label, count)
            _write_json(args.results, report.jsonable(results))  # a long run that is cut short keeps what it has
        results["peer"] = bench.peer(sizes)
        results["targets"] = report.targets(results)
        results["complete"] = True
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(report.table(results))
    _write_json(args.results, report.jsonable(results))
    say(f"wrote {args.results}")
    return 0


def _write_json(path: Path, data: Any) -> None:
    # Written beside the target and renamed, so an interrupted run never leaves half a file.
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main())
