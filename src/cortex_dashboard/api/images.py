"""The image API: generate and refine, conversations, image files, usage."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from sse_starlette.sse import EventSourceResponse
from starlette.background import BackgroundTask

from cortex_dashboard.api.deps import MemoryDbDep, ProjectDep, ServicesDep
from cortex_dashboard.api.errors import error_body
from cortex_dashboard.api.image_models import (
    CancelOut,
    ClearRequest,
    ContextOut,
    ConversationDetail,
    ConversationOut,
    DeletedConversation,
    GenerateRequest,
    GenerateResponse,
    GroundingOut,
    ImageResult,
    ModelOut,
    OptionsOut,
    PictureOut,
    PresetOut,
    ProviderOut,
    ReferenceOut,
    RenameRequest,
    SaveAsMemoryRequest,
    SavedMemory,
    SeriesGroupOut,
    SeriesRequest,
    SeriesResponse,
    StatusOut,
    ThoughtOut,
    TurnOut,
    UsageOut,
    UsageOutTokens,
    VariationError,
)
from cortex_dashboard.catalogue import MILLION, Resolution
from cortex_dashboard.context import ChatMessage, ContextReport
from cortex_dashboard.errors import DashboardError, InvalidInput
from cortex_dashboard.images.conversations import (
    Conversation,
    StoredPicture,
    StoredReference,
    StoredThought,
    Turn,
    image_mime_type,
)
from cortex_dashboard.images.export import save_image_as_memory, write_archive
from cortex_dashboard.images.history import ClientTurn
from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.references import (
    MAX_UPLOAD_BYTES,
    clean_label,
    clean_reference,
    role_for,
)
from cortex_dashboard.images.series import plan_series, write_series_archive
from cortex_dashboard.images.service import (
    GenerateCommand,
    GeneratedTurn,
    PreparedTurn,
    ReferenceAsk,
)
from cortex_dashboard.images.store import MIME_TYPES, ImageFormat
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import require_memories
from cortex_dashboard.providers.base import (
    Grounding,
    ImageSettings,
    ModelStatus,
    Offer,
    StreamEvent,
)
from cortex_dashboard.services import Services

router = APIRouter(prefix="/api/image", tags=["images"])
ConversationId = Annotated[str, Path(max_length=100)]
THUMBNAIL_WIDTH = 320
IMMUTABLE = "public, max-age=31536000, immutable"


def image_url(image_id: str) -> str:
    return f"/api/image/images/{image_id}"


def thumbnail_url(image_id: str) -> str:
    return f"{image_url(image_id)}?format=webp&width={THUMBNAIL_WIDTH}"


def _provider_out(offer: Offer) -> ProviderOut:
    return ProviderOut(name=offer.name, label=offer.label, paid=offer.paid, ready=offer.ready,
                       message=offer.message)


def _price(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _model_out(offer: Offer, status: ModelStatus) -> ModelOut:
    model = status.model
    prices = {size: round(p, 4) for size in model.sizes
              if (p := model.image_price(size)) is not None}
    pixels = {ratio: {size: list(wh) for size in model.sizes
                      if (wh := model.pixel_size(ratio, size)) is not None}
              for ratio in model.ratios}
    input_image = (model.input_image_tokens * model.prices.input / MILLION
                   if model.prices is not None else None)
    return ModelOut(
        id=model.id, name=model.name, provider=offer.name, paid=offer.paid,
        lifecycle=model.lifecycle, available=status.available, ratios=list(model.ratios),
        sizes=list(model.sizes), default_size=model.default_size(),
        pixel_sizes={ratio: sizes for ratio, sizes in pixels.items() if sizes},
        prices=prices, input_image_price=_price(input_image),
        confirm_sizes=[model.sizes[-1]] if offer.paid and len(model.sizes) > 1 else [],
        thinking=model.thinking, thinking_levels=list(model.thinking_levels),
        grounding=list(model.grounding), max_reference_images=model.max_reference_images,
    )


def _default(services: Services) -> Resolution:
    return services.providers.image().image_model(None)


def _notices(services: Services, chosen: Resolution) -> list[str]:
    return [*services.settings.model_notices(), *([chosen.notice] if chosen.notice else [])]


@router.get("/status")
async def status(services: ServicesDep, refresh: bool = False) -> StatusOut:
    """The provider and model a request without one will use; `refresh` asks Gemini
    again which models this key may use."""
    offers = await services.providers.offers(refresh=refresh)
    provider = services.providers.image()
    chosen = _default(services)
    current = next(o for o in offers if o.name == provider.name)
    return StatusOut(available=True, message=current.message, provider=provider.name,
                     model=chosen.model.id, providers=[_provider_out(o) for o in offers],
                     key_set=services.settings.has_gemini_key,
                     notices=_notices(services, chosen))


@router.get("/options")
async def image_options(services: ServicesDep, refresh: bool = False) -> OptionsOut:
    """Every model with its ratios, sizes, pixel sizes and prices (from the catalogue), the
    presets, and what a request without a provider or model uses."""
    offers = await services.providers.offers(refresh=refresh)
    chosen = _default(services)
    return OptionsOut(
        providers=[_provider_out(o) for o in offers],
        models=[_model_out(o, m) for o in offers for m in o.image_models],
        presets=[PresetOut(id=p.id, name=p.name, aspect_ratio=p.aspect_ratio,
                           guidance=p.guidance) for p in PRESETS.values()],
        default_provider=services.providers.image().name, default_model=chosen.model.id,
        notices=_notices(services, chosen),
    )


def to_command(body: GenerateRequest, services: Services, project: ProjectDep
               ) -> GenerateCommand:
    settings = ImageSettings(
        aspect_ratio=body.aspect_ratio or PRESETS[body.preset].aspect_ratio,
        image_size=body.image_size or "auto", use_search_grounding=body.use_search_grounding,
        preset=body.preset, thinking_level=body.thinking_level,
    )
    history = None
    if body.conversation_history:
        history = tuple(ClientTurn(t.role, t.text, t.image_data, t.thought_signature)
                        for t in body.conversation_history)
    references = tuple(ReferenceAsk(image_id) for image_id in body.reference_image_ids) + \
        tuple(ReferenceAsk(r.id, r.label, r.role) for r in body.references)
    region = body.region
    return GenerateCommand(
        prompt=body.prompt, settings=settings, model=body.model,
        memory_ids=tuple(body.memory_ids), project_id=project.id,
        database=services.projects.open_ref(project) if body.memory_ids else None,
        conversation_id=body.conversation_id, client_history=history,
        provider=body.provider, n=body.n,
        chat_messages=tuple(ChatMessage(m.role, m.content) for m in body.chat_messages),
        references=references, from_turn=body.from_turn, finish_from=body.finish_from,
        region=(region.x, region.y, region.width, region.height) if region else None,
    )


def reference_out(reference: StoredReference, picture: StoredPicture) -> ReferenceOut:
    return ReferenceOut(id=picture.image_id, width=picture.width, height=picture.height,
                        mime_type=picture.mime_type,
                        thumbnail_url=thumbnail_url(picture.image_id),
                        image_url=image_url(picture.image_id), label=reference.label,
                        role=reference.role)


@router.post("/references")
async def upload_reference(services: ServicesDep, file: UploadFile,
                           label: Annotated[str | None, Form(max_length=200)] = None
                           ) -> ReferenceOut:
    """Upload a reference picture (PNG, JPEG, WebP, HEIC/HEIF). It is turned upright,
    stripped of EXIF and every other metadata, and scaled to Gemini's 7 MB inline limit."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    clean = await asyncio.to_thread(clean_reference, data)
    stored = await asyncio.to_thread(services.image_store.save, clean.data, clean.mime_type)
    words = clean_label(label) or clean_label(file.filename)
    reference = StoredReference(stored.id, words, role_for(words))
    await asyncio.to_thread(services.conversations.add_reference, stored, reference.label,
                            reference.role)
    return reference_out(reference, StoredPicture.of(stored))


