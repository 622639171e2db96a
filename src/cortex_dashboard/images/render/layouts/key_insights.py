"""Key insights: the three to five memories that matter most, as numbered cards."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import draw_empty, fit_meta
from cortex_dashboard.images.render.content import headline_and_body
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.layouts.infographic import EMPTY_TEXT
from cortex_dashboard.images.render.typography import Style

__all__ = ["choose_insights", "draw_key_insights"]

_BONUS = {"insight": 30, "decision": 20, "solution": 15, "warning": 10, "error": 5}


def choose_insights(notes: Sequence[Note], limit: int = 5) -> tuple[Note, ...]:
    """The most telling memories, most important first: insights and decisions weigh more."""
    ranked = sorted(notes, key=lambda n: (-(n.importance + _BONUS.get(n.type, 0)), n.position))
    return tuple(ranked[:limit])


def draw_key_insights(canvas: Canvas, design: Design, notes: Sequence[Note],
                      box: Box) -> tuple[Note, ...]:
    if not notes:
        draw_empty(canvas, box, EMPTY_TEXT)
        return ()
    shape = shape_of(canvas.image.width, canvas.image.height)
    chosen = choose_insights(notes, 4 if shape == "square" else 5)
    cells = _cells(len(chosen), box, canvas.u(1.8), shape)
    styles = _styles(canvas, cells[0])
    for rank, (note, cell) in enumerate(zip(chosen, cells, strict=True), start=1):
        _insight(canvas, note, rank, cell, styles, number=not design.from_prompt)
    return tuple(sorted(chosen, key=lambda n: n.position))


def _cells(count: int, box: Box, gap: float, shape: str) -> list[Box]:
    if shape in ("wide", "landscape"):
        return box.columns(count, gap)
    if shape in ("portrait", "tall") or count < 4:
        return box.rows(count, gap)
    top, bottom = box.rows(2, gap)
    return top.columns(2, gap) + bottom.columns(count - 2, gap)


def _styles(canvas: Canvas, cell: Box) -> tuple[Style, Style, Style]:
    """Numeral, headline and body styles for every card, sized so that a three-line
    headline fits the card."""
    side = cell.w / cell.h > 2.4
    width = (cell.w - canvas.u(9) if side else cell.w) / canvas.unit
    room = cell.h / canvas.unit - 4.8 - 2.6 - (0 if side else 5.8)
    headline = min(2.8, max(1.6, min(width / 11, room / 3.7)))
    return (canvas.style("bold", 4.4, spacing=1.0),
            canvas.style("bold", headline, spacing=1.2),
            canvas.style("regular", min(1.9, headline * 0.72), spacing=1.4))


def _insight(canvas: Canvas, note: Note, rank: int, box: Box, styles: tuple[Style, Style, Style],
             *, number: bool) -> None:
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.3), theme.rule)
    inner = box.inset(canvas.u(2.6), canvas.u(2.4))
    numeral = styles[0]
    canvas.text(f"{rank:02d}", inner.x, inner.y, numeral, theme.accent)
    if box.w / box.h > 2.4:
        inner = inner.left(canvas.u(9))[1]
    else:
        inner = inner.top(numeral.line_height, canvas.u(1.4))[1]
    _insight_text(canvas, note, inner, styles, number)


def _insight_text(canvas: Canvas, note: Note, box: Box, styles: tuple[Style, Style, Style],
                  number: bool) -> None:
    theme = canvas.theme
    small = canvas.style("semibold", 1.45)
    meta_box, text_box = box.bottom_part(small.line_height, canvas.u(1.2))
    headline, body = headline_and_body(note.content)
    y = canvas.block(canvas.fixed(headline, styles[1], text_box, 6), text_box, theme.ink)
    rest = Box(text_box.x, y + canvas.u(0.8), text_box.w, text_box.bottom - y - canvas.u(0.8))
    if body and rest.h > 0:
        canvas.block(canvas.fixed(body, styles[2], rest), rest, theme.muted)
    line = fit_meta(canvas, note, small, meta_box.w, f"  ·  #{note.position}" if number else "")
    canvas.text(line, meta_box.x, meta_box.y, small, theme.type_text(note.type))
