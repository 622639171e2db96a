"""Timeline down the page (portrait and story shapes): events in date order, each card as
tall as its words, stacked to fill the page, joined to an axis on the left whose month
marks are placed between the events' dates. Memories without a date come last, after a
"No date" mark, on a dashed stretch of the axis.

The cards are evenly spaced rather than placed in proportion to time: in proportion, a
few memories months apart leave most of a tall page empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import note_date, pick
from cortex_dashboard.images.render.copy import sentences_for
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.layouts.events import (
    EventStyles,
    draw_event,
    event_dot,
    event_height,
    event_styles,
)
from cortex_dashboard.images.render.layouts.timeline_axis import (
    date_order,
    month_ticks,
    position_of,
)

__all__ = ["DownPlan", "draw_timeline_down", "plan_down"]

_GUTTER = 10.0
"""Units left of the axis, for month marks."""
_SCALES = (1.6, 1.4, 1.2, 1.0)
_FEWEST = 4
_MAX_EXTRA_GAP = 4.0


@dataclass(frozen=True, slots=True)
class DownPlan:
    events: tuple[Note, ...]
    """In date order, undated last."""
    cards: list[Box]
    styles: EventStyles
    sentences: int


def draw_timeline_down(canvas: Canvas, design: Design, notes: Sequence[Note],
                       box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    plan = plan_down(canvas, design, notes, box)
    axis_x = box.x + canvas.u(_GUTTER)
    dots = [_dot_y(canvas, card, plan.styles) for card in plan.cards]
    _axis(canvas, plan, axis_x, dots, box)
    for note, card, y in zip(plan.events, plan.cards, dots, strict=True):
        canvas.hline(axis_x, card.x, y, canvas.theme.type_colour(note.type),
                     max(1.0, canvas.u(0.18)))
        draw_event(canvas, note, card, plan.styles, plan.sentences)
        event_dot(canvas, note, axis_x, y)
    return tuple(sorted(plan.events, key=lambda n: n.position))


def plan_down(canvas: Canvas, design: Design, notes: Sequence[Note], box: Box) -> DownPlan:
    """The most events that each fit a headline and a sentence, written as large as lets
    them fill the page; the most headlines alone when not even a few fit a sentence."""
    gap = canvas.u(1.2)
    width = box.right - box.x - canvas.u(_GUTTER + 4)
    most = min(len(notes), max(1, int((box.h + gap) // (canvas.u(7.5) + gap))))
    wanted = sentences_for(design, 2 if most <= 4 else 1)
    counts = [(c, wanted) for c in range(most, min(most, _FEWEST) - 1, -1)]
    for count, sentences in [*counts, *((c, 0) for c in range(most, 0, -1))]:
        events = date_order(pick(notes, count))
        found = _sized(canvas, events, width, box.h, gap, sentences)
        if found:
            styles, heights = found
            return DownPlan(events, _stack(canvas, heights, box, gap), styles, sentences)
    events = date_order(pick(notes, 1))
    styles = event_styles(canvas, 1.0)
    return DownPlan(events, _stack(canvas, [box.h], box, gap), styles, 0)


def _sized(canvas: Canvas, events: Sequence[Note], width: float, height: float, gap: float,
           sentences: int) -> tuple[EventStyles, list[float]] | None:
    """The largest text whose cards, stacked, fit `height`; None if not even normal text."""
    largest = 1.6 if len(events) <= 2 else 1.4 if len(events) <= 4 else 1.2
    for scale in (s for s in _SCALES if s <= largest):
        styles = event_styles(canvas, scale)
        heights = [event_height(canvas, n, width, styles, sentences) for n in events]
        if sum(heights) + gap * (len(events) - 1) <= height:
            return styles, heights
    return None


def _stack(canvas: Canvas, heights: list[float], box: Box, gap: float) -> list[Box]:
    """The cards from the top, the spare height spread between them (up to a limit) and
    the rest split above and below."""
    x = box.x + canvas.u(_GUTTER + 4)
    spare = box.h - sum(heights) - gap * (len(heights) - 1)
    extra = min(canvas.u(_MAX_EXTRA_GAP), spare / (len(heights) - 1)) if len(heights) > 1 else 0
    y = box.y + (spare - extra * (len(heights) - 1)) * 0.4
    cards = []
    for height in heights:
        cards.append(Box(x, y, box.right - x, height))
        y += height + gap + extra
    return cards


def _dot_y(canvas: Canvas, card: Box, styles: EventStyles) -> float:
    """Level with the card's date line."""
    return card.y + canvas.u(1.5) + styles.date.line_height / 2


def _axis(canvas: Canvas, plan: DownPlan, x: float, dots: list[float], box: Box) -> None:
    theme, thickness = canvas.theme, max(2.0, canvas.u(0.3))
    dated = [(day, y) for day, y in ((note_date(n), y) for n, y in zip(plan.events, dots,
                                                                       strict=True)) if day]
    end = dots[len(dated)] - canvas.u(2.5) if len(dated) < len(dots) else box.bottom
    top = min(box.y, dots[0])
    canvas.vline(x, top, end if dated else top, theme.muted, thickness)
    if len(dated) < len(dots):
        _dashes(canvas, x, max(top, end), box.bottom, thickness)
        _label(canvas, "No date", x, dots[len(dated)], box)
    placed: list[float] = []
    for day, text in month_ticks(dated[0][0], dated[-1][0]) if len(dated) > 1 else []:
        y = position_of(day, dated)
        if y is not None and all(abs(y - p) >= canvas.style("semibold", 1.3).line_height
                                 for p in placed):
            canvas.hline(x - canvas.u(0.7), x + canvas.u(0.7), y, theme.muted, thickness)
            _label(canvas, text, x, y, box)
            placed.append(y)


def _label(canvas: Canvas, text: str, x: float, y: float, box: Box) -> None:
    style = canvas.style("semibold", 1.3)
    canvas.text(text, box.x, y - style.line_height / 2, style, canvas.theme.muted, "right",
                x - box.x - canvas.u(2.2))


def _dashes(canvas: Canvas, x: float, y0: float, y1: float, thickness: float) -> None:
    dash, y = canvas.u(1.0), y0
    while y < y1:
        canvas.vline(x, y, min(y + dash, y1), canvas.theme.muted, thickness)
        y += dash * 2
