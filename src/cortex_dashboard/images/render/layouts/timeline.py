"""Timeline: memories in date order along an axis, cards above and below it in turn.

Across the page on landscape and wide pages; down the page on portrait and tall ones
(`timeline_down`). Events are evenly spaced, not placed in proportion to time (which
crowds a busy month and leaves a quiet one empty); month marks fall between the events
in proportion to their dates. Memories without a date follow the dated ones on a dashed
stretch marked "No date".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import note_date, pick
from cortex_dashboard.images.render.copy import sentences_for
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.layouts.events import (
    IMPORTANT,
    EventStyles,
    draw_event,
    event_dot,
    event_fits,
    event_styles,
)
from cortex_dashboard.images.render.layouts.timeline_axis import (
    date_order,
    month_ticks,
    position_of,
)
from cortex_dashboard.images.render.layouts.timeline_down import draw_timeline_down
from cortex_dashboard.images.render.typography import Style

__all__ = ["draw_timeline", "event_centres"]

_FEWEST = 4
_WIDEST = 44.0
"""Widest event card, in units."""


def draw_timeline(canvas: Canvas, design: Design, notes: Sequence[Note],
                  box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    if shape_of(canvas.image.width, canvas.image.height) in ("portrait", "tall"):
        return draw_timeline_down(canvas, design, notes, box)
    return _across(canvas, design, notes, box)


def _across(canvas: Canvas, design: Design, notes: Sequence[Note],
            box: Box) -> tuple[Note, ...]:
    gap, stem = canvas.u(1.4), canvas.u(2.6)
    shown, styles, sentences = _choose(canvas, design, notes, box, gap, stem)
    events = date_order(shown)
    width = _card_width(canvas, len(events), box, gap)
    xs = event_centres(len(events), box, width)
    axis_y = box.y + box.h / 2
    _axis_line(canvas, events, xs, axis_y, box)
    for index, (note, x) in enumerate(zip(events, xs, strict=True)):
        above = index % 2 == 0
        card = Box(x - width / 2, box.y if above else axis_y + stem, width, box.h / 2 - stem)
        drawn = draw_event(canvas, note, card, styles, sentences, "bottom" if above else "top")
        top, bottom = (drawn.bottom, axis_y) if above else (axis_y, drawn.y)
        canvas.vline(x, top, bottom, canvas.theme.type_colour(note.type),
                     max(1.0, canvas.u(0.18)))
        event_dot(canvas, note, x, axis_y)
    return tuple(sorted(shown, key=lambda n: n.position))


def _choose(canvas: Canvas, design: Design, notes: Sequence[Note], box: Box, gap: float,
            stem: float) -> tuple[tuple[Note, ...], EventStyles, int]:
    """The most events whose cards each fit a headline and a sentence (written larger
    when they are few); the most that fit their headlines when not even a few do."""
    most = min(len(notes), 2 * max(1, int((box.w + gap) // (canvas.u(19) + gap))))
    height = box.h / 2 - stem
    wanted = sentences_for(design, 2 if most <= 4 else 1)
    tries = [(c, wanted) for c in range(most, min(most, _FEWEST) - 1, -1)]
    for count, sentences in [*tries, *((c, 0) for c in range(most, 0, -1))]:
        shown = pick(notes, count)
        card = Box(0, 0, _card_width(canvas, count, box, gap), height)
        for scale in dict.fromkeys((_scale(count), 1.0)):
            styles = event_styles(canvas, scale)
            if all(event_fits(canvas, n, card, styles, sentences) for n in shown):
                return shown, styles, sentences
    return pick(notes, 1), event_styles(canvas, 1.0), 0


def _card_width(canvas: Canvas, count: int, box: Box, gap: float) -> float:
    """As wide as lets each row's cards (every other event) sit side by side."""
    if count <= 1:
        return min(canvas.u(_WIDEST), box.w)
    return min(canvas.u(_WIDEST), (2 * box.w - gap * (count - 1)) / (count + 1))


def event_centres(count: int, box: Box, width: float) -> list[float]:
    """Evenly spaced centres, the outer cards touching the box's sides."""
    if count <= 1:
        return [box.x + box.w / 2]
    left, right = box.x + width / 2, box.right - width / 2
    return [left + (right - left) * i / (count - 1) for i in range(count)]


def _scale(count: int) -> float:
    """How much larger than normal the cards are written: a few get room to speak."""
    return 1.4 if count <= 2 else 1.2 if count <= 4 else 1.0


def _axis_line(canvas: Canvas, events: Sequence[Note], xs: list[float], y: float,
               box: Box) -> None:
    """The axis, dashed after the last dated event, with month marks between events."""
    theme, thickness = canvas.theme, max(2.0, canvas.u(0.3))
    dated = [(day, x) for day, x in ((note_date(n), x) for n, x in zip(events, xs, strict=True))
             if day]
    end = (xs[len(dated) - 1] + xs[len(dated)]) / 2 if 0 < len(dated) < len(xs) else box.right
    canvas.hline(box.x, end if dated else box.x, y, theme.muted, thickness)
    if len(dated) < len(xs):
        _dashes(canvas, end if dated else box.x, box.right, y, thickness)
    dots = [(x, i % 2 == 0, n.importance >= IMPORTANT) for i, (n, x) in enumerate(zip(
        events, xs, strict=True))]
    labels = [(x, text) for x, text in _ticks(dated)]
    if len(dated) < len(xs):
        labels.append((end if dated else box.x, "No date"))
    for x, text in labels:
        canvas.vline(x, y - canvas.u(0.7), y + canvas.u(0.7), theme.muted, thickness)
        _tick_label(canvas, text, x, y, dots)


def _ticks(dated: list[tuple[date, float]]) -> list[tuple[float, str]]:
    if len(dated) < 2:
        return []
    found = ((position_of(day, dated), text)
             for day, text in month_ticks(dated[0][0], dated[-1][0]))
    return [(x, text) for x, text in found if x is not None]


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

