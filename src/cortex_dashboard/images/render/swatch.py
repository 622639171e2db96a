"""Colours taken from a picture: a style reference's main colours, and a theme made of them.

`colours_of` quantizes a small thumbnail of the picture (Pillow's median cut) into its
main colours and picks the page's and the accent among them, by families of like colours
(a sky in five pinks outweighs one navy sea); the design keeps that swatch, so refinements
draw in the same colours without the picture. A picture this renderer drew in a named
palette (picture 1 of a series) is recognised by its page colour and hues, so the next
picture uses that very palette. `swatch_theme` turns a swatch into a light or dark theme:
the page colour tints the page, the accent leads, the other colours (and turns of the
accent's hue, when the picture has few colours) mark the memory types, and every text
colour is pushed lighter or darker until it reads at 4.5:1.
"""

from __future__ import annotations

import colorsys
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from PIL import Image, UnidentifiedImageError

from cortex_dashboard.images.render.themes import (
    PALETTES,
    RGB,
    SLOT_COUNT,
    Theme,
    assemble_theme,
    contrast,
    hex_rgb,
    luminance,
    make_theme,
    mix,
    readable,
)

__all__ = ["SWATCH_COLOURS", "Colours", "colours_of", "is_swatch", "swatch_theme"]

SWATCH_COLOURS = 8
THUMBNAIL_EDGE = 128
"""Quantizing a thumbnail this size takes about a millisecond and keeps every colour that
covers more than a sliver of the picture."""
_WHITE: RGB = (255, 255, 255)
_BLACK: RGB = (0, 0, 0)
_LIGHT_PAGE = 0.80
"""Luminance a light page reaches at least (the default light backgrounds are about 0.92)."""
_WHITEST_PAGE = 0.93
_DARK_PAGE = 0.018
_COLOURFUL = 0.14
"""Chroma (0..1) below which a colour counts as grey."""
_GRAPHIC_CONTRAST = 3.0
"""WCAG's minimum for marks and shapes, which the type hues are."""
_PAGES: dict[RGB, tuple[str, str]] = {
    **{hex_rgb(p.light_background): (name, "light") for name, p in PALETTES.items()},
    **{hex_rgb(p.dark_background): (name, "dark") for name, p in PALETTES.items()},
}
"""Page colours of the named palettes, by which a picture of this renderer is known."""
_LEAST_SHARE = 0.01
"""A colour on less of the picture than this is a detail, not part of its palette."""
_PAGE_SHARE = 0.08
_PAGE_TOLERANCE = 2
_HUE_TOLERANCE = 3
_HUE_TURNS = (0.5, 0.33, 0.17, 0.83, 0.67, 0.08, 0.92)
"""Turns of the accent's hue that fill the type slots a picture has no colour for."""


@dataclass(frozen=True, slots=True)
class Colours:
    swatch: tuple[str, ...]
    """The main colours as "#rrggbb": the page's, the accent, then the others, most common
    first (the derived palette, which the design keeps)."""
    named: tuple[str, str] | None = None
    """(palette, theme) when the picture is one this renderer drew in a named palette."""


def colours_of(data: bytes) -> Colours | None:
    """The picture's main colours; None when it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (THUMBNAIL_EDGE, THUMBNAIL_EDGE))
            # Sampled, not averaged: a colour of the picture, never a blend of two at an edge.
            image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.NEAREST)
            thumbnail = _flattened(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return Colours(_quantized(thumbnail), _named(thumbnail))


def _quantized(thumbnail: Image.Image) -> tuple[str, ...]:
    """The swatch: the page colour, the accent, then the other main colours."""
    quantized = thumbnail.quantize(SWATCH_COLOURS, Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    counts = quantized.histogram()[:len(palette) // 3]
    least = thumbnail.width * thumbnail.height * _LEAST_SHARE
    order = sorted((i for i, n in enumerate(counts) if n >= least), key=lambda i: (-counts[i], i))
    found = [(counts[i], cast(RGB, tuple(palette[i * 3:i * 3 + 3]))) for i in order]
    page, accent = _page_and_accent(found)
    rest = [c for _, c in found if c not in (page, accent)]
    return tuple(_hex(c) for c in (page, accent, *rest))


def _page_and_accent(found: list[tuple[int, RGB]]) -> tuple[RGB, RGB]:
    """The most common colour of the largest family of like colours (a sky in five pinks
    outweighs one navy sea), and the most colourful colour, weighed by its family's size;
    the darkest colour when the picture is grey."""
    share = _family_shares(found)
    page = max(found, key=lambda f: (share[f[1]], f[0]))[1]
    colourful = [c for _, c in found if _chroma(c) >= _COLOURFUL]
    if not colourful:
        return page, min((c for _, c in found), key=luminance)
    return page, max(colourful, key=lambda c: _chroma(c) * share[c] ** 0.5)


def _family_shares(found: list[tuple[int, RGB]]) -> dict[RGB, float]:
    """For each colour, the share of the picture in colours of its family: the greys, or
    the colourful ones of a like hue."""
    total = sum(n for n, _ in found) or 1
    return {colour: sum(n for n, other in found if _family(colour, other)) / total
            for _, colour in found}


def _family(a: RGB, b: RGB) -> bool:
    grey_a, grey_b = _chroma(a) < _COLOURFUL, _chroma(b) < _COLOURFUL
    return (grey_a and grey_b) or not (grey_a or grey_b or _apart(a, b))


def _hex(colour: Sequence[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _named(thumbnail: Image.Image) -> tuple[str, str] | None:
    """The named palette and theme whose page colour covers much of the picture and one
    of whose hues is in it too (flat colours survive the sampled thumbnail exactly; a
    JPEG's within a few levels)."""
    pixels = thumbnail.width * thumbnail.height
    found = sorted(cast(list[tuple[int, RGB]], thumbnail.getcolors(pixels) or []),
                   key=lambda c: (-c[0], c[1]))
    for count, colour in found[:3]:
        if count < pixels * _PAGE_SHARE:
            break
        page = min(_PAGES, key=lambda p: _distance(p, colour))
        if _distance(page, colour) <= _PAGE_TOLERANCE and _has_hue(_PAGES[page], found):
            return _PAGES[page]
    return None


def _has_hue(named: tuple[str, str], found: list[tuple[int, RGB]]) -> bool:
    hues = make_theme(named[0], named[1] == "dark").hues.values()
    return any(_distance(hue, colour) <= _HUE_TOLERANCE for hue in hues for _, colour in found)


def _distance(a: Sequence[int], b: Sequence[int]) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _flattened(image: Image.Image) -> Image.Image:
    """The picture in RGB, transparent parts on white (as a page would show them)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        page = Image.new("RGBA", rgba.size, (*_WHITE, 255))
        return Image.alpha_composite(page, rgba).convert("RGB")
    return image.convert("RGB")


def is_swatch(colours: Sequence[str]) -> bool:
    """Whether `colours` is a swatch this module could have made."""
    return 0 < len(colours) <= SWATCH_COLOURS and all(_is_hex(c) for c in colours)


def _is_hex(value: object) -> bool:
    return (isinstance(value, str) and len(value) == 7 and value[0] == "#"
            and all(c in "0123456789abcdef" for c in value[1:]))


def swatch_theme(swatch: Sequence[str], dark: bool) -> Theme:
    """A light or dark theme in the swatch's colours, with readable text."""
    colours = [hex_rgb(c) for c in swatch]
    accent = colours[min(1, len(colours) - 1)]
    background = _dark_page(colours, accent) if dark else _light_page(colours[0], accent)
    surface = mix(background, _WHITE, 0.06 if dark else 0.7)
    hues = [_mark(h, surface, dark) for h in _type_hues(colours, accent)]
    hues[0] = readable(readable(hues[0], surface), background)
    return assemble_theme(background, surface, _ink(colours, surface, dark), hues, dark)


def _chroma(colour: RGB) -> float:
    return (max(colour) - min(colour)) / 255


def _hue(colour: RGB) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in colour))[0]


