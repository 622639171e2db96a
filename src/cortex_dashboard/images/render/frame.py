"""What every layout shares: the shape of the page, the header, the footer and legend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from cortex_dashboard.images.render import captions
from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.content import date_range, label
from cortex_dashboard.images.render.design import Design, Note
from cortex_dashboard.images.render.grouping import MAX_COLUMNS
from cortex_dashboard.images.render.logo import fitted
from cortex_dashboard.images.render.themes import RGB, mix, readable
from cortex_dashboard.images.render.typography import Block, Style

__all__ = ["draw_corner_logo", "draw_eyebrow", "draw_footer", "draw_header", "footer_height",
           "margins", "shape_of"]

LOGO_WIDTH = 0.25
"""The widest a logo gets in a header across the page, as a share of the page's width."""
LOGO_HEIGHT = 10.0
"""Units a logo is tall at most (a header's words are about as tall on a wide page)."""
LOGO_GAP = 3.0
"""Units between the logo and the header's words."""
SIDE_LOGO_HEIGHT = 7.0
"""Units a logo is tall at the top of a side header."""


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


@dataclass(frozen=True, slots=True)
class _Ink:
    """Colours of the header's words: on the page, or on the accent band."""

    eyebrow: RGB
    title: RGB
    text: RGB


def _ink(canvas: Canvas, design: Design) -> _Ink:
    theme = canvas.theme
    if design.header != "band":
        return _Ink(theme.accent, theme.ink, theme.muted)
    on = theme.on(theme.accent)
    return _Ink(readable(mix(on, theme.accent, 0.2), theme.accent), on,
                readable(mix(on, theme.accent, 0.22), theme.accent))


def draw_header(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box, *,
                side: bool = False, compact: bool = False,
                logo: Image.Image | None = None) -> Box:
    """Eyebrow, title and subtitle, and the logo; returns the space left for the content.

    Across the top of the page, or in a column on its left for `side` layouts on a wide
    page; on a band of the accent colour, bled to the page's edges, when the design's
    header is "band". A logo stands at the header's top right, as tall as the header's
    words, which make room for it (at the top of the column, in a side header).
    """
    shape = shape_of(canvas.image.width, canvas.image.height)
    if side and shape == "wide":
        return _side_header(canvas, design, notes, page, compact, logo)
    words = _header_words(canvas, design, notes, page, page.w, compact)
    logo_box = None
    if logo is not None:
        logo_box = fitted(logo, page.right, page.y, page.w * LOGO_WIDTH,
                          min(words.bottom - page.y, canvas.u(LOGO_HEIGHT)))
        words = _header_words(canvas, design, notes, page, _beside(canvas, page, logo_box).w,
                              compact)
    gap = canvas.u(2.6 if compact else 3.2)
    if design.header == "band":
        canvas.rect(Box(0, 0, canvas.image.width, words.bottom + canvas.u(2.4)),
                    canvas.theme.accent)
        gap += canvas.u(2.4)
    if logo is not None and logo_box is not None:
        canvas.picture(logo, logo_box)
    _words(canvas, design, notes, _beside(canvas, page, logo_box), words.blocks,
           _ink(canvas, design))
    return Box(page.x, words.bottom + gap, page.w, max(0.0, page.bottom - words.bottom - gap))


def _beside(canvas: Canvas, page: Box, logo: Box | None) -> Box:
    """The part of the page left of the logo, for the header's words."""
    if logo is None:
        return page
    return Box(page.x, page.y, max(0.0, logo.x - canvas.u(LOGO_GAP) - page.x), page.h)


@dataclass(frozen=True, slots=True)
class _HeaderWords:
    blocks: tuple[Block | None, Block | None]
    """The title and the subtitle."""
    bottom: float
    """The y below them."""


def _header_words(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box,
                  room: float, compact: bool) -> _HeaderWords:
    """The title and subtitle measured for a header whose words may take `room` across."""
    shape = shape_of(canvas.image.width, canvas.image.height)
    tall = shape in ("portrait", "tall")
    top = page.y + _eyebrow_style(canvas).line_height + canvas.u(0.6)
    size = 3.2 if compact else 5.2 if tall else 4.6
    title = _title_block(canvas, captions.title(design), Box(
        page.x, top, min(room, page.w * (1 if tall else 0.86)), page.h), size,
        3 if tall else 2)
    subtitle = _subtitle_block(canvas, captions.subtitle(design, notes, MAX_COLUMNS[shape]),
                               Box(page.x, top, min(room, page.w * 0.8), page.h), 2)
    bottom = top + _height(title) + (canvas.u(0.5) + _height(subtitle) if subtitle else 0)
    return _HeaderWords((title, subtitle), bottom)


