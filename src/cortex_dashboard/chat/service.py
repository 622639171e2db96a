"""Answer a question from memories: with Gemini when a key is set, from retrieval when not."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from google import genai
from google.genai import types

from cortex_dashboard.chat.prompt import (
    SYSTEM_INSTRUCTION,
    Source,
    fit_question,
    question_text,
    sources_for,
)
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.gemini import GeminiRunner, translate_error, usage_from_metadata
from cortex_dashboard.images.pricing import call_cost
from cortex_dashboard.ledger import UsageLedger
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import relevant_memories, require_memories

RETRIEVED_MEMORIES = 8
OFFLINE_MODEL = "offline-retrieval"
CONFIG = types.GenerateContentConfig(system_instruction=SYSTEM_INSTRUCTION)
OFFLINE_NOTICE = ("Offline answer, not written by a model (no GEMINI_API_KEY): these are the "
                  "memories that best match your question.")
OFFLINE_SELECTION_NOTICE = ("Offline answer, not written by a model (no GEMINI_API_KEY): these "
                            "are the memories you selected, in the order you chose them.")


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    answer: str
    sources: list[Source]
    model: str
    offline: bool


@dataclass(frozen=True, slots=True)
class Chunk:
    text: str


def offline_answer(question: str, memories: Sequence[Memory], *, selected: bool = False
                   ) -> str:
    if not memories:
        return (f"{OFFLINE_NOTICE}\n\nNo memory matches “{question}”. Try other words, or "
                "select memories to ask about.")
    lines = [OFFLINE_SELECTION_NOTICE if selected else OFFLINE_NOTICE, ""]
    for n, memory in enumerate(memories, 1):
        summary = textwrap.shorten(memory.content, width=240, placeholder=" …")
        lines.append(f"{n}. ({memory.type}) {summary} [[Memory {n}]]")
    return "\n".join(lines)


def to_contents(history: Sequence[ChatMessage], prompt: str) -> list[types.Content]:
    contents = [
        types.Content(role="model" if m.role == "assistant" else "user",
                      parts=[types.Part(text=m.content)])
        for m in history
    ]
    return [*contents, types.Content(role="user", parts=[types.Part(text=prompt)])]


class ChatService:
    def __init__(self, *, runner: GeminiRunner | None, model: str, ledger: UsageLedger) -> None:
        self.runner = runner
        self.model = model
        self.ledger = ledger

    @property
    def offline(self) -> bool:
        return self.runner is None

    def status(self) -> dict[str, Any]:
        if self.offline:
            return {"available": True, "provider": "local", "model": OFFLINE_MODEL,
                    "message": "No GEMINI_API_KEY: answers list the most relevant memories."}
        return {"available": True, "provider": "gemini", "model": self.model,
                "message": f"Answers written by {self.model}, citing your memories."}

    async def context(self, database: MemoryDatabase, question: str,
                      memory_ids: Sequence[str], history: Sequence[ChatMessage],
                      include_saved: bool = False) -> tuple[Memory, ...]:
        """The selected memories, or the most relevant ones, that fit the budget."""
        def read() -> list[Memory]:
            with database.reader() as conn:
                if memory_ids:
                    return require_memories(conn, database.capabilities, memory_ids)
                return relevant_memories(conn, database.capabilities, question,
                                         RETRIEVED_MEMORIES, include_saved=include_saved)

        memories = await asyncio.to_thread(read)
        return fit_question(question, memories, history)

    async def answer(self, database: MemoryDatabase, question: str,
                     memory_ids: Sequence[str] = (), history: Sequence[ChatMessage] = (),
                     include_saved: bool = False) -> ChatAnswer:
        memories = await self.context(database, question, memory_ids, history, include_saved)
        if self.runner is None:
            return ChatAnswer(offline_answer(question, memories, selected=bool(memory_ids)),
                              sources_for(memories), OFFLINE_MODEL, True)
        contents = to_contents(history, question_text(question, memories))
        try:
            response = await self.runner.call(lambda client: client.aio.models.generate_content(
                model=self.model, contents=contents, config=CONFIG))
        except Exception as exc:
            raise translate_error(exc, self.model) from exc
        await self._record(response.usage_metadata)
        return ChatAnswer(response.text or "", sources_for(memories), self.model, False)

    async def stream(self, memories: Sequence[Memory], question: str,
                     history: Sequence[ChatMessage] = (), selected: bool = False
                     ) -> AsyncIterator[Chunk]:
        """The answer in pieces as the model writes it (one piece offline)."""
        if self.runner is None:
            yield Chunk(offline_answer(question, memories, selected=selected))
            return
        contents = to_contents(history, question_text(question, memories))

        async def pieces(client: genai.Client) -> AsyncIterator[types.GenerateContentResponse]:
            stream = await client.aio.models.generate_content_stream(
                model=self.model, contents=contents, config=CONFIG)
            async for piece in stream:
                yield piece

        usage = None
        try:
            async for piece in self.runner.stream(pieces):
                usage = piece.usage_metadata or usage
                if piece.text:
                    yield Chunk(piece.text)
        except Exception as exc:
            raise translate_error(exc, self.model) from exc
        await self._record(usage)

    async def _record(self, metadata: types.GenerateContentResponseUsageMetadata | None
                      ) -> None:
        if metadata is None:
            return
        usage = usage_from_metadata(metadata)
        await asyncio.to_thread(self.ledger.record, kind="chat", provider="gemini",
                                model=self.model, usage=usage,
                                cost_usd=call_cost(self.model, usage))
