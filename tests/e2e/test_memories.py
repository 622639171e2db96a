"""The memory browser: search, filters, the detail view and the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import memory_options, screenshot, search

pytestmark = pytest.mark.e2e


def test_search_highlights_matches_and_sorts_by_relevance(page: Page):
    search(page, "pgbouncer")
    expect(page.get_by_label("Sort")).to_have_value("relevance")
    expect(memory_options(page).first.locator("mark")).to_contain_text("PgBouncer")


def test_a_type_filter_shows_only_that_type(page: Page):
    page.get_by_label("Type").select_option("error")
    expect(memory_options(page).first).to_contain_text(re.compile("^error", re.IGNORECASE))
    labels = memory_options(page).evaluate_all("els => els.map(e => e.innerText.split(/\\s/)[0])")
    assert {label.lower() for label in labels} == {"error"}


def test_the_memory_list_works_from_the_keyboard(page: Page):
    page.get_by_role("listbox", name="Memories").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("selection-summary")).to_contain_text("1 selected")
    page.keyboard.press("Enter")
    detail = page.get_by_test_id("memory-detail")
    expect(detail.get_by_text("Created")).to_be_visible()
    screenshot(page, "memory-detail")
    page.keyboard.press("Escape")
    expect(detail).to_have_count(0)
