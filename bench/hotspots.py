"""Profile one lucli command in-process with cProfile and print where the time goes.

    python bench/hotspots.py --cold -- validate --root /tmp/corpus-10k
    python bench/hotspots.py --warm -- compare --root /tmp/corpus-10k

`--cold` deletes the repository's cache folder (records, index and views, outside the repository)
first. `--sequential` parses in this process instead of a worker pool, so the profile sees the parsing and checking
work (with the pool, the parent only waits on its workers). Imports are
profiled too: the `lucli` modules are imported under the profiler, as in a real
run. The command's own output is discarded.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Profile the lucli command given after `--` and print the top entries."""
    parser = argparse.ArgumentParser(description="profile a lucli command")
    parser.add_argument("--cold", action="store_true", help="delete the cache of <root> first")
    parser.add_argument("--warm", action="store_true",
                        help="run the command once first in a subprocess (same working folder), filling the cache")
    parser.add_argument("--sequential", action="store_true", help="parse in-process, without the worker pool")
    parser.add_argument("--top", type=int, default=25, help="entries to print per table (default 25)")
    parser.add_argument("--save", type=Path, help="also write the raw profile here (for snakeviz etc.)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the lucli arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if "--root" in command and args.cold:
        from lucli.records.cachedir import cache_folder

        folder = cache_folder(Path(command[command.index("--root") + 1]))
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    os.environ.update(NO_COLOR="1", COLUMNS="100")
    if args.warm:
        # The remembered views are keyed on the working folder (the records and the index are not): warm it from here.
        subprocess.run([sys.executable, "-m", "lucli", *command], capture_output=True, check=False)
    profiler = cProfile.Profile()
    profiler.enable()
    _run(command, args.sequential)
    profiler.disable()
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    print(f"lucli {' '.join(command)}: {total:.3f} s of own time profiled")
    for key in ("tottime", "cumulative"):
        print(f"\n--- top {args.top} by {key} ---")
        stats.sort_stats(key).print_stats(args.top)
    return 0


def _run(command: list[str], sequential: bool) -> None:
    from lucli.records import load

    if sequential:
        load.PARALLEL_THRESHOLD = sys.maxsize  # type: ignore[misc]
    from lucli.cli.app import app

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with contextlib.suppress(SystemExit):
            app(command, prog_name="lucli")


if __name__ == "__main__":
    sys.exit(main())
