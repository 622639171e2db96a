"""Update sheet: a status report of what was done, decided, went wrong and comes next.

Only the sections that hold memories are drawn, each as a count tile and a card of items;
the empty ones are named once, in a muted line beside the tiles. When there is room the
items are written larger and say more (the memory's next sentences, muted), and a short
sheet sits centred on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.captions import join_words
from cortex_dashboard.images.render.content import format_date, note_date
from cortex_dashboard.images.render.copy import lay_copy
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.grouping import SECTIONS, by_section
from cortex_dashboard.images.render.themes import RGB, readable
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["SheetPlan", "draw_update_sheet", "plan_sheet", "quiet_line", "share"]

_MARKS = {"done": "done", "decided": "decision", "problems": "problem", "next": "next"}
_SCALES = ((2.0, True), (1.7, True), (1.45, True), (1.25, True), (1.1, True), (1.0, True),
           (1.3, False), (1.15, False), (1.0, False))
"""Item text sizes to try, largest first, as multiples of the normal size, and whether
items show their detail."""


@dataclass(frozen=True, slots=True)
class SheetStyles:
    item: Style
    detail: Style | None
    """Style of an item's detail, None when items show their headline only."""
    small: Style
    heading: Style
    head: float
    """Height of a section's heading row, in pixels."""
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """Where each part of the sheet goes: only sections with memories get a tile and a card."""

    tiles: tuple[tuple[str, int, Box], ...]
    """Section key, number of memories, tile."""
    quiet: str
    """The muted line naming the empty sections ("" when none is empty)."""
    quiet_box: Box
    sections: tuple[tuple[str, Box], ...]
    styles: SheetStyles


def draw_update_sheet(canvas: Canvas, design: Design, notes: Sequence[Note],
                      box: Box) -> tuple[Note, ...]:
    groups = _groups(notes)
    plan = plan_sheet(canvas, notes, box)
    _tiles(canvas, plan)
    shown: list[Note] = []
    for key, section_box in plan.sections:
        shown.extend(_section(canvas, key, groups[key], section_box, plan.styles))
    return tuple(sorted(shown, key=lambda n: n.position))


def plan_sheet(canvas: Canvas, notes: Sequence[Note], box: Box) -> SheetPlan:
    groups = _groups(notes)
    shape = shape_of(canvas.image.width, canvas.image.height)
    stats_h, gap = canvas.u(8.5 if shape == "tall" else 7.5), canvas.u(1.8)
    styles, height = _fit(canvas, groups, box.w, box.h - stats_h - gap, shape)
    top = box.y + max(0.0, box.h - stats_h - gap - height) * 0.4
    stats = Box(box.x, top, box.w, stats_h)
    tiles, quiet_box = _tile_boxes(canvas, groups, stats)
    area = Box(box.x, stats.bottom + gap, box.w, height)
    sections = _section_boxes(canvas, groups, area, styles, shape)
    return SheetPlan(tiles, quiet_line(list(groups)), quiet_box, sections, styles)


def _groups(notes: Sequence[Note]) -> dict[str, list[Note]]:
    """The sections that hold memories, in report order."""
    return {key: group for key, _, group in by_section(notes)}


def quiet_line(keys: Sequence[str]) -> str:
    """"Nothing recorded under Done, Problems or Next" for the sections not in `keys`."""
    empty = [SECTIONS[key][0] for key in SECTIONS if key not in keys]
    return f"Nothing recorded under {join_words(empty, 'or')}" if empty else ""


def _styles(canvas: Canvas, scale: float, detail: bool) -> SheetStyles:
    heading = min(scale, 1.5)
    detail_style = canvas.style("regular", 1.3 * scale, spacing=1.35)
    return SheetStyles(item=canvas.style("regular", 1.65 * scale, spacing=1.3),
                       detail=detail_style if detail else None,
                       small=canvas.style("regular", 1.4 * min(scale, 1.2)),
                       heading=canvas.style("bold", 2.0 * heading),
                       head=canvas.u(2.8 * heading), scale=scale)


def _fit(canvas: Canvas, groups: dict[str, list[Note]], width: float, height: float,
         shape: str) -> tuple[SheetStyles, float]:
    """The largest item size at which every section fits whole, and the height it takes;
    at the normal size, the whole height."""
    for scale, detail in _SCALES:
        styles = _styles(canvas, scale, detail)
        if _at_least(canvas, groups, styles, shape) > height:
            continue
        needs = _needs(canvas, groups, width, styles, shape)
        total = max(needs) if _across(shape) else sum(needs) + canvas.u(1.6) * (len(needs) - 1)
        if total <= height:
            return styles, total
    return _styles(canvas, 1.0, False), height