def picture_out(picture: StoredPicture) -> PictureOut:
    return PictureOut(image_id=picture.image_id, image_url=image_url(picture.image_id),
                      thumbnail_url=thumbnail_url(picture.image_id), width=picture.width,
                      height=picture.height, mime_type=picture.mime_type)


def thought_out(thought: StoredThought) -> ThoughtOut:
    return ThoughtOut(kind=thought.kind, text=thought.text,
                      image=picture_out(thought.picture) if thought.picture else None)


async def image_result(services: Services, generated: GeneratedTurn, with_data: bool
                       ) -> ImageResult:
    turn = generated.turn
    data = None
    if with_data:
        raw = await asyncio.to_thread(services.image_store.read, turn.image_id, turn.mime_type)
        data = base64.b64encode(raw).decode("ascii")
    return ImageResult(
        image_data=data, text_response=generated.text, thought_signature=generated.signature,
        conversation_id=generated.conversation_id, turn=turn.turn, image_id=turn.image_id,
        image_url=image_url(turn.image_id), thumbnail_url=thumbnail_url(turn.image_id),
        width=turn.width, height=turn.height, mime_type=turn.mime_type,
        usage=UsageOutTokens(**asdict(turn.usage)), cost_usd=turn.cost_usd,
        context=_context_out(turn.context), grounding=_grounding_out(turn.grounding),
        provider=generated.provider, model=turn.settings.model,
        thoughts=[thought_out(t) for t in turn.thoughts],
        images=[picture_out(p) for p in turn.pictures], notices=generated.notices,
        request_bytes=turn.request_bytes,
    )


