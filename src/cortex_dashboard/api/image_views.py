"""How the image API shows the dashboard's records: pictures, turns, conversations, models."""


from __future__ import annotations

import asyncio
import base64
from dataclasses import asdict

from cortex_dashboard.api.image_models import (
    ContextOut,
    ConversationOut,
    GroundingOut,
    ImageResult,
    ModelOut,
    PictureOut,
    ProviderOut,
    ReferenceOut,
    ThoughtOut,
    TurnOut,
    UsageOutTokens,
)
from cortex_dashboard.catalogue import MILLION
from cortex_dashboard.context import ContextReport
from cortex_dashboard.images.conversations import (
    Conversation,
    StoredPicture,
    StoredReference,
    StoredThought,
    Turn,
)
from cortex_dashboard.images.service import (
    GeneratedTurn,
)
from cortex_dashboard.providers.base import (
    Grounding,
    ModelStatus,
    Offer,
)
from cortex_dashboard.services import Services

THUMBNAIL_WIDTH = 320


def image_url(image_id: str) -> str:
    return f"/api/image/images/{image_id}"


def thumbnail_url(image_id: str) -> str:
    return f"{image_url(image_id)}?format=webp&width={THUMBNAIL_WIDTH}"


def provider_out(offer: Offer) -> ProviderOut:
    return ProviderOut(name=offer.name, label=offer.label, paid=offer.paid, ready=offer.ready,
                       message=offer.message)


def _price(value: float | None) -> float | None:
    return round(value, 6) if value is not None else None


def model_out(offer: Offer, status: ModelStatus) -> ModelOut:
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


def reference_out(reference: StoredReference, picture: StoredPicture) -> ReferenceOut:
    return ReferenceOut(id=picture.image_id, width=picture.width, height=picture.height,
                        mime_type=picture.mime_type,
                        thumbnail_url=thumbnail_url(picture.image_id),
                        image_url=image_url(picture.image_id), label=reference.label,
                        role=reference.role)


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
        context=context_out(turn.context), grounding=grounding_out(turn.grounding),
        provider=generated.provider, model=turn.settings.model,
        thoughts=[thought_out(t) for t in turn.thoughts],
        images=[picture_out(p) for p in turn.pictures], notices=generated.notices,
        request_bytes=turn.request_bytes,
    )


def context_out(context: ContextReport | None) -> ContextOut | None:
    return ContextOut(**asdict(context)) if context is not None else None


def grounding_out(grounding: Grounding | None) -> GroundingOut | None:
    return GroundingOut.model_validate(asdict(grounding)) if grounding is not None else None


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
        grounding=grounding_out(turn.grounding), context=context_out(turn.context),
        images=[picture_out(p) for p in turn.pictures],
        thoughts=[thought_out(t) for t in turn.thoughts], notices=turn.notices,
        use_search_grounding=settings.use_search_grounding, request_bytes=turn.request_bytes,
        title=settings.title, references=[_turn_reference(services, r) for r in turn.references],
    )


def _turn_reference(services: Services, reference: StoredReference) -> ReferenceOut:
    picture, _ = services.conversations.picture(reference.image_id)
    return reference_out(reference, picture)
