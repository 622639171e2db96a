"""Every screen size: a phone (390x844) gets one pane at a time behind tabs, a laptop
(1440x900) keeps the current image and its actions in view; nothing is cut off, nothing
scrolls sideways, long unbroken text wraps. Each test runs light and dark at both sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Screen
from tests.e2e.helpers import (
    overflowing,
    screenshot,
    select_memories,
    send_prompt,
    settings_panel,
    show,
)

pytestmark = pytest.mark.e2e

LONG = "https://example.com/" + "a1b2c3d4e5f6" * 30

def test_every_pane_fits_without_sideways_scrolling(screen_page: Page, screen: Screen):
    page = screen_page
    tabs = page.get_by_role("tablist").first.get_by_role("tab")
    expected = ["Memories", "Image", "Chat"] if screen.width < 1024 else ["Chat", "Generate"]
    expect(tabs).to_have_text(expected)
    for pane in ("memories", "image", "chat"):
        show(page, screen, pane)
        page.wait_for_timeout(100)
        assert overflowing(page) == [], pane
        screenshot(page, f"layout-{screen.label}-{pane}")


def test_the_image_and_its_actions_stay_in_view_with_the_settings_open(screen_page: Page,
                                                                        screen: Screen):
    page = screen_page
    show(page, screen, "memories")
    select_memories(page, 2)
    show(page, screen, "image")
    send_prompt(page, "Our launch as an infographic")
    settings_panel(page)
    download = page.get_by_role("button", name="Download", exact=True)
    if screen.width >= 1024:  # a laptop keeps both in view, however the thread scrolls
        page.get_by_test_id("generate-thread").evaluate("e => e.scrollTo(0, e.scrollHeight)")
        expect(page.get_by_test_id("latest-image")).to_be_in_viewport()
    download.scroll_into_view_if_needed()
    expect(download).to_be_in_viewport()
    assert overflowing(page) == []
    screenshot(page, f"layout-{screen.label}-image-settings-open")


def test_long_unbroken_text_wraps_in_chat_bubbles(screen_page: Page, screen: Screen):
    page = screen_page
    show(page, screen, "chat")
    box = page.get_by_label("Your question")
    box.fill(f"What is {LONG}?")
    box.press("Control+Enter")
    expect(page.get_by_test_id("chat-answer").last.locator(".animate-pulse")).to_have_count(0)
    assert overflowing(page) == []
    screenshot(page, f"layout-{screen.label}-long-text")
