"""From a design to PNG bytes: the same design always gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from cortex_dashboard.images.render.canvas import Canvas
from cortex_dashboard.images.render.design import Design
from cortex_dashboard.images.render.fonts import DEFAULT_FONTS, Fonts
from cortex_dashboard.images.render.frame import (
    draw_corner_logo,
    draw_footer,
    draw_header,
    footer_height,
    margins,
)
from cortex_dashboard.images.render.layouts import layout_for
from cortex_dashboard.images.render.logo import open_logo
from cortex_dashboard.images.render.swatch import swatch_theme
from cortex_dashboard.images.render.themes import Theme, make_theme

__all__ = ["Rendered", "render_design", "theme_for"]


@dataclass(frozen=True, slots=True)
class Rendered:
    png: bytes
    width: int
    height: int
    shown: tuple[int, ...]
    """Positions of the memories drawn."""
    left_out: int
    """Visible memories not drawn."""
    chosen: bool
    """The layout picks a few memories by design, so `left_out` is not a lack of space."""
    missing_glyphs: str
    """Characters no bundled font could draw, each once, in order of code point."""
    shortened: tuple[tuple[int, int, int, bool], ...] = ()
    """Memories whose words did not all fit: (position, sentences wanted, sentences drawn,
    headline cut), by position."""
    logo_problem: str = ""
    """Why the design's logo is not drawn: "not sent" (the request did not bring its
    picture) or "unreadable"; "" when it is drawn or there is none."""


def render_design(design: Design, fonts: Fonts = DEFAULT_FONTS, *,
                  logo: bytes | None = None) -> Rendered:
    """Draws `design`; `logo` is the bytes of the reference `design.logo` names, when the
    request brought them."""
    width, height = design.pixel_size
    notes = design.visible
    canvas = Canvas(width, height, theme_for(design).with_types(n.type for n in notes),
                    title_step=design.title_step, text_step=design.text_step, fonts=fonts)
    layout = layout_for(design, notes)
    page = margins(canvas)
    footer_h = footer_height(canvas, design)
    footer, page = page.bottom_part(footer_h, canvas.u(2.2) if footer_h else 0)
    picture = open_logo(logo) if design.logo and logo else None
    if layout.own_header:
        content = page
        if picture is not None:
            draw_corner_logo(canvas, picture, page)
    else:
        content = draw_header(canvas, design, notes, page, side=layout.side_header,
                              compact=layout.compact_header, logo=picture)
    shown = layout.draw(canvas, design, notes, content)
    left_out = 0 if layout.selects else len(notes) - len(shown)
    draw_footer(canvas, design, shown, left_out, footer)
    return Rendered(
        png=canvas.png(),
        width=width,
        height=height,
        shown=tuple(n.position for n in shown),
        left_out=len(notes) - len(shown),
        chosen=layout.selects,
        missing_glyphs="".join(sorted(canvas.missing)),
        shortened=tuple((p, *fit) for p, fit in sorted(canvas.shortened.items())),
        logo_problem=_logo_problem(design, logo, picture),
    )


def theme_for(design: Design) -> Theme:
    """The design's colours: a style reference's swatch, or its named palette."""
    dark = design.theme == "dark"
    return swatch_theme(design.swatch, dark) if design.swatch else make_theme(design.palette,
                                                                              dark)


def _logo_problem(design: Design, logo: bytes | None, picture: Image.Image | None) -> str:
    if not design.logo or picture is not None:
        return ""
    return "not sent" if logo is None else "unreadable"
