"""Text that never breaks the layout: clean, wrap by real metrics, shrink, then ellipsis.

Lines break at spaces and between CJK characters; a word wider than the line (a long
identifier) breaks after its punctuation where it can. A cut keeps whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cortex_dashboard.images.render.fonts import DEFAULT_FONTS, Fonts, Weight

__all__ = ["CAP_HEIGHT", "Block", "Style", "clean_text", "clip_line", "fit", "wrap"]

CAP_HEIGHT = 0.73
"""Inter's capital height as a fraction of the font size."""
ELLIPSIS = "…"
_DROPPED_CATEGORIES = ("Cc", "Cf", "Cs")
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")
_SHRINK_STEP = 0.92
_BREAK_AFTER = "./_-–—,;:)]}>=&?+"
"""Inside a word too long for a line, a break after one of these reads best."""


def clean_text(text: str, limit: int | None = None) -> str:
    """One line of printable text: control and format characters gone, spaces collapsed."""
    if limit is not None:
        text = text[: limit * 2]
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if c.isspace() else c for c in text if not _dropped(c))
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return text


def _dropped(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) in _DROPPED_CATEGORIES


@dataclass(frozen=True, slots=True)
class Style:
    weight: Weight
    size: int
    spacing: float = 1.32

    @property
    def line_height(self) -> int:
        return round(self.size * self.spacing)

    def baseline(self, top: float) -> float:
        """The baseline of a line whose box starts at `top`, capitals centred in the box."""
        return top + (self.line_height + CAP_HEIGHT * self.size) / 2


@dataclass(frozen=True, slots=True)
class Block:
    """Wrapped lines in one style, ready to draw."""

    lines: tuple[str, ...]
    style: Style
    truncated: bool = False

    @property
    def height(self) -> int:
        return len(self.lines) * self.style.line_height


def wrap(text: str, style: Style, width: float, fonts: Fonts = DEFAULT_FONTS) -> list[str]:
    """Greedy line breaking at spaces (and between CJK characters) by measured widths."""
    return list(_wrap(text, style, width, fonts))


@lru_cache(maxsize=16384)
def _wrap(text: str, style: Style, width: float, fonts: Fonts) -> tuple[str, ...]:
    """`wrap`, remembered: layouts measure the same words at the same width many times."""
    lines: list[str] = []
    line, line_width, spaced = "", 0.0, False
    space = _width(" ", style, fonts)
    for token in _TOKEN.findall(text):
        if token.isspace():
            spaced = bool(line)
            continue
        added = (space if spaced else 0.0) + _width(token, style, fonts)
        if line and line_width + added <= width:
            line, line_width = line + (" " if spaced else "") + token, line_width + added
        else:
            lines.extend([line] if line else [])
            *full, line = _break_word(token, style, width, fonts)
            lines.extend(full)
            line_width = _width(line, style, fonts)
        spaced = False
    return tuple([*lines, line] if line else lines)


def _width(text: str, style: Style, fonts: Fonts) -> float:
    return fonts.width(text, style.weight, style.size)


def _break_word(word: str, style: Style, width: float, fonts: Fonts) -> list[str]:
    """`word` in pieces no wider than `width`, each ending after punctuation when one
    does within the piece's second half, else after as many characters as fit."""
    pieces: list[str] = []
    while word:
        count = _fitting_chars(word, style, width, fonts)
        if count < len(word):
            punct = max(word.rfind(c, 0, count) for c in _BREAK_AFTER)
            count = punct + 1 if punct >= count // 2 else count
        pieces.append(word[:count])
        word = word[count:]
    return pieces


def _fitting_chars(word: str, style: Style, width: float, fonts: Fonts) -> int:
    """How many leading characters of `word` fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(word[:middle], style, fonts) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def clip_line(text: str, style: Style, width: float, fonts: Fonts = DEFAULT_FONTS) -> str:
    """`text` if it fits in `width`, else its longest start of whole words that fits with
    an ellipsis (a cut word only when not even the first word fits)."""
    if _width(text, style, fonts) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle].rstrip() + ELLIPSIS, style, fonts) <= width:
            low = middle
        else:
            high = middle - 1
    whole = text[: low + 1].rsplit(" ", 1)[0] if " " in text[: low + 1] else ""
    kept = whole if whole.strip() else text[:low]
    return kept.rstrip(" ,;:-–—") + ELLIPSIS


def fit(
    text: str,
    style: Style,
    *,
    width: float,
    height: float,
    min_size: int,
    max_lines: int = 1000,
    fonts: Fonts = DEFAULT_FONTS,
) -> Block:
    """The largest size from `style.size` down to `min_size` at which `text` fits the box;
    at the smallest size, the lines that fit with the last one cut by an ellipsis."""
    size = style.size
    while True:
        current = Style(style.weight, size, style.spacing)
        allowed = min(max_lines, int(height // current.line_height))
        lines = wrap(text, current, width, fonts) if allowed > 0 else []
        if allowed > 0 and len(lines) <= allowed:
            return Block(tuple(lines), current)
        if size <= min_size and allowed <= 0:
            return Block((), current, truncated=bool(text.strip()))  # not even one line fits
        if size <= min_size:
            return _truncate(lines, current, width, allowed, fonts)
        size = max(min_size, int(size * _SHRINK_STEP))


def _truncate(lines: list[str], style: Style, width: float, allowed: int, fonts: Fonts) -> Block:
    """The first `allowed` of more `lines`, the last one cut by an ellipsis."""
    kept = lines[:allowed]
    kept[-1] = clip_line(kept[-1] + ELLIPSIS, style, width, fonts)
    return Block(tuple(kept), style, truncated=True)
