"""Pieces several layouts draw: memory cards, type marks and badges."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import format_date, headline_and_body, label, note_date
from cortex_dashboard.images.render.design import Note
from cortex_dashboard.images.render.typography import Style

__all__ = [
    "CardStyles",
    "card_styles",
    "choose_grid",
    "draw_memory_card",
    "draw_type_mark",
    "fit_meta",
    "grid_capacity",
    "grid_cells",
    "meta",
    "natural_card_height",
]


def draw_type_mark(canvas: Canvas, memory_type: str, cx: float, cy: float, radius: float) -> None:
    """A coloured disc with the type's icon-like mark."""
    fill = canvas.theme.type_colour(memory_type)
    canvas.disc(cx, cy, radius, fill)
    canvas.mark(memory_type, cx, cy, radius * 1.15, canvas.theme.on(fill))


def meta(note: Note) -> str:
    """"Decision · Mar 14, 2025" (the type, and the date when there is one)."""
    day = note_date(note)
    return label(note.type) + (f" · {format_date(day)}" if day else "")


def fit_meta(canvas: Canvas, note: Note, style: Style, width: float, suffix: str = "") -> str:
    """The longest of "Decision · Mar 14, 2025<suffix>", without the year, without the
    date, or the type alone, that fits `width` (clipped if even that does not)."""
    day = note_date(note)
    dates = [f" · {format_date(day)}", f" · {day:%b} {day.day}"] if day else []
    base = label(note.type)
    options = [base + d + suffix for d in [*dates, ""]]
    fitting = next((o for o in options if canvas.width(o, style) <= width), base)
    return canvas.clip(fitting, style, width)


@dataclass(frozen=True, slots=True)
class CardStyles:
    """One set of text sizes for every card of a grid, so the cards read as a set."""

    meta: Style
    meta_plain: Style
    headline: Style
    body: Style
    tags: Style


def card_styles(canvas: Canvas, cell: Box, notes: Sequence[Note] = ()) -> CardStyles:
    """Sizes for cards of this size: a three-line headline fits, from 1.7 units up to 4.6
    for one or two large cards; above 2.4 units, no larger than lets every card of `notes`
    show its whole headline (in three lines) and its body."""
    pad = min(2.0, cell.w / canvas.unit * 0.08)
    room = cell.h / canvas.unit - 2 * pad - 2.8 - 1.3
    headline = min(4.6, max(1.7, min(cell.w / canvas.unit / 13.5, room / 3.9)))
    styles = _styles_at(canvas, headline)
    while headline > 2.4 and not _cards_fit(canvas, notes, cell, styles):
        headline *= 0.92
        styles = _styles_at(canvas, headline)
    return styles


def _styles_at(canvas: Canvas, headline: float) -> CardStyles:
    return CardStyles(
        meta=canvas.style("semibold", 1.45),
        meta_plain=canvas.style("regular", 1.45),
        headline=canvas.style("semibold", headline, spacing=1.25),
        body=canvas.style("regular", min(2.8, headline * 0.66), spacing=1.4),
        tags=canvas.style("regular", 1.35),
    )


def _pad(canvas: Canvas, width: float) -> float:
    """A card's inner margin: 2 units, less on a narrow card."""
    return min(canvas.u(2.0), width * 0.08)


def _cards_fit(canvas: Canvas, notes: Sequence[Note], cell: Box, styles: CardStyles) -> bool:
    free = Box(0, 0, cell.w - 2 * _pad(canvas, cell.w), 1e6)
    return all(not canvas.fixed(headline_and_body(n.content)[0], styles.headline, free, 3)
               .truncated and natural_card_height(canvas, n, cell.w, styles) <= cell.h
               for n in notes)