def _at_least(canvas: Canvas, groups: dict[str, list[Note]], styles: SheetStyles,
              shape: str) -> float:
    """A quick floor under the height the sections need: one line per item."""
    heights = [canvas.u(3.8) + styles.head + canvas.u(1.2) + len(g) * styles.item.line_height
               for g in groups.values()]
    return max(heights) if _across(shape) else sum(heights)


def _across(shape: str) -> bool:
    return shape in ("wide", "landscape")


def _needs(canvas: Canvas, groups: dict[str, list[Note]], width: float, styles: SheetStyles,
           shape: str) -> list[float]:
    gap = canvas.u(1.6)
    column = (width - gap * (len(groups) - 1)) / len(groups) if _across(shape) else width
    return [_natural_height(canvas, group, column, styles) for group in groups.values()]


def _tile_boxes(canvas: Canvas, groups: dict[str, list[Note]],
                stats: Box) -> tuple[tuple[tuple[str, int, Box], ...], Box]:
    """A quarter-width tile per section with memories, and the space left beside them."""
    gap = canvas.u(1.4)
    slots = stats.columns(len(SECTIONS), gap)
    tiles = tuple((key, len(group), slot) for (key, group), slot in zip(groups.items(), slots,
                                                                     strict=False))
    left = slots[len(tiles)].x if len(tiles) < len(slots) else stats.right
    return tiles, Box(left, stats.y, stats.right - left, stats.h)


def _section_boxes(canvas: Canvas, groups: dict[str, list[Note]], box: Box,
                   styles: SheetStyles, shape: str) -> tuple[tuple[str, Box], ...]:
    gap = canvas.u(1.6)
    if _across(shape):
        return tuple(zip(groups, box.columns(len(groups), gap), strict=True))
    needs = _needs(canvas, groups, box.w, styles, shape)
    heights = share(needs, box.h - gap * (len(needs) - 1))
    boxes, y = [], box.y
    for key, height in zip(groups, heights, strict=True):
        boxes.append((key, Box(box.x, y, box.w, height)))
        y += height + gap
    return tuple(boxes)


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


def _colour(canvas: Canvas, key: str) -> RGB:
    return canvas.theme.hues[SECTIONS[key][1]]


def _tiles(canvas: Canvas, plan: SheetPlan) -> None:
    number = canvas.style("bold", 3.6, spacing=1.1)
    name = canvas.style("semibold", 1.45)
    for key, count, tile in plan.tiles:
        canvas.card(tile, canvas.theme.surface, canvas.u(1.1), canvas.theme.rule)
        inner = tile.inset(canvas.u(2.0), 0)
        top = tile.y + (tile.h - number.line_height - name.line_height) / 2
        colour = readable(_colour(canvas, key), canvas.theme.surface)
        canvas.text(str(count), inner.x, top, number, colour)
        label = canvas.clip(SECTIONS[key][0], name, inner.w)
        canvas.text(label, inner.x, top + number.line_height, name, canvas.theme.muted)
    if plan.quiet:
        _quiet(canvas, plan.quiet, plan.quiet_box)


def _quiet(canvas: Canvas, text: str, box: Box) -> None:
    inner = box.inset(canvas.u(1.2), canvas.u(0.6))
    block = canvas.fit(text, canvas.style("regular", 1.55), inner, 1.2, max_lines=3)
    top = inner.y + (inner.h - block.height) / 2
    canvas.block(block, Box(inner.x, top, inner.w, block.height), canvas.theme.muted)


def _natural_height(canvas: Canvas, notes: list[Note], width: float,
                    styles: SheetStyles) -> float:
    """The height of a section whose items show their whole headlines (and their detail
    when the styles have one); written larger, infinite when a headline takes more than
    three lines."""
    inner = width - canvas.u(4.0)
    date_width = _date_width(canvas, inner, styles)
    text_w = inner - _indent(styles) - date_width
    items = [_Item(n, *_blocks(canvas, n, text_w, 1e9, styles)) for n in notes]
    if styles.scale > 1 and any(len(item.headline.lines) > 3 for item in items):
        return math.inf
    height = sum(_item_height(canvas, item, date_width, styles) for item in items)
    height += _item_gap(canvas, date_width, styles) * (len(notes) - 1)
    return canvas.u(3.8) + styles.head + canvas.u(1.2) + height


def _date_width(canvas: Canvas, inner: float, styles: SheetStyles) -> float:
    """Room for dates in a column of their own, or 0 where they go under the item."""
    if inner < canvas.u(40):
        return 0.0
    return canvas.width("Mar 30, 2025", styles.small) + canvas.u(1.5)


