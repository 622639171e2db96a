"""Timeline: memories as points on a time axis, with their cards spread so none overlap.

Across the page on landscape and wide pages (cards above and below the axis), down the
page on portrait and tall ones (months on the left, cards on the right). Memories
without a date follow the dated ones on a dashed stretch marked "No date".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import format_date, headline_and_body, note_date, pick
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.layouts.spread import spread
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["Axis", "draw_timeline", "place_on_axis"]

IMPORTANT = 80.0


@dataclass(frozen=True, slots=True)
class Axis:
    """Where each note sits along the axis (0 to 1), and month ticks on the dated part."""

    places: tuple[tuple[Note, float], ...]
    ticks: tuple[tuple[float, str], ...]
    dated_end: float
    """Where the dated part of the axis ends (1.0 when every note has a date)."""


def place_on_axis(notes: Sequence[Note]) -> Axis:
    dated = sorted((n for n in notes if note_date(n)), key=lambda n: (note_date(n), n.position))
    undated = [n for n in notes if not note_date(n)]
    if not dated:
        return Axis(tuple(_even(undated, 0.0, 1.0)), (), 0.0)
    end = 1.0 if not undated else max(0.6, len(dated) / len(notes))
    first, last = note_date(dated[0]), note_date(dated[-1])
    assert first and last
    span = (last - first).days
    places = [(n, _fraction(note_date(n), first, span, i, len(dated)) * end)
              for i, n in enumerate(dated)]
    places += _even(undated, end + 0.06, 1.0) if undated else []
    ticks = tuple((_fraction(day, first, span, 0, 1) * end, text)
                  for day, text in _month_ticks(first, last)) if span else ()
    return Axis(tuple(places), ticks, end)


def _fraction(day: date | None, first: date, span: int, index: int, count: int) -> float:
    if span <= 0 or day is None:
        return 0.5 if count == 1 else index / (count - 1)
    return (day - first).days / span


def _even(notes: Sequence[Note], start: float, end: float) -> list[tuple[Note, float]]:
    if len(notes) == 1:
        return [(notes[0], (start + end) / 2)]
    step = (end - start) / max(len(notes) - 1, 1)
    return [(n, start + i * step) for i, n in enumerate(notes)]


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 9 else 3 if months <= 30 else 12
    ticks, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first:
            text = f"{day:%b} {year}" if month == 1 or not ticks else f"{day:%b}"
            ticks.append((day, text if step < 12 else str(year)))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks


def draw_timeline(canvas: Canvas, design: Design, notes: Sequence[Note],
                  box: Box) -> tuple[Note, ...]:
    if shape_of(canvas.image.width, canvas.image.height) in ("portrait", "tall"):
        return _vertical(canvas, notes, box)
    return _horizontal(canvas, notes, box)


def _horizontal(canvas: Canvas, notes: Sequence[Note], box: Box) -> tuple[Note, ...]:
    gap = canvas.u(1.4)
    per_row = max(1, int((box.w + gap) // (canvas.u(19) + gap)))
    shown = pick(notes, per_row * 2)
    if not shown:
        return ()
    per_row = math.ceil(len(shown) / 2)
    scale = _scale(len(shown))
    card_w = min(canvas.u(30 * scale), (box.w - gap * (per_row - 1)) / per_row)
    axis = place_on_axis(shown)
    axis_y = box.y + box.h / 2
    left, right = box.x + card_w / 2, box.right - card_w / 2
    _axis_line(canvas, axis, left, right, axis_y, box)
    stem = canvas.u(3.4)
    card_h = box.h / 2 - stem
    for row in (0, 1):
        items = [(n, left + t * (right - left)) for i, (n, t) in enumerate(axis.places)
                 if i % 2 == row]
        starts = spread([x - card_w / 2 for _, x in items], card_w, gap, box.x, box.right)
        for (note, x), start in zip(items, starts, strict=True):
            card_y = box.y if row == 0 else axis_y + stem
            card = Box(start, card_y, card_w, card_h)
            _connector(canvas, note, x, axis_y, card, row == 0)
            _event_card(canvas, note, card, "bottom" if row == 0 else "top", scale)
    for note, t in axis.places:
        _dot(canvas, note, left + t * (right - left), axis_y)
    return tuple(sorted(shown, key=lambda n: n.position))


def _scale(count: int) -> float:
    """How much larger than normal the cards are written: a few get room to speak."""
    return 1.4 if count <= 2 else 1.2 if count <= 4 else 1.0


def _axis_line(canvas: Canvas, axis: Axis, left: float, right: float, y: float,
               box: Box) -> None:
    rule, thickness = canvas.theme.rule, max(2.0, canvas.u(0.3))
    end = left + axis.dated_end * (right - left)
    canvas.hline(box.x, end if axis.dated_end < 1 else box.right, y,
                 canvas.theme.muted if axis.places else rule, thickness)
    if axis.dated_end < 1:
        _dashes(canvas, end + canvas.u(1.5), box.right, y, thickness)
    dots = [(left + t * (right - left), i % 2 == 0, n.importance >= IMPORTANT)
            for i, (n, t) in enumerate(axis.places)]
    labels = _tick_places(axis, left, right)
    if axis.dated_end < 1:
        labels.append((end + canvas.u(1.5), "No date"))
    for x, text in labels:
        canvas.vline(x, y - canvas.u(0.7), y + canvas.u(0.7), canvas.theme.muted, thickness)
        _tick_label(canvas, text, x, y, dots)


def _tick_places(axis: Axis, left: float, right: float) -> list[tuple[float, str]]:
    return [(left + t * (right - left), text) for t, text in axis.ticks]


def _tick_label(canvas: Canvas, text: str, x: float, y: float,
                dots: list[tuple[float, bool, bool]]) -> None:
    """A tick's label beside it, below the axis or else above, where no dot, halo or
    connector is in the way; none when both sides are taken."""
    style = _tick_style(canvas)
    span = (x - canvas.u(0.6), x + canvas.u(1.4) + canvas.width(text, style))
    for below in (True, False):
        blocked = any(span[0] - (canvas.u(2) if big else canvas.u(1)) <= d
                      <= span[1] + (canvas.u(2) if big else canvas.u(1))
                      and (big or up != below) for d, up, big in dots)
        if not blocked:
            top = y + canvas.u(0.9) if below else y - canvas.u(0.9) - style.line_height
            canvas.text(text, x + canvas.u(0.6), top, style, canvas.theme.muted)
            return


def _dashes(canvas: Canvas, x0: float, x1: float, y: float, thickness: float) -> None:
    dash = canvas.u(1.0)
    x = x0
    while x < x1:
        canvas.hline(x, min(x + dash, x1), y, canvas.theme.muted, thickness)
        x += dash * 2


def _tick_style(canvas: Canvas) -> Style:
    return canvas.style("semibold", 1.25)


def _connector(canvas: Canvas, note: Note, x: float, axis_y: float, card: Box,
               above: bool) -> None:
    colour, thickness = canvas.theme.type_colour(note.type), max(1.0, canvas.u(0.18))
    inside = min(max(x, card.x + canvas.u(2)), card.right - canvas.u(2))
    edge = card.bottom if above else card.y
    bend = (edge + axis_y) / 2
    canvas.vline(inside, min(edge, bend), max(edge, bend), colour, thickness)
    canvas.hline(min(inside, x) - thickness / 2, max(inside, x) + thickness / 2, bend, colour,
                 thickness)
    canvas.vline(x, min(bend, axis_y), max(bend, axis_y), colour, thickness)


def _dot(canvas: Canvas, note: Note, x: float, y: float) -> None:
    colour = canvas.theme.type_colour(note.type)
    radius = canvas.u(1.0 if note.importance >= IMPORTANT else 0.7)
    if note.importance >= IMPORTANT:
        canvas.disc(x, y, radius * 1.9, canvas.theme.tint(colour, 0.3))
    canvas.disc(x, y, radius + canvas.u(0.25), canvas.theme.background)
    canvas.disc(x, y, radius, colour)


def _event_card(canvas: Canvas, note: Note, card: Box, pinned: str, scale: float) -> None:
    theme = canvas.theme
    pad = canvas.u(1.5)
    date_style = canvas.style("semibold", 1.4 * min(scale, 1.2))
    styles = (date_style, canvas.style("semibold", 1.75 * scale, spacing=1.25),
              canvas.style("regular", 1.45 * scale))
    blocks = _card_blocks(canvas, card.inset(pad), note, styles)
    used = date_style.line_height + sum(b.height + canvas.u(0.5) for b in blocks)
    height = min(card.h, used + 2 * pad)
    box = Box(card.x, card.bottom - height if pinned == "bottom" else card.y, card.w, height)
    canvas.card(box, theme.surface, canvas.u(1.0), theme.rule)
    if note.importance >= IMPORTANT:
        canvas.rect(Box(box.x, box.y, canvas.u(0.45), box.h).inset(0, canvas.u(1.0)),
                    theme.type_colour(note.type), canvas.u(0.2))
    _card_text(canvas, note, box.inset(pad), blocks, date_style)


def _card_blocks(canvas: Canvas, inner: Box, note: Note, styles: tuple[Style, Style, Style]
                 ) -> list[Block]:
    """The headline, and the body if there is room, wrapped to the card's width."""
    date_style, headline_style, body_style = styles
    headline, body = headline_and_body(note.content)
    room = Box(inner.x, inner.y, inner.w, inner.h - date_style.line_height - canvas.u(0.5))
    first = canvas.fixed(headline, headline_style, room, 3)
    rest = Box(room.x, room.y, room.w, room.h - first.height - canvas.u(0.5))
    second = canvas.fixed(body, body_style, rest, 4) if body and rest.h > 0 else None
    return [b for b in (first, second) if b is not None and b.lines]


