"""Draft cheap, finish on Pro: a Nano Banana 2 draft becomes a new Nano Banana Pro
conversation that sends the draft as a reference; both costs are said."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import choose_model, screenshot, send_prompt, settings_panel, turns

pytestmark = pytest.mark.e2e


def test_a_nano_banana_2_draft_is_finished_on_pro_with_both_costs_said(page: Page,
                                                                        emulator: Any):
    choose_model(page, "Nano Banana 2")
    settings_panel(page).get_by_role("radiogroup", name="Image size").get_by_role(
        "radio", name="1K").click()
    send_prompt(page, "A draft of the launch timeline")
    card = page.get_by_test_id("finish-card")
    expect(card.get_by_test_id("draft-cost")).to_contain_text(
        "Drafted on Nano Banana 2: 1 turn, $0.0")
    expect(card.get_by_role("button")).to_have_text(
        ["Finish at 2K · $0.136", "Finish at 4K · $0.241"])
    screenshot(page, "finish-offered")
    draft = emulator.requests[-1]

    card.get_by_role("button", name="Finish at 2K").click()
    expect(page.get_by_test_id("pending-turn")).to_have_count(0, timeout=60_000)
    finished = emulator.requests[-1]
    assert (draft.model, finished.model) == ("gemini-3.1-flash-image", "gemini-3-pro-image")
    assert len(finished.inline_images()) == 1
    expect(turns(page)).to_have_count(1)
    expect(turns(page).first.get_by_test_id("notices")).to_contain_text(
        "The draft took 1 turn(s) and cost $0.0")
    expect(turns(page).first.get_by_test_id("turn-references")).to_contain_text("draft to finish")
    expect(page.get_by_test_id("settings-summary")).to_contain_text(
        "2K · 1 image · Nano Banana Pro")
    expect(page.get_by_test_id("finish-card")).to_have_count(0)
    screenshot(page, "finish-done")
