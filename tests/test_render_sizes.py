"""Every aspect ratio and size of the Gemini table, exactly, and a layout for each shape."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cortex_dashboard.images.options import PIXEL_SIZES
from cortex_dashboard.images.render.canvas import Box, Canvas
from cortex_dashboard.images.render.design import Design, notes_from_memories
from cortex_dashboard.images.render.engine import render_design
from cortex_dashboard.images.render.frame import draw_header, margins, shape_of
from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.images.render.themes import make_theme

PAIRS = [(ratio, size) for ratio, sizes in PIXEL_SIZES.items() for size in sizes]
NOTES = notes_from_memories(sample_memories()[:2])


@pytest.mark.parametrize(("ratio", "size"), PAIRS)
def test_render_has_the_exact_pixel_size_of_the_table(ratio: str, size: str) -> None:
    design = Design(preset="quote_card", aspect_ratio=ratio, image_size=size, notes=NOTES)
    rendered = render_design(design)
    image = Image.open(io.BytesIO(rendered.png))
    assert image.size == PIXEL_SIZES[ratio][size]
    assert (rendered.width, rendered.height) == image.size


def test_all_thirty_pairs_are_covered() -> None:
    assert len(PAIRS) == 30


@pytest.mark.parametrize(("ratio", "shape"), [("21:9", "wide"), ("16:9", "landscape"),
                                              ("1:1", "square"), ("4:5", "portrait"),
                                              ("9:16", "tall")])
def test_each_ratio_has_its_shape(ratio: str, shape: str) -> None:
    assert shape_of(*PIXEL_SIZES[ratio]["1K"]) == shape


def _content_box(ratio: str) -> tuple[Box, Canvas]:
    canvas = Canvas(*PIXEL_SIZES[ratio]["1K"], make_theme("corporate", dark=False))
    design = Design(preset="infographic", aspect_ratio=ratio, image_size="1K", notes=NOTES)
    return draw_header(canvas, design, NOTES, margins(canvas), side=True), canvas


def test_a_banner_puts_the_title_beside_the_content() -> None:
    content, canvas = _content_box("21:9")
    assert content.x > canvas.image.width * 0.25
    assert content.y < canvas.image.height * 0.1


def test_a_story_puts_the_title_above_the_content() -> None:
    content, canvas = _content_box("9:16")
    assert content.x < canvas.image.width * 0.1
    assert content.y > canvas.image.height * 0.1