def _light_page(colour: RGB, accent: RGB) -> RGB:
    """The page colour, lightened until a page of it is light; a white one tinted
    with the accent, so that white cards stand out on it."""
    if luminance(colour) > _WHITEST_PAGE:
        return _towards(colour, accent, lambda c: luminance(c) <= _WHITEST_PAGE)
    return _towards(colour, _WHITE, lambda c: luminance(c) >= _LIGHT_PAGE)


def _dark_page(colours: list[RGB], accent: RGB) -> RGB:
    """The darkest of the picture's dark colours (a colourful one before a grey: a night
    sky before a black shore), else the accent, darkened to a page."""
    dark = sorted((c for c in colours if luminance(c) < 0.06), key=luminance)
    seed = next((c for c in dark if _chroma(c) >= _COLOURFUL), dark[0] if dark else accent)
    return _towards(seed, _BLACK, lambda c: luminance(c) <= _DARK_PAGE)


def _towards(colour: RGB, target: RGB, done: Callable[[RGB], bool]) -> RGB:
    """`colour` moved towards `target` in twentieths until `done(colour)` holds."""
    for step in range(21):
        candidate = mix(colour, target, step / 20)
        if done(candidate):
            return candidate
    return target


def _type_hues(colours: list[RGB], accent: RGB) -> list[RGB]:
    """The accent, the picture's other colours of distinct hue, then turns of the accent's
    hue: one for each colour slot."""
    hues = [accent]
    for colour in colours:
        if _chroma(colour) >= _COLOURFUL and all(_apart(colour, h) for h in hues):
            hues.append(colour)
    base = accent if _chroma(accent) >= _COLOURFUL else (70, 100, 150)
    for turn in _HUE_TURNS:
        if len(hues) < SLOT_COUNT - 1:
            hues.append(_turned(base, turn))
    hues = hues[:SLOT_COUNT - 1]
    return [*hues, _turned(base, 0.0, saturation=0.15)]


def _apart(a: RGB, b: RGB) -> bool:
    distance = abs(_hue(a) - _hue(b))
    return min(distance, 1 - distance) >= 0.07


def _turned(colour: RGB, turn: float, saturation: float | None = None) -> RGB:
    """`colour` with its hue turned by `turn` (of a circle) at a mid lightness."""
    hue, _, sat = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    sat = max(0.45, sat) if saturation is None else saturation
    r, g, b = colorsys.hls_to_rgb((hue + turn) % 1.0, 0.42, sat)
    return round(r * 255), round(g * 255), round(b * 255)


def _mark(colour: RGB, surface: RGB, dark: bool) -> RGB:
    """A hue strong enough to see as a mark on the surface."""
    lifted = mix(colour, _WHITE, 0.22) if dark else colour
    if contrast(lifted, surface) >= _GRAPHIC_CONTRAST:
        return lifted
    return readable(lifted, surface, _GRAPHIC_CONTRAST)


def _ink(colours: list[RGB], surface: RGB, dark: bool) -> RGB:
    """Body text: the picture's darkest (lightest, on a dark page) colour, near black
    (white), made readable at 7:1 by `assemble_theme`."""
    if dark:
        return mix(max(colours, key=luminance), (240, 243, 248), 0.75)
    return mix(min(colours, key=luminance), (17, 24, 39), 0.6)
