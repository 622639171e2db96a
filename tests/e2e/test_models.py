"""Today's Gemini models in the browser: everything about a model comes from the server's
options (sizes, ratios, prices, what to confirm, thinking levels), a model the key cannot
use is shown as such, and a turn keeps its thinking, its notices and all its pictures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import choose_model, screenshot, send_prompt, settings_panel, turns
from tests.fakes.gemini import FLASH_IMAGE, TEXT_MODELS

pytestmark = pytest.mark.e2e


def test_nano_banana_2_offers_512_its_extra_ratios_and_thinking_levels(page: Page):
    panel = settings_panel(page)
    expect(panel.get_by_role("radiogroup", name="Thinking level")).to_have_count(0)
    expect(panel.get_by_role("radio", name="1:8")).to_have_count(0)
    choose_model(page, "Nano Banana 2")
    expect(panel.get_by_role("radiogroup", name="Image size").get_by_role("radio")).to_have_text(
        ["512 $0.045", "1K $0.067", "2K $0.101", "4K $0.151"])
    expect(panel.get_by_role("radio", name="1:8")).to_be_visible()
    panel.get_by_role("radiogroup", name="Thinking level").get_by_role("radio", name="High").click()
    expect(page.get_by_test_id("settings-summary")).to_contain_text("Nano Banana 2 · thinking high")
    screenshot(page, "models-nano-banana-2-settings")


def test_the_size_to_confirm_and_its_price_come_from_the_model(page: Page, emulator: Any):
    choose_model(page, "Nano Banana 2")
    settings_panel(page).get_by_role("radio", name="4K").click()
    page.get_by_label("Describe the image").fill("A poster")
    page.get_by_label("Describe the image").press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Make a 4K image?")
    expect(dialog).to_contain_text("$0.151")
    dialog.get_by_role("button", name="Cancel").click()
    assert emulator.requests == []


@pytest.fixture
def pro_refused(page: Page, emulator: Any) -> Iterator[None]:
    """A key that may use Nano Banana 2 but not Pro; the dashboard learns it on refresh."""
    emulator.limit_models([FLASH_IMAGE, *TEXT_MODELS])
    yield
    emulator.reset()
    page.request.get(page.url.split("#")[0] + "api/image/options?refresh=true")


def test_a_model_the_key_cannot_use_is_shown_disabled_and_the_default_falls_back(
        page: Page, pro_refused: None):
    settings_panel(page).get_by_role("button", name="Refresh models").click()
    pro = page.get_by_role("radiogroup", name="Model").get_by_role("radio", name="Nano Banana Pro")
    expect(pro).to_be_disabled()
    expect(page.get_by_test_id("model-refused")).to_contain_text(
        "Nano Banana Pro is not available to this API key")
    chosen = page.get_by_role("radiogroup", name="Model").locator("[aria-checked=true]")
    expect(chosen).to_have_text("Nano Banana 2")
    screenshot(page, "models-pro-refused")


def test_a_turn_keeps_its_thinking_and_lets_the_user_pick_among_its_pictures(
        page: Page, emulator: Any):
    emulator.answer_shape("two_images")
    send_prompt(page, "Two takes on our launch")
    latest = turns(page).last
    thinking = latest.get_by_test_id("turn-thoughts")
    expect(thinking).to_be_visible()
    expect(thinking).not_to_have_attribute("open", "")
    pictures = page.get_by_test_id("stage-panel").get_by_role("radiogroup", name="Pictures") \
        .get_by_role("radio")
    expect(pictures).to_have_count(2)
    pictures.first.click()
    expect(pictures.first).to_have_attribute("aria-checked", "true")
    thinking.locator("summary").click()
    screenshot(page, "models-thinking-and-pictures")