def draw_memory_card(canvas: Canvas, note: Note, box: Box, styles: CardStyles, *,
                     number: bool = True) -> None:
    """A card: type mark, type and date; headline; body and tags when there is room."""
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.1), theme.rule)
    head, rest = box.inset(_pad(canvas, box.w)).top(canvas.u(2.8), canvas.u(1.3))
    _card_head(canvas, note, head, styles, number)
    headline, body = headline_and_body(note.content)
    y = canvas.block(canvas.fixed(headline, styles.headline, rest, 3), rest, theme.ink)
    tags_needed = styles.tags.line_height + canvas.u(1.0) if note.tags else 0.0
    body_box = Box(rest.x, y + canvas.u(0.5), rest.w, rest.bottom - y - canvas.u(0.5) - tags_needed)
    if body:
        canvas.block(canvas.fixed(body, styles.body, body_box), body_box, theme.muted)
    if note.tags and rest.bottom - y >= tags_needed:
        _tags(canvas, note.tags, Box(rest.x, rest.bottom - styles.tags.line_height, rest.w,
                                     styles.tags.line_height), styles.tags)


def natural_card_height(canvas: Canvas, note: Note, width: float, styles: CardStyles) -> float:
    """The height a card of `width` needs for its headline, six lines of body and tags."""
    pad = _pad(canvas, width)
    inner = Box(0, 0, width - 2 * pad, 1e6)
    headline, body = headline_and_body(note.content)
    height = 2 * pad + canvas.u(2.8) + canvas.u(1.3)
    height += canvas.fixed(headline, styles.headline, inner, 3).height
    if body:
        height += canvas.u(0.5) + canvas.fixed(body, styles.body, inner, 6).height
    return height + (styles.tags.line_height + canvas.u(1.0) if note.tags else 0.0)


def _card_head(canvas: Canvas, note: Note, head: Box, styles: CardStyles, number: bool) -> None:
    radius = head.h / 2
    draw_type_mark(canvas, note.type, head.x + radius, head.y + radius, radius)
    strong, plain = styles.meta, styles.meta_plain
    top = head.y + (head.h - strong.line_height) / 2
    number_text = f"#{note.position}" if number else ""
    if number:
        canvas.text(number_text, head.x, top, strong, canvas.theme.muted, "right", head.w)
    x = head.x + head.h + canvas.u(1.0)
    room = head.right - x - (canvas.width(number_text, strong) + canvas.u(1.0) if number else 0)
    type_text = canvas.clip(label(note.type), strong, room)
    canvas.text(type_text, x, top, strong, canvas.theme.type_text(note.type))
    room -= canvas.width(type_text, strong)
    day = note_date(note)
    for text in ((f"  ·  {format_date(day)}", f"  ·  {day:%b} {day.day}") if day else ()):
        if canvas.width(text, plain) <= room:
            canvas.text(text, x + canvas.width(type_text, strong), top, plain, canvas.theme.muted)
            break


def _tags(canvas: Canvas, tags: Sequence[str], box: Box, style: Style) -> None:
    text = "  ".join(f"#{t}" for t in tags)
    canvas.text(canvas.clip(text, style, box.w), box.x, box.y, style, canvas.theme.muted)


def choose_grid(count: int, box: Box, gap: float, target: float = 1.45) -> tuple[int, int]:
    """Columns and rows whose cells come closest to the `target` width:height ratio."""
    best: tuple[float, int, int] | None = None
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        width = (box.w - gap * (columns - 1)) / columns
        height = (box.h - gap * (rows - 1)) / rows
        if width <= 0 or height <= 0:
            continue
        empty = rows * columns - count
        score = abs(math.log(width / height / target)) + 0.5 * empty / columns
        if best is None or score < best[0]:
            best = (score, columns, rows)
    return (best[1], best[2]) if best else (1, count)


def grid_cells(count: int, box: Box, gap: float, target: float = 1.45) -> list[Box]:
    """`count` cells in rows; a short last row is stretched to the full width."""
    columns, rows = choose_grid(count, box, gap, target)
    cells: list[Box] = []
    for row_box in box.rows(rows, gap):
        in_row = min(columns, count - len(cells))
        cells.extend(row_box.columns(in_row, gap))
    return cells


def grid_capacity(canvas: Canvas, box: Box, min_w: float, min_h: float, gap: float) -> int:
    columns = max(1, int((box.w + gap) // (canvas.u(min_w) + gap)))
    rows = max(1, int((box.h + gap) // (canvas.u(min_h) + gap)))
    return columns * rows
