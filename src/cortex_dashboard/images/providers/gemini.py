"""Nano Banana Pro (and Nano Banana) through google-genai's async client.

History is the SDK's own `Content` objects dumped as dicts (bytes kept as bytes) and
validated back unchanged, so every thought signature goes back on exactly the part,
and in exactly the turn, it came from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from google import genai
from google.genai import types

from cortex_dashboard.errors import BlockedPrompt, ImageWithheld, NoImageReturned
from cortex_dashboard.gemini import GeminiRunner, translate_error, usage_from_metadata
from cortex_dashboard.images.options import MODELS
from cortex_dashboard.images.providers.base import (
    Grounding,
    GroundingSource,
    HistoryContent,
    ImageRequest,
    ImageTurn,
    StreamEvent,
)

WITHHELD_REASONS = frozenset({
    "IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION",
    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER",
})


def dump_content(content: types.Content) -> HistoryContent:
    return content.model_dump(mode="python", exclude_none=True)


def build_config(request: ImageRequest) -> types.GenerateContentConfig:
    settings = request.settings
    model = MODELS[settings.model]
    image_config = types.ImageConfig(aspect_ratio=settings.aspect_ratio)
    if len(model.sizes) > 1:
        image_config.image_size = settings.image_size
    tools = [types.Tool(google_search=types.GoogleSearch())] \
        if settings.use_search_grounding and model.search_grounding else None
    return types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"], image_config=image_config, tools=tools,
    )


def build_contents(request: ImageRequest) -> list[types.Content]:
    history = [types.Content.model_validate(content) for content in request.history]
    prompt = types.Content(role="user", parts=[types.Part(text=request.prompt)])
    return [*history, prompt]


def _is_image(part: types.Part) -> bool:
    data = part.inline_data
    return bool(data and data.data and (data.mime_type or "").startswith("image/"))


def _grounding(candidate: types.Candidate) -> Grounding | None:
    metadata = candidate.grounding_metadata
    if metadata is None:
        return None
    sources = tuple(
        GroundingSource(title=chunk.web.title or chunk.web.uri or "", uri=chunk.web.uri or "")
        for chunk in metadata.grounding_chunks or () if chunk.web
    )
    entry = metadata.search_entry_point
    return Grounding(
        sources=sources,
        search_entry_point_html=entry.rendered_content if entry else None,
        queries=tuple(metadata.web_search_queries or ()),
    )


def check_answer(response: types.GenerateContentResponse) -> types.Candidate:
    """The answer's candidate, or the error that says why there is no picture."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason:
        reason = feedback.block_reason_message or str(feedback.block_reason.value)
        raise BlockedPrompt(f"Gemini blocked the prompt ({reason}). Rephrase it and try again.",
                            detail={"block_reason": str(feedback.block_reason.value)})
    if not response.candidates or response.candidates[0].content is None:
        raise NoImageReturned("Gemini answered without a picture. Try again or rephrase.")
    candidate = response.candidates[0]
    parts = candidate.content.parts or [] if candidate.content else []
    if not any(_is_image(p) and not p.thought for p in parts):
        text = " ".join(p.text for p in parts if p.text and not p.thought).strip()
        reason = str(candidate.finish_reason.value) if candidate.finish_reason else ""
        if reason in WITHHELD_REASONS:
            raise ImageWithheld(f"Gemini withheld the image ({reason}). {text}".strip(),
                                detail={"finish_reason": reason, "text": text})
        raise NoImageReturned(f"Gemini answered without a picture. {text}".strip(),
                              detail={"finish_reason": reason, "text": text})
    return candidate


def turn_from_response(request: ImageRequest, user: types.Content,
                       response: types.GenerateContentResponse) -> ImageTurn:
    candidate = check_answer(response)
    assert candidate.content is not None
    parts = candidate.content.parts or []
    final = [p for p in parts if _is_image(p) and not p.thought][-1]
    assert final.inline_data is not None and final.inline_data.data is not None
    return ImageTurn(
        new_history=[dump_content(user), dump_content(candidate.content)],
        image=final.inline_data.data,
        mime_type=final.inline_data.mime_type or "image/png",
        text="\n".join(p.text for p in parts if p.text and not p.thought).strip(),
        thoughts=[p.text for p in parts if p.text and p.thought],
        usage=usage_from_metadata(response.usage_metadata),
        grounding=_grounding(candidate),
        signature=final.thought_signature,
    )


def merge_parts(parts: list[types.Part]) -> list[types.Part]:
    """Streamed parts as one answer: adjacent text of the same kind joined, the signature
    kept on the part it came with; images and their signatures untouched."""
    merged: list[types.Part] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if (previous is not None and part.text is not None and previous.text is not None
                and bool(part.thought) == bool(previous.thought)
                and not (previous.thought_signature and part.thought_signature)):
            merged[-1] = previous.model_copy(update={
                "text": previous.text + part.text,
                "thought_signature": previous.thought_signature or part.thought_signature,
            })
        else:
            merged.append(part)
    return merged


class GeminiProvider:
    name = "gemini"

    def __init__(self, runner: GeminiRunner) -> None:
        self.runner = runner

    async def generate(self, request: ImageRequest) -> ImageTurn:
        contents = build_contents(request)
        config = build_config(request)
        try:
            response = await self.runner.call(lambda client: client.aio.models.generate_content(
                model=request.settings.model, contents=contents, config=config))
        except Exception as exc:
            raise translate_error(exc, request.settings.model) from exc
        return turn_from_response(request, contents[-1], response)

    async def generate_stream(self, request: ImageRequest
                              ) -> AsyncIterator[StreamEvent | ImageTurn]:
        contents = build_contents(request)
        config = build_config(request)

        async def chunks(client: genai.Client) -> AsyncIterator[types.GenerateContentResponse]:
            stream = await client.aio.models.generate_content_stream(
                model=request.settings.model, contents=contents, config=config)
            async for chunk in stream:
                yield chunk

        parts: list[types.Part] = []
        last: types.GenerateContentResponse | None = None
        try:
            async for chunk in self.runner.stream(chunks):
                last = chunk
                for part in _chunk_parts(chunk):
                    parts.append(part)
                    event = _stream_event(part)
                    if event is not None:
                        yield event
        except Exception as exc:
            raise translate_error(exc, request.settings.model) from exc
        yield turn_from_response(request, contents[-1], _merged_response(last, parts))


def _chunk_parts(chunk: types.GenerateContentResponse) -> list[types.Part]:
    if not chunk.candidates or chunk.candidates[0].content is None:
        return []
    return list(chunk.candidates[0].content.parts or [])


def _stream_event(part: types.Part) -> StreamEvent | None:
    if not part.thought:
        return None
    if _is_image(part):
        assert part.inline_data is not None
        return StreamEvent("thought_image", image=part.inline_data.data,
                           mime_type=part.inline_data.mime_type)
    return StreamEvent("thought", text=part.text or "") if part.text else None


def _merged_response(last: types.GenerateContentResponse | None,
                     parts: list[types.Part]) -> types.GenerateContentResponse:
    if last is None:
        return types.GenerateContentResponse()
    update: dict[str, Any] = {}
    if last.candidates:
        candidate = last.candidates[0]
        content = types.Content(role="model", parts=merge_parts(parts))
        update["candidates"] = [candidate.model_copy(update={"content": content})]
    return last.model_copy(update=update)
