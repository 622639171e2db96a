"""Infographic (and custom): one card per memory in a grid shaped for the page.

As many cards as can each say a whole thought (a headline and at least one sentence);
only when even a few cards cannot, the grid is as full as it goes and cards show their
headlines alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import (
    CardStyles,
    card_styles,
    draw_memory_card,
    grid_capacity,
    grid_cells,
    natural_card_height,
    styles_at,
)
from cortex_dashboard.images.render.content import pick
from cortex_dashboard.images.render.copy import sentences_for
from cortex_dashboard.images.render.design import Design, Note

__all__ = ["Grid", "draw_infographic", "plan_grid"]

_MAX_CARD = 84.0
"""Widest card, in units: a lone card does not stretch across a wide page."""
_SNUG_MARGIN = 1.15
"""Cards keep this much more height than their text needs when there is room to spare."""
_FEWEST = 4
"""The grid gives up on sentences rather than show fewer cards than this."""
_SMALLEST = 2.0
"""The smallest headline, in units, of cards that say a sentence too."""
_NARROWEST = 18.0
"""The narrowest card, in units."""
_STRETCH = 0.12
"""Cards in columns grow at most this much to end level; the rest goes between them."""


@dataclass(frozen=True, slots=True)
class Grid:
    shown: tuple[Note, ...]
    cells: list[Box]
    styles: CardStyles
    sentences: int
    """Sentences each card is meant to say (0: headlines only, the grid is that full)."""


def draw_infographic(canvas: Canvas, design: Design, notes: Sequence[Note],
                     box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    grid = plan_grid(canvas, notes, box, sentences_for(design))
    for note, cell in zip(grid.shown, grid.cells, strict=True):
        draw_memory_card(canvas, note, cell, grid.styles, number=not design.from_prompt,
                         sentences=grid.sentences)
    return grid.shown


def plan_grid(canvas: Canvas, notes: Sequence[Note], box: Box, sentences: int) -> Grid:
    """The most cards (the most important memories) that each fit a headline and a
    sentence: in even rows when they can, else in columns of cards as tall as their
    words; the fullest grid of headlines when not even a few cards fit a sentence."""
    gap = canvas.u(1.6)
    capacity = min(len(notes), grid_capacity(canvas, box, 21, 14, gap))
    floor = styles_at(canvas, _SMALLEST)
    for count in range(capacity, min(capacity, _FEWEST) - 1, -1):
        shown = pick(notes, count)
        grid = _rows(canvas, shown, box, gap, sentences, floor) or _columns(
            canvas, shown, box, gap, sentences, floor)
        if grid:
            return grid
    return _grid(canvas, pick(notes, capacity), box, gap, 0, None)


def _rows(canvas: Canvas, shown: tuple[Note, ...], box: Box, gap: float, sentences: int,
          floor: CardStyles) -> Grid | None:
    """Even rows, in the number of columns that lets the cards be written largest."""
    fitting = [c for c in range(1, len(shown) + 1) if _fits(canvas, shown, box, gap, c, floor)]
    grids = [_grid(canvas, shown, box, gap, sentences, c) for c in fitting]
    return max(grids, key=lambda g: g.styles.headline.size) if grids else None


def _columns(canvas: Canvas, shown: tuple[Note, ...], box: Box, gap: float, sentences: int,
             floor: CardStyles) -> Grid | None:
    """Columns of cards each as tall as its words (placed in turn into the shortest
    column), ending level, written as large as lets them fit the box."""
    best: tuple[float, int, CardStyles] | None = None
    for columns in range(2, len(shown)):
        width = (box.w - gap * (columns - 1)) / columns
        if not canvas.u(_NARROWEST) <= width <= canvas.u(_MAX_CARD):
            continue
        if _stacked(canvas, shown, width, columns, gap, floor, 1)[1] > box.h:
            continue
        styles = _largest(canvas, shown, width, columns, gap, box.h, sentences)
        if best is None or styles.headline.size > best[0]:
            best = (styles.headline.size, columns, styles)
    if best is None:
        return None
    _, columns, styles = best
    return Grid(shown, _column_cells(canvas, shown, box, gap, columns, styles, sentences),
                styles, sentences)


def _largest(canvas: Canvas, shown: Sequence[Note], width: float, columns: int, gap: float,
             height: float, sentences: int) -> CardStyles:
    size = 3.6
    styles = styles_at(canvas, size)
    while size > _SMALLEST and _stacked(canvas, shown, width, columns, gap, styles,
                                        sentences)[1] > height:
        size = max(_SMALLEST, size * 0.92)
        styles = styles_at(canvas, size)
    return styles


def _stacked(canvas: Canvas, shown: Sequence[Note], width: float, columns: int, gap: float,
             styles: CardStyles, sentences: int) -> tuple[list[list[tuple[Note, float]]], float]:
    """The cards placed in turn into the shortest column, and the tallest column's height."""
    stacks: list[list[tuple[Note, float]]] = [[] for _ in range(columns)]
    heights = [0.0] * columns
    for note in shown:
        index = heights.index(min(heights))
        card = natural_card_height(canvas, note, width, styles, sentences)
        stacks[index].append((note, card))
        heights[index] += card + (gap if len(stacks[index]) > 1 else 0.0)
    return stacks, max(heights)


