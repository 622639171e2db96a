"""The Ask AI API: status, answers (whole or streamed), keep and share a chat."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse

from cortex_dashboard.api.deps import MemoryDbDep, ServicesDep
from cortex_dashboard.api.errors import error_body
from cortex_dashboard.api.image_models import ChatMessageIn
from cortex_dashboard.chat.export import save_chat_as_memory, to_markdown
from cortex_dashboard.chat.prompt import Source, sources_for
from cortex_dashboard.chat.service import ChatAnswer
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.errors import DashboardError
from cortex_dashboard.memories import Memory
from cortex_dashboard.services import Services

router = APIRouter(prefix="/api/chat", tags=["chat"])


class ChatRequest(BaseModel):
    question: str = Field(min_length=1, max_length=10_000)
    memory_ids: list[str] = Field(default_factory=list, max_length=500)
    messages: list[ChatMessageIn] = Field(default_factory=list, max_length=100)
    include_saved: bool = Field(False, description=(
        "Also retrieve the dashboard's own saved chats and pictures (ranked below "
        "first-hand memories); they are left out by default."))


class ChatResponse(BaseModel):
    answer: str
    sources: list[Source]
    model: str
    offline: bool
    notices: list[str] = []


class ChatModelOut(BaseModel):
    id: str
    name: str
    provider: str
    available: bool | None


class ChatStatusOut(BaseModel):
    available: bool
    provider: str
    model: str
    message: str
    offline: bool
    models: list[ChatModelOut]
    notices: list[str] = []



class KeptChat(BaseModel):
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=200)
    sources: list[Source] = Field(default_factory=list, max_length=500)
    title: str = Field("Ask AI", max_length=200)


class SavedChat(BaseModel):
    success: bool = True
    memory_id: str


def _messages(items: list[ChatMessageIn]) -> list[ChatMessage]:
    return [ChatMessage(m.role, m.content) for m in items]


@router.get("/status")
async def status(services: ServicesDep, refresh: bool = False) -> ChatStatusOut:
    """The provider and model that answer, and every chat model with whether this key
    may use it (`refresh` asks Gemini again)."""
    offers = await services.providers.offers(refresh=refresh)
    current = await services.chat.status()
    models = [ChatModelOut(id=m.model.id, name=m.model.name, provider=o.name,
                           available=m.available) for o in offers for m in o.chat_models]
    chosen = services.chat.model()
    notices = [*services.settings.model_notices(), *([chosen.notice] if chosen.notice else [])]
    return ChatStatusOut(**asdict(current), models=models, notices=notices)


@router.post("")
async def ask(body: ChatRequest, services: ServicesDep, db: MemoryDbDep) -> ChatResponse:
    """An answer citing memories as [[Memory N]]; `sources` maps each N to its memory."""
    answer = await services.chat.answer(db, body.question, body.memory_ids,
                                        _messages(body.messages), body.include_saved)
    return ChatResponse(answer=answer.answer, model=answer.model, offline=answer.offline,
                        sources=answer.sources, notices=answer.notices)


@router.post("/stream", response_class=EventSourceResponse)
async def ask_stream(body: ChatRequest, services: ServicesDep, db: MemoryDbDep
                     ) -> EventSourceResponse:
    """Server-sent events: `sources`, then `chunk`s, then `done` (or `error`)."""
    history = _messages(body.messages)
    memories = await services.chat.context(db, body.question, body.memory_ids, history,
                                           body.include_saved)
    return EventSourceResponse(_chat_events(services, memories, body.question, history,
                                            bool(body.memory_ids)))


async def _chat_events(services: Services, memories: tuple[Memory, ...], question: str,
                       history: list[ChatMessage], selected: bool
                       ) -> AsyncIterator[dict[str, str]]:
    sources = [asdict(s) for s in sources_for(memories)]
    yield {"event": "sources", "data": json.dumps({"sources": sources})}
    try:
        async for item in services.chat.stream(memories, question, history, selected):
            if isinstance(item, ChatAnswer):
                done = {"answer": item.answer, "model": item.model, "offline": item.offline,
                        "notices": item.notices}
                yield {"event": "done", "data": json.dumps(done)}
            else:
                yield {"event": "chunk", "data": json.dumps({"text": item})}
    except DashboardError as exc:
        yield {"event": "error", "data": json.dumps(error_body(exc.message, exc.code))}


@router.post("/save-as-memory")
def save_as_memory(body: KeptChat, db: MemoryDbDep) -> SavedChat:
    """Keep the chat as a `reference` memory with its citations."""
    return SavedChat(memory_id=save_chat_as_memory(db, _messages(body.messages),
                                                   body.sources))


@router.post("/export", response_class=Response,
             responses={200: {"content": {"text/markdown": {}}}})
def export(body: KeptChat) -> Response:
    """The chat as a Markdown file, citations as footnotes."""
    markdown = to_markdown(_messages(body.messages), body.sources, body.title)
    return Response(markdown, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="ask-ai.md"'})
