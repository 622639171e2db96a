"""Workflow: numbered steps in boxes, joined by arrows, in the order the memories were given."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.copy import draw_copy, lay_copy
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.digest import digest
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.typography import Style

__all__ = ["FlowPlan", "draw_workflow", "flow_grid", "plan_flow"]

_MIN_STEP = (19.0, 10.0)
"""Smallest step box, in units (width, height)."""
_MAX_STEP_W = 56.0
"""Widest step box, in units: a step reads badly in longer lines."""
_READABLE = 1.7
"""Smallest headline, in units: below it the flow shows fewer steps."""
_FEWEST = 4
"""Steps say a sentence each when as many as this still can; else headlines alone."""
_BADGE = 1.7
"""Radius of a step's number disc, in units."""


def flow_grid(count: int, box: Box, step_gap: float, min_w: float, min_h: float,
              across: bool) -> tuple[int, int]:
    """Columns and rows for `count` steps: as few rows (across) or columns (down) as fit."""
    max_cols = max(1, int((box.w + step_gap) // (min_w + step_gap)))
    max_rows = max(1, int((box.h + step_gap) // (min_h + step_gap)))
    if across:
        rows = min(max_rows, math.ceil(count / max_cols))
        return min(count, max_cols, math.ceil(count / rows)), rows
    cols = min(max_cols, math.ceil(count / max_rows))
    return cols, min(count, max_rows, math.ceil(count / cols))


@dataclass(frozen=True, slots=True)
class FlowPlan:
    steps: tuple[Note, ...]
    boxes: list[Box]
    styles: tuple[Style, Style]
    """Headline and body, shared by every step."""
    sentences: int
    """Sentences each step says: one when every step has room for one, else none."""
    grid: tuple[int, int]
    """Columns and rows."""
    across: bool
    gap: float


def draw_workflow(canvas: Canvas, design: Design, notes: Sequence[Note],
                  box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    plan = plan_flow(canvas, notes, box)
    turns = _wraps(len(plan.steps), *plan.grid, plan.across)
    for (a, b), wraps in zip(pairwise(plan.boxes), turns, strict=True):
        _arrow(canvas, a, b, wraps, plan.across, plan.gap)
    for index, (note, step) in enumerate(zip(plan.steps, plan.boxes, strict=True), start=1):
        _step(canvas, note, index, step, plan.styles, plan.sentences)
    return plan.steps


def plan_flow(canvas: Canvas, notes: Sequence[Note], box: Box) -> FlowPlan:
    """The first steps that fit, whole and readable (each with a sentence, if that still
    leaves a few), and their boxes: no wider than reads well, as tall as needed, the grid
    centred in `box`."""
    plan = _flow(canvas, notes, box)
    while len(plan.steps) > 1 and plan.styles[0].size < canvas.u(_READABLE):
        plan = _flow(canvas, notes[: len(plan.steps) - 1], box)
    if plan.sentences:
        return plan
    for count in range(len(plan.steps) - 1, _FEWEST - 1, -1):
        fewer = _flow(canvas, notes[:count], box)
        if fewer.sentences and fewer.styles[0].size >= canvas.u(_READABLE):
            return fewer
    return plan


def _flow(canvas: Canvas, notes: Sequence[Note], box: Box) -> FlowPlan:
    across = shape_of(canvas.image.width, canvas.image.height) not in ("portrait", "tall")
    gap = canvas.u(4.5)
    grid = flow_grid(len(notes), box, gap, canvas.u(_MIN_STEP[0]), canvas.u(_MIN_STEP[1]),
                     across)
    cols, rows = _roomier(canvas, len(notes), box, gap, grid) if across else grid
    steps = tuple(notes[: cols * rows])
    width = min(canvas.u(_MAX_STEP_W), (box.w - gap * (cols - 1)) / cols)
    if cols == 1 and not across:
        stacked = _column(canvas, steps, box, width, gap)
        if stacked:
            return stacked
    room = _room(box, (rows, gap), across)
    styles = _styles(canvas, width, steps, room, 1)
    sentences = 1 if all(_needed(canvas, n, width, styles, 1) <= room for n in steps) else 0
    styles = styles if sentences else _styles(canvas, width, steps, room, 0)
    height = min(room, max([_needed(canvas, n, width, styles, sentences) for n in steps]
                           + [canvas.u(_MIN_STEP[1])]))
    boxes = _step_boxes(len(steps), box, (cols, rows), (width, height), gap, across)
    return FlowPlan(steps, boxes, styles, sentences, (cols, rows), across, gap)


def _column(canvas: Canvas, steps: tuple[Note, ...], box: Box, width: float,
            gap: float) -> FlowPlan | None:
    """One step under another, each as tall as its words, written as large as lets them
    all fit (with a sentence each if they can); None if not even headlines fit."""
    for sentences in (1, 0):
        size = min(3.2, width / canvas.unit / 14)
        while size >= _READABLE:
            styles = _pair(canvas, size)
            heights = [max(canvas.u(_MIN_STEP[1]), _needed(canvas, n, width, styles, sentences))
                       for n in steps]
            if sum(heights) + gap * (len(steps) - 1) <= box.h and _whole(canvas, steps, width,
                                                                         styles):
                boxes = _stacked_boxes(box, width, heights, gap)
                return FlowPlan(steps, boxes, styles, sentences, (1, len(steps)), False, gap)
            size *= 0.92
    return None


def _whole(canvas: Canvas, steps: Sequence[Note], width: float,
           styles: tuple[Style, Style]) -> bool:
    free = Box(0, 0, _text_width(canvas, width), 1e6)
    return all(len(canvas.fixed(digest(n.content).headline, styles[0], free).lines) <= 3
               for n in steps)


def _stacked_boxes(box: Box, width: float, heights: list[float], gap: float) -> list[Box]:
    total = sum(heights) + gap * (len(heights) - 1)
    x, y = box.x + (box.w - width) / 2, box.y + (box.h - total) * 0.45
    boxes = []
    for height in heights:
        boxes.append(Box(x, y, width, height))
        y += height + gap
    return boxes


def _roomier(canvas: Canvas, count: int, box: Box, gap: float,
             grid: tuple[int, int]) -> tuple[int, int]:
    """Across the page, the grid with a row or two more when its steps can be written
    larger for it (a row of five small steps becomes three and two)."""
    best, best_score = grid, -math.inf
    for rows in range(grid[1], grid[1] + 3):
        cols = min(grid[0], math.ceil(count / rows))
        height = (box.h - gap * (rows - 1)) / rows / canvas.unit
        if cols * (rows - 1) >= count or height < _MIN_STEP[1]:
            break
        width = min(_MAX_STEP_W, (box.w - gap * (cols - 1)) / cols / canvas.unit)
        score = min(3.2, width / 14, (height - 4.2) / 6.9) - 0.3 * (rows - grid[1])
        if score > best_score:
            best, best_score = (cols, rows), score
    return best


def _room(box: Box, grid: tuple[int, float], across: bool) -> float:
    """The most a step may be tall: the height the rows leave, within a share of the
    page's width."""
    rows, gap = grid
    return min((box.h - gap * (rows - 1)) / rows, box.w * (0.9 if across else 0.45))


def _step_boxes(count: int, box: Box, grid: tuple[int, int], size: tuple[float, float],
                gap: float, across: bool) -> list[Box]:
    """The steps' boxes, the grid centred in `box`, in reading order (down the columns
    when not `across`)."""
    (cols, rows), (width, height) = grid, size
    grid_w, grid_h = width * cols + gap * (cols - 1), height * rows + gap * (rows - 1)
    top = box.y + (box.h - grid_h) * 0.45
    cells = [c for r in Box(box.x + (box.w - grid_w) / 2, top, grid_w, grid_h).rows(rows, gap)
             for c in r.columns(cols, gap)]
    if not across:
        cells = [cells[r * cols + c] for c in range(cols) for r in range(rows)]
    return cells[:count]


def _wraps(count: int, cols: int, rows: int, across: bool) -> list[bool]:
    """For each step after the first: whether the flow turns to a new row (or column)."""
    run = cols if across else rows
    return [(i % run) == 0 for i in range(1, count)]


def _arrow(canvas: Canvas, a: Box, b: Box, wraps: bool, across: bool, gap: float) -> None:
    colour, thickness = canvas.theme.muted, max(2.0, canvas.u(0.28))
    head = canvas.u(1.1)
    if not wraps and across:
        y = a.y + a.h / 2
        canvas.hline(a.right + canvas.u(0.8), b.x - canvas.u(0.8) - head, y, colour, thickness)
        _head(canvas, b.x - canvas.u(0.8), y, head, "right")
    elif not wraps:
        x = a.x + a.w / 2
        canvas.vline(x, a.bottom + canvas.u(0.8), b.y - canvas.u(0.8) - head, colour, thickness)
        _head(canvas, x, b.y - canvas.u(0.8), head, "down")
    elif across:
        _turn_down(canvas, a, b, colour, thickness, head)
    else:
        _turn_right(canvas, a, b, colour, thickness, head)


def _turn_down(canvas: Canvas, a: Box, b: Box, colour: tuple[int, int, int], thickness: float,
               head: float) -> None:
    middle = (a.bottom + b.y) / 2
    ax, bx = a.x + a.w / 2, b.x + b.w / 2
    canvas.vline(ax, a.bottom + canvas.u(0.8), middle + thickness / 2, colour, thickness)
    canvas.hline(bx - thickness / 2, ax + thickness / 2, middle, colour, thickness)
    canvas.vline(bx, middle - thickness / 2, b.y - canvas.u(0.8) - head, colour, thickness)
    _head(canvas, bx, b.y - canvas.u(0.8), head, "down")


def _turn_right(canvas: Canvas, a: Box, b: Box, colour: tuple[int, int, int], thickness: float,
                head: float) -> None:
    middle = (a.right + b.x) / 2
    ay, by = a.y + a.h / 2, b.y + b.h / 2
    canvas.hline(a.right + canvas.u(0.8), middle + thickness / 2, ay, colour, thickness)
    canvas.vline(middle, by - thickness / 2, ay + thickness / 2, colour, thickness)
    canvas.hline(middle - thickness / 2, b.x - canvas.u(0.8) - head, by, colour, thickness)
    _head(canvas, b.x - canvas.u(0.8), by, head, "right")


def _head(canvas: Canvas, x: float, y: float, size: float, direction: str) -> None:
    half = size * 0.62
    if direction == "right":
        points = [(x - size, y - half), (x, y), (x - size, y + half)]
    else:
        points = [(x - half, y - size), (x, y), (x + half, y - size)]
    canvas.polygon(points, canvas.theme.muted)


def _step(canvas: Canvas, note: Note, index: int, box: Box, styles: tuple[Style, Style],
          sentences: int) -> None:
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.2), theme.rule)
    inner = box.inset(canvas.u(2.0), canvas.u(1.8))
    radius = canvas.u(_BADGE)
    canvas.disc(inner.x + radius, inner.y + radius, radius, theme.accent)
    number = canvas.style("bold", 1.6)
    canvas.text(str(index), inner.x, inner.y + radius - number.line_height / 2, number,
                theme.on(theme.accent), "center", radius * 2)
    text = inner.left(radius * 2, canvas.u(1.4))[1]
    top = text.y + radius - styles[0].line_height / 2
    copy = lay_copy(canvas, note, styles, text.w, inner.bottom - top, sentences=1,
                    required=sentences)
    draw_copy(canvas, copy, Box(text.x, top, text.w, inner.bottom - top))


def _styles(canvas: Canvas, width: float, steps: Sequence[Note], room: float,
            sentences: int) -> tuple[Style, Style]:
    """Headline and body styles shared by every step, sized to the steps' width, and no
    larger than lets every headline fit in three lines and its step, with `sentences`,
    in `room`."""
    size = min(3.2, max(1.5, width / canvas.unit / 14))
    free = Box(0, 0, _text_width(canvas, width), 1e6)
    while size > 1.5 and any(
            len(canvas.fixed(digest(n.content).headline, _headline(canvas, size), free).lines) > 3
            or _needed(canvas, n, width, _pair(canvas, size), sentences) > room for n in steps):
        size *= 0.92
    return _pair(canvas, size)


def _pair(canvas: Canvas, size: float) -> tuple[Style, Style]:
    return _headline(canvas, size), canvas.style("regular", size * 0.78, spacing=1.35)


def _headline(canvas: Canvas, units: float) -> Style:
    return canvas.style("semibold", units, spacing=1.25)


def _needed(canvas: Canvas, note: Note, width: float, styles: tuple[Style, Style],
            sentences: int) -> float:
    """The height a step of `width` needs for its headline and `sentences`."""
    radius = canvas.u(_BADGE)
    copy = lay_copy(canvas, note, styles, _text_width(canvas, width), 1e6, sentences=sentences)
    text = radius - styles[0].line_height / 2 + copy.height
    return canvas.u(4.2) + max(radius * 2, text)


def _text_width(canvas: Canvas, width: float) -> float:
    """The width of a step's text: the step's less its padding, number disc and gap
    (as `_step` lays them out)."""
    return width - canvas.u(4.0) - canvas.u(_BADGE) * 2 - canvas.u(1.4)
