"""Spreading labels along a line so that none overlap and all stay inside the range."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["spread"]


def spread(starts: Sequence[float], size: float, gap: float, low: float,
           high: float) -> list[float]:
    """Start positions as close to `starts` (in order) as they can be while each item of
    `size` keeps `gap` from the next and all lie between `low` and `high`."""
    placed: list[float] = []
    for start in starts:
        floor = placed[-1] + size + gap if placed else low
        placed.append(max(start, floor))
    ceiling = high - size
    for i in range(len(placed) - 1, -1, -1):
        placed[i] = min(placed[i], ceiling)
        ceiling = placed[i] - gap - size
    return [max(low, p) if i == 0 else p for i, p in enumerate(placed)]
