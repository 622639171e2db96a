"""Comparison: columns side by side, one per type or tag, with rows that line up."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import fit_meta
from cortex_dashboard.images.render.content import format_date, note_date
from cortex_dashboard.images.render.copy import Copy, draw_copy, lay_copy, sentences_for
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.grouping import MAX_COLUMNS, SECTIONS, group_notes
from cortex_dashboard.images.render.themes import RGB, readable
from cortex_dashboard.images.render.typography import Style

__all__ = ["RowStyles", "Rows", "draw_comparison", "plan_rows"]

_MIN_ROW, _MAX_ROW = 9.5, 18.0
"""Row heights in units: a meta line and two headline lines at least."""
_MAX_COLUMN = 60.0
"""Widest column, in units: one or two columns do not stretch across a wide page."""
_SCALES = (1.6, 1.35, 1.15, 1.0)
"""Text sizes to try for rows, largest first, when every row fits whole."""
_SMALLER = (1.0, 0.92, 0.85)
"""Text sizes for rows of headlines alone, when not all rows fit."""


@dataclass(frozen=True, slots=True)
class RowStyles:
    meta: Style
    headline: Style
    body: Style


@dataclass(frozen=True, slots=True)
class Rows:
    """How the columns' rows are drawn: their styles, height and number, and the height
    of the "+ N more" line below them (0 when every row fits)."""

    styles: RowStyles
    height: float
    count: int
    more: float
    sentences: int = 1
    """Sentences each row card says (0: headlines only, the columns are that full)."""

    def block(self, gap: float) -> float:
        return self.count * self.height + gap * (self.count - 1) + self.more


def draw_comparison(canvas: Canvas, design: Design, notes: Sequence[Note],
                    box: Box) -> tuple[Note, ...]:
    if not notes:
        return ()
    shape = shape_of(canvas.image.width, canvas.image.height)
    kind, groups = group_notes(notes, design.group_by, MAX_COLUMNS[shape])
    gap, head_h = canvas.u(1.6), canvas.u(5.2)
    columns = _columns(canvas, box, len(groups), gap)
    rows = plan_rows(canvas, [g[2] for g in groups], kind, columns[0].w, box.h - head_h - gap,
                     sentences_for(design))
    top = box.y + max(0.0, box.h - head_h - gap - rows.block(gap)) * 0.4
    shown: list[Note] = []
    for index, (group, column) in enumerate(zip(groups, columns, strict=True)):
        colour = _column_colour(canvas, kind, group[0], index)
        _heading(canvas, group[1], len(group[2]), Box(column.x, top, column.w, head_h), colour)
        body = Box(column.x, top + head_h + gap, column.w, rows.block(gap))
        shown.extend(_column(canvas, group[2][: rows.count], len(group[2]), body, rows, kind))
    return tuple(sorted(shown, key=lambda n: n.position))


def _columns(canvas: Canvas, box: Box, count: int, gap: float) -> list[Box]:
    width = min(canvas.u(_MAX_COLUMN), (box.w - gap * (count - 1)) / count)
    total = width * count + gap * (count - 1)
    return Box(box.x + (box.w - total) / 2, box.y, total, box.h).columns(count, gap)


def plan_rows(canvas: Canvas, columns: Sequence[Sequence[Note]], kind: str, width: float,
              room: float, sentences: int = 1) -> Rows:
    """Rows as large as they can be while every row fits whole and snug, each with its
    headline and `sentences`; else each with its headline alone; when not even those all
    fit, as many rows as fit at the normal size, filling the room."""
    gap, most = canvas.u(1.6), max(len(c) for c in columns)
    notes = [n for c in columns for n in c]
    if most * canvas.u(_MIN_ROW) + gap * (most - 1) <= room:
        for said, scale in [(sentences, s) for s in _SCALES] + [(0, 1.0)]:
            styles = _row_styles(canvas, scale)
            if scale > 1 and not _headlines_whole(canvas, notes, width, styles):
                continue
            height = max([canvas.u(_MIN_ROW)] + [_row_needed(canvas, n, width, styles, said)
                                                 for n in notes])
            if most * height + gap * (most - 1) <= room:
                return Rows(styles, height, most, 0.0, said)
    return _fullest_rows(canvas, columns, width, room)


def _fullest_rows(canvas: Canvas, columns: Sequence[Sequence[Note]], width: float,
                  room: float) -> Rows:
    """When not every row fits: as many rows as fit their whole headlines in one readable
    size, filling the room, with "+ N more" below."""
    gap, most = canvas.u(1.6), max(len(c) for c in columns)
    first = max(1, min(most, int((room - canvas.u(3.2) + gap) // (canvas.u(_MIN_ROW) + gap))))
    for count in range(first, 0, -1):
        rows = _rows_of(canvas, columns, width, room, count)
        if rows.styles.headline.size >= _row_styles(canvas, _SMALLER[-1]).headline.size:
            return rows
    return _rows_of(canvas, columns, width, room, 1)


def _rows_of(canvas: Canvas, columns: Sequence[Sequence[Note]], width: float, room: float,
             count: int) -> Rows:
    """`count` rows filling the room, in the largest size that fits their headlines
    (smaller than the smallest when none does)."""
    gap, most = canvas.u(1.6), max(len(c) for c in columns)
    more = 0.0 if count >= most else canvas.u(3.2)
    height = min(canvas.u(_MAX_ROW), (room - more - gap * (count - 1)) / count)
    styles = _headline_styles(canvas, [n for c in columns for n in c[:count]], width, height)
    return Rows(styles or _row_styles(canvas, _SMALLER[-1] * 0.9), height, count, more, 0)


def _headline_styles(canvas: Canvas, notes: Sequence[Note], width: float,
                     height: float) -> RowStyles | None:
    """The largest normal-or-smaller sizes at which every row's whole headline fits its
    card, so that all rows keep one size; None if not even the smallest does."""
    for scale in _SMALLER:
        styles = _row_styles(canvas, scale)
        if all(_row_needed(canvas, n, width, styles, 0) <= height for n in notes):
            return styles
    return None


def _row_styles(canvas: Canvas, scale: float) -> RowStyles:
    return RowStyles(canvas.style("semibold", 1.35 * min(scale, 1.15)),
                     canvas.style("semibold", 1.7 * scale, spacing=1.25),
                     canvas.style("regular", 1.45 * scale, spacing=1.38))


def _copy(canvas: Canvas, note: Note, width: float, height: float, styles: RowStyles,
          sentences: int) -> Copy:
    """The card's words; with no sentences planned, one all the same where it fits."""
    return lay_copy(canvas, note, (styles.headline, styles.body), width - canvas.u(3.2),
                    height, sentences=max(sentences, 1), required=sentences, gap=canvas.u(0.4))


