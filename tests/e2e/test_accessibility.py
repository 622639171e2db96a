"""axe-core (the npm package, injected from frontend/node_modules) finds nothing serious in
each state of the page, at a phone's size and a laptop's, light and dark."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Screen
from tests.e2e.helpers import (
    accessibility_findings,
    drop_files,
    memory_options,
    select_memories,
    send_prompt,
    settings_panel,
)

pytestmark = pytest.mark.e2e

LOGO = bytes.fromhex(  # a 1x1 PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408"
    "d763f8cfc000000301010018dd8db00000000049454e44ae426082")


def pane(page: Page, screen: Screen, name: str) -> None:
    narrow = screen.width < 1024
    if name == "Memories" and not narrow:
        return
    label = {"Image": "Image" if narrow else "Generate"}.get(name, name)
    page.get_by_role("tab", name=label, exact=True).click()


def test_no_serious_findings_in_any_state(screen_page: Page, screen: Screen):
    page = screen_page
    pane(page, screen, "Memories")
    select_memories(page, 2)
    assert accessibility_findings(page) == [], "memory list"
    memory_options(page).nth(2).click()
    expect(page.get_by_test_id("memory-detail")).to_be_visible()
    assert accessibility_findings(page) == [], "memory detail"
    page.get_by_role("button", name="Back to list").click()

    pane(page, screen, "Image")
    drop_files(page, page.get_by_test_id("composer"), [("logo.png", LOGO)])
    expect(page.get_by_test_id("reference-chip").get_by_role("img")).to_be_visible()
    assert accessibility_findings(page) == [], "reference pictures"
    send_prompt(page, "An infographic of the launch")
    settings_panel(page)
    assert accessibility_findings(page) == [], "image and settings"
    page.get_by_role("button", name="History", exact=True).click()
    expect(page.get_by_test_id("history-item").first).to_be_visible()
    assert accessibility_findings(page) == [], "history"
    page.get_by_role("button", name="Close history").click()

    pane(page, screen, "Chat")
    box = page.get_by_label("Your question")
    box.fill("What did we decide about caching?")
    box.press("Control+Enter")
    expect(page.get_by_test_id("chat-answer").last.locator(".animate-pulse")).to_have_count(0)
    assert accessibility_findings(page) == [], "chat"
