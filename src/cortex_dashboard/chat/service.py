"""Answer a question from memories, through whichever chat provider the registry picks:
Gemini when a key is set, retrieval alone when not. Paid answers go to the ledger."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from cortex_dashboard.catalogue import Resolution
from cortex_dashboard.chat.prompt import Source, fit_question, question_text, sources_for
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.ledger import Charge, UsageLedger
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import relevant_memories, require_memories
from cortex_dashboard.providers import Providers
from cortex_dashboard.providers.base import ChatProvider, ChatReply, ChatRequest
from cortex_dashboard.usage import call_cost

RETRIEVED_MEMORIES = 8


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    answer: str
    sources: list[Source]
    model: str
    offline: bool
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChatStatus:
    available: bool
    provider: str
    model: str
    message: str
    offline: bool


class ChatService:
    def __init__(self, *, providers: Providers, ledger: UsageLedger) -> None:
        self.providers = providers
        self.ledger = ledger

    @property
    def provider(self) -> ChatProvider:
        return self.providers.chat()

    @property
    def offline(self) -> bool:
        return not self.provider.paid

    def model(self) -> Resolution:
        return self.provider.chat_model(None)

    async def status(self) -> ChatStatus:
        chosen = self.model()
        if self.offline:
            message = "No GEMINI_API_KEY: answers list the most relevant memories."
        else:
            message = chosen.notice or (f"Answers written by {chosen.model.name} "
                                        f"({chosen.model.id}), citing your memories.")
        return ChatStatus(True, self.provider.name, chosen.model.id, message, self.offline)

    async def context(self, database: MemoryDatabase, question: str,
                      memory_ids: Sequence[str], history: Sequence[ChatMessage],
                      include_saved: bool = False) -> tuple[Memory, ...]:
        """The selected memories, or the most relevant ones (the dashboard's own saved
        notes left out unless `include_saved`), that fit the budget."""
        def read() -> list[Memory]:
            with database.reader() as conn:
                if memory_ids:
                    return require_memories(conn, database.capabilities, memory_ids)
                return relevant_memories(conn, database.capabilities, question,
                                         RETRIEVED_MEMORIES, include_saved=include_saved)

        memories = await asyncio.to_thread(read)
        return fit_question(question, memories, history)

    def _request(self, memories: Sequence[Memory], question: str,
                 history: Sequence[ChatMessage], selected: bool
                 ) -> tuple[ChatRequest, Resolution]:
        chosen = self.model()
        request = ChatRequest(chosen.model.id, question, question_text(question, memories),
                              tuple(memories), tuple(history), selected)
        return request, chosen

    async def answer(self, database: MemoryDatabase, question: str,
                     memory_ids: Sequence[str] = (), history: Sequence[ChatMessage] = (),
                     include_saved: bool = False) -> ChatAnswer:
        memories = await self.context(database, question, memory_ids, history, include_saved)
        request, chosen = self._request(memories, question, history, bool(memory_ids))
        reply = await self.provider.answer(request)
        await self._record(chosen, reply)
        return self._answer(reply, memories, chosen)

    async def stream(self, memories: Sequence[Memory], question: str,
                     history: Sequence[ChatMessage] = (), selected: bool = False
                     ) -> AsyncIterator[str | ChatAnswer]:
        """The answer in pieces as the model writes it, then the whole answer. `selected`:
        the memories are the user's selection (not retrieved for the question)."""
        request, chosen = self._request(memories, question, history, selected)
        async for item in self.provider.answer_stream(request):
            if isinstance(item, ChatReply):
                await self._record(chosen, item)
                yield self._answer(item, memories, chosen)
            else:
                yield item

    def _answer(self, reply: ChatReply, memories: Sequence[Memory], chosen: Resolution
                ) -> ChatAnswer:
        notices = [chosen.notice] if chosen.notice else []
        return ChatAnswer(reply.text, sources_for(memories), chosen.model.id, self.offline,
                          notices)

    async def _record(self, chosen: Resolution, reply: ChatReply) -> None:
        if not self.provider.paid:
            return
        charge = Charge("chat", self.provider.name, chosen.model.id, reply.usage,
                        call_cost(chosen.model, reply.usage))
        await asyncio.to_thread(self.ledger.record, charge)
