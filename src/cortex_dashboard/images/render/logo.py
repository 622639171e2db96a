"""A logo reference, read once and placed in a box with its shape and transparency kept."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from cortex_dashboard.images.render.canvas import Box

__all__ = ["fitted", "open_logo"]


def open_logo(data: bytes) -> Image.Image | None:
    """The logo in RGBA, or None when the bytes are not a picture."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def fitted(logo: Image.Image, right: float, top: float, width: float, height: float) -> Box:
    """The largest box of the logo's shape within `width` x `height` whose top right
    corner is at (`right`, `top`), in whole pixels."""
    scale = min(width / logo.width, height / logo.height)
    w, h = max(1, int(logo.width * scale)), max(1, int(logo.height * scale))
    return Box(round(right) - w, round(top), w, h)