def _context_out(context: ContextReport | None) -> ContextOut | None:
    return ContextOut(**asdict(context)) if context is not None else None


def _grounding_out(grounding: Grounding | None) -> GroundingOut | None:
    return GroundingOut.model_validate(asdict(grounding)) if grounding is not None else None


@router.post("/generate")
async def generate(body: GenerateRequest, services: ServicesDep, project: ProjectDep
                   ) -> GenerateResponse:
    """Generate a picture (or `n` variations), or refine one with `conversation_id`."""
    command = await asyncio.to_thread(to_command, body, services, project)
    result = await services.images.generate(command)
    results = [await image_result(services, t, body.include_image_data) for t in result.turns]
    response = GenerateResponse(**results[0].model_dump())
    if body.n > 1:
        response.image_data = None  # each variation carries its own; never send one twice
        response.variations = results
        response.variation_errors = [VariationError(error=e.message, error_code=e.code)
                                     for e in result.errors]
    return response


@router.post("/series")
async def series(body: SeriesRequest, services: ServicesDep, project: ProjectDep
                 ) -> SeriesResponse:
    """A consistent series: picture 1 first, then the others with it as style reference."""
    database = services.projects.open_ref(project)
    memories = await asyncio.to_thread(_read_memories, database, body.memory_ids)
    groups = plan_series(memories, body.group_by, body.count, body.groups)
    prompt = body.prompt.strip() or PRESETS[body.preset].name
    command = GenerateCommand(
        prompt=prompt, model=body.model, project_id=project.id, database=database,
        provider=body.provider,
        settings=ImageSettings(aspect_ratio=body.aspect_ratio or PRESETS[body.preset].aspect_ratio,
                               image_size=body.image_size or "auto", preset=body.preset),
        references=tuple(ReferenceAsk(i) for i in body.reference_image_ids))
    made = await services.images.series(command, groups)
    pictures = [await image_result(services, t, body.include_image_data) for t in made.turns]
    batch = pictures[0].conversation_id
    return SeriesResponse(
        batch_id=batch, pictures=pictures,
        groups=[SeriesGroupOut(label=g.label, memory_ids=list(g.memory_ids)) for g in groups],
        errors=[VariationError(error=e.message, error_code=e.code) for e in made.errors],
        archive_url=f"/api/image/batches/{batch}/archive")


def _read_memories(database: MemoryDatabase, ids: list[str]) -> list[Memory]:
    with database.reader() as conn:
        return require_memories(conn, database.capabilities, ids)


