"""Median time to render one picture offline, per image size, on one core.

Renders every preset at 16:9 (and the 9:16 story) from the sample project, a few rounds
each, after one warm-up round, and prints the median and the slowest per size: plain, and
with references (a 1600x1000 style reference read into a swatch, a logo in the header).
Run: .venv/bin/python bench/bench_render.py [rounds]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable

from PIL import Image, ImageDraw

from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.render.design import Design, notes_from_memories, project_name
from cortex_dashboard.images.render.engine import Rendered, render_design
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.swatch import colours_of

TARGETS = {"1K": None, "2K": 0.5, "4K": 0.5}
RATIOS = ("16:9", "9:16")


def designs(size: str) -> list[Design]:
    memories = sample_memories()
    notes, project = notes_from_memories(memories), project_name(memories)
    return [Design(preset=preset, aspect_ratio=ratio, image_size=size, notes=notes,
                   project=project) for preset in PRESETS for ratio in RATIOS]


def _png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def style_reference() -> bytes:
    image = Image.new("RGB", (1600, 1000), (250, 140, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1600, 1000), fill=(120, 30, 110))
    draw.ellipse((1000, 120, 1400, 520), fill=(255, 210, 60))
    return _png(image.effect_spread(3))


def logo_picture() -> bytes:
    image = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 380, 380), fill=(220, 20, 120, 255))
    draw.rectangle((420, 120, 780, 280), fill=(20, 40, 200, 255))
    return _png(image)


STYLE, LOGO = style_reference(), logo_picture()


def plain(design: Design) -> Rendered:
    return render_design(design)


def with_references(design: Design) -> Rendered:
    """What a turn with a style reference and a logo does: read the colours, draw."""
    colours = colours_of(STYLE)
    assert colours is not None
    return render_design(design.with_changes(swatch=colours.swatch, logo="logo"), logo=LOGO)


def timings(size: str, rounds: int, render: Callable[[Design], Rendered]) -> list[float]:
    batch = designs(size)
    for design in batch:
        render(design)
    times = []
    for _ in range(rounds):
        for design in batch:
            start = time.perf_counter()
            render(design)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"{'size':<5} {'references':<11} {'median s':>9} {'max s':>7} {'target s':>9}  renders")
    for size, target in TARGETS.items():
        for name, render in (("none", plain), ("style+logo", with_references)):
            times = timings(size, rounds, render)
            goal = f"{target:.1f}" if target else "-"
            print(f"{size:<5} {name:<11} {statistics.median(times):>9.3f} {max(times):>7.3f} "
                  f"{goal:>9}  {len(times)}")
    reads = []
    for _ in range(20):
        start = time.perf_counter()
        colours_of(STYLE)
        reads.append(time.perf_counter() - start)
    print(f"reading the style reference's colours: median {statistics.median(reads):.4f} s")


if __name__ == "__main__":
    main()
