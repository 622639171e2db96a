"""The model catalogue: today's ids, retired ids as aliases, prices from usage."""

from __future__ import annotations

import pytest

from cortex_dashboard.catalogue import (
    DEFAULT_CHAT_MODEL,
    FLASH_IMAGE,
    MODELS,
    PRO_IMAGE,
    image_model,
    resolve,
)
from cortex_dashboard.errors import InvalidInput
from cortex_dashboard.usage import Usage, call_cost


@pytest.mark.parametrize(("retired", "successor"), [
    ("gemini-3-pro-image-preview", PRO_IMAGE),
    ("gemini-3.1-flash-image-preview", FLASH_IMAGE),
    ("gemini-2.5-flash-image", FLASH_IMAGE),
    ("models/gemini-3-pro-image-preview", PRO_IMAGE),
])
def test_a_retired_image_id_means_its_successor_and_says_so(retired, successor):
    resolution = resolve(retired, "image")
    assert resolution.model.id == successor
    assert resolution.notice is not None
    assert "retired on 2026-" in resolution.notice


def test_a_retired_chat_id_means_a_current_flash_model():
    resolution = resolve("gemini-2.5-flash", "text")
    assert resolution.model.id == DEFAULT_CHAT_MODEL
    assert resolution.notice is not None
    assert "used gemini-3.5-flash" in resolution.notice


def test_a_current_id_has_no_notice():
    assert resolve(PRO_IMAGE, "image").notice is None


@pytest.mark.parametrize(("model_id", "kind"), [("gemini-9-ultra", "image"),
                                                (PRO_IMAGE, "text"),
                                                (DEFAULT_CHAT_MODEL, "image")])
def test_an_unknown_id_or_one_of_the_other_kind_is_refused_naming_the_field(model_id, kind):
    with pytest.raises(InvalidInput) as error:
        resolve(model_id, kind, field_name="model")
    assert error.value.field == "model"
    assert "use one of" in error.value.message


@pytest.mark.parametrize(("model_id", "size", "price"), [
    (PRO_IMAGE, "1K", 0.1344), (PRO_IMAGE, "2K", 0.1344), (PRO_IMAGE, "4K", 0.24),
    (FLASH_IMAGE, "512", 0.04482), (FLASH_IMAGE, "1K", 0.0672), (FLASH_IMAGE, "2K", 0.1008),
    (FLASH_IMAGE, "4K", 0.1512),
])
def test_one_output_image_costs_the_published_price(model_id, size, price):
    assert image_model(model_id).image_price(size) == pytest.approx(price)


def test_nano_banana_2_has_its_own_ratios_and_sizes():
    flash = MODELS[FLASH_IMAGE]
    assert {"1:4", "4:1", "1:8", "8:1"} <= set(flash.ratios)
    assert "512" in flash.sizes
    assert "512" not in MODELS[PRO_IMAGE].sizes


def test_unpublished_pixel_sizes_are_not_invented():
    flash = MODELS[FLASH_IMAGE]
    assert flash.pixel_size("16:9", "2K") == (2752, 1536)
    assert flash.pixel_size("1:4", "1K") is None
    assert flash.pixel_size("1:1", "512") is None


def test_usage_is_priced_by_modality_thinking_and_tool_prompt():
    usage = Usage(prompt_tokens=1_000, tool_prompt_tokens=500, text_output_tokens=100,
                  image_output_tokens=1_120, thoughts_tokens=200)
    cost = call_cost(MODELS[PRO_IMAGE], usage)
    assert cost == pytest.approx((1_500 * 2 + 300 * 12 + 1_120 * 120) / 1e6)


def test_grounding_queries_past_the_allowance_are_charged_per_query():
    cost = call_cost(MODELS[PRO_IMAGE], Usage(), billable_queries=3)
    assert cost == pytest.approx(3 * 0.014)


def test_a_model_without_a_known_price_has_no_cost_rather_than_a_wrong_one():
    assert call_cost(MODELS["gemini-3.8-flash"], Usage(prompt_tokens=10)) is None
