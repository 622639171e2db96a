"""Update sheet: a status report of what was done, decided, went wrong and comes next."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import format_date, headline_and_body, note_date
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.grouping import SECTIONS, section_of
from cortex_dashboard.images.render.themes import RGB, readable
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["draw_update_sheet"]

_MARKS = {"done": "done", "decided": "decision", "problems": "problem", "next": "next"}

def draw_update_sheet(canvas: Canvas, design: Design, notes: Sequence[Note],
                      box: Box) -> tuple[Note, ...]:
    groups = {key: [n for n in notes if section_of(n) == key] for key in SECTIONS}
    shape = shape_of(canvas.image.width, canvas.image.height)
    stats, rest = box.top(canvas.u(8.5 if shape == "tall" else 7.5), canvas.u(1.8))
    _stats(canvas, groups, stats)
    shown: list[Note] = []
    for key, section_box in _section_boxes(canvas, rest, groups, shape):
        shown.extend(_section(canvas, key, groups[key], section_box))
    return tuple(sorted(shown, key=lambda n: n.position))


def _colour(canvas: Canvas, key: str) -> RGB:
    return canvas.theme.hues[SECTIONS[key][1]]


def _stats(canvas: Canvas, groups: dict[str, list[Note]], box: Box) -> None:
    number = canvas.style("bold", 3.6, spacing=1.1)
    name = canvas.style("semibold", 1.45)
    for key, tile in zip(SECTIONS, box.columns(4, canvas.u(1.4)), strict=True):
        canvas.card(tile, canvas.theme.surface, canvas.u(1.1), canvas.theme.rule)
        inner = tile.inset(canvas.u(2.0), 0)
        top = tile.y + (tile.h - number.line_height - name.line_height) / 2
        colour = readable(_colour(canvas, key), canvas.theme.surface)
        canvas.text(str(len(groups[key])), inner.x, top, number, colour)
        label = canvas.clip(SECTIONS[key][0], name, inner.w)
        canvas.text(label, inner.x, top + number.line_height, name, canvas.theme.muted)


def _section_boxes(canvas: Canvas, box: Box, groups: dict[str, list[Note]],
                   shape: str) -> list[tuple[str, Box]]:
    gap = canvas.u(1.6)
    keys = list(SECTIONS)
    if shape in ("wide", "landscape"):
        return list(zip(keys, box.columns(4, gap), strict=True))
    needs = [_natural_height(canvas, groups[k], box.w) for k in keys]
    heights = share(needs, box.h - gap * 3)
    boxes, y = [], box.y
    for key, height in zip(keys, heights, strict=True):
        boxes.append((key, Box(box.x, y, box.w, height)))
        y += height + gap
    return boxes


def share(needs: list[float], total: float) -> list[float]:
    """Heights for stacked parts: each gets what it needs while that fits, spare space is
    spread evenly, and when space is short the smallest needs are met first."""
    if sum(needs) <= total:
        extra = (total - sum(needs)) / len(needs)
        return [n + extra for n in needs]
    heights = [0.0] * len(needs)
    left, open_parts = total, sorted(range(len(needs)), key=lambda i: needs[i])
    while open_parts:
        fair = left / len(open_parts)
        index = open_parts.pop(0)
        heights[index] = min(needs[index], fair)
        left -= heights[index]
    return heights


def _natural_height(canvas: Canvas, notes: list[Note], width: float) -> float:
    style = _item_style(canvas)
    text_width = width - canvas.u(4.0) - canvas.u(1.6) - _date_width(canvas)
    lines = sum(min(2, len(canvas.fixed(_item_text(n), style, Box(0, 0, text_width, 1e9)).lines))
                for n in notes)
    items = max(lines, 1) * style.line_height + canvas.u(0.7) * max(len(notes) - 1, 0)
    return canvas.u(3.2) + canvas.u(2.8) + canvas.u(1.2) + items


def _item_style(canvas: Canvas) -> Style:
    return canvas.style("regular", 1.65, spacing=1.3)


def _date_width(canvas: Canvas) -> float:
    return canvas.width("Mar 30, 2025", canvas.style("regular", 1.4)) + canvas.u(1.5)


def _section(canvas: Canvas, key: str, notes: list[Note], box: Box) -> list[Note]:
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.1), theme.rule)
    inner = box.inset(canvas.u(2.0), canvas.u(1.6))
    head, rest = inner.top(canvas.u(2.8), canvas.u(1.2))
    _section_head(canvas, key, head)
    if not notes:
        canvas.text("Nothing recorded", rest.x, rest.y, _item_style(canvas), theme.muted)
        return []
    return _items(canvas, notes, rest)


def _section_head(canvas: Canvas, key: str, head: Box) -> None:
    radius = head.h / 2
    fill = _colour(canvas, key)
    canvas.disc(head.x + radius, head.y + radius, radius, fill)
    canvas.mark(_MARKS[key], head.x + radius, head.y + radius, radius * 1.15, canvas.theme.on(fill))
    style = canvas.style("bold", 2.0)
    top = head.y + (head.h - style.line_height) / 2
    canvas.text(SECTIONS[key][0], head.x + head.h + canvas.u(1.0), top, style, canvas.theme.ink)


def _items(canvas: Canvas, notes: list[Note], box: Box) -> list[Note]:
    small = canvas.style("regular", 1.4)
    date_width = 0.0 if box.w < canvas.u(40) else _date_width(canvas)
    plans = [_plan(canvas, notes, box, date_width, lines) for lines in (3, 2, 1)]
    plan = next((p for p in plans if len(p) == len(notes)), max(plans, key=len))
    y = box.y
    for note, block in plan:
        text_box = Box(box.x + canvas.u(1.6), y, box.w - canvas.u(1.6) - date_width, block.height)
        _item(canvas, note, text_box, block, small, date_width)
        y += _item_height(canvas, note, block, date_width) + _item_gap(canvas, date_width)
    if len(plan) < len(notes):
        more = f"+ {len(notes) - len(plan)} more"
        canvas.text(more, box.x + canvas.u(1.6), y, small, canvas.theme.muted)
    return [note for note, _ in plan]


def _plan(canvas: Canvas, notes: list[Note], box: Box, date_width: float,
          max_lines: int) -> list[tuple[Note, Block]]:
    """The items that fit, each wrapped to at most `max_lines`, leaving room for "+ N more"."""
    more_height = canvas.style("regular", 1.4).line_height
    plan: list[tuple[Note, Block]] = []
    y = box.y
    for index, note in enumerate(notes):
        limit = box.bottom - (more_height if index < len(notes) - 1 else 0)
        text_box = Box(0, 0, box.w - canvas.u(1.6) - date_width, max(0.0, limit - y))
        block = canvas.fixed(_item_text(note), _item_style(canvas), text_box, max_lines)
        height = _item_height(canvas, note, block, date_width)
        if not block.lines or y + height > limit:
            break
        plan.append((note, block))
        y += height + _item_gap(canvas, date_width)
    return plan


def _item_gap(canvas: Canvas, date_width: float) -> float:
    return canvas.u(0.8 if date_width else 1.3)


def _item_height(canvas: Canvas, note: Note, block: Block, date_width: float) -> float:
    stacked_date = not date_width and note_date(note) is not None
    return block.height + (canvas.style("regular", 1.4).line_height if stacked_date else 0)


def _item_text(note: Note) -> str:
    headline, _ = headline_and_body(note.content)
    return headline + (" (outdated)" if note.status == "outdated" else "")


def _item(canvas: Canvas, note: Note, text_box: Box, block: Block, small: Style,
          date_width: float) -> None:
    style = block.style
    dot_y = text_box.y + style.line_height / 2
    colour = canvas.theme.type_colour(note.type)
    canvas.disc(text_box.x - canvas.u(1.0), dot_y, canvas.u(0.34), colour)
    colour = canvas.theme.muted if note.status == "outdated" else canvas.theme.ink
    y = canvas.block(block, text_box, colour)
    day = note_date(note)
    if not day:
        return
    if date_width:
        top = text_box.y + (style.line_height - small.line_height) / 2
        canvas.text(format_date(day), text_box.right, top, small, canvas.theme.muted, "right",
                    date_width)
    else:
        canvas.text(format_date(day), text_box.x, y, small, canvas.theme.muted)
