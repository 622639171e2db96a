"""Facts of the Gemini wire format that both the image and the chat side follow.

- The API refuses an empty text part ("Unable to submit request because it has an empty
  text parameter"), and streams end with one: such a part is never kept, unless it
  carries a thought signature, which google-genai's own chat history keeps on it.
- Usage is billed by modality: `candidatesTokensDetails` splits output into IMAGE and
  TEXT tokens; thinking is output; the search tool's prompt is input.
- A request, base64 included, may be at most 100 MB (the inline limit since January
  2026); long image conversations carry every earlier image and signature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from google.genai import types

from cortex_dashboard.usage import Usage

REQUEST_LIMIT_BYTES = 100 * 1_000_000
WARN_AT = 0.8
PART_OVERHEAD_BYTES = 96


def is_empty_text(part: types.Part) -> bool:
    """A part with nothing in it but an empty text (no signature, no data)."""
    return part.text == "" and not part.thought_signature and part.inline_data is None \
        and part.function_call is None


def merge_parts(parts: list[types.Part]) -> list[types.Part]:
    """Streamed parts as one answer: neighbouring unsigned text of the same kind joined;
    a signed part is never merged (its signature belongs to exactly that part)."""
    merged: list[types.Part] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if (previous is not None and _plain_text(part) and _plain_text(previous)
                and bool(part.thought) == bool(previous.thought)):
            merged[-1] = previous.model_copy(update={"text": (previous.text or "") + (
                part.text or "")})
        else:
            merged.append(part)
    return merged


def _plain_text(part: types.Part) -> bool:
    return part.text is not None and not part.thought_signature and part.inline_data is None


def _modality_tokens(details: list[types.ModalityTokenCount] | None, name: str) -> int | None:
    if not details:
        return None
    return sum(d.token_count or 0 for d in details
               if d.modality is not None and d.modality.value == name)


def usage_from_metadata(metadata: types.GenerateContentResponseUsageMetadata | None, *,
                        image_tokens: int = 0, search_queries: int = 0) -> Usage:
    """The tokens an answer's `usageMetadata` counts (zeros when it has none).

    Without `candidatesTokensDetails`, `image_tokens` (what the answer's images cost by
    the catalogue) are taken out of the output count and the rest is text."""
    if metadata is None:
        return Usage(search_queries=search_queries)
    output = metadata.candidates_token_count or 0
    image = _modality_tokens(metadata.candidates_tokens_details, "IMAGE")
    if image is None:
        image = min(image_tokens, output)
    return Usage(
        prompt_tokens=metadata.prompt_token_count or 0,
        tool_prompt_tokens=metadata.tool_use_prompt_token_count or 0,
        text_output_tokens=max(output - image, 0),
        image_output_tokens=image,
        thoughts_tokens=metadata.thoughts_token_count or 0,
        total_tokens=metadata.total_token_count or 0,
        search_queries=search_queries,
    )


def _b64_size(count: int) -> int:
    return 4 * math.ceil(count / 3)


def part_bytes(part: types.Part) -> int:
    size = PART_OVERHEAD_BYTES + len((part.text or "").encode()) * 11 // 10
    if part.inline_data is not None and part.inline_data.data is not None:
        size += _b64_size(len(part.inline_data.data))
    if part.thought_signature:
        size += _b64_size(len(part.thought_signature))
    return size


def contents_bytes(contents: list[types.Content]) -> int:
    """About what these contents weigh in a request body (JSON, base64 included)."""
    return sum(part_bytes(p) for c in contents for p in c.parts or ())


@dataclass(slots=True)
class FittedRequest:
    contents: list[types.Content]
    size: int
    notices: list[str] = field(default_factory=list)


def fit_request(contents: list[types.Content], limit: int = REQUEST_LIMIT_BYTES
                ) -> FittedRequest:
    """The contents, with the oldest refinement turns left out while the request would
    pass the limit. The first user turn (the memories) and the latest ones stay; what a
    left-out turn drew is in the pictures that followed it."""
    sizes = [sum(part_bytes(p) for p in c.parts or ()) for c in contents]
    kept = list(range(len(contents)))
    dropped = 0
    while sum(sizes[i] for i in kept) > limit and len(kept) > 3:
        del kept[1:3]
        dropped += 1
    size = sum(sizes[i] for i in kept)
    fitted = FittedRequest([contents[i] for i in kept], size)
    if dropped:
        fitted.notices.append(
            f"Gemini takes at most {limit // 1_000_000} MB per request, so the {dropped} "
            "oldest refinement(s) were left out of what it saw this time (the first request "
            "and the latest pictures were kept). To keep every step, start a new "
            "conversation from this picture.")
    elif size > limit * WARN_AT:
        fitted.notices.append(
            f"This conversation is {size / 1_000_000:.0f} MB of Gemini's "
            f"{limit // 1_000_000} MB request limit; from the next turns on the oldest "
            "refinements will be left out of what it sees. Start a new conversation from "
            "this picture to keep every step.")
    return fitted
