"""The Gemini provider: Nano Banana Pro / 2 pictures and Ask AI answers, one SDK runner."""

from __future__ import annotations

from collections.abc import AsyncIterator

from cortex_dashboard.catalogue import Kind, Resolution, image_model, models, resolve
from cortex_dashboard.providers.base import (
    ChatReply,
    ChatRequest,
    ImageRequest,
    ImageTurn,
    ModelStatus,
    Offer,
    StreamEvent,
)
from cortex_dashboard.providers.gemini.chat import GeminiChat
from cortex_dashboard.providers.gemini.client import (
    NO_KEY_MESSAGE,
    GeminiRunner,
    ModelDirectory,
    make_client,
)
from cortex_dashboard.providers.gemini.images import GeminiImages
from cortex_dashboard.settings import Settings

__all__ = ["NO_KEY_MESSAGE", "GeminiProvider", "UnconfiguredGemini", "create"]

LABEL = "Gemini"
CREDIT = "Google Gemini"


def choose(directory: ModelDirectory, requested: str | None, default: str, kind: Kind
           ) -> Resolution:
    """The model a request means; the default falls back to the best one the key may use."""
    if requested:
        return resolve(requested, kind)
    resolution = resolve(default, kind)
    if directory.usable(resolution.model.id) is not False:
        return resolution
    best = directory.best(kind, besides=resolution.model.id)
    if best is None:
        return resolution
    notice = f"{resolution.model.id} is not available to this API key; used {best}."
    return Resolution(resolve(best, kind).model, default, notice)


class _ImageSide:
    name = "gemini"
    paid = True

    def __init__(self, runner: GeminiRunner, default: str) -> None:
        self._images = GeminiImages(runner)
        self._directory = runner.directory
        self.default = default

    def image_model(self, requested: str | None) -> Resolution:
        return choose(self._directory, requested, self.default, "image")

    async def generate(self, request: ImageRequest) -> ImageTurn:
        return await self._images.generate(request, image_model(request.settings.model))

    def generate_stream(self, request: ImageRequest) -> AsyncIterator[StreamEvent | ImageTurn]:
        return self._images.generate_stream(request, image_model(request.settings.model))


class _ChatSide:
    name = "gemini"
    paid = True

    def __init__(self, runner: GeminiRunner, default: str) -> None:
        self._chat = GeminiChat(runner)
        self._directory = runner.directory
        self.default = default

    def chat_model(self, requested: str | None) -> Resolution:
        return choose(self._directory, requested, self.default, "text")

    async def answer(self, request: ChatRequest) -> ChatReply:
        return await self._chat.answer(request)

    def answer_stream(self, request: ChatRequest) -> AsyncIterator[str | ChatReply]:
        return self._chat.answer_stream(request)


def _statuses(kind: Kind, usable: frozenset[str] | None) -> tuple[ModelStatus, ...]:
    return tuple(ModelStatus(m, None if usable is None else m.id in usable)
                 for m in models(kind))


class GeminiProvider:
    name = "gemini"
    label = LABEL
    credit = CREDIT
    problem = None

    def __init__(self, runner: GeminiRunner, *, image_default: str, chat_default: str) -> None:
        self.runner = runner
        self.image = _ImageSide(runner, image_default)
        self.chat = _ChatSide(runner, chat_default)

    async def offer(self, *, refresh: bool = False) -> Offer:
        usable = await self.runner.directory.names(refresh=refresh)
        chosen = self.image.image_model(None)
        message = chosen.notice or f"Gemini ready ({chosen.model.name}, {chosen.model.id})."
        if usable is None:
            message += " Could not list the models this key may use; assuming all of them."
        return Offer(self.name, self.label, paid=True, ready=True, message=message,
                     image_models=_statuses("image", usable),
                     chat_models=_statuses("text", usable))

    def close(self) -> None:
        self.runner.close()


class UnconfiguredGemini:
    """Gemini without a key: listed (so the UI can say what it would take), never used."""

    name = "gemini"
    label = LABEL
    credit = CREDIT
    problem = NO_KEY_MESSAGE
    image = None
    chat = None

    async def offer(self, *, refresh: bool = False) -> Offer:
        return Offer(self.name, self.label, paid=True, ready=False, message=NO_KEY_MESSAGE,
                     image_models=_statuses("image", None), chat_models=_statuses("text", None))

    def close(self) -> None:
        return None


def create(settings: Settings) -> GeminiProvider | UnconfiguredGemini:
    if settings.gemini_api_key is None:
        return UnconfiguredGemini()
    return GeminiProvider(GeminiRunner(make_client(settings)),
                          image_default=settings.image_model, chat_default=settings.chat_model)

