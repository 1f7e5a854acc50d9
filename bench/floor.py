"""The parse floor: read and parse every evidence file with libyaml, and nothing else.

This is the least work any YAML-based validator must do: no positions, no
checks, no records, no cache. `bench/run.py` times it as a whole process so it
pays Python's start-up like lucli does; `lucli validate` is measured against it.

    python bench/floor.py EVIDENCE_DIR [--jobs N]

`--jobs N` parses with N worker processes (the way lucli parses a cold
repository of 200 files or more); the default, one process, is the reference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml


def parse_file(path: Path) -> int:
    """Parse one file with libyaml's safe loader; return how many top-level items it has."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return len(data) if isinstance(data, (list, dict)) else 0


def evidence_files(evidence: Path) -> list[Path]:
    """The same files lucli reads: the two taxonomy files and every source."""
    return [evidence / "organisations.yaml", evidence / "principles.yaml",
            *sorted(p for p in (evidence / "sources").iterdir() if p.suffix in (".yaml", ".yml"))]


def main(argv: list[str] | None = None) -> int:
    """Parse every file; print how many were parsed."""
    parser = argparse.ArgumentParser(description="libyaml parse floor")
    parser.add_argument("evidence", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    files = evidence_files(args.evidence)
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            sizes = list(pool.map(parse_file, files, chunksize=max(16, len(files) // (args.jobs * 8))))
    else:
        sizes = [parse_file(p) for p in files]
    print(f"parsed {len(sizes)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
