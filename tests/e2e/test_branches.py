"""Refining from an earlier turn starts a branch: a new conversation that keeps turns 1 to N,
shown under the conversation it came from in History; the original stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import screenshot, send_prompt, turns

pytestmark = pytest.mark.e2e


def test_refining_from_an_earlier_turn_starts_a_branch_shown_under_its_parent(
        page: Page, emulator: Any):
    send_prompt(page, "A timeline of the studio move")
    send_prompt(page, "Make the title bigger")
    send_prompt(page, "Use a dark theme")
    page.get_by_role("button", name="View the image of turn 1").click()
    page.get_by_role("button", name="Refine from turn 1 instead").click()
    expect(page.get_by_test_id("next-turn-note")).to_contain_text("Refining from turn 1")

    send_prompt(page, "Pastel, please")
    contents = emulator.requests[-1].contents()
    assert len(contents) == 3  # turn 1 asked and answered, then the branch's request
    assert "Make the title bigger" not in str(contents)
    expect(turns(page)).to_have_count(2)
    expect(page.get_by_test_id("branch-start")).to_contain_text(
        "Branch of “A timeline of the studio move” from turn 1")
    screenshot(page, "branch-made")

    page.get_by_role("button", name="History", exact=True).click()
    branches = page.get_by_role("list", name="Branches of A timeline of the studio move")
    expect(branches.get_by_test_id("history-item")).to_have_text(["Pastel, please"])
    expect(branches.get_by_test_id("branch-badge")).to_contain_text("branched at turn 1")
    screenshot(page, "branch-in-history")
    page.get_by_test_id("history-item").filter(has_text="A timeline of the studio move").click()
    expect(turns(page)).to_have_count(3)
