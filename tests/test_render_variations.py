"""Variations drawn at once look different from each other, each as deterministic as a
single picture and refinable in its own look; "bigger text" says what no longer fits."""

from __future__ import annotations

import io
from itertools import combinations
from typing import Any

import pytest
from PIL import Image, ImageChops

from cortex_dashboard.images.render.samples import sample_memories
from cortex_dashboard.providers.base import ImageRequest, ImageSettings, ImageTurn
from cortex_dashboard.providers.local.images import LocalProvider

MEMORIES = tuple(sample_memories()[:6])


def _request(prompt: str = "", *, variation: int = 0, preset: str = "infographic",
             ratio: str = "16:9", history: tuple[dict[str, Any], ...] = ()) -> ImageRequest:
    settings = ImageSettings(aspect_ratio=ratio, image_size="1K", preset=preset)
    return ImageRequest(user_prompt=prompt, prompt=prompt, memories=MEMORIES,
                        settings=settings, history=history, variation=variation)


async def _variations(preset: str = "infographic") -> list[ImageTurn]:
    provider = LocalProvider()
    return [await provider.generate(_request(variation=v, preset=preset)) for v in range(4)]


def _changed_share(a: bytes, b: bytes) -> float:
    """The share of pixels whose colour differs clearly between two pictures."""
    first, second = (Image.open(io.BytesIO(x)).convert("RGB") for x in (a, b))
    channels = ImageChops.difference(first, second).split()
    strongest = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    changed = strongest.point(lambda v: 255 if v > 24 else 0)
    return changed.histogram()[255] / (first.width * first.height)


@pytest.mark.parametrize("preset", ["infographic", "timeline", "update_sheet", "quote_card"])
async def test_four_variations_are_visibly_different(preset: str) -> None:
    turns = await _variations(preset)
    shares = [_changed_share(a.image, b.image) for a, b in combinations(turns, 2)]
    assert min(shares) > 0.05


async def test_each_variation_draws_the_same_bytes_again() -> None:
    first, again = await _variations(), await _variations()
    assert [t.image for t in first] == [t.image for t in again]


async def test_variation_zero_is_the_single_picture() -> None:
    single = await LocalProvider().generate(_request())
    assert single.image == (await _variations())[0].image


async def test_the_design_records_what_a_variation_chose() -> None:
    design = (await _variations())[3].new_history[-1]["design"]
    assert (design["palette"], design["header"], design["emphasis"]) == (
        "sunset", "band", "brief")
    assert design["variation"] == 3


async def test_a_refined_variation_keeps_its_look() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request(variation=1))
    second = await provider.generate(_request("dark theme", history=tuple(first.new_history)))
    design = second.new_history[-1]["design"]
    assert (design["palette"], design["header"], design["theme"]) == ("forest", "band", "dark")


async def test_the_reply_names_the_variation_s_look() -> None:
    turn = (await _variations())[2]
    assert "variation 3: vibrant palette, dark theme and one sentence a card" in turn.text


async def test_bigger_text_says_what_no_longer_fits() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request(preset="key_insights", ratio="9:16"))
    bigger = await provider.generate(_request("much bigger text", preset="key_insights",
                                              ratio="9:16", history=tuple(first.new_history)))
    assert "Not every word fits" not in first.text
    assert ("Not every word fits at this text size: memories #1, #3 and #4 show their "
            "headlines only") in bigger.text


async def test_a_title_set_in_words_replaces_the_chosen_one() -> None:
    provider = LocalProvider()
    first = await provider.generate(_request())
    second = await provider.generate(_request('title "Q3 review"',
                                              history=tuple(first.new_history)))
    assert first.new_history[-1]["design"]["chosen_title"] == "Conflicts and filesystems"
    assert second.new_history[-1]["design"]["title"] == "Q3 review"
