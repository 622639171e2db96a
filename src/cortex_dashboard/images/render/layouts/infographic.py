"""Infographic (and custom): one card per memory in a grid shaped for the page."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import (
    CardStyles,
    card_styles,
    draw_memory_card,
    grid_capacity,
    grid_cells,
    natural_card_height,
)
from cortex_dashboard.images.render.content import pick
from cortex_dashboard.images.render.design import Design, Note

__all__ = ["draw_infographic"]

_MAX_CARD = 84.0
"""Widest card, in units: a lone card does not stretch across a wide page."""
_SNUG_MARGIN = 1.15
"""Cards keep this much more height than their text needs when there is room to spare."""

def draw_infographic(canvas: Canvas, design: Design, notes: Sequence[Note],
                     box: Box) -> tuple[Note, ...]:
    gap = canvas.u(1.6)
    if not notes:
        return ()
    shown = pick(notes, grid_capacity(canvas, box, 21, 14, gap))
    cells = _narrowed(grid_cells(len(shown), box, gap), canvas.u(_MAX_CARD))
    styles = card_styles(canvas, min(cells, key=lambda c: c.w), shown)
    cells = _snug(canvas, shown, cells, box, gap, styles)
    for note, cell in zip(shown, cells, strict=True):
        draw_memory_card(canvas, note, cell, styles, number=not design.from_prompt)
    return shown


def _snug(canvas: Canvas, notes: Sequence[Note], cells: list[Box], box: Box, gap: float,
          styles: CardStyles) -> list[Box]:
    """The grid again with rows only as tall as the cards need, centred in the box, when
    a few memories would otherwise sit in tall, empty cards."""
    needed = max(natural_card_height(canvas, n, c.w, styles) for n, c in zip(notes, cells,
                                                                             strict=True))
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
