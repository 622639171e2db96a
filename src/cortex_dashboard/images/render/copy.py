"""A memory's words laid out in a box: its headline whole, then as many of its chosen
sentences as fit whole. Nothing is cut mid-sentence; what did not fit is recorded on the
canvas when drawn, so the reply can say so."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.themes import RGB
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["Copy", "draw_copy", "lay_copy", "sentences_for"]

_EXTRA_HEADLINE_LINES = 2
"""A headline may take this many lines more than planned (room allowing, the sentences
giving way first) before it is made smaller."""
_SMALLEST_HEADLINE = 0.7
"""…and be made this much smaller before a last resort cuts it after a whole word."""


@dataclass(frozen=True, slots=True)
class Copy:
    """A note's headline and body, wrapped, and how many sentences were wanted and fit."""

    note: Note
    headline: Block
    body: Block | None
    gap: float
    wanted: int
    shown: int
    shrunk: bool = False
    """The headline had to be set smaller than asked to fit."""

    @property
    def height(self) -> float:
        return self.headline.height + (self.gap + self.body.height if self.body else 0.0)


def sentences_for(design: Design, most: int = 2) -> int:
    """How many sentences a card says: `most`, or one when the design is brief."""
    return min(most, 1) if design.emphasis == "brief" else most


def lay_copy(canvas: Canvas, note: Note, styles: tuple[Style, Style], width: float,
             height: float, *, sentences: int, head_lines: int = 3, body_lines: int = 0,
             gap: float | None = None, suffix: str = "", required: int | None = None) -> Copy:
    """The headline in at most `head_lines` lines (a little more before it shrinks), then
    up to `sentences` whole sentences that fit `height`, the most telling first: one
    that does not fit gives way to the next that does. Fewer than `required` (all of
    them unless said) counts as text that did not fit."""
    gap = canvas.u(0.5) if gap is None else gap
    said = digest(note.content)
    headline = _headline(canvas, said.headline + suffix, styles[0], width, height, head_lines)
    wanted = min(sentences if required is None else required, said.count)
    room = height - headline.height - gap
    chosen: list[int] = []
    body: Block | None = None
    for rank in range(said.count):
        if len(chosen) == sentences:
            break
        trial = canvas.fixed(said.joined([*chosen, rank]), styles[1], Box(0, 0, width, 1e6))
        if trial.height <= room and (not body_lines or len(trial.lines) <= body_lines):
            chosen, body = [*chosen, rank], trial
    shrunk = headline.style.size < styles[0].size
    return Copy(note, headline, body, gap, wanted, len(chosen), shrunk)


def _headline(canvas: Canvas, text: str, style: Style, width: float, height: float,
              lines: int) -> Block:
    free = Box(0, 0, width, 1e6)
    block = canvas.fixed(text, style, free)
    if len(block.lines) <= lines or (block.height <= height and len(block.lines) <= (
            lines + _EXTRA_HEADLINE_LINES)):
        return block
    smallest = max(1, round(style.size * _SMALLEST_HEADLINE))
    room = Box(0, 0, width, max(height, style.line_height * lines))
    return canvas.fit(text, style, room, smallest / canvas.unit, max_lines=lines + 1)


def draw_copy(canvas: Canvas, copy: Copy, box: Box, colours: tuple[RGB, RGB] | None = None,
              align: str = "left") -> float:
    """Draws the copy from the top of `box`, records what did not fit; returns the y below."""
    ink, muted = colours or (canvas.theme.ink, canvas.theme.muted)
    y = canvas.block(copy.headline, Box(box.x, box.y, box.w, copy.headline.height), ink, align)
    if copy.body:
        y = canvas.block(copy.body, Box(box.x, y + copy.gap, box.w, copy.body.height), muted,
                         align)
    canvas.record_fit(copy.note.position, copy.wanted, copy.shown, copy.headline.truncated)
    return y
