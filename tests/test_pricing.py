"""What a call costs."""

from __future__ import annotations

import pytest

from cortex_dashboard.images.pricing import call_cost, image_price
from cortex_dashboard.images.providers.base import Usage


@pytest.mark.parametrize(("model", "size", "price"), [
    ("gemini-3-pro-image-preview", "1K", 0.1344),
    ("gemini-3-pro-image-preview", "2K", 0.1344),
    ("gemini-3-pro-image-preview", "4K", 0.24),
    ("gemini-2.5-flash-image", "1K", 0.0387),
])
def test_one_image_costs_the_published_price(model, size, price):
    assert image_price(model, size) == pytest.approx(price)


def test_input_thinking_and_image_tokens_are_all_priced():
    usage = Usage(prompt_tokens=1_000, output_tokens=1_120 + 100, thoughts_tokens=200)
    cost = call_cost("gemini-3-pro-image-preview", usage, images=1, image_size="2K")
    assert cost == pytest.approx(0.002 + 0.1344 + 300 * 12 / 1e6)


def test_unknown_model_costs_nothing_rather_than_failing():
    assert call_cost("some-future-model", Usage(prompt_tokens=10)) == 0.0
