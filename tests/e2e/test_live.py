"""Live memories: a memory Omni-Cortex writes while the page is open appears by itself,
the project's count follows, and the user keeps their place and selection. Its own
project, so the other tests' demo stays as it was."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import build_memory_db, insert_memory
from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, Screen, open_tab
from tests.e2e.helpers import memory_options, screenshot

pytestmark = pytest.mark.e2e

HASH = "sha256:" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" * 4
OLD = [{"memory_id": f"mem_old_{i:03d}", "content": f"Old memory number {i} about the pool.",
        "created_at": f"2025-01-{1 + i % 28:02d}T10:00:00+00:00"} for i in range(40)]


@pytest.fixture(scope="module")
def live_project(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_memory_db(tmp_path_factory.mktemp("live") / "live" / ".omni-cortex" / "cortex.db",
                           OLD)
    live_server.services.projects.add(path, name="Live project")
    return path


def write_memory(path: Path, memory_id: str, content: str) -> None:
    """What Omni-Cortex's MCP server does: a short write transaction on the database."""
    conn = sqlite3.connect(path)
    with conn:
        insert_memory(conn, memory_id, content, created_at="2026-12-01T09:00:00+00:00")
    conn.close()


def choose_project(page: Page) -> int:
    """Open the live project; returns its memory count."""
    page.get_by_label("Project").select_option(label="Live project")
    badge = page.get_by_test_id("project-badge")
    expect(badge).to_have_attribute("title", re.compile(r"^Live project \("))
    count = int(re.findall(r"\((\d+) memor", badge.get_attribute("title") or "")[0])
    expect(page.get_by_test_id("shown-count")).to_have_text(f"{count} of {count}")
    return count


@pytest.mark.parametrize("screen", [LAPTOP, PHONE], ids=lambda s: s.label)
def test_a_memory_written_meanwhile_appears_and_the_place_is_kept(
        browser: Browser, live_server: LiveServer, emulator: Any, live_project: Path,
        screen: Screen):
    with open_tab(browser, live_server.url, screen) as page:
        if screen.width < 1024:
            page.get_by_role("tab", name="Memories").click()
        count = choose_project(page)
        memory_options(page).nth(1).get_by_test_id("memory-checkbox").click()
        listing = page.get_by_test_id("memory-list")
        listing.evaluate("e => e.scrollTo(0, 78 * 10)")
        page.wait_for_timeout(200)
        top = listing.evaluate("e => e.scrollTop")
        before = page.get_by_role("option").nth(0).inner_text()

        write_memory(live_project, f"mem_live_{screen.label}", f"Deployed build {HASH}")

        expect(page.get_by_test_id("project-badge")).to_contain_text(str(count + 1),
                                                                    timeout=10_000)
        expect(page.get_by_test_id("shown-count")).to_contain_text(f"{count + 1} of {count + 1}")
        expect(page.get_by_test_id("selection-summary")).to_contain_text("1 selected")
        assert listing.evaluate("e => e.scrollTop") == top + 78
        assert page.get_by_role("option").nth(0).inner_text() == before
        screenshot(page, f"live-{screen.label}-memory-arrived")

        page.get_by_label("Search memories").fill("deployed")
        memory_options(page).filter(has_text="Deployed build").first.click()
        detail = page.get_by_test_id("memory-detail")
        expect(detail).to_contain_text("Deployed build")
        assert detail.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        screenshot(page, f"live-{screen.label}-long-hash-wraps")
