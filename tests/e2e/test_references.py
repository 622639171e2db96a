"""Images as input in the browser, against the Gemini emulator: pictures dropped or picked
onto the composer and pictures the dashboard made, each said what it is for, priced before
sending, sent with a turn and shown with it when the conversation is reopened."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    drop_files,
    reopen,
    screenshot,
    send_prompt,
    turns,
)

pytestmark = pytest.mark.e2e


def logo_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


def test_a_picture_dropped_on_the_composer_is_labelled_priced_and_refined_with(
        page: Page, emulator: Any):
    send_prompt(page, "An infographic of our launch")
    drop_files(page, page.get_by_test_id("composer"), [("logo.png", logo_png())])
    chip = page.get_by_test_id("reference-chip")
    expect(chip.get_by_role("img", name="logo.png")).to_be_visible()
    chip.get_by_label("What logo.png is for").fill("our logo")
    expect(page.get_by_test_id("settings-summary")).to_contain_text("+ $0.0011 for 1 reference")
    screenshot(page, "references-dropped")

    send_prompt(page, "Put our logo in the top right corner")
    sent = emulator.requests[-1].inline_images()
    assert "our logo" in (sent[-1].label_before or "")
    assert sent[-1].size == (64, 48)
    expect(page.get_by_test_id("reference-chip")).to_have_count(0)
    expect(turns(page).last.get_by_test_id("turn-references")).to_contain_text("our logo")

    reopen(page, "An infographic of our launch")
    expect(turns(page).last.get_by_test_id("turn-references")).to_contain_text("our logo")


def test_a_picture_the_dashboard_made_is_used_as_a_style_reference_in_a_new_conversation(
        page: Page, emulator: Any):
    send_prompt(page, "A quote card about caching")
    page.get_by_role("button", name="Use as reference").click()
    expect(page.get_by_role("button", name="Added as reference")).to_be_disabled()
    page.get_by_role("button", name="New conversation").click()
    page.get_by_label("What Picture of turn 1 is for").fill("match this style")
    send_prompt(page, "The same look for our API decisions")
    expect(turns(page)).to_have_count(1)
    assert "(style): match this style" in (emulator.requests[-1].inline_images()[0].label_before
                                           or "")


def test_a_fifteenth_picture_is_refused_naming_the_limit(page: Page, emulator: Any):
    pictures = [(f"p{n}.png", logo_png()) for n in range(15)]
    page.get_by_test_id("reference-picker").set_input_files(
        [{"name": n, "mimeType": "image/png", "buffer": data} for n, data in pictures])
    expect(page.get_by_test_id("reference-chip")).to_have_count(14)
    expect(page.get_by_test_id("reference-refusal")).to_have_text(
        "Nano Banana Pro takes at most 14 reference pictures in all: remove one to add another.")
    expect(page.get_by_test_id("reference-count")).to_contain_text("14 of 14")
