"""Colours: light and dark themes, named palettes, and contrast that stays readable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

__all__ = [
    "PALETTES",
    "RGB",
    "SLOT_COUNT",
    "Theme",
    "assemble_theme",
    "contrast",
    "hex_rgb",
    "luminance",
    "make_theme",
    "mix",
    "readable",
]

RGB = tuple[int, int, int]
MIN_CONTRAST = 4.5
"""WCAG AA for body text."""

_SLOTS = ("primary", "positive", "insight", "negative", "caution", "next", "process", "neutral")
SLOT_COUNT = len(_SLOTS)
_CORE_TYPES = ("decision", "solution", "insight", "error", "warning", "todo", "workflow")
_TYPE_SLOTS: dict[str, str] = {
    "decision": "primary", "preference": "primary", "config": "primary",
    "solution": "positive", "tip": "positive", "command": "positive",
    "insight": "insight", "concept": "insight", "reference": "insight",
    "error": "negative", "troubleshooting": "negative",
    "warning": "caution",
    "todo": "next",
    "workflow": "process", "context": "process",
}


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    hues: tuple[str, ...]
    """Eight colours in the order of `_SLOTS`."""
    light_background: str = "#f5f7fa"
    dark_background: str = "#0d1421"
    dark_lift: float = 0.22
    """How much lighter the colours get on a dark background."""


PALETTES: dict[str, Palette] = {
    p.name: p
    for p in (
        Palette("corporate", ("#1f4e9c", "#1e7a4f", "#6a4bb5", "#b83a3a", "#b26a00",
                              "#0f7c8c", "#9c3d7a", "#56657a")),
        Palette("vibrant", ("#2563eb", "#059669", "#8b3ff0", "#e0312f", "#e07b00",
                            "#0891b2", "#db2777", "#5b6474"), "#f7f7fb", "#0e0f1a"),
        Palette("pastel", ("#8fb3e8", "#8fd1b4", "#c2a8ec", "#f2a3a3", "#f3c98b",
                           "#8fd3df", "#f0b0cf", "#b8c0cc"), "#fbf8f3", "#1a1a22"),
        Palette("mono", ("#1f2328", "#3b4148", "#51575e", "#2a2f35", "#646a71",
                         "#454b52", "#5a6068", "#70757c"), "#f4f4f4", "#111213", 0.62),
        Palette("ocean", ("#0b5f8a", "#0f8b8d", "#3d5a98", "#c0392b", "#c77d0e",
                          "#1b98b5", "#275d7a", "#4c6272"), "#f1f6f9", "#081722"),
        Palette("forest", ("#2f6b3a", "#5a8f29", "#6b5b2e", "#a63d2f", "#b07a12",
                           "#2e7d6b", "#4d6b2f", "#5d6655"), "#f5f6f0", "#0f1610"),
        Palette("sunset", ("#c2410c", "#3f7d20", "#9d2f6b", "#b91c3c", "#c2780a",
                           "#7c3aed", "#db5a2a", "#6b5a66"), "#fdf6f0", "#1c1014"),
    )
}
PALETTE_ALIASES = {"monochrome": "mono", "grey": "mono", "gray": "mono", "business": "corporate"}


def _slot_order(memory_type: str) -> tuple[int, str]:
    """Core types first, then types that share a colour slot, then unknown ones."""
    rank = 0 if memory_type in _CORE_TYPES else 1 if memory_type in _TYPE_SLOTS else 2
    return rank, memory_type


def hex_rgb(value: str) -> RGB:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """`a` moved towards `b` by `amount` (0 keeps `a`, 1 gives `b`)."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def luminance(colour: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: RGB, background: RGB, minimum: float = MIN_CONTRAST) -> RGB:
    """`colour`, darkened or lightened just enough to reach `minimum` contrast on `background`."""
    target: RGB = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    step = 0
    candidate = colour
    while contrast(candidate, background) < minimum and step < 20:
        step += 1
        candidate = mix(colour, target, step / 20)
    return candidate


@dataclass(frozen=True, slots=True)
class Theme:
    background: RGB
    surface: RGB
    ink: RGB
    muted: RGB
    rule: RGB
    accent: RGB
    hues: dict[str, RGB]
    assigned: dict[str, RGB] = field(default_factory=dict)

    def with_types(self, memory_types: Iterable[str]) -> Theme:
        """This theme with a distinct colour for each of up to eight types on the page."""
        free = list(_SLOTS)
        assigned: dict[str, RGB] = {}
        for memory_type in sorted(set(memory_types), key=_slot_order):
            slot = _TYPE_SLOTS.get(memory_type, "neutral")
            slot = slot if slot in free else (free[0] if free else slot)
            if slot in free:
                free.remove(slot)
            assigned[memory_type] = self.hues[slot]
        return replace(self, assigned=assigned)

    def type_colour(self, memory_type: str) -> RGB:
        """The fill colour for marks and dots of this memory type."""
        found = self.assigned.get(memory_type)
        return found or self.hues[_TYPE_SLOTS.get(memory_type, "neutral")]

    def type_text(self, memory_type: str, background: RGB | None = None) -> RGB:
        """A readable text colour for labels of this memory type."""
        return readable(self.type_colour(memory_type), background or self.surface)

    def tint(self, colour: RGB, amount: float = 0.14) -> RGB:
        """A soft fill of `colour` over the surface, for chips and bands."""
        return mix(self.surface, colour, amount)

    def on(self, fill: RGB) -> RGB:
        """Text colour for text drawn on a `fill` background."""
        light, dark = (255, 255, 255), (17, 24, 39)
        best = light if contrast(light, fill) >= contrast(dark, fill) else dark
        return readable(best, fill)


def make_theme(palette_name: str, dark: bool) -> Theme:
    palette = PALETTES.get(palette_name, PALETTES["corporate"])
    base = [hex_rgb(h) for h in palette.hues]
    hues = [mix(h, (255, 255, 255), palette.dark_lift) for h in base] if dark else base
    background = hex_rgb(palette.dark_background if dark else palette.light_background)
    surface = mix(background, (255, 255, 255), 0.06) if dark else (255, 255, 255)
    ink = (240, 243, 248) if dark else (17, 24, 39)
    return assemble_theme(background, surface, ink, hues, dark)


def assemble_theme(background: RGB, surface: RGB, ink: RGB, hues: list[RGB],
                   dark: bool) -> Theme:
    """A theme from its page colours, a text colour to make readable and eight hues
    (the first is the accent), in the order of the colour slots."""
    return Theme(
        background=background,
        surface=surface,
        ink=readable(ink, surface, 7.0),
        muted=readable(readable(mix(ink, surface, 0.38), surface), background),
        rule=mix(surface, ink, 0.16 if dark else 0.11),
        accent=hues[0],
        hues=dict(zip(_SLOTS, hues, strict=True)),
    )
