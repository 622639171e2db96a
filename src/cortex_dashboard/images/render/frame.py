"""What every layout shares: the shape of the page, the header, the footer and legend."""

from __future__ import annotations

from collections.abc import Sequence

from cortex_dashboard.images.render import captions
from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import date_range, label
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.grouping import MAX_COLUMNS
from cortex_dashboard.images.render.typography import Style

__all__ = ["draw_eyebrow", "draw_footer", "draw_header", "footer_height", "margins", "shape_of"]


def shape_of(width: float, height: float) -> str:
    """"wide" (21:9), "landscape", "square", "portrait" or "tall" (9:16)."""
    ratio = width / height
    if ratio >= 2.0:
        return "wide"
    if ratio >= 1.15:
        return "landscape"
    if ratio > 0.87:
        return "square"
    return "portrait" if ratio >= 0.62 else "tall"


def margins(canvas: Canvas) -> Box:
    """The page inside its outer margins."""
    shape = shape_of(canvas.image.width, canvas.image.height)
    side = canvas.u(4.2 if shape in ("portrait", "tall") else 5.0)
    return canvas.box.inset(side, canvas.u(4.4))


def draw_header(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box, *,
                side: bool = False, compact: bool = False) -> Box:
    """Eyebrow, title and subtitle; returns the space left for the content.

    Across the top of the page, or in a column on its left for `side` layouts on a wide page.
    """
    shape = shape_of(canvas.image.width, canvas.image.height)
    if side and shape == "wide":
        return _side_header(canvas, design, notes, page, compact)
    tall = shape in ("portrait", "tall")
    eyebrow_h = draw_eyebrow(canvas, design, page.x, page.y, page.w * 0.6)
    span = date_range(notes) if design.show_date else ""
    if span:
        canvas.text(span, page.x, page.y, canvas.style("regular", 1.45), canvas.theme.muted,
                    "right", page.w)
    y = page.y + eyebrow_h + canvas.u(0.6)
    size = 3.2 if compact else 5.2 if tall else 4.6
    title_box = Box(page.x, y, page.w * (1 if tall else 0.86), page.h)
    y = _title(canvas, captions.title(design), title_box, size, 3 if tall else 2)
    text = captions.subtitle(design, notes, MAX_COLUMNS[shape])
    y = _subtitle(canvas, text, Box(page.x, y, page.w * 0.8, page.h), 2)
    gap = canvas.u(2.6 if compact else 3.2)
    return Box(page.x, y + gap, page.w, max(0.0, page.bottom - y - gap))


def _side_header(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box,
                 compact: bool) -> Box:
    column, content = page.left(page.w * 0.26, canvas.u(4.0))
    y = column.y + draw_eyebrow(canvas, design, column.x, column.y, column.w) + canvas.u(0.6)
    title_box = Box(column.x, y, column.w, column.h * 0.6)
    y = _title(canvas, captions.title(design), title_box, 3.2 if compact else 4.2, 4)
    text = captions.subtitle(design, notes, MAX_COLUMNS["wide"])
    y = _subtitle(canvas, text, Box(column.x, y, column.w, column.bottom - y), 4)
    span = date_range(notes) if design.show_date else ""
    if span:
        canvas.hline(column.x, column.x + canvas.u(4), y + canvas.u(2.4), canvas.theme.accent,
                     canvas.u(0.35))
        canvas.text(span, column.x, y + canvas.u(3.4), canvas.style("regular", 1.6),
                    canvas.theme.muted)
    return content


def draw_eyebrow(canvas: Canvas, design: Design, x: float, y: float, width: float) -> int:
    """The project's name in small accent capitals, clipped to `width`; returns its height."""
    style = canvas.style("semibold", 1.45)
    canvas.text(canvas.clip(captions.eyebrow(design), style, width), x, y, style,
                canvas.theme.accent)
    return style.line_height


def _title(canvas: Canvas, text: str, box: Box, size: float, max_lines: int) -> float:
    if not text:
        return box.y
    style = canvas.style("bold", size, title=True, spacing=1.16)
    block = canvas.fit(text, style, box, min(size, 3.0) * 0.8, max_lines=max_lines)
    return canvas.block(block, box, canvas.theme.ink)


def _subtitle(canvas: Canvas, text: str, box: Box, max_lines: int) -> float:
    if not text:
        return box.y
    style = canvas.style("regular", 2.1, spacing=1.35)
    block = canvas.fit(text, style, box, 1.5, max_lines=max_lines)
    return canvas.block(block, Box(box.x, box.y + canvas.u(0.5), box.w, box.h), canvas.theme.muted)


def footer_height(canvas: Canvas, design: Design) -> float:
    if not (design.show_legend or design.show_footer):
        return 0.0
    return canvas.style("regular", 1.4).line_height + canvas.u(1.4)


def draw_footer(canvas: Canvas, design: Design, shown: Sequence[Note], left_out: int,
                box: Box) -> None:
    """A hairline, the legend of memory types on the left, the credit on the right."""
    if box.h <= 0:
        return
    canvas.hline(box.x, box.right, box.y, canvas.theme.rule, max(1.0, canvas.u(0.1)))
    style = canvas.style("regular", 1.4)
    row = Box(box.x, box.bottom - style.line_height, box.w, style.line_height)
    credit = _credit(left_out) if design.show_footer else ""
    credit_width = canvas.width(credit, style) if credit else 0.0
    if credit:
        canvas.text(credit, row.x, row.y, style, canvas.theme.muted, "right", row.w)
    if design.show_legend and not design.from_prompt:
        _legend(canvas, shown, Box(row.x, row.y, row.w - credit_width - canvas.u(3), row.h), style)


def _credit(left_out: int) -> str:
    extra = f" · {left_out} more not shown" if left_out else ""
    return f"Made with Omni-Cortex{extra}"


def _legend(canvas: Canvas, notes: Sequence[Note], row: Box, style: Style) -> None:
    x = row.x
    dot = canvas.u(0.55)
    for memory_type in dict.fromkeys(n.type for n in notes):
        text = label(memory_type)
        needed = dot * 2 + canvas.u(0.7) + canvas.width(text, style) + canvas.u(2.2)
        if x + needed > row.right:
            break
        centre_y = row.y + row.h / 2
        canvas.disc(x + dot, centre_y, dot, canvas.theme.type_colour(memory_type))
        canvas.text(text, x + dot * 2 + canvas.u(0.7), row.y, style, canvas.theme.muted)
        x += needed
