"""The image API: what the providers offer, generate and refine (whole or streamed), series."""


from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from sse_starlette.sse import EventSourceResponse

from cortex_dashboard.api.deps import ProjectDep, ServicesDep
from cortex_dashboard.api.errors import error_body
from cortex_dashboard.api.image_models import (
    GenerateRequest,
    GenerateResponse,
    OptionsOut,
    PresetOut,
    ReferenceIn,
    SeriesGroupOut,
    SeriesRequest,
    SeriesResponse,
    StatusOut,
    UsageOut,
    VariationError,
)
from cortex_dashboard.api.image_views import (
    image_result,
    model_out,
    provider_out,
)
from cortex_dashboard.catalogue import Resolution
from cortex_dashboard.context import ChatMessage
from cortex_dashboard.errors import DashboardError
from cortex_dashboard.images.history import ClientTurn
from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.series import plan_series
from cortex_dashboard.images.service import (
    GenerateCommand,
    GeneratedTurn,
    PreparedTurn,
    ReferenceAsk,
)
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import require_memories
from cortex_dashboard.providers.base import (
    ImageSettings,
    StreamEvent,
)
from cortex_dashboard.services import Services

router = APIRouter(prefix="/api/image", tags=["images"])


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
                     model=chosen.model.id, providers=[provider_out(o) for o in offers],
                     key_set=services.settings.has_gemini_key,
                     notices=_notices(services, chosen))


@router.get("/options")
async def image_options(services: ServicesDep, refresh: bool = False) -> OptionsOut:
    """Every model with its ratios, sizes, pixel sizes and prices (from the catalogue), the
    presets, and what a request without a provider or model uses."""
    offers = await services.providers.offers(refresh=refresh)
    chosen = _default(services)
    return OptionsOut(
        providers=[provider_out(o) for o in offers],
        models=[model_out(o, m) for o in offers for m in o.image_models],
        presets=[PresetOut(id=p.id, name=p.name, aspect_ratio=p.aspect_ratio,
                           guidance=p.guidance) for p in PRESETS.values()],
        default_provider=services.providers.image().name, default_model=chosen.model.id,
        notices=_notices(services, chosen),
    )


def _reference_asks(ids: list[str], labelled: list[ReferenceIn]) -> tuple[ReferenceAsk, ...]:
    return (tuple(ReferenceAsk(image_id) for image_id in ids)
            + tuple(ReferenceAsk(r.id, r.label, r.role) for r in labelled))


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
    references = _reference_asks(body.reference_image_ids, body.references)
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
        references=_reference_asks(body.reference_image_ids, body.references))
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


@router.post("/generate/stream", response_class=EventSourceResponse)
async def generate_stream(body: GenerateRequest, services: ServicesDep, project: ProjectDep
                          ) -> EventSourceResponse:
    """Server-sent events: `start` (the conversation id, to cancel with), `thought`,
    `thought_image`, `image`, then `done` (or `error`). With `n` > 1, `start` also lists
    every variation's conversation, one `image` (or `variation_error`) comes per variation as
    it is saved, and a cancel of any of them stops the rest."""
    command = await asyncio.to_thread(to_command, body, services, project)
    if body.n > 1:
        batch = await services.images.prepare_batch(command)
        made = services.images.stream_batch(batch)  # the variations run from now on
        return EventSourceResponse(_batch_events(services, batch, made,
                                                 body.include_image_data))
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


async def _batch_events(services: Services, batch: list[PreparedTurn],
                        made: AsyncIterator[GeneratedTurn | DashboardError], with_data: bool
                        ) -> AsyncIterator[dict[str, str]]:
    first = batch[0].conversation_id
    yield _event("start", {"conversation_id": first,
                           "conversation_ids": [p.conversation_id for p in batch]})
    errors: list[DashboardError] = []
    async for item in made:
        if isinstance(item, DashboardError):
            errors.append(item)
            yield _event("variation_error", error_body(item.message, item.code, item.detail))
        else:
            result = await image_result(services, item, with_data)
            yield _event("image", result.model_dump())
    if len(errors) == len(batch):
        yield _event("error", error_body(errors[0].message, errors[0].code, errors[0].detail))
    else:
        yield _event("done", {"conversation_id": first})


def _stream_event_body(event: StreamEvent) -> dict[str, Any]:
    if event.picture is not None:
        return {"image_data": base64.b64encode(event.picture.data).decode("ascii"),
                "mime_type": event.picture.mime_type}
    return {"text": event.text}


def _event(name: str, data: dict[str, Any]) -> dict[str, str]:
    return {"event": name, "data": json.dumps(data)}


@router.get("/usage")
def usage(services: ServicesDep) -> UsageOut:
    spend = services.ledger.spend()
    return UsageOut(today_usd=spend.today_usd, month_usd=spend.month_usd,
                    daily_budget_usd=spend.daily_budget_usd, images_today=spend.images_today)
