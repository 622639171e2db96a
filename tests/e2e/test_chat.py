"""Ask AI in the browser: streamed answers, citations, hand-over to Generate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import ask, screenshot, search, select_memories

pytestmark = pytest.mark.e2e


def test_a_citation_shows_its_memory_in_the_browser(page: Page):
    search(page, "postgres")
    select_memories(page, 2)
    ask(page, "What went wrong with the Postgres pool, and how did we fix it?")
    citation = page.get_by_test_id("citation").first
    title = citation.get_attribute("title") or ""
    citation.click()
    detail = page.get_by_test_id("memory-detail")
    expect(detail).to_be_visible()
    expect(detail.locator("article")).to_contain_text(title.split(": ", 1)[1][:30])
    screenshot(page, "chat-citation")


def test_without_a_selection_the_whole_project_is_asked(page: Page):
    page.get_by_role("tab", name="Chat").click()
    expect(page.get_by_test_id("chat-scope")).to_contain_text("whole project")


def test_a_chat_becomes_image_context(page: Page):
    ask(page, "Which decisions did we take about caching?")
    page.get_by_role("button", name="image context").click()
    expect(page.get_by_role("tab", name="Generate")).to_have_attribute("aria-selected", "true")
    context = page.get_by_role("group", name="Context for the image")
    expect(context).to_contain_text("Chat (2 messages)")


def test_each_tab_keeps_its_state(page: Page):
    page.get_by_role("tab", name="Chat").click()
    page.get_by_label("Your question").fill("half-typed question")
    page.get_by_role("tab", name="Generate").click()
    page.get_by_label("Describe the image").fill("half-typed prompt")
    page.get_by_role("tab", name="Chat").click()
    expect(page.get_by_label("Your question")).to_have_value("half-typed question")
