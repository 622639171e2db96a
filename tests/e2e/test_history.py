"""History that lasts: a reload reopens where the user was; History groups a batch's
variations, searches, renames and deletes; any earlier turn can be viewed and downloaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Screen
from tests.e2e.helpers import decoded, download, screenshot, send_prompt, turns

pytestmark = pytest.mark.e2e


def open_history(page: Page) -> None:
    page.get_by_role("button", name="History", exact=True).click()
    expect(page.get_by_role("complementary", name="Past conversations")).to_be_visible()


def image_pane(page: Page, screen: Screen) -> None:
    page.get_by_role("tab", name="Image" if screen.width < 1024 else "Generate",
                     exact=True).click()


def test_a_reload_reopens_the_conversation_at_the_turn_being_viewed(screen_page: Page,
                                                                     screen: Screen,
                                                                     tmp_path: Path):
    page = screen_page
    image_pane(page, screen)
    send_prompt(page, "A timeline of the spring launch")
    send_prompt(page, "Make the title bigger")
    page.get_by_role("button", name="View the image of turn 1").click()
    expect(page.get_by_text("Viewing turn 1 of 2")).to_be_visible()
    page.reload()
    expect(turns(page)).to_have_count(2)
    expect(page.get_by_text("Viewing turn 1 of 2")).to_be_visible()
    first = decoded(download(page, "PNG"), tmp_path)
    assert first.size == (2752, 1536)
    screenshot(page, f"history-{screen.label}-reloaded-at-turn-1")


def test_variations_are_one_history_entry_that_can_be_searched_renamed_and_deleted(page: Page):
    page.get_by_role("radiogroup", name="Number of images").get_by_role("radio", name="2").click()
    send_prompt(page, "Two takes on the pool outage")
    send_prompt(page, "Warmer colours")
    page.get_by_role("button", name="New conversation").click()
    send_prompt(page, "A quote card about caching")
    open_history(page)
    panel = page.get_by_role("complementary", name="Past conversations")
    entry = panel.get_by_role("listitem").filter(has_text="Two takes on the pool outage")
    expect(entry.get_by_test_id("history-variation")).to_have_count(2)
    screenshot(page, "history-batch-grouped")

    panel.get_by_label("Search history").fill("pool outage")
    expect(panel.get_by_test_id("history-item")).to_have_text(["Two takes on the pool outage"])

    entry.get_by_role("button", name="Rename Two takes on the pool outage").click()
    panel.get_by_label("New title").fill("Pool outage, two ways")
    panel.get_by_label("New title").press("Enter")
    panel.get_by_label("Search history").fill("")
    expect(panel.get_by_test_id("history-item").first).to_have_text("Pool outage, two ways")

    panel.get_by_role("button", name="Delete Pool outage, two ways").click()
    page.get_by_role("dialog", name="Delete from History?").get_by_role(
        "button", name="Delete").click()
    # Three final pictures and the drafts the model drew while thinking.
    expect(panel.get_by_role("status")).to_contain_text(
        re.compile("Deleted “Pool outage, two ways”; [3-9] pictures"))
    expect(panel.get_by_test_id("history-item")).not_to_contain_text(["Pool outage, two ways"])
    screenshot(page, "history-after-delete")
