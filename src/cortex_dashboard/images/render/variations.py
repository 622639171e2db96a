"""Variations: when several pictures are asked for at once, each draws the same memories
with another look (palette, theme, header, how much each card says).

Variation 0 is the picture a single request draws. The others are fixed looks, so each is
as deterministic as the first; the design records what its variation chose, so refining
it keeps that look until words change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.render.captions import join_words
from cortex_dashboard.images.render.design import Design

__all__ = ["LOOKS", "Look", "describe", "vary"]


@dataclass(frozen=True, slots=True)
class Look:
    palette: str = "corporate"
    theme: str = "light"
    header: str = "plain"
    emphasis: str = "detail"


LOOKS: tuple[Look, ...] = (
    Look(),
    Look(palette="forest", header="band"),
    Look(palette="vibrant", theme="dark", emphasis="brief"),
    Look(palette="sunset", header="band", emphasis="brief"),
)


def vary(design: Design, variation: int) -> Design:
    """`design` in the look of `variation` (past the last look, they come round again,
    never back to the first)."""
    if variation <= 0:
        return design
    look = LOOKS[1 + (variation - 1) % (len(LOOKS) - 1)]
    return design.with_changes(palette=look.palette, theme=look.theme, header=look.header,
                               emphasis=look.emphasis, variation=variation)


def describe(design: Design) -> str:
    """"variation 3: sunset palette, title on a colour band, one sentence a card"."""
    if not design.variation:
        return ""
    words = ["the style reference's colours" if design.swatch else f"{design.palette} palette"]
    words += ["dark theme"] if design.theme == "dark" else []
    words += ["title on a colour band"] if design.header == "band" else []
    words += ["one sentence a card"] if design.emphasis == "brief" else []
    return f"variation {design.variation + 1}: {join_words(words)}"
