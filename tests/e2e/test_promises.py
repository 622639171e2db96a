"""Promises the UI makes are kept: a cancel says what it stopped and what it could not (with
its cost), a preset with memories is enough to generate, a turn keeps its thinking, and
grounding that found no sources says so."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    prompt_box,
    screenshot,
    select_memories,
    send_prompt,
    settings_panel,
    turns,
)

pytestmark = pytest.mark.e2e


def start(page: Page, text: str) -> None:
    prompt_box(page).fill(text)
    prompt_box(page).press("Control+Enter")
    expect(page.get_by_test_id("pending-turn")).to_be_visible()


def test_cancel_stops_the_request_and_says_nothing_more_will_happen(page: Page, emulator: Any):
    emulator.latency = 5
    start(page, "A slow poster")
    page.get_by_role("button", name="Cancel").click()
    note = page.get_by_test_id("cancel-note")
    expect(note).to_have_text("Stopped 1 request. Nothing more will happen.")
    expect(page.get_by_test_id("pending-turn")).to_have_count(0)
    expect(turns(page)).to_have_count(0)
    screenshot(page, "promises-cancel-stopped")


def test_cancel_on_a_batch_never_promises_more_than_the_server_did(page: Page, emulator: Any):
    emulator.latency = 3
    page.get_by_role("radiogroup", name="Number of images").get_by_role("radio", name="4").click()
    start(page, "Four takes on the launch")
    page.get_by_role("button", name="Cancel").click()
    note = page.get_by_test_id("cancel-note")
    # Either every request was stopped, or what could not be stopped is said with its cost.
    expect(note).to_contain_text("4 requests")
    assert "Nothing more will happen" not in note.inner_text() or "Stopped 4" in note.inner_text()
    screenshot(page, "promises-cancel-batch")


def test_a_preset_with_memories_is_enough_to_generate(page: Page):
    select_memories(page, 2)
    page.get_by_role("radiogroup", name="Preset").get_by_role("radio", name="Timeline").click()
    expect(page.get_by_test_id("prompt-hint")).to_have_text(
        "Empty: sends “Timeline” with the 2 selected memories.")
    send = page.get_by_role("button", name="Generate", exact=True)
    expect(send).to_be_enabled()
    send.click()
    expect(page.get_by_test_id("pending-turn")).to_have_count(0, timeout=60_000)
    expect(turns(page).first).to_contain_text("Timeline")
    screenshot(page, "promises-preset-without-text")


def test_without_memories_or_text_it_says_what_is_missing(page: Page):
    expect(page.get_by_role("button", name="Generate", exact=True)).to_be_disabled()
    expect(page.get_by_test_id("prompt-hint")).to_contain_text(
        "Describe the picture, or tick memories")


def test_grounding_without_sources_is_said_with_the_turn(page: Page, emulator: Any):
    emulator.grounding_without_sources()
    settings_panel(page).get_by_role("switch", name="Google Search grounding").click()
    send_prompt(page, "Today's yoga trends")
    notices = turns(page).last.get_by_test_id("notices")
    expect(notices).to_contain_text("source")
    screenshot(page, "promises-grounding-no-sources")


def test_the_offline_renderer_still_offers_variations(offline_page: Page):
    page = offline_page
    counts = settings_panel(page).get_by_role("radiogroup", name="Number of images")
    four = counts.get_by_role("radio", name="4")
    expect(four).to_be_enabled()
