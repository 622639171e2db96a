"""Nano Banana Pro and Nano Banana 2 through google-genai: requests and real answer shapes.

History is the SDK's own `Content` objects dumped as dicts (bytes kept as bytes) and
validated back unchanged, so every thought signature goes back on exactly the part, and
in exactly the turn, it came from. Real answers vary: one signed JPEG part and no text;
text then image; two final images; a stream whose last chunk is an empty text part and
whose usage may come in a chunk of its own. All of them become one `ImageTurn` here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from google.genai import types

from cortex_dashboard.catalogue import Model
from cortex_dashboard.errors import BlockedPrompt, ImageWithheld, NoImageReturned
from cortex_dashboard.providers.base import (
    Grounding,
    GroundingSource,
    HistoryContent,
    ImageRequest,
    ImageTurn,
    Picture,
    StreamEvent,
    Thought,
)
from cortex_dashboard.providers.gemini.client import GeminiRunner
from cortex_dashboard.providers.gemini.wire import (
    FittedRequest,
    fit_request,
    is_empty_text,
    merge_parts,
    usage_from_metadata,
)

WITHHELD_REASONS = frozenset({
    "IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION",
    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE",
})


def dump_content(content: types.Content) -> HistoryContent:
    return content.model_dump(mode="python", exclude_none=True)


def build_config(request: ImageRequest, model: Model) -> types.GenerateContentConfig:
    settings = request.settings
    image_config = types.ImageConfig(aspect_ratio=settings.aspect_ratio,
                                     image_size=settings.image_size)
    tools: types.ToolListUnion | None = None
    if settings.use_search_grounding and "web" in model.grounding:
        tools = [types.Tool(google_search=types.GoogleSearch())]
    thinking = types.ThinkingConfig(include_thoughts=True)
    if model.thinking == "levels" and settings.thinking_level:
        thinking.thinking_level = types.ThinkingLevel(settings.thinking_level.upper())
    return types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"], image_config=image_config, tools=tools,
        thinking_config=thinking,
    )


def build_contents(request: ImageRequest) -> FittedRequest:
    """The request's contents, older turns left out if it would pass the size limit."""
    history = [types.Content.model_validate(content) for content in request.history]
    prompt = types.Content(role="user", parts=[*_reference_parts(request),
                                               types.Part(text=request.prompt)])
    return fit_request([*history, prompt])


def _reference_parts(request: ImageRequest) -> list[types.Part]:
    """Each reference as a line saying what it is for, then the picture itself."""
    parts = []
    for number, reference in enumerate(request.references, 1):
        what = f": {reference.label}" if reference.label else ""
        parts.append(types.Part(text=f"Reference image {number} ({reference.role}){what}"))
        parts.append(types.Part(inline_data=types.Blob(data=reference.picture.data,
                                                       mime_type=reference.picture.mime_type)))
    return parts


def _is_image(part: types.Part) -> bool:
    data = part.inline_data
    return bool(data and data.data and (data.mime_type or "").startswith("image/"))


def _picture(part: types.Part) -> Picture:
    assert part.inline_data is not None and part.inline_data.data is not None
    return Picture(part.inline_data.data, part.inline_data.mime_type or "image/png")


def _grounding(candidate: types.Candidate | None) -> Grounding | None:
    metadata = candidate.grounding_metadata if candidate else None
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


def _reason(candidate: types.Candidate | None) -> str:
    if candidate is None or candidate.finish_reason is None:
        return ""
    return str(candidate.finish_reason.value)


def check_answer(feedback: types.GenerateContentResponsePromptFeedback | None,
                 candidate: types.Candidate | None, parts: Sequence[types.Part]) -> None:
    """Raise the error that says why there is no picture, when there is none."""
    if feedback is not None and feedback.block_reason:
        reason = feedback.block_reason_message or str(feedback.block_reason.value)
        raise BlockedPrompt(f"Gemini blocked the prompt ({reason}). Rephrase it and try again.",
                            detail={"block_reason": str(feedback.block_reason.value)})
    if any(_is_image(p) and not p.thought for p in parts):
        return
    text = " ".join(p.text for p in parts if p.text and not p.thought).strip()
    reason = _reason(candidate)
    message = (candidate.finish_message if candidate else None) or text
    detail = {"finish_reason": reason, "text": text}
    if reason in WITHHELD_REASONS:
        raise ImageWithheld(_withheld_sentence(reason, message), detail=detail)
    raise NoImageReturned(f"Gemini answered without a picture. {message}".strip(),
                          detail=detail)


