"""Image conversations: history, rename, delete, cancel, and archives of them."""


from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from cortex_dashboard.api.deps import ServicesDep
from cortex_dashboard.api.image_models import (
    CancelOut,
    ClearRequest,
    ConversationDetail,
    ConversationOut,
    DeletedConversation,
    RenameRequest,
)
from cortex_dashboard.api.image_views import (
    conversation_out,
    turn_out,
)
from cortex_dashboard.images.export import write_archive, write_batch_archive

router = APIRouter(prefix="/api/image", tags=["images"])
ConversationId = Annotated[str, Path(max_length=100)]


@router.post("/clear-conversation")
def clear_conversation(services: ServicesDep, body: ClearRequest | None = None
                       ) -> dict[str, Any]:
    """End a conversation: later turns must start a new one."""
    conversation_id = body.conversation_id if body else None
    if conversation_id:
        services.conversations.clear(conversation_id)
    return {"success": True, "status": "cleared", "conversation_id": conversation_id}


@router.get("/conversations")
def conversations(services: ServicesDep,
                  project: Annotated[str | None, Query(max_length=200)] = None,
                  q: Annotated[str | None, Query(max_length=200, description=(
                      "Words in the title or in any turn's prompt"))] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ConversationOut]:
    """Conversations with at least one turn, newest first."""
    found = services.conversations.recent(project, limit=limit, query=q or None)
    return [conversation_out(c) for c in found]


@router.get("/conversations/{conversation_id}")
def conversation(services: ServicesDep, conversation_id: ConversationId) -> ConversationDetail:
    found = services.conversations.get(conversation_id)
    turns = [turn_out(services, t) for t in services.conversations.turns(conversation_id)]
    return ConversationDetail(**conversation_out(found).model_dump(), turns=turns)


@router.patch("/conversations/{conversation_id}")
def rename_conversation(services: ServicesDep, conversation_id: ConversationId,
                        body: RenameRequest) -> ConversationOut:
    return conversation_out(services.conversations.rename(conversation_id, body.title))


@router.delete("/conversations/{conversation_id}")
def delete_conversation(services: ServicesDep, conversation_id: ConversationId
                        ) -> DeletedConversation:
    """Forget the conversation; its pictures go too unless another turn (or a saved
    memory) uses them."""
    return DeletedConversation(images_removed=services.conversations.delete(conversation_id))


@router.post("/conversations/{conversation_id}/cancel")
def cancel(services: ServicesDep, conversation_id: ConversationId) -> CancelOut:
    """Stop every turn in flight for this conversation and the rest of its batch. A turn
    whose picture has already arrived cannot be stopped: it is kept and charged, and
    `finishing` counts it (`finishing_usd` is at most what it costs)."""
    services.conversations.get(conversation_id)
    outcome = services.images.cancel(conversation_id)
    return CancelOut(cancelled=outcome.stopped > 0, stopped=outcome.stopped,
                     finishing=outcome.finishing, finishing_usd=outcome.finishing_usd)


@router.get("/conversations/{conversation_id}/archive", response_class=FileResponse)
async def archive(services: ServicesDep, conversation_id: ConversationId) -> FileResponse:
    """Every image of the conversation as one ZIP, with a manifest.json."""
    path = await asyncio.to_thread(write_archive, services.conversations, conversation_id)
    return FileResponse(path, media_type="application/zip",
                        filename=f"cortex-{conversation_id}.zip",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/batches/{batch_id}/archive", response_class=FileResponse)
async def batch_archive(services: ServicesDep, batch_id: ConversationId) -> FileResponse:
    """The latest picture of every conversation of a series (or a batch of variations) as
    one ZIP, with a manifest."""
    path = await asyncio.to_thread(write_batch_archive, services.conversations, batch_id)
    return FileResponse(path, media_type="application/zip", filename=f"cortex-{batch_id}.zip",
                        background=BackgroundTask(path.unlink, missing_ok=True))
