"""What a model call used and what it cost: one record and one price rule for images and chat.

Google bills by token: the prompt (and, when grounded, the search tool's prompt) at the
input price, thinking and text output at the text output price, image output at the
image price; grounding queries beyond the monthly free allowance are charged per query.
"""

from __future__ import annotations

from dataclasses import dataclass

from cortex_dashboard.catalogue import GROUNDING_USD_PER_QUERY, MILLION, Model


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    tool_prompt_tokens: int = 0
    text_output_tokens: int = 0
    image_output_tokens: int = 0
    thoughts_tokens: int = 0
    total_tokens: int = 0
    search_queries: int = 0

    @property
    def output_tokens(self) -> int:
        return self.text_output_tokens + self.image_output_tokens


def call_cost(model: Model, usage: Usage, *, billable_queries: int = 0) -> float | None:
    """The price in USD of one call, or None when the model's price is not known.

    `billable_queries` are the grounding queries past this month's free allowance."""
    prices = model.prices
    if prices is None:
        return None
    tokens = (
        (usage.prompt_tokens + usage.tool_prompt_tokens) * prices.input
        + (usage.text_output_tokens + usage.thoughts_tokens) * prices.text_output
        + usage.image_output_tokens * prices.image_output
    )
    return round(tokens / MILLION + billable_queries * GROUNDING_USD_PER_QUERY, 6)
