"""Time every 1 MB hostile-text case of tests/adversarial/test_linear_text.py beside a linear anchor.

The unit test counts the work each case does; this times it, the one guard that also sees inside a single
regular expression or library call. Each case is timed (wall clock, in this process) alternately with its
anchor, one linear pass over the same text (its SHA-256, which costs the same per byte whatever the text
holds), A B, B A, …; the figure is the median of the per-pair ratios, so a busy machine slows both halves
alike. Escaping caches its answers, so the cache is emptied before every timed run. A linear path costs up
to about 3,000 anchor passes (the HTML parser and the page-furniture walk are Python code that handles
every tag or line, and the anchor runs at some 2 GB/s); a quadratic one costs millions at this size (the
old markdown escape and YAML hints would take hours). A ratio over `--bound` is flagged, and a case that
runs past `--cap` seconds is stopped and flagged (each case runs in a forked process); then the exit
status is 1.

The two command cases of the test (a brief and a digest of a quote of a megabyte of blank lines; `verify`
of a quote against a megabyte of spaces) run in this process too, through typer's test runner, beside the
same kind of anchor over their repository's text.

    python bench/hostile.py [--runs 3] [--bound 30000] [--cap 120] [--only markdown,yaml]
                            [--results bench/hostile-results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.adversarial.test_linear_text import CASES, MB  # noqa: E402
from tests.conftest import ORGANISATIONS, PRINCIPLES, SOURCE  # noqa: E402


def _anchor(text: str) -> object:
    """One linear pass over the text, the same cost per byte whatever it holds."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


def _seconds(run: Callable[[], object]) -> float:
    from lucli.render.escaping import _md_markup

    _md_markup.cache_clear()  # time the escaping, not a cache lookup
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def paired(run: Callable[[], object], text: str, runs: int) -> tuple[float, float, float]:
    """Median seconds of `run`, of the anchor over `text`, and the median of the per-pair ratios."""
    ours, anchors, ratios = [], [], []
    for index in range(runs):
        order = (run, lambda: _anchor(text))
        first, second = (_seconds(step) for step in (order if index % 2 == 0 else order[::-1]))
        case, anchor = (first, second) if index % 2 == 0 else (second, first)
        ours.append(case)
        anchors.append(anchor)
        ratios.append(case / anchor)
    return statistics.median(ours), statistics.median(anchors), statistics.median(ratios)


def capped(measure: Callable[[], tuple[float, float, float]], cap: float) -> tuple[float, float, float] | None:
    """Run `measure` in a forked process; its figures, or None when it ran past `cap` seconds (then killed)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=lambda: writer.send(measure()))  # not daemonic: a brief forks its own
    child.start()
    writer.close()
    try:
        return reader.recv() if reader.poll(cap) else None  # type: ignore[no-any-return]
    except EOFError:
        raise SystemExit("a case failed; run it under pytest to see why") from None
    finally:
        child.kill()
        child.join()


def _repo(root: Path, source: str) -> Path:
    (root / "evidence" / "sources").mkdir(parents=True)
    (root / "evidence" / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (root / "evidence" / "principles.yaml").write_text(PRINCIPLES, encoding="utf-8")
    (root / "evidence" / "sources" / "alpha-2022-report.yaml").write_text(source, encoding="utf-8")
    return root


def command_cases(work: Path) -> dict[str, tuple[Callable[[], object], str]]:
    """The test's two command cases: what runs, and the text its anchor passes over."""
    from typer.testing import CliRunner

    from lucli.cli import app

    quote = "    quote: |\n      a\n" + "      \n" * (MB // 7) + "      b\n"
    blank = _repo(work / "blank", SOURCE.replace("        stance: supports\n", "        stance: supports\n" + quote))
    spaces = _repo(work / "spaces", SOURCE.replace(
        "        stance: supports\n", "        stance: supports\n    quote: " + "a " + "x " * 300 + "\n")
        + "text: texts/t.txt\n")
    (spaces / "evidence" / "texts").mkdir()
    (spaces / "evidence" / "texts" / "t.txt").write_text("a" + " " * MB + "b c d\n", encoding="utf-8")

    def invoke(*args: str, codes: tuple[int, ...] = (0,)) -> None:
        result = CliRunner().invoke(app, list(args))
        if result.exit_code not in codes:
            raise SystemExit(f"lucli {' '.join(args)} exited {result.exit_code}: {result.stderr}")

    def brief_and_digest() -> None:
        invoke("brief", "devolution", "--stdout", "--detail", "full", "--root", str(blank))
        invoke("digest", "-o", str(work / "site"), "--force", "--root", str(blank))

    return {"command: brief and digest of a quote of blank lines": (brief_and_digest, quote),
            "command: verify against a megabyte of spaces": (
                lambda: invoke("verify", "--root", str(spaces), codes=(1,)), " " * MB)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bound", type=float, default=30000.0, help="flag a case over this many anchor passes")
    parser.add_argument("--cap", type=float, default=120.0, help="stop a case after this many seconds")
    parser.add_argument("--only", default="", help="comma-separated: time only cases whose names hold one")
    parser.add_argument("--results", type=Path, default=HERE / "hostile-results.json")
    args = parser.parse_args(argv)
    rows = []
    print(f"{'case':58} {'seconds':>8} {'anchor':>8} {'ratio':>8}")
    with tempfile.TemporaryDirectory(prefix="lucli-hostile-") as tmp:
        cases: dict[str, tuple[Callable[[], object], str]] = {}
        for name, (_kind, make, run) in sorted(CASES.items()):
            text = make()
            cases[name] = ((lambda run=run, text=text: run(text)), text)
        cases.update(command_cases(Path(tmp)))
        wanted = [word for word in args.only.split(",") if word]
        for name, (run, text) in cases.items():
            if wanted and not any(word in name for word in wanted):
                continue
            figures = capped(lambda run=run, text=text: paired(run, text, args.runs), args.cap)
            if figures is None:
                print(f"{name:58} stopped after {args.cap:g} s: OVER THE CAP, not linear?", flush=True)
                rows.append({"case": name, "seconds": None, "over_bound": True})
                continue
            seconds, anchor, ratio = figures
            flag = "  OVER THE BOUND: not linear?" if ratio > args.bound else ""
            print(f"{name:58} {seconds:7.3f}s {anchor * 1000:6.2f}ms {ratio:8.0f}{flag}", flush=True)
            rows.append({"case": name, "seconds": round(seconds, 4), "anchor_seconds": round(anchor, 5),
                         "ratio": round(ratio, 1), "over_bound": ratio > args.bound})
    args.results.write_text(json.dumps({"date": dt.date.today().isoformat(), "bound": args.bound,
                                        "runs": args.runs, "cases": rows}, indent=2) + "\n", encoding="utf-8")
    over = [row["case"] for row in rows if row["over_bound"]]
    print(f"\n{len(rows)} cases, bound {args.bound:g} anchor passes: "
          + (f"OVER: {', '.join(over)}" if over else "all within"))
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
