"""Key insights: the three to five memories that matter most, as numbered cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import fit_meta
from cortex_dashboard.images.render.copy import draw_copy, lay_copy, sentences_for
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.typography import Style

__all__ = ["InsightPlan", "choose_insights", "draw_key_insights", "plan_insights"]

_BONUS = {"insight": 30, "decision": 20, "solution": 15, "warning": 10, "error": 5}


def choose_insights(notes: Sequence[Note], limit: int = 5) -> tuple[Note, ...]:
    """The most telling memories, most important first: insights and decisions weigh more."""
    ranked = sorted(notes, key=lambda n: (-(n.importance + _BONUS.get(n.type, 0)), n.position))
    return tuple(ranked[:limit])


@dataclass(frozen=True, slots=True)
class InsightStyles:
    """One set of sizes for every card, so the cards read as a set."""

    numeral: Style
    headline: Style
    body: Style
    side: bool
    """The numeral sits left of the text (in wide, low cards), not above it."""


@dataclass(frozen=True, slots=True)
class InsightPlan:
    chosen: tuple[Note, ...]
    """The insights, most telling first."""
    cells: list[Box]
    styles: InsightStyles
    sentences: int = 2


def draw_key_insights(canvas: Canvas, design: Design, notes: Sequence[Note],
                      box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    plan = plan_insights(canvas, notes, box, sentences_for(design))
    for rank, (note, cell) in enumerate(zip(plan.chosen, plan.cells, strict=True), start=1):
        _insight(canvas, note, rank, cell, plan, number=not design.from_prompt)
    return tuple(sorted(plan.chosen, key=lambda n: n.position))


def plan_insights(canvas: Canvas, notes: Sequence[Note], box: Box,
                  sentences: int = 2) -> InsightPlan:
    """The insights chosen and their cards: one set of sizes, cards as tall as needed."""
    shape = shape_of(canvas.image.width, canvas.image.height)
    chosen = choose_insights(notes, 4 if shape == "square" else 5)
    gap = canvas.u(1.8)
    cells = _cells(len(chosen), box, gap, shape)
    if len({c.x for c in cells}) == 1:
        return _stacked(canvas, chosen, box, gap, sentences)
    styles = _styles(canvas, cells[0], chosen, sentences)
    cells = _snug(canvas, chosen, cells, box, gap, styles, shape, sentences)
    return InsightPlan(chosen, cells, styles, sentences)


def _stacked(canvas: Canvas, chosen: tuple[Note, ...], box: Box, gap: float,
             sentences: int) -> InsightPlan:
    """Cards one above another, each as tall as its words, written as large as lets
    them all fit the box (first with all their sentences, then with one each)."""
    side = box.w / (box.h / len(chosen)) > 2.4
    styles, heights = _styles_at(canvas, 1.9, side), [box.h / len(chosen)] * len(chosen)
    for said, smallest in dict.fromkeys(((sentences, 2.4), (1, 1.9))):
        headline = min(4.4, box.w / canvas.unit / 11)
        while headline >= smallest:
            styles = _styles_at(canvas, headline, side)
            heights = [_needed(canvas, n, box.w, styles, said) for n in chosen]
            if sum(heights) + gap * (len(chosen) - 1) <= box.h:
                return InsightPlan(chosen, _stack(box, heights, gap), styles, said)
            headline *= 0.92
    return InsightPlan(chosen, box.rows(len(chosen), gap), styles, 1)


def _stack(box: Box, heights: list[float], gap: float) -> list[Box]:
    """The cards from the top, spare height shared out among them (a little, so that they
    do not look empty), and what is left split above and below."""
    spare = box.h - sum(heights) - gap * (len(heights) - 1)
    grown = [h + min(spare / len(heights), h * 0.15) for h in heights]
    y = box.y + (box.h - sum(grown) - gap * (len(grown) - 1)) * 0.4
    cells = []
    for height in grown:
        cells.append(Box(box.x, y, box.w, height))
        y += height + gap
    return cells


def _cells(count: int, box: Box, gap: float, shape: str) -> list[Box]:
    if shape in ("wide", "landscape"):
        return box.columns(count, gap)
    if shape in ("portrait", "tall") or count < 4:
        return box.rows(count, gap)
    top, bottom = box.rows(2, gap)
    return top.columns(2, gap) + bottom.columns(count - 2, gap)


def _snug(canvas: Canvas, notes: Sequence[Note], cells: list[Box], box: Box, gap: float,
          styles: InsightStyles, shape: str, sentences: int) -> list[Box]:
    """The cells again, only as tall as the fullest card needs and centred in the box,
    when a few insights would otherwise sit in tall, mostly empty cards."""
    rows = len({c.y for c in cells})
    needed = max(_needed(canvas, n, c.w, styles, sentences)
                 for n, c in zip(notes, cells, strict=True))
    height = rows * needed + gap * (rows - 1)
    if needed >= cells[0].h:
        return cells
    top = box.y + (box.h - height) * 0.4
    return _cells(len(cells), Box(box.x, top, box.w, height), gap, shape)


def _styles(canvas: Canvas, cell: Box, notes: Sequence[Note] = (),
            sentences: int = 2) -> InsightStyles:
    """Sizes for cards of this size, so that a three-line headline fits; above 1.9 units,
    no larger than lets every card of `notes` show its `sentences` as well."""
    side = cell.w / cell.h > 2.4
    width = (cell.w - canvas.u(9) if side else cell.w) / canvas.unit
    room = cell.h / canvas.unit - 4.8 - 2.6 - (0 if side else 5.8)
    headline = min(4.4, max(1.6, min(width / 11, room / 3.7)))
    styles = _styles_at(canvas, headline, side)
    while headline > 1.9 and any(_needed(canvas, n, cell.w, styles, sentences) > cell.h
                                 for n in notes):
        headline *= 0.92
        styles = _styles_at(canvas, headline, side)
    return styles


def _styles_at(canvas: Canvas, headline: float, side: bool) -> InsightStyles:
    return InsightStyles(canvas.style("bold", 4.4, spacing=1.0),
                   canvas.style("bold", headline, spacing=1.2),
                   canvas.style("regular", min(2.6, headline * 0.74), spacing=1.4), side)


def _text_width(canvas: Canvas, width: float, styles: InsightStyles) -> float:
    return width - 2 * canvas.u(2.6) - (canvas.u(9) if styles.side else 0)


def _needed(canvas: Canvas, note: Note, width: float, styles: InsightStyles,
            sentences: int) -> float:
    """The height a card of `width` needs: numeral, headline, its sentences, meta."""
    copy = lay_copy(canvas, note, (styles.headline, styles.body),
                    _text_width(canvas, width, styles), 1e6, sentences=sentences,
                    head_lines=6, gap=canvas.u(0.8))
    text = copy.height + canvas.u(1.2) + _meta_style(canvas).line_height
    top = 0.0 if styles.side else styles.numeral.line_height + canvas.u(1.4)
    return 2 * canvas.u(2.4) + canvas.u(0.5) + max(top + text, styles.numeral.line_height)


def _meta_style(canvas: Canvas) -> Style:
    return canvas.style("semibold", 1.45)


def _insight(canvas: Canvas, note: Note, rank: int, box: Box, plan: InsightPlan, *,
             number: bool) -> None:
    theme, styles = canvas.theme, plan.styles
    canvas.card(box, theme.surface, canvas.u(1.3), theme.rule)
    inner = box.inset(canvas.u(2.6), canvas.u(2.4))
    canvas.text(f"{rank:02d}", inner.x, inner.y, styles.numeral, theme.accent)
    if styles.side:
        inner = inner.left(canvas.u(9))[1]
    else:
        inner = inner.top(styles.numeral.line_height, canvas.u(1.4))[1]
    small = _meta_style(canvas)
    meta_box, text_box = inner.bottom_part(small.line_height, canvas.u(1.2))
    copy = lay_copy(canvas, note, (styles.headline, styles.body), text_box.w, text_box.h,
                    sentences=plan.sentences, head_lines=6, gap=canvas.u(0.8))
    draw_copy(canvas, copy, text_box)
    line = fit_meta(canvas, note, small, meta_box.w, f"  ·  #{note.position}" if number else "")
    canvas.text(line, meta_box.x, meta_box.y, small, theme.type_text(note.type))
