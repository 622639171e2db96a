"""Answers as the API shapes them, whole (generateContent) or in chunks (the SSE stream).

Shapes follow captures (vercel/ai fixtures of gemini-3-pro-image-preview and
gemini-3.1-flash-image, 2026): an image model's default answer is ONE part, the final
JPEG carrying its signature. Thought parts come only with ``includeThoughts``. A stream
is: thought chunks, the answer's chunks (no finishReason), a last chunk whose only part
is ``{"text": ""}`` with the finishReason, then (image models, a control) a chunk with
only ``usageMetadata``. Text models stream text, then sign a final empty text part.
"""

from __future__ import annotations

import base64
import html
import json
import math
import urllib.parse
import uuid
from dataclasses import dataclass, field
from typing import Any

from .call import Call
from .catalogue import PRO_IMAGE, pixel_size
from .chat import chat_answer, split_text
from .pictures import Picture, render
from .signatures import SignatureBook, identity

__all__ = ["FINISH_MESSAGES", "SHAPES", "Composer", "Outcome", "Plan", "Reply"]

SHAPES = ("jpeg", "text_then_image", "png", "webp", "two_images", "no_image")
_SHAPE_FORMATS = {"png": "image/png", "webp": "image/webp"}

# finishMessage texts as captured. IMAGE_SAFETY's capture (gemini-3-pro-image, 2026-09-02)
# was cut after "Try rephrasing the prompt"; IMAGE_PROHIBITED_CONTENT's after "Support
# code: 355": both end here at their last whole sentence. RECITATION and NO_IMAGE came
# without a finishMessage in every capture found.
FINISH_MESSAGES = {
    "IMAGE_SAFETY": (
        "Unable to show the generated image. The image was filtered out because it violated "
        "Google's Generative AI Prohibited Use policy. You will not be charged for blocked "
        "images. Try rephrasing the prompt."
    ),
    "IMAGE_OTHER": (
        "Unable to show the generated image. The model could not generate the image based on "
        "the prompt provided. You will not be charged for this request. Try rephrasing the "
        "prompt."
    ),
    "IMAGE_PROHIBITED_CONTENT": (
        "Unable to show the generated image due to interests of third-party content providers. "
        "Please edit your prompt and try again. If you think this was an error, send feedback."
    ),
}
FINISH_MESSAGES["PROHIBITED_CONTENT"] = FINISH_MESSAGES["IMAGE_PROHIBITED_CONTENT"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A special answer: a blocked prompt, a withheld image, or text instead of an image."""

    kind: str  # "block", "withhold" or "text_only"
    reason: str = "STOP"
    text: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the controls decided about the next answer."""

    outcome: Outcome | None = None
    shape: str = "jpeg"
    sources: bool = True
    signature_bytes: int = 750_000
    usage_chunk: bool = True


class _Blob:
    """Large base64 text, spliced into the JSON after encoding."""

    __slots__ = ("b64",)

    def __init__(self, b64: str) -> None:
        self.b64 = b64


_BLOB_MARK = f"@@blob-{uuid.uuid4().hex}@@"


def dump(payload: object) -> bytes:
    blobs: list[str] = []

    def stash(value: object) -> str:
        if not isinstance(value, _Blob):
            raise TypeError(f"cannot encode {type(value).__name__}")
        blobs.append(value.b64)
        return f"{_BLOB_MARK}{len(blobs) - 1}{_BLOB_MARK}"

    pieces = json.dumps(payload, separators=(",", ":"), default=stash).split(_BLOB_MARK)
    pieces[1::2] = [blobs[int(index)] for index in pieces[1::2]]
    return "".join(pieces).encode("ascii")


@dataclass
class Reply:
    """An answer, ready to be sent whole or as chunks."""

    model: str
    thoughts: list[dict[str, Any]] = field(default_factory=list)
    answer: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)
    prompt_usage: dict[str, Any] = field(default_factory=dict)
    finish_reason: str = "STOP"
    finish_message: str | None = None
    grounding: dict[str, Any] | None = None
    block_reason: str | None = None
    tail: dict[str, Any] | None = None
    usage_chunk: bool = False
    response_id: str = field(default_factory=lambda: uuid.uuid4().hex[:22])

    def _envelope(self, parts: list[dict[str, Any]] | None, usage: dict[str, Any],
                  *, last: bool) -> dict[str, Any]:
        content: dict[str, Any] = {"parts": parts, "role": "model"} if parts else {}
        candidate: dict[str, Any] = {"content": content}
        if last:
            candidate["finishReason"] = self.finish_reason
            if self.finish_message:
                candidate["finishMessage"] = self.finish_message
        candidate["index"] = 0
        if last and self.grounding:
            candidate["groundingMetadata"] = self.grounding
        return {"candidates": [candidate], "usageMetadata": usage,
                "modelVersion": self.model, "responseId": self.response_id}

    def _blocked(self) -> dict[str, Any]:
        return {"promptFeedback": {"blockReason": self.block_reason},
                "usageMetadata": self.prompt_usage, "modelVersion": self.model,
                "responseId": self.response_id}

    def whole(self) -> bytes:
        if self.block_reason:
            return dump(self._blocked())
        return dump(self._envelope(self.thoughts + self.answer, self.usage, last=True))

    def pieces(self) -> list[bytes]:
        if self.block_reason:
            return [dump(self._blocked())]
        chunks = [self._envelope([p], self.prompt_usage, last=False) for p in self.thoughts]
        chunks += [self._envelope([p], self.usage, last=False) for p in self.answer]
        closing = [self.tail] if self.tail else None
        chunks.append(self._envelope(closing, self.usage, last=True))
        if self.usage_chunk:
            chunks.append({"usageMetadata": self.usage})
        return [dump(chunk) for chunk in chunks]


def tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


class Composer:
    """Builds answers, signing the parts the models sign."""

    def __init__(self, book: SignatureBook) -> None:
        self._book = book

    def compose(self, call: Call, plan: Plan, number: int, *, stream: bool) -> Reply:
        outcome = plan.outcome
        if outcome is not None and outcome.kind == "block":
            return Reply(call.model, block_reason=outcome.reason, prompt_usage=prompt_usage(call))
        maker = _Maker(self._book, call, plan, number)
        reply = maker.picture() if call.spec.is_image else maker.chat(stream=stream)
        reply.prompt_usage = prompt_usage(call)
        if call.search:
            reply.grounding = grounding(call, sources=plan.sources)
        return reply


class _Maker:
    """One answer's parts."""

    def __init__(self, book: SignatureBook, call: Call, plan: Plan, number: int) -> None:
        self.book, self.call, self.plan, self.number = book, call, plan, number

    def picture(self) -> Reply:
        call, outcome = self.call, self.plan.outcome
        thinking = _thinking_text(call)
        reply = Reply(call.model, thoughts=self._thoughts(thinking), tail={"text": ""},
                      usage_chunk=self.plan.usage_chunk)
        thought_tokens = _thought_tokens(call, thinking)
        if outcome is not None and outcome.kind == "withhold":
            return self._withheld(reply, outcome, thought_tokens)
        text, images = self._answer(reply, outcome)
        image_tokens = images * call.spec.output_image_tokens[call.image_size]
        reply.usage = usage(call, text=tokens(text), images=image_tokens, thoughts=thought_tokens)
        return reply

    def _answer(self, reply: Reply, outcome: Outcome | None) -> tuple[str, int]:
        shape = self.plan.shape
        if outcome is not None or "IMAGE" not in self.call.modalities:
            text = (outcome.text if outcome else None) or _caption(self.call, self.number)
            reply.answer = [self._text(text)]
            return text, 0
        text = _caption(self.call, self.number) if shape == "text_then_image" else ""
        reply.answer = [self._text(text)] if text else []
        count = 2 if shape == "two_images" else 1
        mime_type = _SHAPE_FORMATS.get(shape, "image/jpeg")
        reply.answer += [self._final(mime_type, index) for index in range(count)]
        return text, count

    def _withheld(self, reply: Reply, outcome: Outcome, thought_tokens: int) -> Reply:
        reply.finish_reason = outcome.reason
        reply.finish_message = outcome.message or FINISH_MESSAGES.get(outcome.reason)
        reply.answer = [self._text(outcome.text)] if outcome.text else []
        reply.tail = None
        reply.usage = usage(self.call, text=tokens(outcome.text or ""), thoughts=thought_tokens)
        return reply

    def chat(self, *, stream: bool) -> Reply:
        outcome = self.plan.outcome
        withheld = outcome is not None and outcome.kind == "withhold"
        answer = (outcome.text or "") if outcome and withheld else chat_answer(self.call)
        reply = Reply(self.call.model, finish_reason=outcome.reason if outcome else "STOP")
        if stream:
            reply.answer = [{"text": piece} for piece in split_text(answer)] if answer else []
            reply.tail = self._text("")
        else:
            reply.answer = [self._text(answer)] if answer else []
        reply.usage = usage(self.call, text=tokens(answer), thoughts=_thought_tokens(self.call, ""))
        return reply

    def _thoughts(self, thinking: str) -> list[dict[str, Any]]:
        if not self.call.include_thoughts:
            return []
        drafts = 2 if self.call.model == PRO_IMAGE else 1
        parts = [{"text": thinking, "thought": True}]
        return parts + [self._draft(draft) for draft in range(1, drafts + 1)]

    def _text(self, text: str) -> dict[str, Any]:
        signature = self._sign(identity("text", False, text.encode()))
        return {"text": text, "thoughtSignature": signature}

    def _draft(self, draft: int) -> dict[str, Any]:
        # Interim images come at 1K whatever the final size (they are drafts).
        size = pixel_size(self.call.aspect_ratio, "1K")
        picture = render("image/jpeg", size, f"#{self.number} draft {draft}", self.number)
        return {"inlineData": _inline(picture), "thought": True}

    def _final(self, mime_type: str, index: int) -> dict[str, Any]:
        label = f"#{self.number}" + (f" ({index + 1})" if index else "")
        picture = render(mime_type, self.call.pixels, label, self.number + index)
        part_identity = identity("image", False, picture.data)
        return {"inlineData": _inline(picture), "thoughtSignature": self._sign(part_identity)}

    def _sign(self, part_identity: bytes) -> _Blob:
        signature = self.book.issue(part_identity, self.plan.signature_bytes)
        return _Blob(_b64(signature))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _inline(picture: Picture) -> dict[str, Any]:
    return {"mimeType": picture.mime_type, "data": _Blob(picture.b64)}


