"""Same inputs, same bytes."""

from __future__ import annotations

from cortex_dashboard.images.render.design import Design, notes_from_memories
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.providers.base import ImageRequest, ImageSettings
from cortex_dashboard.providers.local.images import LocalProvider


def _design(preset: str = "timeline") -> Design:
    return Design(preset=preset, aspect_ratio="16:9", image_size="1K",
                  notes=notes_from_memories(sample_memories()))


def test_the_same_design_renders_the_same_bytes() -> None:
    assert render_design(_design()).png == render_design(_design()).png


def test_png_carries_no_time_or_text_chunks() -> None:
    png = render_design(_design("infographic")).png
    assert b"tIME" not in png
    assert b"tEXt" not in png


async def test_the_same_request_gives_the_same_turn() -> None:
    request = ImageRequest(user_prompt="dark theme", prompt="dark theme",
                           memories=tuple(sample_memories()),
                           settings=ImageSettings(aspect_ratio="1:1", image_size="1K"))
    first = await LocalProvider().generate(request)
    second = await LocalProvider().generate(request)
    assert first.image == second.image
    assert first.new_history == second.new_history
