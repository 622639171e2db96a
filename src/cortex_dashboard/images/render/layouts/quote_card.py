"""Quote card: one memory, large, as a quotation with a small attribution line."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import meta
from cortex_dashboard.images.render.content import choose_quote
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.digest import sentences, whole_sentences
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["choose_quote", "draw_quote_card"]

QUOTE_CHARS = 420


def draw_quote_card(canvas: Canvas, design: Design, notes: Sequence[Note],
                    box: Box) -> tuple[Note, ...]:
    note = choose_quote(notes)
    if note is None:
        return ()
    wide = shape_of(canvas.image.width, canvas.image.height) in ("wide", "landscape")
    canvas.card(box, canvas.theme.surface, canvas.u(1.6), canvas.theme.rule)
    inner = box.inset(canvas.u(5.5 if wide else 4.5), canvas.u(4.5))
    mark = Box(inner.x, inner.y, canvas.u(12), canvas.u(9)) if wide else inner.top(canvas.u(9))[0]
    text_box = inner.left(mark.w)[1] if wide else inner.top(mark.h)[1]
    block, footer_h = _fit_quote(canvas, note, text_box)
    offset = max(0.0, (text_box.h - (block.height + footer_h)) / 2)
    mark_top = text_box.y + offset - (canvas.u(1) if wide else mark.h)
    _quote_mark(canvas, Box(mark.x, max(inner.y, mark_top), mark.w, mark.h))
    body = Box(text_box.x, text_box.y + offset, text_box.w, text_box.h - offset)
    _quote(canvas, note, block, body, number=not design.from_prompt)
    return (note,)


def _quote_mark(canvas: Canvas, box: Box) -> None:
    style = canvas.style("bold", 16, spacing=1.0)
    colour = canvas.theme.tint(canvas.theme.accent, 0.55)
    canvas.text("“", box.x - canvas.u(0.6), box.y - canvas.u(2.6), style, colour)


def _attribution_styles(canvas: Canvas) -> tuple[Style, Style]:
    """The attribution line and the tags line below it."""
    return canvas.style("semibold", 1.8), canvas.style("regular", 1.5)


def _fit_quote(canvas: Canvas, note: Note, box: Box) -> tuple[Block, float]:
    """The quotation, its whole sentences as large as they fit in `box` above the
    attribution (the last ones left out, and recorded, when even the smallest size is
    too large), and the height the attribution takes."""
    by, tags = _attribution_styles(canvas)
    footer_h = canvas.u(4.6) + by.line_height + (tags.line_height if note.tags else 0)
    said = sentences(whole_sentences(note.content, QUOTE_CHARS))
    style = canvas.style("semibold", 5.0, spacing=1.28)
    room = Box(box.x, box.y, box.w, box.h - footer_h)
    for count in range(len(said), 0, -1):
        block = canvas.fit(" ".join(said[:count]), style, room, 2.0)
        if not block.truncated or count == 1:
            canvas.record_fit(note.position, len(said), count, block.truncated)
            return block, footer_h
    return canvas.fit(note.content, style, room, 2.0), footer_h


def _quote(canvas: Canvas, note: Note, block: Block, box: Box, *, number: bool) -> None:
    """Draws the quotation and its attribution from the top of `box`."""
    theme = canvas.theme
    by, tags = _attribution_styles(canvas)
    y = canvas.block(block, box, theme.ink) + canvas.u(2.6)
    canvas.rect(Box(box.x, y, canvas.u(5), canvas.u(0.45)), theme.accent)
    line = "— " + meta(note) + (f"  ·  memory #{note.position}" if number else "")
    y += canvas.u(2.0)
    canvas.text(canvas.clip(line, by, box.w), box.x, y, by, theme.type_text(note.type))
    if note.tags:
        text_tags = canvas.clip("  ".join(f"#{t}" for t in note.tags), tags, box.w)
        canvas.text(text_tags, box.x, y + by.line_height, tags, theme.muted)