def _thought_tokens(call: Call, thinking: str) -> int:
    """Pro always thinks (captures: 136-244 tokens); others when asked to."""
    if call.model == PRO_IMAGE or call.thinking_level in ("LOW", "MEDIUM", "HIGH"):
        return 120 + tokens(thinking)
    return 0


def _thinking_text(call: Call) -> str:
    return (
        "**Planning the picture**\n\n"
        f"The request asks for: {_gist(call)}. I will compose it at {call.aspect_ratio} "
        f"and {call.image_size}, test the layout in a draft, then render the final image."
    )


def _caption(call: Call, number: int) -> str:
    return f"Here is image #{number} ({call.aspect_ratio}, {call.image_size}): {_gist(call)}"


def _details(**counts: int) -> list[dict[str, Any]]:
    return [{"modality": name, "tokenCount": n} for name, n in counts.items() if n]


def prompt_usage(call: Call) -> dict[str, Any]:
    prompt = call.prompt_tokens
    image_prompt = call.prompt_image_tokens
    result: dict[str, Any] = {
        "promptTokenCount": prompt,
        "totalTokenCount": prompt,
        "promptTokensDetails": _details(TEXT=prompt - image_prompt, IMAGE=image_prompt),
    }
    return {**result, **_extras()}


def _extras() -> dict[str, Any]:
    return {"serviceTier": "standard", "trafficType": "ON_DEMAND"}


_SEARCH_TOKENS = 308  # captured toolUsePromptTokenCount of one search (vercel/ai #19822)


def usage(call: Call, *, text: int = 0, images: int = 0, thoughts: int = 0) -> dict[str, Any]:
    result = prompt_usage(call)
    tool = _SEARCH_TOKENS if call.search else 0
    result["totalTokenCount"] += text + images + thoughts + tool
    if text or images:
        result["candidatesTokenCount"] = text + images
        result["candidatesTokensDetails"] = _details(TEXT=text, IMAGE=images)
    if tool:
        result["toolUsePromptTokenCount"] = tool
        result["toolUsePromptTokensDetails"] = _details(TEXT=tool)
    if thoughts:
        result["thoughtsTokenCount"] = thoughts
    return result


def _gist(call: Call, limit: int = 120) -> str:
    text = " ".join(call.last_user_text().split())
    if not text:
        return "the reference images"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def grounding(call: Call, *, sources: bool) -> dict[str, Any]:
    """groundingMetadata of a searched answer; without sources, only the query and chip."""
    query = _gist(call, 60)
    link = "https://www.google.com/search?q=" + urllib.parse.quote_plus(query)
    rendered = (
        '<style>.chip{display:inline-block;padding:4px 12px;border-radius:16px;'
        'border:1px solid #ccc}</style><div class="container">'
        f'<a class="chip" href="{html.escape(link)}">{html.escape(query)}</a></div>'
    )
    metadata: dict[str, Any] = {"searchEntryPoint": {"renderedContent": rendered}}
    if sources:
        redirect = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/emulator-"
        metadata["groundingChunks"] = [
            {"web": {"uri": redirect + "1", "title": "example.com"}},
            {"web": {"uri": redirect + "2", "title": "wikipedia.org"}},
        ]
    metadata["webSearchQueries"] = [query]
    return metadata
