"""The bundled fonts, and which of them draws each character.

Inter is the face of every picture. Characters Inter lacks fall back, run by run, to
DejaVu Sans (Greek, Cyrillic, Hebrew, Arabic, symbols), Droid Sans Fallback (Chinese,
Japanese, Korean) and Symbola (emoji, drawn in one colour). A character none of them
has is drawn as the missing-glyph box and reported, never dropped silently.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont, features

__all__ = ["DEFAULT_FONTS", "FONT_DIR", "Fonts", "Run", "Weight"]

FONT_DIR = Path(__file__).parent / "fonts"

Weight = str
"""One of "regular", "semibold", "bold"."""

_FALLBACKS = ("DroidSansFallbackFull.ttf", "Symbola.ttf")
_CHAINS: dict[Weight, tuple[str, ...]] = {
    "regular": ("Inter-Regular.otf", "DejaVuSans.ttf", *_FALLBACKS),
    "semibold": ("Inter-SemiBold.otf", "DejaVuSans-Bold.ttf", *_FALLBACKS),
    "bold": ("Inter-Bold.otf", "DejaVuSans-Bold.ttf", *_FALLBACKS),
}
_PROBE_SIZE = 24
_NOTDEF_PROBE = "\U0010fffd"
_NEUTRAL_CATEGORIES = ("Z", "P", "N", "S", "M")
_RTL_CLASSES = ("R", "AL")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn with one font file."""

    text: str
    font: ImageFont.FreeTypeFont
    width: float
    """The run's advance in pixels, measured once for measuring and drawing alike."""
    missing: str = ""
    """Characters of this run that no bundled font has."""


@lru_cache(maxsize=256)
def _load(file: str, size: int, engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / file), size, layout_engine=engine)


def _mask_signature(font: ImageFont.FreeTypeFont, text: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(text)
    return mask.size, bytes(mask)


def _probe(file: str) -> ImageFont.FreeTypeFont:
    return _load(file, _PROBE_SIZE, ImageFont.Layout.BASIC)


@cache
def _notdef_signature(file: str) -> tuple[tuple[int, int], bytes]:
    """The font's .notdef box, drawn once per file rather than once per character probed."""
    return _mask_signature(_probe(file), _NOTDEF_PROBE)


@lru_cache(maxsize=8192)
def _has_glyph(file: str, char: str) -> bool:
    """Whether the font maps `char` to a real glyph rather than its .notdef box."""
    if char.isspace():
        return True
    return _mask_signature(_probe(file), char) != _notdef_signature(file)


def _is_neutral(char: str) -> bool:
    return unicodedata.category(char)[0] in _NEUTRAL_CATEGORIES


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


class Fonts:
    """Fonts by weight and pixel size, with per-character fallback and measurement."""

    def __init__(self, engine: ImageFont.Layout | None = None) -> None:
        raqm = features.check("raqm")
        self.engine = engine if engine is not None else (
            ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
        )
        self.width = lru_cache(maxsize=65536)(self._width)
        self.runs = lru_cache(maxsize=8192)(self._runs)

    def font(self, weight: Weight, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
        return _load(_CHAINS[weight][index], max(1, size), self.engine)

    def _file_for(self, weight: Weight, char: str, current: int | None) -> int | None:
        chain = _CHAINS[weight]
        if current is not None and _is_neutral(char) and _has_glyph(chain[current], char):
            return current
        return next((i for i, file in enumerate(chain) if _has_glyph(file, char)), None)

    def _runs(self, text: str, weight: Weight, size: int) -> tuple[Run, ...]:
        pieces: list[tuple[int, str, str]] = []
        current: int | None = None
        for char in text:
            index = self._file_for(weight, char, current)
            missing = char if index is None else ""
            index = 0 if index is None else index
            if pieces and pieces[-1][0] == index:
                pieces[-1] = (index, pieces[-1][1] + char, pieces[-1][2] + missing)
            else:
                pieces.append((index, char, missing))
            current = index
        return tuple(self._run(weight, size, *piece) for piece in pieces)

    def _run(self, weight: Weight, size: int, index: int, text: str, missing: str) -> Run:
        if self.engine == ImageFont.Layout.BASIC and _is_rtl(text):
            text = text[::-1]
        font = self.font(weight, size, index)
        return Run(text, font, font.getlength(text), missing)

    def _width(self, text: str, weight: Weight, size: int) -> float:
        return sum(run.width for run in self.runs(text, weight, size))

    def missing(self, text: str, weight: Weight = "regular") -> str:
        """The characters of `text` that no bundled font can draw."""
        return "".join(run.missing for run in self.runs(text, weight, _PROBE_SIZE))


DEFAULT_FONTS = Fonts()
