"""Ask AI through Gemini: the question with its memories, answered whole or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from google.genai import types

from cortex_dashboard.chat.prompt import SYSTEM_INSTRUCTION
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.providers.base import ChatReply, ChatRequest
from cortex_dashboard.providers.gemini.client import GeminiRunner
from cortex_dashboard.providers.gemini.wire import usage_from_metadata

CONFIG = types.GenerateContentConfig(system_instruction=SYSTEM_INSTRUCTION)


def to_contents(history: Sequence[ChatMessage], prompt: str) -> list[types.Content]:
    """Earlier messages as turns (empty ones left out: the API refuses empty text)."""
    contents = [
        types.Content(role="model" if m.role == "assistant" else "user",
                      parts=[types.Part(text=m.content)])
        for m in history if m.content.strip()
    ]
    return [*contents, types.Content(role="user", parts=[types.Part(text=prompt)])]


def _text(response: types.GenerateContentResponse) -> str:
    if not response.candidates or response.candidates[0].content is None:
        return ""
    parts = response.candidates[0].content.parts or []
    return "".join(p.text for p in parts if p.text and not p.thought)


class GeminiChat:
    """The chat side of the Gemini provider."""

    def __init__(self, runner: GeminiRunner) -> None:
        self.runner = runner

    async def answer(self, request: ChatRequest) -> ChatReply:
        contents = to_contents(request.history, request.prompt)
        response = await self.runner.generate(request.model, "text", contents, CONFIG)
        return ChatReply(_text(response), usage_from_metadata(response.usage_metadata))

    async def answer_stream(self, request: ChatRequest) -> AsyncIterator[str | ChatReply]:
        contents = to_contents(request.history, request.prompt)
        pieces: list[str] = []
        usage = None
        async for chunk in self.runner.stream(request.model, "text", contents, CONFIG):
            usage = chunk.usage_metadata or usage
            if piece := _text(chunk):
                pieces.append(piece)
                yield piece
        yield ChatReply("".join(pieces), usage_from_metadata(usage))