def _section(canvas: Canvas, key: str, notes: list[Note], box: Box,
             styles: SheetStyles) -> list[Note]:
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.1), theme.rule)
    inner = box.inset(canvas.u(2.0), canvas.u(1.6))
    head, rest = inner.top(styles.head, canvas.u(1.2))
    _section_head(canvas, key, head, styles.heading)
    return _items(canvas, notes, rest, styles)


def _section_head(canvas: Canvas, key: str, head: Box, style: Style) -> None:
    radius = head.h / 2
    fill = _colour(canvas, key)
    canvas.disc(head.x + radius, head.y + radius, radius, fill)
    canvas.mark(_MARKS[key], head.x + radius, head.y + radius, radius * 1.15, canvas.theme.on(fill))
    top = head.y + (head.h - style.line_height) / 2
    canvas.text(SECTIONS[key][0], head.x + head.h + canvas.u(1.0), top, style, canvas.theme.ink)


@dataclass(frozen=True, slots=True)
class _Item:
    note: Note
    headline: Block
    detail: Block | None


def _items(canvas: Canvas, notes: list[Note], box: Box, styles: SheetStyles) -> list[Note]:
    date_width = _date_width(canvas, box.w, styles)
    plan = _plan(canvas, notes, box, date_width, styles)
    y, indent = box.y, _indent(styles)
    for item in plan:
        _item(canvas, item, Box(box.x + indent, y, box.w - indent - date_width, 0), styles,
              date_width)
        y += _item_height(canvas, item, date_width, styles) + _item_gap(canvas, date_width,
                                                                          styles)
    if len(plan) < len(notes):
        more = f"+ {len(notes) - len(plan)} more"
        canvas.text(more, box.x + indent, y, styles.small, canvas.theme.muted)
    return [item.note for item in plan]


def _indent(styles: SheetStyles) -> float:
    return styles.item.size * 0.97


def _plan(canvas: Canvas, notes: list[Note], box: Box, date_width: float,
          styles: SheetStyles) -> list[_Item]:
    """The items that fit whole, leaving room for "+ N more"."""
    plan: list[_Item] = []
    y = box.y
    for index, note in enumerate(notes):
        limit = box.bottom - (styles.small.line_height if index < len(notes) - 1 else 0)
        width = box.w - _indent(styles) - date_width
        item = _Item(note, *_blocks(canvas, note, width, max(0.0, limit - y), styles))
        height = _item_height(canvas, item, date_width, styles)
        if not item.headline.lines or y + height > limit:
            break
        plan.append(item)
        y += height + _item_gap(canvas, date_width, styles)
    return plan


def _blocks(canvas: Canvas, note: Note, width: float, height: float,
            styles: SheetStyles) -> tuple[Block, Block | None]:
    """The item's whole headline, and a whole sentence of detail when the styles show one
    and it fits."""
    outdated = " (outdated)" if note.status == "outdated" else ""
    copy = lay_copy(canvas, note, (styles.item, styles.detail or styles.item), width, height,
                    sentences=1 if styles.detail else 0, head_lines=99, body_lines=4,
                    gap=canvas.u(0.3), suffix=outdated)
    return copy.headline, copy.body


def _item_gap(canvas: Canvas, date_width: float, styles: SheetStyles) -> float:
    return canvas.u((0.8 if date_width else 1.3) * (1.6 if styles.detail else 1.0))


def _item_height(canvas: Canvas, item: _Item, date_width: float, styles: SheetStyles) -> float:
    stacked_date = not date_width and note_date(item.note) is not None
    detail = item.detail.height + canvas.u(0.3) if item.detail else 0.0
    return item.headline.height + detail + (styles.small.line_height if stacked_date else 0)


def _item(canvas: Canvas, item: _Item, text_box: Box, styles: SheetStyles,
          date_width: float) -> None:
    style, small, theme = item.headline.style, styles.small, canvas.theme
    dot_y = text_box.y + style.line_height / 2
    canvas.disc(text_box.x - _indent(styles) * 0.6, dot_y, style.size * 0.2,
                theme.type_colour(item.note.type))
    colour = theme.muted if item.note.status == "outdated" else theme.ink
    y = canvas.block(item.headline, Box(text_box.x, text_box.y, text_box.w, 0), colour)
    if item.detail:
        y = canvas.block(item.detail, Box(text_box.x, y + canvas.u(0.3), text_box.w, 0),
                         theme.muted)
    day = note_date(item.note)
    if day and date_width:
        top = text_box.y + (style.line_height - small.line_height) / 2
        canvas.text(format_date(day), text_box.right, top, small, theme.muted, "right",
                    date_width)
    elif day:
        canvas.text(format_date(day), text_box.x, y, small, theme.muted)
