"""Generate and refine images: the one place a turn is put together.

A turn: choose the provider, check size and budget, rebuild the conversation's history,
fit the memories into the prompt, call the provider, save the image (before answering,
and even when the client has gone away), store the turn and record its cost.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypeVar

from cortex_dashboard.context import (
    ChatMessage,
    ContextReport,
    available_tokens,
    estimate_tokens,
    fit_chat,
    fit_memories,
)
from cortex_dashboard.errors import Cancelled, DashboardError, InvalidInput, NoApiKey
from cortex_dashboard.gemini import NO_KEY_MESSAGE
from cortex_dashboard.images.conversations import (
    ConversationStore,
    NewTurn,
    SavedImages,
    Turn,
    encode_history,
    history_images,
)
from cortex_dashboard.images.history import ClientTurn, history_from_client
from cortex_dashboard.images.options import MODELS, PRESETS
from cortex_dashboard.images.pricing import call_cost, image_price
from cortex_dashboard.images.providers.base import (
    HistoryContent,
    ImageProvider,
    ImageRequest,
    ImageSettings,
    ImageTurn,
    StreamEvent,
)
from cortex_dashboard.images.store import ImageStore
from cortex_dashboard.ledger import UsageLedger
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import require_memories

T = TypeVar("T")
IMAGE_INPUT_TOKENS = {"1K": 1120, "2K": 1120, "4K": 2000}


@dataclass(frozen=True, slots=True)
class GenerateCommand:
    prompt: str
    settings: ImageSettings
    memory_ids: tuple[str, ...] = ()
    project_id: str | None = None
    database: MemoryDatabase | None = None
    conversation_id: str | None = None
    client_history: tuple[ClientTurn, ...] | None = None
    provider: str | None = None
    n: int = 1
    chat_messages: tuple[ChatMessage, ...] = ()


@dataclass(slots=True)
class GeneratedTurn:
    conversation_id: str
    turn: Turn
    text: str
    thoughts: list[str]
    signature: str | None
    provider: str


@dataclass(slots=True)
class Variations:
    turns: list[GeneratedTurn]
    errors: list[DashboardError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PreparedTurn:
    conversation_id: str
    provider: ImageProvider
    request: ImageRequest
    context: ContextReport
    command: GenerateCommand


class ImageService:
    def __init__(self, *, providers: dict[str, ImageProvider], conversations: ConversationStore,
                 images: ImageStore, ledger: UsageLedger) -> None:
        self.providers = providers
        self.conversations = conversations
        self.images = images
        self.ledger = ledger
        self._in_flight: dict[str, asyncio.Task[Any]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    @property
    def default_provider(self) -> str:
        return "gemini" if "gemini" in self.providers else "local"

    def provider(self, name: str | None) -> ImageProvider:
        chosen = name or self.default_provider
        if chosen == "gemini" and "gemini" not in self.providers:
            raise NoApiKey(NO_KEY_MESSAGE)
        if chosen not in self.providers:
            raise InvalidInput("provider", f"Unknown provider '{chosen}': use 'gemini' or "
                               "'local'.")
        return self.providers[chosen]

    async def generate(self, command: GenerateCommand) -> Variations:
        """One turn, or `n` variations at once, each the start of its own conversation."""
        if command.n == 1:
            return Variations([await self._run_shielded(await self.prepare(command))])
        if command.conversation_id or command.client_history:
            raise InvalidInput("n", "Variations start new conversations: send n > 1 without "
                               "conversation_id or conversation_history.")
        first = await self.prepare(command)
        others = [replace(first, conversation_id=await self._new_conversation(first),
                          request=replace(first.request, variation=index))
                  for index in range(1, command.n)]
        prepared = [first, *others]
        results = await asyncio.gather(*(self._run_shielded(p) for p in prepared),
                                       return_exceptions=True)
        turns = [r for r in results if isinstance(r, GeneratedTurn)]
        errors = [r for r in results if isinstance(r, DashboardError)]
        unexpected = [r for r in results if isinstance(r, BaseException)
                      and not isinstance(r, DashboardError)]
        if unexpected:
            raise unexpected[0]
        if not turns:
            raise errors[0]
        return Variations(turns, errors)

    async def prepare(self, command: GenerateCommand) -> PreparedTurn:
        """Everything checked and gathered before the provider is called."""
        provider_name, history, conversation_id = await self._conversation(command)
        provider = self.provider(provider_name)
        settings = self._checked_settings(command.settings, provider.name)
        if provider.name != "local":
            self.ledger.check_budget(image_price(settings.model, settings.image_size) * command.n)
        memories = await self._memories(command)
        prompt, report = self._prompt(command, settings, memories, history)
        request = ImageRequest(command.prompt, prompt, tuple(memories), settings, tuple(history))
        prepared = PreparedTurn(conversation_id or "", provider, request, report, command)
        if conversation_id is None:
            prepared = replace(prepared, conversation_id=await self._new_conversation(prepared))
        return prepared

    async def _new_conversation(self, prepared: PreparedTurn) -> str:
        provider = prepared.provider.name
        model = prepared.request.settings.model if provider != "local" else "offline-renderer"
        return await asyncio.to_thread(
            self.conversations.create, project_id=prepared.command.project_id,
            title=prepared.command.prompt, provider=provider, model=model)

    async def _conversation(self, command: GenerateCommand
                            ) -> tuple[str | None, list[HistoryContent], str | None]:
        if command.conversation_id:
            conversation = await asyncio.to_thread(self.conversations.get_open,
                                                   command.conversation_id)
            if command.provider and command.provider != conversation.provider:
                raise InvalidInput("provider", f"Conversation '{conversation.id}' was made "
                                   f"with '{conversation.provider}'; start a new conversation "
                                   "to switch provider.")
            history = await asyncio.to_thread(self.conversations.history, conversation.id)
            return conversation.provider, history, conversation.id
        if command.client_history:
            history = await asyncio.to_thread(history_from_client,
                                              list(command.client_history), self.conversations)
            return command.provider, history, None
        return command.provider, [], None

    def _checked_settings(self, settings: ImageSettings, provider: str) -> ImageSettings:
        model = MODELS.get(settings.model)
        if model is None:
            raise InvalidInput("model", f"Unknown model '{settings.model}': use one of "
                               f"{', '.join(MODELS)}.")
        if provider != "local" and settings.image_size not in model.sizes:
            raise InvalidInput(
                "image_size", f"{model.name} ({model.id}) makes {', '.join(model.sizes)} "
                f"images only, not {settings.image_size}: lower the size or choose "
                "Nano Banana Pro.", code="invalid_size_for_model")
        return settings

    async def _memories(self, command: GenerateCommand) -> list[Memory]:
        if not command.memory_ids:
            return []
        if command.database is None:
            raise InvalidInput("project", "memory_ids need a project to read them from.")
        database = command.database

        def read() -> list[Memory]:
            with database.reader() as conn:
                return require_memories(conn, database.capabilities, command.memory_ids)

        return await asyncio.to_thread(read)

    def _prompt(self, command: GenerateCommand, settings: ImageSettings,
                memories: list[Memory], history: list[HistoryContent]
                ) -> tuple[str, ContextReport]:
        guidance = PRESETS[settings.preset].guidance if not history else ""
        history_tokens = (estimate_tokens(str(_texts(history)))
                          + history_images(history) * IMAGE_INPUT_TOKENS[settings.image_size])
        fixed = estimate_tokens(guidance + command.prompt) + history_tokens
        chat = fit_chat(command.chat_messages, available_tokens(used_elsewhere=fixed) // 4)
        built = fit_memories(memories, available_tokens(used_elsewhere=fixed
                                                        + estimate_tokens(chat)))
        sections = [guidance, built.text, chat, f"Request: {command.prompt}"]
        return "\n\n".join(s for s in sections if s), built.report

    async def _run_shielded(self, prepared: PreparedTurn) -> GeneratedTurn:
        """Run the turn in its own task: a client that goes away does not lose the image."""
        task = self._track(prepared.conversation_id, self._run(prepared))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():
                raise Cancelled("The turn was cancelled; nothing was charged for it.") from None
            raise

    def _track(self, conversation_id: str, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """A task that runs to the end on its own, kept so it can be cancelled and drained."""
        task = asyncio.create_task(work)
        self._in_flight[conversation_id] = task
        self._background.add(task)
        task.add_done_callback(lambda t: self._finished(conversation_id, t))
        return task

    def _finished(self, conversation_id: str, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if self._in_flight.get(conversation_id) is task:
            del self._in_flight[conversation_id]

    async def _run(self, prepared: PreparedTurn) -> GeneratedTurn:
        turn = await prepared.provider.generate(prepared.request)
        return await self.save_turn(prepared, turn)

    async def save_turn(self, prepared: PreparedTurn, result: ImageTurn) -> GeneratedTurn:
        saved = SavedImages(self.images)
        history = await asyncio.to_thread(encode_history, result.new_history, saved)
        stored = await asyncio.to_thread(saved, result.image, result.mime_type)
        settings = prepared.request.settings
        is_local = prepared.provider.name == "local"
        cost = 0.0 if is_local else call_cost(
            settings.model, result.usage, images=1, image_size=settings.image_size,
            grounded=settings.use_search_grounding)
        grounding = asdict(result.grounding) if result.grounding else None
        new = NewTurn(
            prompt=prepared.command.prompt,
            memory_ids=[m.id for m in prepared.request.memories],
            settings={**asdict(settings), **result.drawn_as}, history=history, image=stored,
            text=result.text, usage=asdict(result.usage), cost_usd=cost, grounding=grounding,
            context=asdict(prepared.context), signature=result.signature,
        )
        turn = await asyncio.to_thread(self.conversations.add_turn, prepared.conversation_id, new)
        if not is_local:
            await asyncio.to_thread(
                self.ledger.record, kind="image", provider=prepared.provider.name,
                model=settings.model, usage=result.usage, cost_usd=cost, images=1,
                conversation_id=prepared.conversation_id)
        signature = base64.b64encode(result.signature).decode() if result.signature else None
        return GeneratedTurn(prepared.conversation_id, turn, result.text, result.thoughts,
                             signature, prepared.provider.name)

    async def stream(self, prepared: PreparedTurn
                     ) -> AsyncIterator[StreamEvent | GeneratedTurn]:
        """Thoughts and interim images as they come, then the saved turn.

        The provider runs in a task feeding a queue, so the turn completes and is saved
        even if the reader (the HTTP client) goes away halfway."""
        queue: asyncio.Queue[StreamEvent | GeneratedTurn | BaseException | None] = asyncio.Queue()

        async def produce() -> None:
            try:
                async for item in prepared.provider.generate_stream(prepared.request):
                    if isinstance(item, ImageTurn):
                        await queue.put(await self.save_turn(prepared, item))
                    else:
                        await queue.put(item)
            except asyncio.CancelledError:
                await queue.put(Cancelled("The turn was cancelled; nothing was charged."))
                raise
            except BaseException as exc:
                await queue.put(exc)
            finally:
                await queue.put(None)

        self._track(prepared.conversation_id, produce())
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def cancel(self, conversation_id: str) -> bool:
        task = self._in_flight.get(conversation_id)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    async def drain(self) -> None:
        """Wait for turns still running (at shutdown, so paid images are saved)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)


def _texts(history: Sequence[HistoryContent]) -> list[str]:
    return [p.get("text", "") for c in history for p in c.get("parts", []) if p.get("text")]

