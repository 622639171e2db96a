"""Picture presets, and the pixel sizes every picture of a ratio and size has.

Pixel sizes are Nano Banana Pro's published table (from the catalogue); the offline
renderer draws at exactly these sizes, so a picture has the same shape whichever
provider drew it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.catalogue import PUBLISHED_PIXELS

PIXEL_SIZES = PUBLISHED_PIXELS
ASPECT_RATIOS: tuple[str, ...] = tuple(PIXEL_SIZES)


def pixel_size(aspect_ratio: str, image_size: str) -> tuple[int, int]:
    """Width and height in pixels of an image of this ratio and size."""
    return PIXEL_SIZES[aspect_ratio][image_size]


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
