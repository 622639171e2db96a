"""Run every `bench/bench_*.py` in turn (`make bench`), each in its own process.

    .venv/bin/python bench/run_all.py [NAME ...]   # e.g. `memories` runs bench_memories.py

Exits non-zero if any benchmark failed to run; the figures are for people to read.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(BENCH_DIR.glob("bench_*.py"))
    if names:
        found = [path for path in found if path.stem.removeprefix("bench_") in names]
    return found


def main(names: list[str]) -> int:
    failed = []
    for path in benchmarks(names):
        print(f"\n=== {path.name} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], cwd=BENCH_DIR.parent, check=False)
        print(f"=== {path.name}: exit {result.returncode} "
              f"after {time.perf_counter() - started:.0f} s ===", flush=True)
        if result.returncode != 0:
            failed.append(path.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
