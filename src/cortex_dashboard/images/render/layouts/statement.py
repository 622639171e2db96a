"""The page of a picture without memories: the prompt's words as a statement card.

Every preset draws this page when there are no memories to lay out: the prompt's first
sentence (or the title) large, its other sentences as points below, and a quiet line
saying that no memories were selected. With no words either, the card says how to start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.frame import draw_eyebrow, shape_of
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["BLANK_HEADLINE", "PROMPT_NOTE", "Statement", "draw_statement", "plan_statement"]

BLANK_HEADLINE = "Nothing to draw yet"
BLANK_HINT = ("Select memories in the list, or describe the picture in your prompt, then press "
              "Generate.")
PROMPT_NOTE = "Drawn from your prompt: no memories were selected"
_CARD_UNITS = 96.0
"""The card's widest: a statement reads badly in longer lines."""
_MIN_FILL = 0.8
"""The card fills at least this much of the page's height: it is the whole picture."""
_POINT_SIZES = (2.8, 2.5, 2.2, 1.95, 1.7, 1.5)


@dataclass(frozen=True, slots=True)
class Statement:
    """What the card says."""

    label: str
    headline: str
    points: tuple[str, ...]
    note: str
    sources: tuple[Note, ...] = ()
    """The notes the words come from: the headline's first when it is one, then the points'."""


def plan_statement(design: Design) -> Statement:
    """The label, headline, points and note for a design without memories to lay out; a
    first sentence too long for a headline gives it its first clause, the rest a point."""
    notes = design.visible
    words = tuple(n.content for n in notes)
    if design.title:
        return Statement("YOUR PROMPT", design.title, words, PROMPT_NOTE, notes)
    if notes:
        said = digest(words[0])
        rest = said.body(said.count)
        points = ((rest,) if rest else ()) + words[1:]
        lead = said.headline
        return Statement("YOUR PROMPT", lead, points, PROMPT_NOTE, notes)
    return Statement("NO MEMORIES SELECTED", BLANK_HEADLINE, (BLANK_HINT,), "")


@dataclass(frozen=True, slots=True)
class _Card:
    """The statement measured for a card of one width: blocks ready to draw."""

    headline: Block
    points: tuple[Block, ...]
    note: Block | None
    height: float


def draw_statement(canvas: Canvas, design: Design, notes: Sequence[Note],
                   page: Box) -> tuple[Note, ...]:
    statement = plan_statement(design)
    eyebrow_h = draw_eyebrow(canvas, design, page.x, page.y, page.w)
    area = page.top(eyebrow_h, canvas.u(2.4))[1]
    tall = shape_of(canvas.image.width, canvas.image.height) in ("portrait", "tall")
    pad_x, pad_y = canvas.u(4.0 if tall else 5.5), canvas.u(4.4)
    width = min(area.w, canvas.u(_CARD_UNITS))
    card = _measure(canvas, statement, width - 2 * pad_x, area.h - 2 * pad_y)
    height = min(area.h, max(card.height + 2 * pad_y, area.h * _MIN_FILL))
    box = Box(area.x + (area.w - width) / 2, area.y + (area.h - height) / 2, width, height)
    _draw_card(canvas, statement.label, card, box, box.inset(pad_x, pad_y))
    left_out = len(statement.points) - len(card.points)
    return statement.sources[: max(0, len(statement.sources) - left_out)]


def _label_style(canvas: Canvas) -> Style:
    return canvas.style("semibold", 1.45)


def _label_height(canvas: Canvas) -> float:
    return canvas.u(3.4)


def _measure(canvas: Canvas, statement: Statement, width: float, height: float) -> _Card:
    """The blocks of the card, the headline as large as it fits, then the points and note."""
    top = _label_height(canvas) + canvas.u(2.2)
    note = _note_block(canvas, statement.note, width)
    bottom = note.height + canvas.u(2.8) if note else 0.0
    rule = canvas.u(5.2) if statement.points or note else 0.0
    room = Box(0, 0, width, max(0.0, height - top - bottom - rule))
    style = canvas.style("bold", 7.2, title=True, spacing=1.14)
    share = 0.62 if statement.points else 1.0
    headline = canvas.fit(statement.headline, style, Box(0, 0, width, room.h * share), 2.6,
                          max_lines=5)
    points = _points(canvas, statement.points, width - canvas.u(2.4), room.h - headline.height)
    used = sum(p.height for p in points) + canvas.u(1.4) * max(0, len(points) - 1)
    return _Card(headline, points, note, top + headline.height + rule + used + bottom)


