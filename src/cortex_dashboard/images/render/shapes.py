"""Anti-aliased shapes: masks drawn four times larger, reduced, and cached by size.

Pillow draws shapes with hard edges; only the curved and slanted parts need smoothing,
so straight edges are plain rectangles and only corners, discs and marks use masks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw

__all__ = ["MARKS", "corner_mask", "disc_mask", "mark_mask", "polygon_mask"]

SCALE = 4
Points = list[tuple[float, float]]


@lru_cache(maxsize=512)
def corner_mask(radius: int, corner: int = 0) -> Image.Image:
    """A quarter disc of `radius`: corner 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right."""
    big = Image.new("L", (2 * radius * SCALE, 2 * radius * SCALE), 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    left = 0 if corner in (0, 2) else radius * SCALE
    top = 0 if corner in (0, 1) else radius * SCALE
    quarter = big.crop((left, top, left + radius * SCALE, top + radius * SCALE))
    return quarter.resize((radius, radius), Image.Resampling.BOX)


@lru_cache(maxsize=256)
def disc_mask(diameter: int, ring: float = 0.0) -> Image.Image:
    """A filled disc, or a ring `ring` pixels thick when `ring` is set."""
    big = Image.new("L", (diameter * SCALE, diameter * SCALE), 0)
    draw = ImageDraw.Draw(big)
    draw.ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    if ring:
        inset = ring * SCALE
        draw.ellipse((inset, inset, big.width - 1 - inset, big.height - 1 - inset), fill=0)
    return big.resize((diameter, diameter), Image.Resampling.BOX)


def polygon_mask(points: Points) -> tuple[Image.Image, tuple[int, int]]:
    """A smoothed mask of a polygon and the top-left pixel where it belongs."""
    left, top = math.floor(min(x for x, _ in points)), math.floor(min(y for _, y in points))
    width = math.ceil(max(x for x, _ in points)) - left + 1
    height = math.ceil(max(y for _, y in points)) - top + 1
    big = Image.new("L", (width * SCALE, height * SCALE), 0)
    scaled = [((x - left) * SCALE, (y - top) * SCALE) for x, y in points]
    ImageDraw.Draw(big).polygon(scaled, fill=255)
    return big.resize((width, height), Image.Resampling.BOX), (left, top)


def _stroke(draw: ImageDraw.ImageDraw, points: Points, s: float, weight: float = 0.13) -> None:
    width = max(1, round(s * weight))
    draw.line([(x * s, y * s) for x, y in points], fill=255, width=width, joint="curve")
    for x, y in (points[0], points[-1]):
        r = width / 2
        draw.ellipse((x * s - r, y * s - r, x * s + r, y * s + r), fill=255)


def _fill(draw: ImageDraw.ImageDraw, points: Points, s: float) -> None:
    draw.polygon([(x * s, y * s) for x, y in points], fill=255)


def _check(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.2, 0.52), (0.42, 0.72), (0.8, 0.3)], s)


def _cross(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.27, 0.27), (0.73, 0.73)], s)
    _stroke(d, [(0.73, 0.27), (0.27, 0.73)], s)


def _exclamation(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.5, 0.2), (0.5, 0.56)], s, 0.15)
    d.ellipse((0.41 * s, 0.7 * s, 0.59 * s, 0.88 * s), fill=255)


def _diamond(d: ImageDraw.ImageDraw, s: float) -> None:
    _fill(d, [(0.5, 0.14), (0.86, 0.5), (0.5, 0.86), (0.14, 0.5)], s)


def _spark(d: ImageDraw.ImageDraw, s: float) -> None:
    _fill(d, [(0.5, 0.1), (0.59, 0.41), (0.9, 0.5), (0.59, 0.59), (0.5, 0.9), (0.41, 0.59),
              (0.1, 0.5), (0.41, 0.41)], s)


def _box(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75), (0.25, 0.25)], s, 0.11)


def _arrow(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.2, 0.5), (0.78, 0.5)], s)
    _stroke(d, [(0.55, 0.27), (0.78, 0.5), (0.55, 0.73)], s)


def _info(d: ImageDraw.ImageDraw, s: float) -> None:
    d.ellipse((0.42 * s, 0.14 * s, 0.58 * s, 0.3 * s), fill=255)
    _stroke(d, [(0.5, 0.44), (0.5, 0.82)], s, 0.15)


def _bookmark(d: ImageDraw.ImageDraw, s: float) -> None:
    _fill(d, [(0.28, 0.16), (0.72, 0.16), (0.72, 0.86), (0.5, 0.66), (0.28, 0.86)], s)


def _ring(d: ImageDraw.ImageDraw, s: float) -> None:
    d.ellipse((0.22 * s, 0.22 * s, 0.78 * s, 0.78 * s), fill=255)
    d.ellipse((0.37 * s, 0.37 * s, 0.63 * s, 0.63 * s), fill=0)


def _lens(d: ImageDraw.ImageDraw, s: float) -> None:
    d.ellipse((0.16 * s, 0.16 * s, 0.64 * s, 0.64 * s), fill=255)
    d.ellipse((0.28 * s, 0.28 * s, 0.52 * s, 0.52 * s), fill=0)
    _stroke(d, [(0.6, 0.6), (0.82, 0.82)], s, 0.14)


def _prompt(d: ImageDraw.ImageDraw, s: float) -> None:
    _stroke(d, [(0.22, 0.3), (0.44, 0.5), (0.22, 0.7)], s)
    _stroke(d, [(0.54, 0.72), (0.8, 0.72)], s)


def _triangle(d: ImageDraw.ImageDraw, s: float) -> None:
    _fill(d, [(0.5, 0.16), (0.86, 0.8), (0.14, 0.8)], s)


def _star(d: ImageDraw.ImageDraw, s: float) -> None:
    points = []
    for i in range(10):
        radius = 0.4 if i % 2 == 0 else 0.17
        angle = math.pi * (i / 5 - 0.5)
        points.append((0.5 + radius * math.cos(angle), 0.54 + radius * math.sin(angle)))
    _fill(d, points, s)


def _dot(d: ImageDraw.ImageDraw, s: float) -> None:
    d.ellipse((0.32 * s, 0.32 * s, 0.68 * s, 0.68 * s), fill=255)


MARKS: dict[str, Callable[[ImageDraw.ImageDraw, float], None]] = {
    "decision": _diamond, "solution": _check, "insight": _spark, "error": _cross,
    "warning": _exclamation, "todo": _box, "workflow": _arrow, "context": _info,
    "reference": _bookmark, "config": _ring, "troubleshooting": _lens, "command": _prompt,
    "concept": _triangle, "preference": _star, "tip": _check, "general": _dot,
    "done": _check, "next": _arrow, "problem": _exclamation,
}


@lru_cache(maxsize=256)
def mark_mask(kind: str, size: int) -> Image.Image:
    """The icon-like mark for a memory type (or section kind), `size` pixels square."""
    big = Image.new("L", (size * SCALE, size * SCALE), 0)
    MARKS.get(kind, _dot)(ImageDraw.Draw(big), size * SCALE)
    return big.resize((size, size), Image.Resampling.BOX)