@router.get("/batches/{batch_id}/archive", response_class=FileResponse)
async def batch_archive(services: ServicesDep, batch_id: ConversationId) -> FileResponse:
    """The latest picture of every conversation of a series (or a batch of variations) as
    one ZIP, with a manifest."""
    path = await asyncio.to_thread(write_series_archive, services.conversations, batch_id)
    return FileResponse(path, media_type="application/zip", filename=f"cortex-{batch_id}.zip",
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.post("/generate/stream", response_class=EventSourceResponse)
async def generate_stream(body: GenerateRequest, services: ServicesDep, project: ProjectDep
                          ) -> EventSourceResponse:
    """Server-sent events: `start`, `thought`, `thought_image`, `image`, then `done`
    (or `error`)."""
    if body.n != 1:
        raise InvalidInput("n", "Streaming makes one image at a time: send n = 1.")
    command = await asyncio.to_thread(to_command, body, services, project)
    prepared = await services.images.prepare(command)
    items = services.images.stream(prepared)  # the turn runs from now on, read or not
    return EventSourceResponse(_stream_events(services, prepared, items,
                                              body.include_image_data))


async def _stream_events(services: Services, prepared: PreparedTurn,
                         items: AsyncIterator[StreamEvent | GeneratedTurn], with_data: bool
                         ) -> AsyncIterator[dict[str, str]]:
    yield _event("start", {"conversation_id": prepared.conversation_id})
    try:
        async for item in items:
            if isinstance(item, StreamEvent):
                yield _event(item.kind, _stream_event_body(item))
            else:
                result = await image_result(services, item, with_data)
                yield _event("image", result.model_dump())
        yield _event("done", {"conversation_id": prepared.conversation_id})
    except DashboardError as exc:
        yield _event("error", error_body(exc.message, exc.code, exc.detail))


def _stream_event_body(event: StreamEvent) -> dict[str, Any]:
    if event.picture is not None:
        return {"image_data": base64.b64encode(event.picture.data).decode("ascii"),
                "mime_type": event.picture.mime_type}
    return {"text": event.text}


def _event(name: str, data: dict[str, Any]) -> dict[str, str]:
    return {"event": name, "data": json.dumps(data)}


@router.post("/clear-conversation")
def clear_conversation(services: ServicesDep, body: ClearRequest | None = None
                       ) -> dict[str, Any]:
    """End a conversation: later turns must start a new one."""
    conversation_id = body.conversation_id if body else None
    if conversation_id:
        services.conversations.clear(conversation_id)
    return {"success": True, "status": "cleared", "conversation_id": conversation_id}


def conversation_out(conversation: Conversation) -> ConversationOut:
    return ConversationOut(
        id=conversation.id, title=conversation.title, provider=conversation.provider,
        model=conversation.model, created_at=conversation.created_at,
        updated_at=conversation.updated_at, turn_count=conversation.turn_count,
        thumbnail_url=thumbnail_url(conversation.last_image_id)
        if conversation.last_image_id else None, ended=conversation.cleared,
        batch_id=conversation.batch_id, source=conversation.source,
        parent_id=conversation.parent_id, parent_turn=conversation.parent_turn,
    )


def turn_out(services: Services, turn: Turn) -> TurnOut:
    settings = turn.settings
    return TurnOut(
        turn=turn.turn, prompt=turn.prompt, text=turn.text, image_id=turn.image_id,
        image_url=image_url(turn.image_id), thumbnail_url=thumbnail_url(turn.image_id),
        width=turn.width, height=turn.height, aspect_ratio=settings.aspect_ratio,
        image_size=settings.image_size, preset=settings.preset, model=settings.model,
        memory_ids=turn.memory_ids, cost_usd=turn.cost_usd, created_at=turn.created_at,
        grounding=_grounding_out(turn.grounding), context=_context_out(turn.context),
        images=[picture_out(p) for p in turn.pictures],
        thoughts=[thought_out(t) for t in turn.thoughts], notices=turn.notices,
        use_search_grounding=settings.use_search_grounding, request_bytes=turn.request_bytes,
        title=settings.title, references=[_turn_reference(services, r) for r in turn.references],
    )


def _turn_reference(services: Services, reference: StoredReference) -> ReferenceOut:
    picture, _ = services.conversations.picture(reference.image_id)
    return reference_out(reference, picture)


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


@router.get("/images/{image_id}", response_class=FileResponse,
            responses={200: {"content": {m: {} for m in MIME_TYPES.values()}}})
async def image_file(
    request: Request,
    services: ServicesDep,
    image_id: Annotated[str, Path(max_length=64)],
    format: ImageFormat | None = None,
    quality: Annotated[int, Query(ge=1, le=100)] = 90,
    width: Annotated[int | None, Query(ge=16, le=8192)] = None,
    download: bool = False,
) -> Response:
    """The image as PNG, JPEG or WebP, optionally scaled down to `width`."""
    mime = await asyncio.to_thread(image_mime_type, services.state, image_id)
    fmt: ImageFormat = format or ("jpeg" if mime == "image/jpeg" else
                                  "webp" if mime == "image/webp" else "png")
    etag = f'"{image_id[:32]}-{fmt}-{quality}-{width or 0}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    path = await asyncio.to_thread(services.image_store.derived, image_id, mime, fmt,
                                   quality=quality, width=width)
    filename = f"cortex-{image_id[:12]}.{'jpg' if fmt == 'jpeg' else fmt}" if download else None
    return FileResponse(path, media_type=MIME_TYPES[fmt], headers=headers, filename=filename,
                        content_disposition_type="attachment" if download else "inline")


@router.post("/images/{image_id}/save-as-memory")
async def save_as_memory(services: ServicesDep, db: MemoryDbDep,
                         image_id: Annotated[str, Path(max_length=64)],
                         body: SaveAsMemoryRequest | None = None) -> SavedMemory:
    """Write a `reference` memory for this image into the project's database."""
    memory_id = await asyncio.to_thread(
        save_image_as_memory, db, services.conversations, image_id=image_id,
        image_url=image_url(image_id), tags=body.tags if body else [],
        credit=services.providers.credit)
    await asyncio.to_thread(services.conversations.keep_image, image_id)
    return SavedMemory(memory_id=memory_id)


@router.get("/usage")
def usage(services: ServicesDep) -> UsageOut:
    spend = services.ledger.spend()
    return UsageOut(today_usd=spend.today_usd, month_usd=spend.month_usd,
                    daily_budget_usd=spend.daily_budget_usd, images_today=spend.images_today)
