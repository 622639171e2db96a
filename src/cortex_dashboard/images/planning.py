"""Everything a turn needs before its provider is called, checked and gathered.

The thread it continues (a conversation, a branch of one, a client's own history or
nothing), the provider and model (a retired id means its successor), settings within what
the model makes, the memories and chat fitted into the prompt, the reference pictures it
sends (uploads, generated pictures, a draft to finish, a region to change) within the
model's limits, and the most it may cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cortex_dashboard.catalogue import MILLION, Model, Resolution
from cortex_dashboard.context import (
    ChatMessage,
    ContextReport,
    available_tokens,
    estimate_tokens,
    fit_chat,
    fit_memories,
)
from cortex_dashboard.errors import InvalidInput
from cortex_dashboard.images.conversations import (
    ConversationStore,
    history_images,
)
from cortex_dashboard.images.history import ClientTurn, history_from_client
from cortex_dashboard.images.options import PRESETS
from cortex_dashboard.images.references import (
    ROLES,
    check_reference_limits,
    clean_label,
    crop_region,
    describe_region,
    role_for,
)
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import require_memories
from cortex_dashboard.providers import Providers
from cortex_dashboard.providers.base import (
    HistoryContent,
    ImageProvider,
    ImageRequest,
    ImageSettings,
    Picture,
    Reference,
)

THINKING_ALLOWANCE_TOKENS = 4_000
"""Thinking a turn may use, counted in the worst-case price a request reserves."""


@dataclass(frozen=True, slots=True)
class GenerateCommand:
    prompt: str
    settings: ImageSettings
    model: str | None = None
    """The model asked for; None means the configured default."""
    memory_ids: tuple[str, ...] = ()
    project_id: str | None = None
    database: MemoryDatabase | None = None
    conversation_id: str | None = None
    client_history: tuple[ClientTurn, ...] | None = None
    provider: str | None = None
    n: int = 1
    chat_messages: tuple[ChatMessage, ...] = ()
    source: str = "web"
    """Where the request came from (web, cli, mcp), shown beside the conversation."""
    references: tuple[ReferenceAsk, ...] = ()
    from_turn: int | None = None
    """With `conversation_id`: branch from this turn into a new conversation."""
    finish_from: str | None = None
    """A draft conversation whose last picture a new conversation finishes."""
    region: tuple[float, float, float, float] | None = None
    """With `conversation_id`: the part of the last picture to change (left, top, width,
    height as fractions of the picture)."""


@dataclass(frozen=True, slots=True)
class ReferenceAsk:
    image_id: str
    label: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    """Where a turn goes: its provider, the history it builds on, and its conversation
    (None: a new one, a branch of `parent` when that is set)."""

    provider: str | None
    history: list[HistoryContent]
    conversation_id: str | None = None
    model: str | None = None
    parent: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class PreparedTurn:
    conversation_id: str
    provider: ImageProvider
    model: Model
    request: ImageRequest
    context: ContextReport
    command: GenerateCommand
    notices: tuple[str, ...] = ()
    estimate_usd: float = 0.0
    parent: tuple[str, int] | None = None


class TurnPlanner:
    def __init__(self, *, providers: Providers, conversations: ConversationStore) -> None:
        self.providers = providers
        self.conversations = conversations

    async def plan(self, command: GenerateCommand) -> PreparedTurn:
        """A turn's provider, model, settings, history, references and prompt, checked."""
        thread = await self._thread(command)
        provider = self.providers.image(thread.provider)
        resolution = provider.image_model(command.model or thread.model)
        model = resolution.model
        settings = self._checked_settings(command.settings, model)
        memories = await self._memories(command)
        asks, instruction = await asyncio.to_thread(self._extra_references, command, thread)
        references, fidelity = await asyncio.to_thread(self._references, asks, model)
        prompt, report = self._prompt(command, settings, model, memories, thread.history,
                                      instruction)
        request = ImageRequest(command.prompt, prompt, tuple(memories), settings,
                               tuple(thread.history), references=references)
        estimate = self._estimate(provider, model, settings, prompt, thread.history,
                                  len(references))
        notices = (_notices(resolution) + tuple(fidelity)
                   + await asyncio.to_thread(self._draft_notice, command))
        prepared = PreparedTurn(thread.conversation_id or "", provider, model, request, report,
                                command, notices, estimate, thread.parent)
        if thread.conversation_id is None:
            prepared = replace(prepared, conversation_id=await self.new_conversation(prepared))
            await asyncio.to_thread(self.conversations.claim, prepared.conversation_id)
        return prepared

    def _extra_references(self, command: GenerateCommand, thread: Thread
                          ) -> tuple[list[ReferenceAsk], str]:
        """References the request implies (a draft to finish, a region to change) and the
        words that tell the model what to do with them."""
        asks = list(command.references)
        if command.finish_from:
            draft = self.conversations.turns(command.finish_from)
            if not draft:
                raise InvalidInput("finish_from", f"Conversation '{command.finish_from}' has "
                                   "no picture to finish.")
            asks.append(ReferenceAsk(draft[-1].image_id, "the draft to finish", "draft"))
            steps = "; ".join(t.prompt for t in draft)
            return asks, (f"Finish the draft (the reference marked draft) as a polished "
                          f"picture: keep its layout, content and wording. It was made from "
                          f"these requests: {steps}.")
        if command.region is not None:
            if thread.conversation_id is None:
                raise InvalidInput("region", "A region edit changes a picture: send it with "
                                   "the conversation_id of that picture.")
            turns = self.conversations.turns(thread.conversation_id)
            asks.append(ReferenceAsk(self._region_crop(turns[-1].image_id, command.region),
                                     "the region to change", "region"))
            return asks, (f"Change only {describe_region(command.region)}, shown in the "
                          "reference marked region; keep everything else as it is.")
        return asks, ""

    def _draft_notice(self, command: GenerateCommand) -> tuple[str, ...]:
        if not command.finish_from:
            return ()
        draft = self.conversations.turns(command.finish_from)
        cost = sum(t.cost_usd for t in draft)
        return (f"The draft took {len(draft)} turn(s) and cost ${cost:.3f}; this picture "
                "finishes it.",)

    def _region_crop(self, image_id: str, box: tuple[float, float, float, float]) -> str:
        picture, _ = self.conversations.picture(image_id)
        data = self.conversations.images.read(image_id, picture.mime_type)
        crop = crop_region(data, box)
        stored = self.conversations.images.save(crop.data, crop.mime_type)
        self.conversations.add_reference(stored, "the region to change", "region")
        return stored.id

    def _references(self, asks: Sequence[ReferenceAsk], model: Model
                    ) -> tuple[tuple[Reference, ...], list[str]]:
        """The pictures a turn sends along, read from the store, within the model's limits
        (and what the model will do with more people or objects than it keeps well)."""
        references = tuple(self._reference(ask) for ask in asks)
        return references, check_reference_limits(references, model)

    def _reference(self, ask: ReferenceAsk) -> Reference:
        picture, upload = self.conversations.picture(ask.image_id)
        data = self.conversations.images.read(ask.image_id, picture.mime_type)
        label = clean_label(ask.label) if ask.label is not None else (
            upload.label if upload else "")
        role = ask.role or (upload.role if upload and ask.label is None else role_for(label))
        if role not in ROLES:
            raise InvalidInput("references", f"Unknown reference role '{role}': use one of "
                               f"{', '.join(ROLES)}.")
        return Reference(ask.image_id, Picture(data, picture.mime_type), label, role)

    def _estimate(self, provider: ImageProvider, model: Model, settings: ImageSettings,
                  prompt: str, history: list[HistoryContent], references: int) -> float:
        """The most this turn should cost: its input, one picture and a thinking allowance."""
        if not provider.paid or model.prices is None:
            return 0.0
        images = history_images(history) + references
        input_tokens = estimate_tokens(prompt) + estimate_tokens(str(_texts(history))) \
            + images * model.input_image_tokens
        price = model.image_price(settings.image_size) or 0.0
        return price + (input_tokens * model.prices.input
                        + THINKING_ALLOWANCE_TOKENS * model.prices.text_output) / MILLION

    async def new_conversation(self, prepared: PreparedTurn, batch_id: str | None = None
                                ) -> str:
        return await asyncio.to_thread(
            self.conversations.create, project_id=prepared.command.project_id,
            title=prepared.command.prompt, provider=prepared.provider.name,
            model=prepared.model.id, source=prepared.command.source, batch_id=batch_id,
            parent=prepared.parent)

    async def _thread(self, command: GenerateCommand) -> Thread:
        """The conversation a turn continues (or branches from), with its history."""
        if command.conversation_id:
            conversation = await asyncio.to_thread(self.conversations.get,
                                                   command.conversation_id)
            if command.provider and command.provider != conversation.provider:
                raise InvalidInput("provider", f"Conversation '{conversation.id}' was made "
                                   f"with '{conversation.provider}'; start a new conversation "
                                   "to switch provider.")
            if command.from_turn is not None:
                return await self._branch(conversation.id, command.from_turn,
                                          conversation.provider, conversation.model)
            history = await asyncio.to_thread(self.conversations.history, conversation.id)
            return Thread(conversation.provider, history, conversation.id, conversation.model)
        if command.from_turn is not None:
            raise InvalidInput("from_turn", "from_turn needs the conversation_id to branch "
                               "from.")
        if command.client_history:
            history = await asyncio.to_thread(history_from_client,
                                              list(command.client_history), self.conversations)
            return Thread(command.provider, history)
        return Thread(command.provider, [])

    async def _branch(self, conversation_id: str, turn: int, provider: str, model: str
                      ) -> Thread:
        last = await asyncio.to_thread(self.conversations.last_turn, conversation_id)
        if not 1 <= turn <= last:
            raise InvalidInput("from_turn", f"Conversation '{conversation_id}' has turns 1 to "
                               f"{last}; branch from one of them.")
        history = await asyncio.to_thread(self.conversations.history, conversation_id, turn)
        return Thread(provider, history, None, model, (conversation_id, turn))

    def _checked_settings(self, settings: ImageSettings, model: Model) -> ImageSettings:
        size = settings.image_size if settings.image_size != "auto" else model.default_size()
        if settings.aspect_ratio not in model.ratios:
            raise InvalidInput("aspect_ratio", f"{model.name} ({model.id}) does not make "
                               f"{settings.aspect_ratio} pictures: use one of "
                               f"{', '.join(model.ratios)}.", code="invalid_ratio_for_model")
        if size not in model.sizes:
            raise InvalidInput("image_size", f"{model.name} ({model.id}) makes "
                               f"{', '.join(model.sizes)} images, not {size}.",
                               code="invalid_size_for_model")
        level = settings.thinking_level
        if level is not None and level not in model.thinking_levels:
            raise InvalidInput("thinking_level", f"{model.name} takes no thinking level "
                               f"'{level}'" + (f": use {' or '.join(model.thinking_levels)}."
                                               if model.thinking_levels else "."))
        return replace(settings, image_size=size, model=model.id)

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

    def _prompt(self, command: GenerateCommand, settings: ImageSettings, model: Model,
                memories: list[Memory], history: list[HistoryContent], instruction: str = ""
                ) -> tuple[str, ContextReport]:
        guidance = PRESETS[settings.preset].guidance if not history else ""
        window = model.input_token_limit or None
        history_tokens = (estimate_tokens(str(_texts(history)))
                          + history_images(history) * model.input_image_tokens)
        fixed = estimate_tokens(guidance + command.prompt) + history_tokens
        chat = fit_chat(command.chat_messages,
                        available_tokens(used_elsewhere=fixed, window=window) // 4)
        built = fit_memories(memories, available_tokens(
            used_elsewhere=fixed + estimate_tokens(chat), window=window))
        sections = [guidance, built.text, chat, instruction, f"Request: {command.prompt}"]
        return "\n\n".join(s for s in sections if s), built.report


def _notices(resolution: Resolution) -> tuple[str, ...]:
    return (resolution.notice,) if resolution.notice else ()


def _texts(history: Sequence[HistoryContent]) -> list[str]:
    return [p.get("text", "") for c in history for p in c.get("parts", []) if p.get("text")]
