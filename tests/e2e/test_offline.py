"""The dashboard with no GEMINI_API_KEY: the offline renderer draws the pictures, understands
a small vocabulary of refinements, and Ask AI answers by retrieval instead of a model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cortex_dashboard.images.options import pixel_size
from tests.e2e.helpers import (
    ask,
    decoded,
    download,
    prompt_box,
    reopen,
    screenshot,
    search,
    select_memories,
    send_prompt,
    settings_panel,
    turns,
)

pytestmark = pytest.mark.e2e

RATIO, SIZE = "4:5", "2K"


def reply(page: Page, turn: int):
    """The words that came back with turn `turn` (1-based)."""
    return turns(page).nth(turn - 1).get_by_test_id("turn-text")


def wait_for_picture(page: Page) -> None:
    """Until the latest picture has arrived and decoded in the page, not just its frame."""
    page.wait_for_function("() => document.querySelector('[data-testid=latest-image]')"
                           "?.complete && document.querySelector('[data-testid=latest-image]')"
                           ".naturalWidth > 0")


def test_the_header_says_the_offline_renderer_draws_without_a_key(offline_page: Page):
    badge = offline_page.get_by_test_id("provider-badge")
    expect(badge).to_contain_text("Offline renderer")
    expect(badge).to_contain_text("no key")
    expect(badge).not_to_contain_text("Gemini")
    expect(badge).to_have_attribute("title", re.compile("offline"))
    # Nothing to choose between and nothing to pay: no renderer switch, no model, free.
    expect(offline_page.get_by_role("radiogroup", name="Image provider")).to_have_count(0)
    expect(offline_page.get_by_role("radiogroup", name="Model")).to_have_count(0)
    expect(offline_page.get_by_test_id("settings-summary")).to_contain_text("free")


def test_generate_refine_twice_and_download_at_the_chosen_size(offline_page: Page,
                                                               tmp_path: Path):
    page = offline_page
    search(page, "postgres")
    select_memories(page, 2)
    expect(page.get_by_test_id("memory-chip")).to_have_count(2)
    page.get_by_role("radiogroup", name="Aspect ratio").get_by_role("radio", name=RATIO).click()
    page.get_by_role("radiogroup", name="Image size").get_by_role("radio", name=SIZE).click()
    width, height = pixel_size(RATIO, SIZE)

    send_prompt(page, "Our Postgres lessons")
    expect(reply(page, 1)).to_contain_text(f"Drew 2 memories as an infographic, {RATIO} at "
                                           f"{SIZE} ({width}×{height})")
    send_prompt(page, "dark theme")
    send_prompt(page, "as a timeline")

    expect(turns(page)).to_have_count(3)
    expect(reply(page, 2)).to_contain_text("Changed: dark theme.")
    expect(reply(page, 3)).to_contain_text("Changed: layout: timeline.")
    expect(reply(page, 3)).to_contain_text(f"Now: a timeline of 2 memories, {RATIO} at {SIZE}")
    wait_for_picture(page)
    screenshot(page, "offline-three-turns")

    png = decoded(download(page, "PNG"), tmp_path)
    jpeg = decoded(download(page, "JPEG"), tmp_path)
    assert (png.format, png.size) == ("PNG", (width, height))
    assert (jpeg.format, jpeg.size) == ("JPEG", (width, height))
    # The dark theme survived the change of layout: the picture's corner is dark.
    assert sum(png.convert("RGB").getpixel((4, 4))) < 3 * 80


def test_an_unknown_phrase_is_reported_and_the_conversation_reopens(offline_page: Page):
    page = offline_page
    select_memories(page, 3)
    send_prompt(page, "A status update of the launch")
    send_prompt(page, "make it pop and bigger title")
    expect(turns(page)).to_have_count(2)
    expect(reply(page, 2)).to_contain_text("Changed: bigger title.")
    expect(reply(page, 2)).to_contain_text("Not understood: “make it pop”")
    wait_for_picture(page)
    screenshot(page, "offline-not-understood")

    reopen(page, "A status update of the launch")
    expect(turns(page)).to_have_count(2)
    expect(reply(page, 2)).to_contain_text("Not understood: “make it pop”")
    send_prompt(page, "vibrant palette")
    expect(turns(page)).to_have_count(3)
    expect(reply(page, 3)).to_contain_text("Changed: vibrant palette.")
    expect(prompt_box(page)).to_have_value("")
    wait_for_picture(page)
    screenshot(page, "offline-reopened")


def test_ask_ai_without_a_key_retrieves_and_cites_memories(offline_page: Page):
    page = offline_page
    answer = ask(page, "What did we do about the Postgres connection pool?")
    # The server's notice that no model wrote it, shown once, as a banner above the answer.
    expect(answer.get_by_test_id("offline-notice")).to_contain_text(
        "Offline answer, not written by a model")
    expect(answer.get_by_text("not written by a model")).to_have_count(1)
    citations = answer.get_by_test_id("citation")
    assert citations.count() >= 2
    expect(citations.first).to_have_text("Memory 1")
    screenshot(page, "offline-chat")

    title = citations.nth(1).get_attribute("title") or ""
    citations.nth(1).click()
    detail = page.get_by_test_id("memory-detail")
    expect(detail.locator("article")).to_contain_text(title.split(": ", 1)[1][:30])
    screenshot(page, "offline-chat-citation")


def checked(page: Page, group: str):
    return page.get_by_role("radiogroup", name=group).locator("[aria-checked=true]")


def test_a_reopened_conversation_shows_its_own_settings_and_memories(offline_page: Page):
    page = offline_page
    select_memories(page, 2)
    page.get_by_role("radiogroup", name="Preset").get_by_role("radio", name="Timeline").click()
    settings_panel(page).get_by_role("radiogroup", name="Image size").get_by_role(
        "radio", name="2K").click()
    send_prompt(page, "Our launch")
    expect(reply(page, 1)).to_contain_text("as a timeline, 21:9 at 2K")

    # A new conversation starts from the remembered settings again.
    page.get_by_role("button", name="New conversation").click()
    page.get_by_role("radiogroup", name="Preset").get_by_role("radio", name="Infographic").click()
    reopen(page, "Our launch")
    expect(turns(page)).to_have_count(1)

    # Refining shows this conversation: its preset, shape and memories.
    expect(checked(page, "Preset")).to_have_text("Timeline")
    expect(page.get_by_test_id("memory-chip")).to_have_count(2)
    settings_panel(page)
    expect(checked(page, "Aspect ratio")).to_contain_text("21:9")
    expect(checked(page, "Image size")).to_contain_text("2K")

    # A setting changed between turns goes with the refinement.
    page.get_by_role("radiogroup", name="Aspect ratio").get_by_role("radio", name="1:1").click()
    send_prompt(page, "dark theme")
    expect(reply(page, 2)).to_contain_text("aspect ratio 1:1 (from the settings)")
    expect(reply(page, 2)).to_contain_text("Now: a timeline of 2 memories, 1:1 at 2K")
    settings_panel(page)
    expect(checked(page, "Aspect ratio")).to_contain_text("1:1")
    expect(checked(page, "Preset")).to_have_text("Timeline")


def test_the_drawn_title_is_edited_in_place_as_a_refinement(offline_page: Page):
    page = offline_page
    select_memories(page, 2)
    send_prompt(page, "Our Postgres lessons")
    editor = page.get_by_test_id("title-editor")
    expect(editor.get_by_label("Title on the picture")).not_to_have_value("")
    editor.get_by_label("Title on the picture").fill("What the pool taught us")
    editor.get_by_role("button", name="Change title").click()
    expect(page.get_by_test_id("pending-turn")).to_have_count(0, timeout=60_000)
    expect(turns(page)).to_have_count(2)
    expect(turns(page).nth(1)).to_contain_text('title "What the pool taught us"')
    expect(reply(page, 2)).to_contain_text("title")
    screenshot(page, "offline-title-edited")
