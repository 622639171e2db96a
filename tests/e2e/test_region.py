"""Box-guided edits: a box dragged on the current picture goes as a cropped reference with
its place in words; the page says the rest may shift slightly (Gemini takes no mask)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.helpers import screenshot, send_prompt, turns

pytestmark = pytest.mark.e2e


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag across the picture between two points given as fractions of its size."""
    surface = page.get_by_test_id("region-surface")
    surface.scroll_into_view_if_needed()
    box = surface.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1], steps=5)
    page.mouse.up()


def test_a_box_dragged_on_the_picture_is_sent_as_a_crop_named_in_words(page: Page,
                                                                       emulator: Any):
    send_prompt(page, "An update sheet of the booking work")
    page.get_by_role("button", name="Change one part").click()
    expect(page.get_by_test_id("region-help")).to_contain_text("may shift slightly")
    drag(page, (0.5, 0.5), (1.2, 1.2))
    expect(page.get_by_test_id("next-turn-note")).to_contain_text(
        "Changing only a box 50% wide and 50% tall, 50% from the left and 50% from the top")
    expect(page.get_by_test_id("settings-summary")).to_contain_text("for 1 reference")
    screenshot(page, "region-drawn")

    send_prompt(page, "Make this corner a call to action")
    request = emulator.requests[-1]
    crop = Image.open(io.BytesIO(request.inline_images()[-1].data))
    assert "the bottom right of the picture" in request.parts(role="user")[-1].text
    assert crop.size == (1376, 768)  # half of the 2K picture each way
    expect(turns(page)).to_have_count(2)
    expect(page.get_by_test_id("next-turn-note")).to_have_count(0)