def _card_text(canvas: Canvas, note: Note, inner: Box, blocks: list[Block],
               date_style: Style) -> None:
    day = note_date(note)
    when = format_date(day) if day else "No date"
    canvas.text(canvas.clip(when, date_style, inner.w), inner.x, inner.y, date_style,
                canvas.theme.type_text(note.type))
    y = inner.y + date_style.line_height + canvas.u(0.5)
    for block, colour in zip(blocks, (canvas.theme.ink, canvas.theme.muted), strict=False):
        y = canvas.block(block, Box(inner.x, y, inner.w, block.height), colour) + canvas.u(0.5)


def _vertical(canvas: Canvas, notes: Sequence[Note], box: Box) -> tuple[Note, ...]:
    gap = canvas.u(1.2)
    shown = pick(notes, max(1, int((box.h + gap) // (canvas.u(7.5) + gap))))
    if not shown:
        return ()
    gutter = canvas.u(10)
    axis_x = box.x + gutter
    cards = Box(axis_x + canvas.u(4), box.y, box.right - axis_x - canvas.u(4), box.h)
    scale = _scale(len(shown))
    card_h = min(canvas.u(16 * scale), (box.h - gap * (len(shown) - 1)) / len(shown))
    axis = place_on_axis(shown)
    top, bottom = box.y + card_h / 2, box.bottom - card_h / 2
    _vertical_axis(canvas, axis, axis_x, top, bottom, box)
    ys = [top + t * (bottom - top) for _, t in axis.places]
    starts = spread([y - card_h / 2 for y in ys], card_h, gap, box.y, box.bottom)
    for (note, _), y, start in zip(axis.places, ys, starts, strict=True):
        card = Box(cards.x, start, cards.w, card_h)
        _side_connector(canvas, note, axis_x, y, card)
        _event_card(canvas, note, card, "top", scale)
        _dot(canvas, note, axis_x, y)
    return tuple(sorted(shown, key=lambda n: n.position))


def _vertical_axis(canvas: Canvas, axis: Axis, x: float, top: float, bottom: float,
                   box: Box) -> None:
    thickness = max(2.0, canvas.u(0.3))
    end = top + axis.dated_end * (bottom - top)
    canvas.vline(x, box.y, end if axis.dated_end < 1 else box.bottom, canvas.theme.muted, thickness)
    style = canvas.style("semibold", 1.3)
    if axis.dated_end < 1:
        canvas.text("No date", box.x, end + canvas.u(1), style, canvas.theme.muted, "right",
                    x - box.x - canvas.u(1.5))
    for t, text in axis.ticks:
        y = top + t * (bottom - top)
        canvas.hline(x - canvas.u(0.7), x + canvas.u(0.7), y, canvas.theme.muted, thickness)
        canvas.text(text, box.x, y - style.line_height / 2, style, canvas.theme.muted, "right",
                    x - box.x - canvas.u(2.6))


def _side_connector(canvas: Canvas, note: Note, x: float, y: float, card: Box) -> None:
    colour, thickness = canvas.theme.type_colour(note.type), max(1.0, canvas.u(0.18))
    inside = min(max(y, card.y + canvas.u(1.5)), card.bottom - canvas.u(1.5))
    bend = (x + card.x) / 2
    canvas.hline(x, bend, y, colour, thickness)
    canvas.vline(bend, min(y, inside) - thickness / 2, max(y, inside) + thickness / 2, colour,
                 thickness)
    canvas.hline(bend, card.x, inside, colour, thickness)