WITHHELD_POINTS = {
    "IMAGE_SAFETY": "Google's image safety filter blocked the picture.",
    "SAFETY": "Google's safety filter blocked the answer.",
    "PROHIBITED_CONTENT": "The request touches content Google does not allow.",
    "IMAGE_PROHIBITED_CONTENT": "The picture would have shown content Google does not allow "
                                "(for example a third party's protected content).",
    "RECITATION": "The picture would have copied existing material too closely.",
    "IMAGE_RECITATION": "The picture would have copied existing material too closely.",
    "IMAGE_OTHER": "The model could not make a picture from this prompt.",
    "NO_IMAGE": "The model answered without making a picture.",
}
"""The point of each withheld reason. Google sends a `finishMessage` with it, but
google-genai (3.6) drops that field when it parses an answer, so the point is kept here."""


def _withheld_sentence(reason: str, message: str) -> str:
    point = message.strip() or WITHHELD_POINTS.get(reason, "It gave no reason.")
    return (f"Gemini withheld the image ({reason}): {point} A withheld image is not "
            "charged; rephrase the request and try again.")


def _thoughts(parts: Sequence[types.Part]) -> list[Thought]:
    thoughts = []
    for part in parts:
        if not part.thought:
            continue
        if _is_image(part):
            thoughts.append(Thought("image", picture=_picture(part)))
        elif part.text:
            thoughts.append(Thought("text", text=part.text))
    return thoughts


def assemble_turn(model: Model, request: ImageRequest, fitted: FittedRequest,
                  parts: list[types.Part], response: types.GenerateContentResponse,
                  candidate: types.Candidate | None) -> ImageTurn:
    """The turn of an answer whose parts are `parts` (a whole answer's, or a stream's merged).

    `response` supplies usage (the last one that had it); `candidate` the finish reason
    and grounding (the last one that had candidates)."""
    check_answer(response.prompt_feedback, candidate, parts)
    finals = [p for p in parts if _is_image(p) and not p.thought]
    content = types.Content(role="model", parts=parts)
    grounding = _grounding(candidate)
    return ImageTurn(
        new_history=[dump_content(fitted.contents[-1]), dump_content(content)],
        pictures=[_picture(p) for p in finals],
        text="\n".join(p.text for p in parts if p.text and not p.thought).strip(),
        thoughts=_thoughts(parts),
        usage=usage_from_metadata(
            response.usage_metadata, search_queries=len(grounding.queries) if grounding else 0,
            image_tokens=len(finals) * model.output_image_tokens.get(
                request.settings.image_size, 0)),
        grounding=grounding,
        signature=finals[-1].thought_signature,
        notices=fitted.notices,
        request_bytes=fitted.size,
    )


def _candidate(response: types.GenerateContentResponse) -> types.Candidate | None:
    return response.candidates[0] if response.candidates else None


def _parts(response: types.GenerateContentResponse) -> list[types.Part]:
    candidate = _candidate(response)
    if candidate is None or candidate.content is None:
        return []
    return [p for p in candidate.content.parts or [] if not is_empty_text(p)]


class GeminiImages:
    """The image side of the Gemini provider."""

    def __init__(self, runner: GeminiRunner) -> None:
        self.runner = runner

    async def generate(self, request: ImageRequest, model: Model) -> ImageTurn:
        fitted = build_contents(request)
        response = await self.runner.generate(model.id, "image", fitted.contents,
                                              build_config(request, model))
        return assemble_turn(model, request, fitted, _parts(response), response,
                             _candidate(response))

    async def generate_stream(self, request: ImageRequest, model: Model
                              ) -> AsyncIterator[StreamEvent | ImageTurn]:
        fitted = build_contents(request)
        collected = _Collected()
        async for chunk in self.runner.stream(model.id, "image", fitted.contents,
                                              build_config(request, model)):
            for part in collected.add(chunk):
                event = _stream_event(part)
                if event is not None:
                    yield event
        yield assemble_turn(model, request, fitted, merge_parts(collected.parts),
                            collected.usage_source(), collected.candidate)


class _Collected:
    """A stream's chunks as one answer: every part, the last usage, the last candidate."""

    def __init__(self) -> None:
        self.parts: list[types.Part] = []
        self.candidate: types.Candidate | None = None
        self.with_usage: types.GenerateContentResponse | None = None
        self.last: types.GenerateContentResponse | None = None

    def add(self, chunk: types.GenerateContentResponse) -> list[types.Part]:
        self.last = chunk
        if chunk.usage_metadata is not None:
            self.with_usage = chunk
        if chunk.candidates:
            self.candidate = chunk.candidates[0]
        new = _parts(chunk)
        self.parts.extend(new)
        return new

    def usage_source(self) -> types.GenerateContentResponse:
        source = self.last or types.GenerateContentResponse()
        usage = self.with_usage.usage_metadata if self.with_usage else None
        return source.model_copy(update={"usage_metadata": usage})


def _stream_event(part: types.Part) -> StreamEvent | None:
    if not part.thought:
        return None
    if _is_image(part):
        return StreamEvent("thought_image", picture=_picture(part))
    return StreamEvent("thought", text=part.text or "") if part.text else None

