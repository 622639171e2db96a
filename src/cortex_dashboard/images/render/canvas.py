"""The drawing surface: boxes, sizes in units, text in styles, smooth shapes, PNG out."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from cortex_dashboard.images.render import shapes
from cortex_dashboard.images.render.fonts import DEFAULT_FONTS, Fonts
from cortex_dashboard.images.render.themes import RGB, Theme
from cortex_dashboard.images.render.typography import Block, Style, clip_line, fit

__all__ = ["Box", "Canvas"]

STEP_FACTOR = 1.15
"""How much one "bigger" or "smaller" changes a text size."""


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def top(self, height: float, gap: float = 0) -> tuple[Box, Box]:
        """The top `height` of this box, and what is left below it after `gap`."""
        height = min(height, self.h)
        rest = max(0.0, self.h - height - gap)
        return Box(self.x, self.y, self.w, height), Box(self.x, self.bottom - rest, self.w, rest)

    def bottom_part(self, height: float, gap: float = 0) -> tuple[Box, Box]:
        """The bottom `height` of this box, and what is left above it after `gap`."""
        height = min(height, self.h)
        rest = max(0.0, self.h - height - gap)
        return Box(self.x, self.bottom - height, self.w, height), Box(self.x, self.y, self.w, rest)

    def left(self, width: float, gap: float = 0) -> tuple[Box, Box]:
        width = min(width, self.w)
        rest = max(0.0, self.w - width - gap)
        return Box(self.x, self.y, width, self.h), Box(self.right - rest, self.y, rest, self.h)

    def columns(self, count: int, gap: float) -> list[Box]:
        width = (self.w - gap * (count - 1)) / max(count, 1)
        return [Box(self.x + i * (width + gap), self.y, width, self.h) for i in range(count)]

    def rows(self, count: int, gap: float) -> list[Box]:
        height = (self.h - gap * (count - 1)) / max(count, 1)
        return [Box(self.x, self.y + i * (height + gap), self.w, height) for i in range(count)]


class Canvas:
    """One picture being drawn. Sizes are given in units of 1 % of the picture's
    geometric mean side, so layouts read the same at 1K and at 4K."""

    def __init__(
        self,
        width: int,
        height: int,
        theme: Theme,
        *,
        title_step: int = 0,
        text_step: int = 0,
        fonts: Fonts = DEFAULT_FONTS,
    ) -> None:
        self.image = Image.new("RGB", (width, height), theme.background)
        self.draw = ImageDraw.Draw(self.image)
        self.theme = theme
        self.fonts = fonts
        self.unit = math.sqrt(width * height) / 100
        self.title_factor = STEP_FACTOR**title_step
        self.text_factor = STEP_FACTOR**text_step
        self.missing: set[str] = set()
        self.shortened: dict[int, tuple[int, int, bool]] = {}
        """Memories whose words did not all fit: position -> (sentences wanted, sentences
        drawn, headline cut)."""

    @property
    def box(self) -> Box:
        return Box(0, 0, self.image.width, self.image.height)

    def u(self, units: float) -> float:
        return units * self.unit

    def style(self, weight: str, units: float, *, title: bool = False,
              spacing: float = 1.32) -> Style:
        factor = self.title_factor if title else self.text_factor
        return Style(weight, max(8, round(units * self.unit * factor)), spacing)

    def min_size(self, units: float) -> int:
        return max(8, round(units * self.unit))

    def fit(self, text: str, style: Style, box: Box, min_units: float,
            max_lines: int = 1000) -> Block:
        min_size = min(style.size, self.min_size(min_units))
        return fit(text, style, width=box.w, height=box.h, min_size=min_size,
                   max_lines=max_lines, fonts=self.fonts)

    def fixed(self, text: str, style: Style, box: Box, max_lines: int = 1000) -> Block:
        """`text` in exactly `style`, cut with an ellipsis where the box ends."""
        return fit(text, style, width=box.w, height=box.h, min_size=style.size,
                   max_lines=max_lines, fonts=self.fonts)

    def clip(self, text: str, style: Style, width: float) -> str:
        return clip_line(text, style, width, self.fonts)

    def width(self, text: str, style: Style) -> float:
        return self.fonts.width(text, style.weight, style.size)

    def record_fit(self, position: int, wanted: int, shown: int, cut: bool = False) -> None:
        """Remembers, for the reply, that a memory's words did not all fit."""
        if shown < wanted or cut:
            self.shortened[position] = (wanted, shown, cut)

    def text(self, text: str, x: float, top: float, style: Style, fill: RGB, align: str = "left",
             width: float = 0) -> None:
        """One line whose line box starts at `top`; `align` within `width` from `x`."""
        if align != "left":
            spare = width - self.width(text, style)
            x += spare if align == "right" else spare / 2
        baseline = style.baseline(top)
        for run in self.fonts.runs(text, style.weight, style.size):
            self.draw.text((x, baseline), run.text, font=run.font, fill=fill, anchor="ls")
            x += run.width
            self.missing.update(run.missing)

    def block(self, block: Block, box: Box, fill: RGB, align: str = "left") -> float:
        """Draws the lines from the top of `box`; returns the y below the last line."""
        for i, line in enumerate(block.lines):
            top = box.y + i * block.style.line_height
            self.text(line, box.x, top, block.style, fill, align, box.w)
        return box.y + block.height

    def rect(self, box: Box, fill: RGB, radius: float = 0) -> None:
        x0, y0, x1, y1 = round(box.x), round(box.y), round(box.right), round(box.bottom)
        if x1 <= x0 or y1 <= y0:
            return
        r = int(min(radius, (x1 - x0) // 2, (y1 - y0) // 2))
        if r < 2:
            self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)
            return
        self._bar(x0 + r, y0, x1 - r, y1, fill)
        self._bar(x0, y0 + r, x1, y1 - r, fill)
        for corner, (cx, cy) in enumerate(((x0, y0), (x1 - r, y0), (x0, y1 - r), (x1 - r, y1 - r))):
            self.image.paste(fill, (cx, cy, cx + r, cy + r), shapes.corner_mask(r, corner))

    def _bar(self, x0: int, y0: int, x1: int, y1: int, fill: RGB) -> None:
        if x1 > x0 and y1 > y0:
            self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)

    def card(self, box: Box, fill: RGB, radius: float, border: RGB | None = None) -> None:
        """A rounded rectangle with a hairline border."""
        if border is None:
            self.rect(box, fill, radius)
            return
        line = max(1.0, self.u(0.1))
        self.rect(box, border, radius)
        self.rect(box.inset(line), fill, radius - line)

    def disc(self, cx: float, cy: float, radius: float, fill: RGB, ring: float = 0) -> None:
        diameter = max(2, round(radius * 2))
        mask = shapes.disc_mask(diameter, ring)
        x, y = round(cx - diameter / 2), round(cy - diameter / 2)
        self.image.paste(fill, (x, y, x + diameter, y + diameter), mask)

    def mark(self, kind: str, cx: float, cy: float, size: float, fill: RGB) -> None:
        side = max(4, round(size))
        x, y = round(cx - side / 2), round(cy - side / 2)
        self.image.paste(fill, (x, y, x + side, y + side), shapes.mark_mask(kind, side))

    def polygon(self, points: list[tuple[float, float]], fill: RGB) -> None:
        mask, (x, y) = shapes.polygon_mask(points)
        self.image.paste(fill, (x, y, x + mask.width, y + mask.height), mask)

    def picture(self, picture: Image.Image, box: Box) -> None:
        """`picture` (RGBA) scaled into `box`, drawn over what is there through its alpha."""
        size = (max(1, round(box.w)), max(1, round(box.h)))
        scaled = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        self.image.paste(scaled, (round(box.x), round(box.y)), scaled)

    def hline(self, x0: float, x1: float, y: float, fill: RGB, thickness: float) -> None:
        self.rect(Box(x0, y - thickness / 2, x1 - x0, max(1.0, thickness)), fill)

    def vline(self, x: float, y0: float, y1: float, fill: RGB, thickness: float) -> None:
        self.rect(Box(x - thickness / 2, y0, max(1.0, thickness), y1 - y0), fill)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", compress_level=6)
        return buffer.getvalue()
