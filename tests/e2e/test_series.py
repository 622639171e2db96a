"""A consistent series in the browser: a selection split into pictures that share picture
1's style, downloadable as one ZIP, each refinable on its own."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import screenshot, select_memories, send_prompt, turns

pytestmark = pytest.mark.e2e


def test_a_series_shares_picture_1s_style_downloads_as_one_zip_and_each_refines_alone(
        page: Page, emulator: Any, tmp_path: Path):
    select_memories(page, 6)
    page.get_by_role("switch", name="Make a series").click()
    options = page.get_by_test_id("series-options")
    options.get_by_role("radiogroup", name="Group the memories").get_by_role(
        "radio", name="By type").click()
    options.get_by_role("radiogroup", name="Pictures in the series").get_by_role(
        "radio", name="3").click()
    expect(page.get_by_test_id("settings-summary")).to_contain_text("up to 3 pictures")
    send_prompt(page, "A weekly update for the team")

    pictures = page.get_by_test_id("series-picture")
    expect(pictures).to_have_count(3)
    first, *others = emulator.requests
    assert first.inline_images() == []  # picture 1 is made first, and then
    assert len({r.inline_images()[-1].data for r in others}) == 1  # is the others' style
    screenshot(page, "series-made")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the series (ZIP)").click()
    archive = tmp_path / "series.zip"
    info.value.save_as(archive)
    with zipfile.ZipFile(archive) as zipped:
        assert len([n for n in zipped.namelist() if n.startswith("picture-")]) == 3

    page.get_by_role("button", name="Refine picture 2").click()
    expect(turns(page)).to_have_count(1)
    send_prompt(page, "Bigger headings")
    expect(turns(page)).to_have_count(2)