def _words(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box,
           blocks: tuple[Block | None, Block | None], ink: _Ink) -> None:
    """The eyebrow and the date range above, the title and subtitle below them."""
    eyebrow_h = draw_eyebrow(canvas, design, page.x, page.y, page.w * 0.6, ink.eyebrow)
    span = date_range(notes) if design.show_date else ""
    if span:
        canvas.text(span, page.x, page.y, canvas.style("regular", 1.45), ink.text, "right",
                    page.w)
    y = page.y + eyebrow_h + canvas.u(0.6)
    title, subtitle = blocks
    if title:
        y = canvas.block(title, Box(page.x, y, page.w, title.height), ink.title)
    if subtitle:
        canvas.block(subtitle, Box(page.x, y + canvas.u(0.5), page.w, subtitle.height),
                     ink.text)


def _height(block: Block | None) -> float:
    return block.height if block else 0.0


def _side_header(canvas: Canvas, design: Design, notes: Sequence[Note], page: Box,
                 compact: bool, logo: Image.Image | None) -> Box:
    column, content = page.left(page.w * 0.26, canvas.u(4.0))
    ink = _ink(canvas, design)
    if design.header == "band":
        canvas.rect(Box(0, 0, column.right + canvas.u(2.0), canvas.image.height),
                    canvas.theme.accent)
    if logo is not None:
        box = fitted(logo, column.right, column.y, column.w, canvas.u(SIDE_LOGO_HEIGHT))
        box = Box(column.x, box.y, box.w, box.h)
        canvas.picture(logo, box)
        column = column.top(box.h, canvas.u(2.0))[1]
    y = column.y + draw_eyebrow(canvas, design, column.x, column.y, column.w, ink.eyebrow)
    y += canvas.u(0.6)
    title = _title_block(canvas, captions.title(design), Box(column.x, y, column.w,
                                                               column.h * 0.6),
                         3.2 if compact else 4.2, 4)
    if title:
        y = canvas.block(title, Box(column.x, y, column.w, title.height), ink.title)
    text = captions.subtitle(design, notes, MAX_COLUMNS["wide"])
    subtitle = _subtitle_block(canvas, text, Box(column.x, y, column.w, column.bottom - y), 4)
    if subtitle:
        y = canvas.block(subtitle, Box(column.x, y + canvas.u(0.5), column.w, subtitle.height),
                         ink.text)
    span = date_range(notes) if design.show_date else ""
    if span:
        canvas.hline(column.x, column.x + canvas.u(4), y + canvas.u(2.4), ink.eyebrow,
                     canvas.u(0.35))
        canvas.text(span, column.x, y + canvas.u(3.4), canvas.style("regular", 1.6), ink.text)
    return content


def draw_corner_logo(canvas: Canvas, logo: Image.Image, page: Box) -> None:
    """The logo at the page's top right, for layouts that draw their own header: as tall
    as the eyebrow's line and the gap below it, where their content never reaches."""
    height = _eyebrow_style(canvas).line_height + canvas.u(1.6)
    canvas.picture(logo, fitted(logo, page.right, page.y, page.w * LOGO_WIDTH, height))


def _eyebrow_style(canvas: Canvas) -> Style:
    return canvas.style("semibold", 1.45)


def draw_eyebrow(canvas: Canvas, design: Design, x: float, y: float, width: float,
                 colour: RGB | None = None) -> int:
    """The project's name in small accent capitals, clipped to `width`; returns its height."""
    style = _eyebrow_style(canvas)
    canvas.text(canvas.clip(captions.eyebrow(design), style, width), x, y, style,
                colour or canvas.theme.accent)
    return style.line_height


def _title_block(canvas: Canvas, text: str, box: Box, size: float,
                 max_lines: int) -> Block | None:
    if not text:
        return None
    style = canvas.style("bold", size, title=True, spacing=1.16)
    return canvas.fit(text, style, box, min(size, 3.0) * 0.8, max_lines=max_lines)


def _subtitle_block(canvas: Canvas, text: str, box: Box, max_lines: int) -> Block | None:
    if not text:
        return None
    style = canvas.style("regular", 2.1, spacing=1.35)
    return canvas.fit(text, style, box, 1.5, max_lines=max_lines)


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
