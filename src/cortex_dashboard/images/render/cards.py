"""Pieces several layouts draw: memory cards, type marks and badges."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import format_date, label, note_date
from cortex_dashboard.images.render.copy import draw_copy, lay_copy
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
    "styles_at",
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


def card_styles(canvas: Canvas, cell: Box, notes: Sequence[Note] = (),
                sentences: int = 2, smallest: float = 2.4) -> CardStyles:
    """Sizes for cards of this size: a three-line headline fits, from 1.7 units up to 4.6
    for one or two large cards; above `smallest` units, no larger than lets every card of
    `notes` show its whole headline and its `sentences`."""
    pad = min(2.0, cell.w / canvas.unit * 0.08)
    room = cell.h / canvas.unit - 2 * pad - 2.8 - 1.3
    headline = min(4.6, max(1.7, min(cell.w / canvas.unit / 13.5, room / 3.9)))
    styles = styles_at(canvas, headline)
    while headline > smallest and not _cards_fit(canvas, notes, cell, styles, sentences):
        headline *= 0.92
        styles = styles_at(canvas, headline)
    return styles


def styles_at(canvas: Canvas, headline: float) -> CardStyles:
    return CardStyles(
        meta=canvas.style("semibold", 1.45),
        meta_plain=canvas.style("regular", 1.45),
        headline=canvas.style("semibold", headline, spacing=1.25),
        body=canvas.style("regular", min(2.8, max(1.45, headline * 0.7)), spacing=1.4),
        tags=canvas.style("regular", 1.35),
    )


def _pad(canvas: Canvas, width: float) -> float:
    """A card's inner margin: 2 units, less on a narrow card."""
    return min(canvas.u(2.0), width * 0.08)


def _cards_fit(canvas: Canvas, notes: Sequence[Note], cell: Box, styles: CardStyles,
               sentences: int) -> bool:
    return all(natural_card_height(canvas, n, cell.w, styles, sentences) <= cell.h
               for n in notes)


def draw_memory_card(canvas: Canvas, note: Note, box: Box, styles: CardStyles, *,
                     number: bool = True, sentences: int = 2) -> None:
    """A card: type mark, type and date; headline; its sentences and tags when there is room."""
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.1), theme.rule)
    head, rest = box.inset(_pad(canvas, box.w)).top(canvas.u(2.8), canvas.u(1.3))
    _card_head(canvas, note, head, styles, number)
    tags_needed = styles.tags.line_height + canvas.u(1.0) if note.tags else 0.0
    text_styles = (styles.headline, styles.body)
    copy = lay_copy(canvas, note, text_styles, rest.w, rest.h - tags_needed, sentences=sentences)
    if tags_needed and (copy.shown < copy.wanted or copy.headline.truncated):
        roomier = lay_copy(canvas, note, text_styles, rest.w, rest.h, sentences=sentences)
        copy = roomier if roomier.shown > copy.shown else copy
    y = draw_copy(canvas, copy, rest)
    if note.tags and rest.bottom - y >= tags_needed:
        _tags(canvas, note.tags, Box(rest.x, rest.bottom - styles.tags.line_height, rest.w,
                                     styles.tags.line_height), styles.tags)


def natural_card_height(canvas: Canvas, note: Note, width: float, styles: CardStyles,
                        sentences: int = 2, *, tags: bool = True) -> float:
    """The height a card of `width` needs for its headline, its `sentences` and its tags;
    infinite when the headline needs more than five lines."""
    pad = _pad(canvas, width)
    copy = lay_copy(canvas, note, (styles.headline, styles.body), width - 2 * pad, 1e6,
                    sentences=sentences)
    if copy.shrunk or copy.shown < min(sentences, copy.wanted):
        return math.inf
    tags_h = styles.tags.line_height + canvas.u(1.0) if note.tags and tags else 0.0
    return 2 * pad + canvas.u(2.8) + canvas.u(1.3) + copy.height + tags_h


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
    """As many whole tags as fit the line."""
    shown = [f"#{t}" for t in tags]
    while len(shown) > 1 and canvas.width("  ".join(shown), style) > box.w:
        shown.pop()
    text = canvas.clip("  ".join(shown), style, box.w)
    canvas.text(text, box.x, box.y, style, canvas.theme.muted)


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


def grid_cells(count: int, box: Box, gap: float, target: float = 1.45,
               columns: int | None = None) -> list[Box]:
    """`count` cells in rows (of `columns`, or the count closest to `target` shape); a
    short last row is stretched to the full width."""
    columns = columns or choose_grid(count, box, gap, target)[0]
    rows = math.ceil(count / columns)
    cells: list[Box] = []
    for row_box in box.rows(rows, gap):
        in_row = min(columns, count - len(cells))
        cells.extend(row_box.columns(in_row, gap))
    return cells


def grid_capacity(canvas: Canvas, box: Box, min_w: float, min_h: float, gap: float) -> int:
    columns = max(1, int((box.w + gap) // (canvas.u(min_w) + gap)))
    rows = max(1, int((box.h + gap) // (canvas.u(min_h) + gap)))
    return columns * rows
