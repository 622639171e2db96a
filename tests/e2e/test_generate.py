"""Making and refining pictures in the browser, against the Gemini emulator."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    decoded,
    download,
    prompt_box,
    reopen,
    screenshot,
    search,
    select_memories,
    send_prompt,
    turns,
)

pytestmark = pytest.mark.e2e


def test_search_select_generate_refine_twice_and_download(page: Page, tmp_path: Path):
    search(page, "postgres")
    select_memories(page, 2)
    expect(page.get_by_test_id("selection-summary")).to_contain_text("2 selected")
    expect(page.get_by_test_id("memory-chip")).to_have_count(2)

    send_prompt(page, "An infographic of our database decisions")
    send_prompt(page, "Make the title bigger")
    send_prompt(page, "Use a dark theme")

    expect(turns(page)).to_have_count(3)
    expect(page.get_by_test_id("latest-image")).to_be_visible()
    screenshot(page, "generate-three-turns")
    png = decoded(download(page, "PNG"), tmp_path)
    page.get_by_role("button", name="Download", exact=True).click()
    page.get_by_label("JPEG quality").fill("70")
    page.keyboard.press("Escape")
    jpeg = decoded(download(page, "JPEG"), tmp_path)
    assert (png.format, png.size) == ("PNG", (2752, 1536))
    assert (jpeg.format, jpeg.size) == ("JPEG", (2752, 1536))


def test_a_conversation_reopens_after_a_reload_and_keeps_refining(page: Page):
    select_memories(page, 1)
    send_prompt(page, "A timeline of the launch")
    send_prompt(page, "Add the dates")
    reopen(page, "A timeline of the launch")
    expect(turns(page)).to_have_count(2)
    send_prompt(page, "Mark the most important step")
    expect(turns(page)).to_have_count(3)
    screenshot(page, "generate-reopened")


def test_a_blocked_prompt_says_what_to_do(page: Page, emulator: Any):
    emulator.block_next_prompt()
    send_prompt(page, "Something the model refuses")
    alert = page.locator("[data-error-code=blocked_prompt]")
    expect(alert).to_contain_text("Reword it")
    expect(turns(page)).to_have_count(0)
    expect(prompt_box(page)).to_have_value("Something the model refuses")
    screenshot(page, "generate-blocked")


def test_variations_are_shown_side_by_side_and_one_can_be_refined(page: Page):
    page.get_by_role("radiogroup", name="Number of images").get_by_role("radio", name="2").click()
    send_prompt(page, "A comparison chart")
    expect(page.get_by_test_id("variation")).to_have_count(2)
    page.get_by_role("radio", name="Variation 2").click()
    send_prompt(page, "Bigger labels")
    expect(turns(page)).to_have_count(2)
    screenshot(page, "generate-variation-refined")


def test_a_4k_image_asks_first(page: Page, emulator: Any):
    page.get_by_role("radio", name="4K").click()
    prompt_box(page).fill("A poster")
    prompt_box(page).press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Make a 4K image?")
    expect(dialog).to_contain_text("$0.240")
    dialog.get_by_role("button", name="Cancel").click()
    expect(turns(page)).to_have_count(0)
    page.wait_for_timeout(500)
    assert emulator.requests == []  # cancelling asked nothing of Gemini


def test_an_image_is_saved_as_a_memory_and_all_images_download_as_one_zip(page: Page,
                                                                         tmp_path: Path):
    send_prompt(page, "A quote card")
    send_prompt(page, "Warmer colours")
    page.get_by_role("button", name="Save as memory").click()
    saved = page.get_by_role("status").filter(has_text="Saved to this project as memory")
    expect(saved).to_be_visible()
    archive = tmp_path / "all.zip"
    download(page, "Download all").save_as(archive)
    with zipfile.ZipFile(archive) as zipped:
        images = [n for n in zipped.namelist() if n.endswith((".png", ".jpg", ".webp"))]
    assert len(images) == 2