def _column_cells(canvas: Canvas, shown: Sequence[Note], box: Box, gap: float, columns: int,
                  styles: CardStyles, sentences: int) -> list[Box]:
    width = (box.w - gap * (columns - 1)) / columns
    stacks, _ = _stacked(canvas, shown, width, columns, gap, styles, sentences)
    placed: dict[int, Box] = {}
    for index, stack in enumerate(stacks):
        spare = box.h - sum(h for _, h in stack) - gap * (len(stack) - 1)
        grown = [h + min(spare / len(stack), h * _STRETCH) for _, h in stack]
        between = (box.h - sum(grown)) / (len(stack) - 1) if len(stack) > 1 else gap
        y, x = box.y, box.x + index * (width + gap)
        for (note, _), height in zip(stack, grown, strict=True):
            placed[note.position] = Box(x, y, width, height)
            y += height + between
    return [placed[n.position] for n in shown]


def _fits(canvas: Canvas, shown: Sequence[Note], box: Box, gap: float, columns: int,
          styles: CardStyles) -> bool:
    """Whether every card, in `columns`, fits its headline and one sentence in `styles`."""
    rows = math.ceil(len(shown) / columns)
    width = min(canvas.u(_MAX_CARD), (box.w - gap * (columns - 1)) / columns)
    height = (box.h - gap * (rows - 1)) / rows
    if width < canvas.u(_NARROWEST):
        return False
    return all(natural_card_height(canvas, n, width, styles, 1, tags=False) <= height
               for n in shown)


def _grid(canvas: Canvas, shown: tuple[Note, ...], box: Box, gap: float, sentences: int,
          columns: int | None) -> Grid:
    cells = _narrowed(grid_cells(len(shown), box, gap, columns=columns), canvas.u(_MAX_CARD))
    styles = card_styles(canvas, min(cells, key=lambda c: c.w), shown, sentences, _SMALLEST)
    cells = _snug(canvas, shown, cells, box, gap, styles, sentences)
    return Grid(shown, cells, styles, sentences)


def _snug(canvas: Canvas, notes: Sequence[Note], cells: list[Box], box: Box, gap: float,
          styles: CardStyles, sentences: int) -> list[Box]:
    """The grid again with rows only as tall as the cards need, centred in the box, when
    a few memories would otherwise sit in tall, empty cards."""
    needed = max(natural_card_height(canvas, n, c.w, styles, sentences)
                 for n, c in zip(notes, cells, strict=True))
    rows = sorted({c.y for c in cells})
    height = needed * _SNUG_MARGIN
    if height >= cells[0].h:
        return cells
    total = height * len(rows) + gap * (len(rows) - 1)
    top = box.y + (box.h - total) / 2
    shift = {y: top + i * (height + gap) for i, y in enumerate(rows)}
    return [Box(c.x, shift[c.y], c.w, height) for c in cells]


def _narrowed(cells: list[Box], width: float) -> list[Box]:
    """Cells no wider than `width`, each centred where it was."""
    return [Box(c.x + (c.w - width) / 2, c.y, width, c.h) if c.w > width else c for c in cells]
