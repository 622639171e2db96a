"""From a design to PNG bytes: the same design always gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.render.canvas import Canvas
from cortex_dashboard.images.render.design import Design
from cortex_dashboard.images.render.fonts import DEFAULT_FONTS, Fonts
from cortex_dashboard.images.render.frame import (
    draw_footer,
    draw_header,
    footer_height,
    margins,
)
from cortex_dashboard.images.render.layouts import layout_for
from cortex_dashboard.images.render.themes import make_theme

__all__ = ["Rendered", "render_design"]


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


def render_design(design: Design, fonts: Fonts = DEFAULT_FONTS) -> Rendered:
    width, height = design.pixel_size
    notes = design.visible
    theme = make_theme(design.palette, design.theme == "dark").with_types(n.type for n in notes)
    canvas = Canvas(width, height, theme, title_step=design.title_step,
                    text_step=design.text_step, fonts=fonts)
    layout = layout_for(design, notes)
    page = margins(canvas)
    footer_h = footer_height(canvas, design)
    footer, page = page.bottom_part(footer_h, canvas.u(2.2) if footer_h else 0)
    content = page if layout.own_header else draw_header(
        canvas, design, notes, page, side=layout.side_header, compact=layout.compact_header)
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
    )
