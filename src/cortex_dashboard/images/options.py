"""What the image models offer: aspect ratios, sizes, models and presets.

Pixel sizes are Nano Banana Pro's published table; every provider (the offline
renderer included) answers with exactly these sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AspectRatio = Literal["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]
ImageSize = Literal["1K", "2K", "4K"]

PRO_MODEL = "gemini-3-pro-image-preview"
FLASH_MODEL = "gemini-2.5-flash-image"

PIXEL_SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "1:1": {"1K": (1024, 1024), "2K": (2048, 2048), "4K": (4096, 4096)},
    "2:3": {"1K": (848, 1264), "2K": (1696, 2528), "4K": (3392, 5056)},
    "3:2": {"1K": (1264, 848), "2K": (2528, 1696), "4K": (5056, 3392)},
    "3:4": {"1K": (896, 1200), "2K": (1792, 2400), "4K": (3584, 4800)},
    "4:3": {"1K": (1200, 896), "2K": (2400, 1792), "4K": (4800, 3584)},
    "4:5": {"1K": (928, 1152), "2K": (1856, 2304), "4K": (3712, 4608)},
    "5:4": {"1K": (1152, 928), "2K": (2304, 1856), "4K": (4608, 3712)},
    "9:16": {"1K": (768, 1376), "2K": (1536, 2752), "4K": (3072, 5504)},
    "16:9": {"1K": (1376, 768), "2K": (2752, 1536), "4K": (5504, 3072)},
    "21:9": {"1K": (1584, 672), "2K": (3168, 1344), "4K": (6336, 2688)},
}
ASPECT_RATIOS: tuple[str, ...] = tuple(PIXEL_SIZES)
IMAGE_SIZES: tuple[str, ...] = ("1K", "2K", "4K")


def pixel_size(aspect_ratio: str, image_size: str) -> tuple[int, int]:
    """Width and height in pixels of an image of this ratio and size."""
    return PIXEL_SIZES[aspect_ratio][image_size]


@dataclass(frozen=True, slots=True)
class ModelInfo:
    id: str
    name: str
    sizes: tuple[str, ...]
    thinking: bool
    search_grounding: bool


MODELS: dict[str, ModelInfo] = {
    PRO_MODEL: ModelInfo(PRO_MODEL, "Nano Banana Pro", IMAGE_SIZES, True, True),
    FLASH_MODEL: ModelInfo(FLASH_MODEL, "Nano Banana", ("1K",), False, False),
}


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    name: str
    aspect_ratio: str
    guidance: str


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            "infographic", "Infographic", "16:9",
            "Design a clean, professional infographic. A clear title, one section per "
            "memory with a small icon, a type label and a short summary, consistent "
            "colours and generous white space. Text must be legible and spelled exactly.",
        ),
        Preset(
            "update_sheet", "Update sheet", "3:4",
            "Design a one-page project status update: a headline, the date range covered, "
            "and sections for what was done, what was decided, open problems and next "
            "steps. Make it scannable, like a polished team newsletter.",
        ),
        Preset(
            "timeline", "Timeline", "21:9",
            "Draw a horizontal timeline. Place each memory at its date along the axis with "
            "a short label, in chronological order, and mark the most important ones.",
        ),
        Preset(
            "comparison", "Comparison", "16:9",
            "Draw a side-by-side comparison chart with two or more columns grouped by topic "
            "or type, with matching rows so differences are easy to read.",
        ),
        Preset(
            "key_insights", "Key insights", "4:5",
            "Present the three to five most important insights as bold cards, each with a "
            "short headline and one supporting sentence.",
        ),
        Preset(
            "workflow", "Workflow", "16:9",
            "Draw a workflow diagram: numbered steps in boxes joined by arrows, each step a "
            "short imperative phrase taken from the memories.",
        ),
        Preset(
            "quote_card", "Quote card", "1:1",
            "Make a quote card: the most striking memory as a large quotation with a small "
            "attribution line (type and date), on a tasteful background.",
        ),
        Preset("custom", "Custom", "16:9", "Follow the user's description closely."),
    )
}
