"""Ask AI without a model: the memories that best match the question, listed and cited."""

from __future__ import annotations

import textwrap
from collections.abc import AsyncIterator, Sequence

from cortex_dashboard.catalogue import Resolution
from cortex_dashboard.memories import Memory
from cortex_dashboard.providers.base import ChatReply, ChatRequest
from cortex_dashboard.providers.local.models import OFFLINE_RETRIEVAL

OFFLINE_NOTICE = ("Offline answer, not written by a model (no GEMINI_API_KEY): these are the "
                  "memories that best match your question.")
OFFLINE_SELECTION_NOTICE = ("Offline answer, not written by a model (no GEMINI_API_KEY): these "
                            "are the memories you selected, in the order you chose them.")


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


class OfflineChat:
    """Answers from retrieval alone: no network, no key, no cost."""

    name = "local"
    paid = False

    def chat_model(self, requested: str | None) -> Resolution:
        return Resolution(OFFLINE_RETRIEVAL, requested or OFFLINE_RETRIEVAL.id)

    async def answer(self, request: ChatRequest) -> ChatReply:
        return ChatReply(offline_answer(request.question, request.memories,
                                        selected=request.selected))

    async def answer_stream(self, request: ChatRequest) -> AsyncIterator[str | ChatReply]:
        reply = await self.answer(request)
        yield reply.text
        yield reply
