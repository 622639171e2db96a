"""Every preset drawn at 16:9 2K and 9:16 1K, to look at the renderer's work."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.turns import FormSettings, first_turn
from cortex_dashboard.memories.models import Memory

__all__ = ["GALLERY_SIZES", "render_gallery"]

GALLERY_SIZES: tuple[tuple[str, str], ...] = (("16:9", "2K"), ("9:16", "1K"))


def render_gallery(out_dir: Path, memories: list[Memory],
                   sizes: Sequence[tuple[str, str]] = GALLERY_SIZES) -> list[Path]:
    """Write one PNG per preset and size into `out_dir`; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for preset in PRESETS:
        for ratio, size in sizes:
            turn = first_turn("", memories, FormSettings(preset, ratio, size))
            path = out_dir / f"{preset}-{ratio.replace(':', 'x')}-{size}.png"
            path.write_bytes(render_design(turn.design).png)
            paths.append(path)
    return paths
