"""Comparison: columns side by side, one per type or tag, with rows that line up."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.cards import fit_meta
from cortex_dashboard.images.render.content import format_date, headline_and_body, note_date
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.frame import shape_of
from cortex_dashboard.images.render.grouping import MAX_COLUMNS, SECTIONS, group_notes
from cortex_dashboard.images.render.themes import RGB, readable
from cortex_dashboard.images.render.typography import Style

__all__ = ["draw_comparison"]

_MIN_ROW, _MAX_ROW = 9.5, 18.0
"""Row heights in units: a meta line and two headline lines at least."""


def draw_comparison(canvas: Canvas, design: Design, notes: Sequence[Note],
                    box: Box) -> tuple[Note, ...]:
    shape = shape_of(canvas.image.width, canvas.image.height)
    kind, groups = group_notes(notes, design.group_by, MAX_COLUMNS[shape])
    gap = canvas.u(1.6)
    head, body = box.top(canvas.u(5.2), gap)
    most = max((len(g[2]) for g in groups), default=0)
    more_h = canvas.u(3.2)
    fit_rows = max(1, min(most, int((body.h - more_h + gap) // (canvas.u(_MIN_ROW) + gap))))
    if fit_rows >= most:
        more_h = 0.0
    row_h = min(canvas.u(_MAX_ROW), (body.h - more_h - gap * (fit_rows - 1)) / fit_rows)
    shown: list[Note] = []
    for index, (group, column) in enumerate(zip(groups, box.columns(len(groups), gap),
                                                strict=True)):
        colour = _column_colour(canvas, kind, group[0], index)
        _heading(canvas, group[1], len(group[2]), Box(column.x, head.y, column.w, head.h), colour)
        rows = Box(column.x, body.y, column.w, body.h)
        shown.extend(_column(canvas, group[2][:fit_rows], len(group[2]), rows, row_h, kind))
    return tuple(sorted(shown, key=lambda n: n.position))


def _column_colour(canvas: Canvas, kind: str, key: str, index: int) -> RGB:
    if kind == "type":
        return canvas.theme.type_colour(key)
    if kind == "section" and key in SECTIONS:
        return canvas.theme.hues[SECTIONS[key][1]]
    if key == "other":
        return canvas.theme.hues["neutral"]
    hues = list(canvas.theme.hues.values())
    return hues[index % len(hues)]


def _column(canvas: Canvas, notes: list[Note], total: int, box: Box, row_h: float,
            kind: str) -> list[Note]:
    gap = canvas.u(1.6)
    for i, note in enumerate(notes):
        _row_card(canvas, note, Box(box.x, box.y + i * (row_h + gap), box.w, row_h), kind)
    if total > len(notes):
        style = canvas.style("semibold", 1.45)
        top = box.y + len(notes) * (row_h + gap) + canvas.u(0.4)
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


def _row_card(canvas: Canvas, note: Note, box: Box, kind: str) -> None:
    theme = canvas.theme
    canvas.card(box, theme.surface, canvas.u(1.0), theme.rule)
    inner = box.inset(canvas.u(1.6), canvas.u(1.3))
    small = canvas.style("semibold", 1.35)
    line = _row_meta(canvas, note, kind, small, inner.w - canvas.u(3))
    canvas.text(line, inner.x, inner.y, small, theme.type_text(note.type))
    canvas.text(f"#{note.position}", inner.x, inner.y, small, theme.muted, "right", inner.w)
    rest = Box(inner.x, inner.y + small.line_height + canvas.u(0.4), inner.w,
               inner.h - small.line_height - canvas.u(0.4))
    headline, body = headline_and_body(note.content)
    block = canvas.fixed(headline, canvas.style("semibold", 1.7, spacing=1.25), rest, 3)
    y = canvas.block(block, rest, theme.ink)
    remaining = Box(rest.x, y + canvas.u(0.4), rest.w, rest.bottom - y - canvas.u(0.4))
    if body and remaining.h > 0:
        canvas.block(canvas.fixed(body, canvas.style("regular", 1.45), remaining, 4), remaining,
                     theme.muted)


def _row_meta(canvas: Canvas, note: Note, kind: str, style: Style, width: float) -> str:
    if kind != "type":
        return fit_meta(canvas, note, style, width)
    day = note_date(note)
    return canvas.clip(format_date(day) if day else "No date", style, width)
