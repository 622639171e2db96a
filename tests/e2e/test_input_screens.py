"""Images as input at a phone's size and a laptop's, light and dark: a reference picture with
its words, a draft with Finish on Pro, a box on the picture, a branch in the thread and in
History, the finished picture and a series. Nothing scrolls sideways, axe-core finds nothing
serious in the new states, and each step is saved as a screenshot
(test-output/screenshots/input-<screen>-<step>.png) to look at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Screen
from tests.e2e.helpers import (
    accessibility_findings,
    choose_model,
    drop_files,
    overflowing,
    screenshot,
    select_memories,
    send_prompt,
    settings_panel,
    show,
)
from tests.e2e.test_accessibility import LOGO
from tests.e2e.test_region import drag

pytestmark = pytest.mark.e2e


def step(page: Page, screen: Screen, name: str, shown: Locator | None = None, *,
         axe: bool = False) -> None:
    """Look at the page: nothing wider than its pane, (with `axe`) nothing serious for
    axe-core, and a screenshot."""
    if shown is not None:
        shown.scroll_into_view_if_needed()
    assert overflowing(page) == [], name
    if axe:
        assert accessibility_findings(page) == [], name
    screenshot(page, f"input-{screen.label}-{name}")


def test_images_as_input_fit_every_screen(screen_page: Page, screen: Screen, emulator: Any):
    page = screen_page
    show(page, screen, "memories")
    select_memories(page, 4)
    show(page, screen, "image")
    choose_model(page, "Nano Banana 2")
    settings_panel(page).get_by_role("radiogroup", name="Image size").get_by_role(
        "radio", name="1K").click()
    drop_files(page, page.get_by_test_id("composer"), [("logo.png", LOGO)])
    page.get_by_label("What logo.png is for").fill("our logo")
    step(page, screen, "1-reference", page.get_by_test_id("reference-chip"))

    send_prompt(page, "Our launch, with our logo")
    step(page, screen, "2-draft", page.get_by_test_id("finish-card"), axe=True)
    page.get_by_role("button", name="Change one part").click()
    drag(page, (0.55, 0.1), (0.95, 0.5))
    expect(page.get_by_test_id("next-turn-note")).to_contain_text("40% wide and 40% tall")
    step(page, screen, "3-box", page.get_by_test_id("region-surface"), axe=True)

    send_prompt(page, "Make this corner a call to action")
    page.get_by_role("button", name="View the image of turn 1").click()
    page.get_by_role("button", name="Refine from turn 1 instead").click()
    send_prompt(page, "A calmer palette")
    step(page, screen, "4-branch", page.get_by_test_id("branch-start"))
    page.get_by_role("button", name="History", exact=True).click()
    expect(page.get_by_test_id("branch-badge").first).to_be_visible()
    step(page, screen, "5-history", axe=True)
    page.get_by_role("button", name="Close history").click()

    page.get_by_test_id("finish-card").get_by_role("button", name="Finish at 2K").click()
    expect(page.get_by_test_id("pending-turn")).to_have_count(0, timeout=60_000)
    step(page, screen, "6-finished", page.get_by_test_id("turn-references").last)

    page.get_by_role("button", name="New conversation").click()
    page.get_by_role("switch", name="Make a series").click()
    page.get_by_role("radiogroup", name="Pictures in the series").get_by_role(
        "radio", name="2").click()
    send_prompt(page, "")
    expect(page.get_by_test_id("series-picture")).to_have_count(2)
    step(page, screen, "7-series", axe=True)
