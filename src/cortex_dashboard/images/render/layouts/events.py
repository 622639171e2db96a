"""A timeline's event card: the date, the headline and its whole sentences, an accent bar
for the important ones. Shared by the timeline across the page and down it."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import format_date, note_date
from cortex_dashboard.images.render.copy import Copy, draw_copy, lay_copy
from cortex_dashboard.images.render.design import Note
from cortex_dashboard.images.render.typography import Style

__all__ = [
    "IMPORTANT", "EventStyles", "draw_event", "event_dot", "event_fits", "event_height",
    "event_styles",
]

IMPORTANT = 80.0
"""Memories at least this important get a larger dot and an accent bar."""
_PAD = 1.5


@dataclass(frozen=True, slots=True)
class EventStyles:
    date: Style
    headline: Style
    body: Style


def event_styles(canvas: Canvas, scale: float) -> EventStyles:
    """Text sizes `scale` times the normal: a few events get room to speak."""
    return EventStyles(canvas.style("semibold", 1.4 * min(scale, 1.2)),
                       canvas.style("semibold", 1.75 * scale, spacing=1.25),
                       canvas.style("regular", 1.45 * scale, spacing=1.38))


def _copy(canvas: Canvas, note: Note, width: float, height: float, styles: EventStyles,
          sentences: int) -> Copy:
    inner_w = width - 2 * canvas.u(_PAD)
    room = height - 2 * canvas.u(_PAD) - styles.date.line_height - canvas.u(0.5)
    return lay_copy(canvas, note, (styles.headline, styles.body), inner_w, room,
                    sentences=sentences)


def event_height(canvas: Canvas, note: Note, width: float, styles: EventStyles,
                 sentences: int) -> float:
    """The height a card of `width` needs for its date, whole headline (three lines at
    most) and `sentences`; infinite when its headline needs more than three lines."""
    copy = _copy(canvas, note, width, 1e6, styles, sentences)
    if len(copy.headline.lines) > 3 or copy.shrunk:
        return float("inf")
    return 2 * canvas.u(_PAD) + styles.date.line_height + canvas.u(0.5) + copy.height


def event_fits(canvas: Canvas, note: Note, card: Box, styles: EventStyles,
               sentences: int) -> bool:
    """Whether a card of this size fits the date, a whole headline in three lines and
    `sentences` of the memory's sentences (the shorter ones if the best do not fit)."""
    copy = _copy(canvas, note, card.w, card.h, styles, sentences)
    used = 2 * canvas.u(_PAD) + styles.date.line_height + canvas.u(0.5) + copy.height
    return (len(copy.headline.lines) <= 3 and not copy.shrunk and copy.shown >= copy.wanted
            and used <= card.h)


def draw_event(canvas: Canvas, note: Note, card: Box, styles: EventStyles, sentences: int,
               pinned: str = "top") -> Box:
    """The card, as tall as its words (at most `card`'s height), pinned to the top or the
    bottom of `card`; returns where it was drawn."""
    theme = canvas.theme
    copy = _copy(canvas, note, card.w, card.h, styles, sentences)
    used = 2 * canvas.u(_PAD) + styles.date.line_height + canvas.u(0.5) + copy.height
    height = min(card.h, used)
    box = Box(card.x, card.bottom - height if pinned == "bottom" else card.y, card.w, height)
    canvas.card(box, theme.surface, canvas.u(1.0), theme.rule)
    if note.importance >= IMPORTANT:
        canvas.rect(Box(box.x, box.y, canvas.u(0.45), box.h).inset(0, canvas.u(1.0)),
                    theme.type_colour(note.type), canvas.u(0.2))
    inner = box.inset(canvas.u(_PAD))
    day = note_date(note)
    when = format_date(day) if day else "No date"
    canvas.text(canvas.clip(when, styles.date, inner.w), inner.x, inner.y, styles.date,
                theme.type_text(note.type))
    top = inner.y + styles.date.line_height + canvas.u(0.5)
    draw_copy(canvas, copy, Box(inner.x, top, inner.w, inner.bottom - top))
    return box


def event_dot(canvas: Canvas, note: Note, x: float, y: float) -> None:
    """The event's dot on the axis, in its type's colour, haloed when important."""
    colour = canvas.theme.type_colour(note.type)
    radius = canvas.u(1.0 if note.importance >= IMPORTANT else 0.7)
    if note.importance >= IMPORTANT:
        canvas.disc(x, y, radius * 1.9, canvas.theme.tint(colour, 0.3))
    canvas.disc(x, y, radius + canvas.u(0.25), canvas.theme.background)
    canvas.disc(x, y, radius, colour)
