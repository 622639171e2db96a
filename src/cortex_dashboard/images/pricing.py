"""What a call costs, from its usage metadata. The one place prices live.

Per the models' published prices (USD per million tokens). An output image counts a
fixed number of tokens by model and size; text and thinking output have their own rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.images.options import FLASH_MODEL, PRO_MODEL
from cortex_dashboard.images.providers.base import Usage

MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class ModelPrice:
    input_per_million: float
    text_output_per_million: float
    image_output_per_million: float
    image_tokens: dict[str, int]


PRICES: dict[str, ModelPrice] = {
    PRO_MODEL: ModelPrice(2.0, 12.0, 120.0, {"1K": 1120, "2K": 1120, "4K": 2000}),
    FLASH_MODEL: ModelPrice(0.30, 2.50, 30.0, {"1K": 1290}),
    "gemini-2.5-flash": ModelPrice(0.30, 2.50, 0.0, {}),
    "gemini-3-flash-preview": ModelPrice(0.50, 3.0, 0.0, {}),
    "gemini-2.5-flash-lite": ModelPrice(0.10, 0.40, 0.0, {}),
}
GROUNDED_PROMPT_USD = 0.014
"""Google Search grounding, charged per grounded prompt."""


def image_price(model: str, image_size: str) -> float:
    """The output price of one image of this size, before input and thinking tokens."""
    price = PRICES[model]
    return price.image_tokens.get(image_size, 0) * price.image_output_per_million / MILLION


def call_cost(model: str, usage: Usage, *, images: int = 0, image_size: str = "1K",
              grounded: bool = False) -> float:
    """The cost in USD of one call, from its usage (0 for models without a price)."""
    price = PRICES.get(model)
    if price is None:
        return 0.0
    image_tokens = price.image_tokens.get(image_size, 0) * images
    text_tokens = max(usage.output_tokens - image_tokens, 0) + usage.thoughts_tokens
    cost = (
        usage.prompt_tokens * price.input_per_million
        + text_tokens * price.text_output_per_million
        + image_tokens * price.image_output_per_million
    ) / MILLION
    return round(cost + (GROUNDED_PROMPT_USD if grounded else 0.0), 6)
