"""Measure how long lucli takes to stop after Ctrl-C during a parallel load and a parallel digest.

Issue 16 asks for exit 130 within a second, with one line and no worker traceback. This sends SIGINT to
the whole process group (as a terminal does) at a random moment after the worker processes have started,
`--runs` times per command, and prints the distribution of the time from the signal to the exit. With
`--busy N`, N processes spin on the CPU meanwhile, so the figures are those of a loaded machine.

    python bench/interrupts.py [--runs 30] [--busy 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.conftest import ORGANISATIONS, PRINCIPLES, SOURCE  # noqa: E402

COMMANDS = {"validate --no-cache (parallel parse)": ["validate", "--no-cache"],
            "digest (pages in workers)": ["digest", "-o", "site", "--force"]}


def make_repo(root: Path, sources: int = 260) -> None:
    """Enough sources that the load and the digest both run in worker processes (as the interrupt test has)."""
    folder = root / "evidence" / "sources"
    folder.mkdir(parents=True)
    (root / "evidence" / "organisations.yaml").write_text(ORGANISATIONS)
    (root / "evidence" / "principles.yaml").write_text(PRINCIPLES)
    for number in range(sources):
        stem = f"alpha-2022-report-{number}"
        (folder / f"{stem}.yaml").write_text(SOURCE.replace("alpha-2022-report", stem))


def _has_workers(pid: int) -> bool:
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return False


def interrupt(command: list[str], root: Path, delay: float) -> tuple[int | None, str, float]:
    """Run lucli, send SIGINT `delay` seconds after its workers appear; return exit code, stderr, seconds to exit."""
    process = subprocess.Popen([sys.executable, "-c", "from lucli.cli import main; main()", *command,
                                "--root", str(root)], cwd=root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    started = time.monotonic()
    while not _has_workers(process.pid) and process.poll() is None and time.monotonic() - started < 30:
        time.sleep(0.002)
    time.sleep(delay)
    sent = time.monotonic()
    try:
        os.killpg(process.pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    try:
        _out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return None, "hung for 60 s", 60.0
    return process.returncode, err, time.monotonic() - sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--busy", type=int, default=2, help="processes spinning on the CPU meanwhile")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    worst = 0.0
    try:
        with tempfile.TemporaryDirectory(prefix="lucli-interrupts-") as tmp:
            root = Path(tmp) / "repo"
            make_repo(root)
            print(f"{'command':38} {'stopped':>8} {'median':>8} {'p90':>8} {'slowest':>8}  other outcomes")
            for name, command in COMMANDS.items():
                took, other = [], []
                for _ in range(args.runs):
                    code, err, seconds = interrupt(command, root, chance.uniform(0, 0.15))
                    if code == 130 and err == "interrupted\n":
                        took.append(seconds)
                    elif code != 0 or "Traceback" in err:
                        other.append(f"exit {code}: {err.strip().splitlines()[-1:] or ''}")
                took.sort()
                worst = max([worst, *took])
                if took:
                    p90 = took[max(0, round(len(took) * 0.9) - 1)]
                    print(f"{name:38} {len(took):>8} {statistics.median(took) * 1000:>6.0f}ms {p90 * 1000:>6.0f}ms "
                          f"{took[-1] * 1000:>6.0f}ms  {'; '.join(other) or '-'}")
                else:
                    print(f"{name:38} {0:>8}  (every run finished before its signal) {'; '.join(other)}")
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
