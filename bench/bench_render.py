"""Median time to render one picture offline, per image size, on one core.

Renders every preset at 16:9 (and the 9:16 story) from the sample project, a few rounds
each, after one warm-up round, and prints the median and the slowest per size.
Run: .venv/bin/python bench/bench_render.py [rounds]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.render.design import Design, notes_from_memories, project_name
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.samples import sample_memories

TARGETS = {"1K": None, "2K": 0.5, "4K": 2.0}
RATIOS = ("16:9", "9:16")


def designs(size: str) -> list[Design]:
    memories = sample_memories()
    notes, project = notes_from_memories(memories), project_name(memories)
    return [Design(preset=preset, aspect_ratio=ratio, image_size=size, notes=notes,
                   project=project) for preset in PRESETS for ratio in RATIOS]


def timings(size: str, rounds: int) -> list[float]:
    batch = designs(size)
    for design in batch:
        render_design(design)
    times = []
    for _ in range(rounds):
        for design in batch:
            start = time.perf_counter()
            render_design(design)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"{'size':<5} {'median s':>9} {'max s':>7} {'target s':>9}  renders")
    for size, target in TARGETS.items():
        times = timings(size, rounds)
        goal = f"{target:.1f}" if target else "-"
        print(f"{size:<5} {statistics.median(times):>9.3f} {max(times):>7.3f} {goal:>9}  "
              f"{len(times)}")


if __name__ == "__main__":
    main()