def _headlines_whole(canvas: Canvas, notes: Sequence[Note], width: float,
                     styles: RowStyles) -> bool:
    copies = [_copy(canvas, n, width, 1e6, styles, 1) for n in notes]
    return all(len(c.headline.lines) <= 3 and not c.shrunk for c in copies)


def _row_needed(canvas: Canvas, note: Note, width: float, styles: RowStyles,
                sentences: int) -> float:
    """The height a row card needs for its meta line, headline and `sentences`."""
    copy = lay_copy(canvas, note, (styles.headline, styles.body), width - canvas.u(3.2), 1e6,
                    sentences=sentences, gap=canvas.u(0.4))
    if copy.shrunk:
        return math.inf
    return canvas.u(2.6) + styles.meta.line_height + canvas.u(0.4) + copy.height + canvas.u(0.6)


def _column_colour(canvas: Canvas, kind: str, key: str, index: int) -> RGB:
    if kind == "type":
        return canvas.theme.type_colour(key)
    if kind == "section" and key in SECTIONS:
        return canvas.theme.hues[SECTIONS[key][1]]
    if key == "other":
        return canvas.theme.hues["neutral"]
    hues = list(canvas.theme.hues.values())
    return hues[index % len(hues)]


def _column(canvas: Canvas, notes: list[Note], total: int, box: Box, rows: Rows,
            kind: str) -> list[Note]:
    gap = canvas.u(1.6)
    for i, note in enumerate(notes):
        card = Box(box.x, box.y + i * (rows.height + gap), box.w, rows.height)
        _row_card(canvas, note, card, rows, kind)
    if total > len(notes):
        style = canvas.style("semibold", 1.45)
        top = box.y + len(notes) * (rows.height + gap) + canvas.u(0.4)
        canvas.text(f"+ {total - len(notes)} more", box.x, top, style, canvas.theme.muted,
                    "center", box.w)
    return notes


def _heading(canvas: Canvas, heading: str, count: int, box: Box, colour: RGB) -> None:
    canvas.rect(box, canvas.theme.tint(colour, 0.16), canvas.u(1.1))
    canvas.rect(Box(box.x, box.bottom - canvas.u(0.45), box.w, canvas.u(0.45)), colour)
    style = canvas.style("bold", 2.1)
    inner = box.inset(canvas.u(1.8), 0)
    top = box.y + (box.h - style.line_height) / 2
    count_style = canvas.style("semibold", 1.6)
    count_text = str(count)
    count_w = canvas.width(count_text, count_style) + canvas.u(1)
    text_colour = readable(colour, canvas.theme.tint(colour, 0.16))
    canvas.text(canvas.clip(heading, style, inner.w - count_w), inner.x, top, style, text_colour)
    count_top = box.y + (box.h - count_style.line_height) / 2
    canvas.text(count_text, inner.x, count_top, count_style, text_colour, "right", inner.w)


def _row_card(canvas: Canvas, note: Note, box: Box, rows: Rows, kind: str) -> None:
    theme, styles = canvas.theme, rows.styles
    canvas.card(box, theme.surface, canvas.u(1.0), theme.rule)
    inner = box.inset(canvas.u(1.6), canvas.u(1.3))
    small = styles.meta
    line = _row_meta(canvas, note, kind, small, inner.w - canvas.u(3))
    canvas.text(line, inner.x, inner.y, small, theme.type_text(note.type))
    canvas.text(f"#{note.position}", inner.x, inner.y, small, theme.muted, "right", inner.w)
    rest = Box(inner.x, inner.y + small.line_height + canvas.u(0.4), inner.w,
               inner.h - small.line_height - canvas.u(0.4))
    draw_copy(canvas, _copy(canvas, note, box.w, rest.h, styles, rows.sentences), rest)


def _row_meta(canvas: Canvas, note: Note, kind: str, style: Style, width: float) -> str:
    if kind != "type":
        return fit_meta(canvas, note, style, width)
    day = note_date(note)
    return canvas.clip(format_date(day) if day else "No date", style, width)