def _note_block(canvas: Canvas, text: str, width: float) -> Block | None:
    if not text:
        return None
    style = canvas.style("regular", 1.5)
    return canvas.fit(text, style, Box(0, 0, width - canvas.u(2.4), style.line_height * 2), 1.2)


def _points(canvas: Canvas, points: Sequence[str], width: float,
            height: float) -> tuple[Block, ...]:
    """Every point at the largest size where all fit; at the smallest, the first that fit."""
    blocks: tuple[Block, ...] = ()
    for size in _POINT_SIZES:
        style = canvas.style("regular", size, spacing=1.38)
        blocks = tuple(canvas.fixed(p, style, Box(0, 0, width, 1e6), 4) for p in points)
        if _points_height(canvas, blocks) <= height:
            return blocks
    kept: list[Block] = []
    for block in blocks:
        if _points_height(canvas, (*kept, block)) > height:
            break
        kept.append(block)
    return tuple(kept)


def _points_height(canvas: Canvas, blocks: Sequence[Block]) -> float:
    return sum(b.height for b in blocks) + canvas.u(1.4) * max(0, len(blocks) - 1)


def _draw_card(canvas: Canvas, label: str, card: _Card, box: Box, inner: Box) -> None:
    """The label at the top, the note at the bottom, the words centred between them."""
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.6), theme.rule)
    canvas.rect(Box(box.x, box.y + canvas.u(3), canvas.u(0.5), box.h - canvas.u(6)),
                theme.accent, canvas.u(0.25))
    _label(canvas, label, inner)
    top = inner.y + _label_height(canvas) + canvas.u(2.2)
    spare = inner.bottom - top - (card.height - _label_height(canvas) - canvas.u(2.2))
    y = top + max(0.0, spare) * 0.45
    y = canvas.block(card.headline, Box(inner.x, y, inner.w, card.headline.height), theme.ink)
    if card.points or card.note:
        canvas.rect(Box(inner.x, y + canvas.u(2.4), canvas.u(5), canvas.u(0.45)), theme.accent)
        y += canvas.u(5.2)
    for block in card.points:
        y = _point(canvas, block, inner.x, y, inner.w) + canvas.u(1.4)
    if card.note:
        _note(canvas, card.note, inner)


def _note(canvas: Canvas, note: Block, inner: Box) -> None:
    top = inner.bottom - note.height
    canvas.disc(inner.x + canvas.u(0.5), top + note.style.line_height / 2, canvas.u(0.45),
                canvas.theme.muted, ring=max(1.0, canvas.u(0.12)))
    canvas.block(note, Box(inner.x + canvas.u(2.4), top, inner.w, note.height), canvas.theme.muted)


def _label(canvas: Canvas, text: str, inner: Box) -> None:
    """A prompt mark in an accent disc, and the label beside it."""
    theme, radius = canvas.theme, _label_height(canvas) / 2
    canvas.disc(inner.x + radius, inner.y + radius, radius, theme.accent)
    canvas.mark("command", inner.x + radius, inner.y + radius, radius * 1.2, theme.on(theme.accent))
    style = _label_style(canvas)
    top = inner.y + radius - style.line_height / 2
    canvas.text(text, inner.x + radius * 2 + canvas.u(1.2), top, style, theme.accent)


def _point(canvas: Canvas, block: Block, x: float, y: float, width: float) -> float:
    colour = canvas.theme.tint(canvas.theme.accent, 0.7)
    canvas.disc(x + canvas.u(0.5), y + block.style.line_height / 2, canvas.u(0.45), colour)
    text = Box(x + canvas.u(2.4), y, width - canvas.u(2.4), block.height)
    return canvas.block(block, text, canvas.theme.ink)
