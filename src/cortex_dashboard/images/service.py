"""Generate and refine images: the one place a turn is put together.

A turn: choose the provider and model, claim the conversation (one turn at a time),
reserve the worst-case price against the daily budget, rebuild the conversation's history,
fit the memories into the prompt, call the provider, write the charge to the ledger the
moment the answer arrives, then save the pictures and store the turn (before answering,
and even when the client has gone away or cancelled too late: a paid image is kept).
"""

from __future__ import annotations

import asyncio
import base64
import errno
import shutil
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from cortex_dashboard.catalogue import MILLION, Model, Resolution
from cortex_dashboard.context import (
    ChatMessage,
    ContextReport,
    available_tokens,
    estimate_tokens,
    fit_chat,
    fit_memories,
)
from cortex_dashboard.errors import Cancelled, DashboardError, InvalidInput, StorageFull
from cortex_dashboard.images.conversations import (
    ConversationStore,
    HistoryCodec,
    NewTurn,
    StoredPicture,
    StoredReference,
    StoredThought,
    Turn,
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
from cortex_dashboard.images.render.references import series_part
from cortex_dashboard.images.series import STYLE_LABEL, SeriesGroup
from cortex_dashboard.ledger import Charge, UsageLedger
from cortex_dashboard.memories import Memory, MemoryDatabase
from cortex_dashboard.memories.queries import require_memories
from cortex_dashboard.providers import Providers
from cortex_dashboard.providers.base import (
    HistoryContent,
    ImageProvider,
    ImageRequest,
    ImageSettings,
    ImageTurn,
    Picture,
    Reference,
    StreamEvent,
)
from cortex_dashboard.usage import call_cost

T = TypeVar("T")
THINKING_ALLOWANCE_TOKENS = 4_000
"""Thinking a turn may use, counted in the worst-case price a request reserves."""
CANCELLED = "The turn was cancelled before Gemini answered; nothing was charged for it."


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


@dataclass(slots=True)
class GeneratedTurn:
    conversation_id: str
    turn: Turn
    text: str
    signature: str | None
    provider: str
    notices: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Variations:
    turns: list[GeneratedTurn]
    errors: list[DashboardError] = field(default_factory=list)


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


@dataclass(slots=True)
class _InFlight:
    """A turn being made: its task, the most it may cost, whether its answer arrived."""

    task: asyncio.Task[Any]
    estimate_usd: float = 0.0
    arrived: bool = False


class ImageService:
    def __init__(self, *, providers: Providers, conversations: ConversationStore,
                 ledger: UsageLedger) -> None:
        self.providers = providers
        self.conversations = conversations
        self.ledger = ledger
        self._in_flight: dict[str, list[_InFlight]] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._unsaved: list[tuple[PreparedTurn, ImageTurn, float]] = []

    async def generate(self, command: GenerateCommand) -> Variations:
        """One turn, or `n` variations at once, each the start of its own conversation."""
        if command.n == 1:
            prepared = await self.prepare(command)
            return Variations([await self._run_shielded(prepared, [prepared.conversation_id])])
        batch = await self.prepare_batch(command)
        ids = [p.conversation_id for p in batch]
        results = await asyncio.gather(*(self._run_shielded(p, ids) for p in batch),
                                       return_exceptions=True)
        return _variations(results)

    def stream_batch(self, batch: Sequence[PreparedTurn]
                     ) -> AsyncIterator[GeneratedTurn | DashboardError]:
        """Every variation of a batch, started now, as each is saved (or has failed); one
        cancel of any of its conversations stops them all."""
        ids = [p.conversation_id for p in batch]
        tasks = [self._track(ids, self._run(p), p.estimate_usd) for p in batch]
        return _as_finished(tasks)

    async def series(self, command: GenerateCommand, groups: Sequence[SeriesGroup]
                     ) -> Variations:
        """One picture per group: the first, then the others with it as style reference."""
        count = len(groups)
        first = await self.prepare(_series_part(command, groups[0], 1, count))
        batch = first.conversation_id
        await asyncio.to_thread(self.conversations.set_batch, batch, batch)
        made = await self._run_shielded(first, [batch])
        style = ReferenceAsk(made.turn.image_id, STYLE_LABEL, "style")
        prepared = []
        for number, group in enumerate(groups[1:], 2):
            part = _series_part(command, group, number, count)
            turn = await self.prepare(replace(part, references=(*part.references, style)))
            await asyncio.to_thread(self.conversations.set_batch, turn.conversation_id, batch)
            prepared.append(turn)
        ids = [batch, *(p.conversation_id for p in prepared)]
        results = await asyncio.gather(*(self._run_shielded(p, ids) for p in prepared),
                                       return_exceptions=True)
        return _variations([made, *results])

    async def prepare_batch(self, command: GenerateCommand) -> list[PreparedTurn]:
        """`n` prepared variations sharing one reading of the memories and one prompt."""
        if command.conversation_id or command.client_history:
            raise InvalidInput("n", "Variations start new conversations: send n > 1 without "
                               "conversation_id or conversation_history.")
        first = await self.prepare(replace(command, n=1))
        others = []
        await asyncio.to_thread(self.conversations.set_batch, first.conversation_id,
                                first.conversation_id)
        for index in range(1, command.n):
            conversation_id = await self._new_conversation(first, batch_id=first.conversation_id)
            await asyncio.to_thread(self.conversations.claim, conversation_id)
            others.append(replace(first, conversation_id=conversation_id,
                                  request=replace(first.request, variation=index)))
        return [first, *others]

    async def prepare(self, command: GenerateCommand) -> PreparedTurn:
        """Everything checked and gathered before the provider is called; the conversation
        is claimed for this turn (release it with `abandon` if the turn is not run)."""
        await self.save_held()
        continues = bool(command.conversation_id) and command.from_turn is None
        if continues:
            assert command.conversation_id is not None
            await asyncio.to_thread(self.conversations.get_open, command.conversation_id)
            await asyncio.to_thread(self.conversations.claim, command.conversation_id)
        try:
            return await self._prepare(command)
        except BaseException:
            if continues:
                assert command.conversation_id is not None
                await asyncio.to_thread(self.conversations.release, command.conversation_id)
            raise

    async def _prepare(self, command: GenerateCommand) -> PreparedTurn:
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
            prepared = replace(prepared, conversation_id=await self._new_conversation(prepared))
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

    async def abandon(self, prepared: PreparedTurn) -> None:
        await asyncio.to_thread(self.conversations.release, prepared.conversation_id)

    async def _new_conversation(self, prepared: PreparedTurn, batch_id: str | None = None
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
        last = await asyncio.to_thread(self._last_turn_number, conversation_id)
        if not 1 <= turn <= last:
            raise InvalidInput("from_turn", f"Conversation '{conversation_id}' has turns 1 to "
                               f"{last}; branch from one of them.")
        history = await asyncio.to_thread(self.conversations.history, conversation_id, turn)
        return Thread(provider, history, None, model, (conversation_id, turn))

    def _last_turn_number(self, conversation_id: str) -> int:
        turns = self.conversations.turns(conversation_id)
        return turns[-1].turn if turns else 0

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

    async def _run_shielded(self, prepared: PreparedTurn, batch: Sequence[str]
                            ) -> GeneratedTurn:
        """Run the turn in its own task: a client that goes away does not lose the image."""
        task = self._track(batch, self._run(prepared), prepared.estimate_usd)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():
                raise Cancelled(CANCELLED) from None
            raise

    def _track(self, batch: Sequence[str], work: Coroutine[Any, Any, T],
               estimate_usd: float) -> asyncio.Task[T]:
        """A task that runs to the end on its own, registered under every conversation of
        its batch so that one cancel stops them all; kept so shutdown can drain it."""
        task = asyncio.create_task(work)
        entry = _InFlight(task, estimate_usd)
        for conversation_id in batch:
            self._in_flight.setdefault(conversation_id, []).append(entry)
        self._background.add(task)
        task.add_done_callback(lambda t: self._finished(batch, entry))
        return task

    def _finished(self, batch: Sequence[str], entry: _InFlight) -> None:
        self._background.discard(entry.task)
        for conversation_id in batch:
            entries = self._in_flight.get(conversation_id, [])
            if entry in entries:
                entries.remove(entry)
            if not entries:
                self._in_flight.pop(conversation_id, None)

    def _entry(self) -> _InFlight | None:
        task = asyncio.current_task()
        for entries in self._in_flight.values():
            for entry in entries:
                if entry.task is task:
                    return entry
        return None

    async def _run(self, prepared: PreparedTurn) -> GeneratedTurn:
        reservation = await self._reserve(prepared)
        try:
            result = await prepared.provider.generate(prepared.request)
        except BaseException:
            await self._settle_failed(prepared, reservation)
            raise
        return await self._keep(prepared, result, reservation)

    async def _reserve(self, prepared: PreparedTurn) -> str | None:
        if not prepared.provider.paid:
            return None
        try:
            return await asyncio.to_thread(self.ledger.reserve, prepared.estimate_usd,
                                           prepared.conversation_id)
        except BaseException:
            await self.abandon(prepared)
            raise

    async def _settle_failed(self, prepared: PreparedTurn, reservation: str | None) -> None:
        if reservation is not None:
            await asyncio.to_thread(self.ledger.release, reservation)
        await self.abandon(prepared)

    async def _keep(self, prepared: PreparedTurn, result: ImageTurn, reservation: str | None
                    ) -> GeneratedTurn:
        """Charge and save an answer that arrived, even if a cancel comes meanwhile."""
        entry = self._entry()
        if entry is not None:
            entry.arrived = True
        saving = asyncio.ensure_future(self.save_turn(prepared, result, reservation))
        try:
            return await asyncio.shield(saving)
        except asyncio.CancelledError:
            generated = await saving
            cost = generated.turn.cost_usd
            generated.notices.append(
                "The picture had already arrived when the turn was cancelled, so it was kept"
                + (f" and charged ${cost:.3f}." if cost else "."))
            return generated

    def _cost(self, prepared: PreparedTurn, result: ImageTurn) -> float | None:
        if not prepared.provider.paid:
            return 0.0
        queries = self.ledger.billable_queries(result.usage.search_queries)
        return call_cost(prepared.model, result.usage, billable_queries=queries)

    async def save_turn(self, prepared: PreparedTurn, result: ImageTurn,
                        reservation: str | None = None) -> GeneratedTurn:
        try:
            cost = await asyncio.to_thread(self._charge, prepared, result, reservation)
            turn = await self._store_or_hold(prepared, result, cost or 0.0)
        finally:
            await self.abandon(prepared)
        signature = base64.b64encode(result.signature).decode() if result.signature else None
        return GeneratedTurn(prepared.conversation_id, turn, result.text, signature,
                             prepared.provider.name, list(turn.notices))

    def _charge(self, prepared: PreparedTurn, result: ImageTurn, reservation: str | None
                ) -> float | None:
        """Write what the answer cost to the ledger: the first thing done with an answer."""
        cost = self._cost(prepared, result)
        if prepared.provider.paid:
            self.ledger.record(Charge("image", prepared.provider.name, prepared.model.id,
                                      result.usage, cost, len(result.pictures),
                                      prepared.conversation_id), reservation=reservation)
        return cost

    async def _store_or_hold(self, prepared: PreparedTurn, result: ImageTurn, cost: float
                             ) -> Turn:
        """Store the turn; when the disk is full, hold it in memory (it is saved by the next
        request once there is room) and say so."""
        try:
            return await asyncio.to_thread(self._store, prepared, result, cost)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            self._unsaved.append((prepared, result, cost))
            free = shutil.disk_usage(self.conversations.images.root).free // 1_000_000
            raise StorageFull(
                f"The data directory is full ({free} MB free): the picture arrived"
                + (f" and was charged ${cost:.3f}," if cost else ",") + " but could not be "
                "saved yet. Free some space; it is kept in memory and saved with your next "
                "request.", detail={"free_mb": free, "cost_usd": cost}) from exc

    async def save_held(self) -> None:
        """Store turns that arrived while the disk was full, now that there may be room."""
        while self._unsaved:
            prepared, result, cost = self._unsaved[0]
            await asyncio.to_thread(self._store, prepared, result, cost)
            self._unsaved.pop(0)

    def _store(self, prepared: PreparedTurn, result: ImageTurn, cost: float) -> Turn:
        codec = self.conversations.codec()
        history = codec.encode(result.new_history)
        pictures = [codec.save_image(p.data, p.mime_type) for p in result.pictures]
        thoughts, thought_images = _stored_thoughts(codec, result)
        settings = replace(prepared.request.settings, **result.drawn_as)
        notices = [*prepared.notices, *result.notices, *_grounding_notice(settings, result)]
        new = NewTurn(
            prompt=prepared.command.prompt,
            memory_ids=[m.id for m in prepared.request.memories], settings=settings,
            history=history, pictures=pictures, text=result.text, usage=result.usage,
            cost_usd=cost, grounding=result.grounding, context=prepared.context,
            signature=result.signature, thoughts=thoughts, thought_images=thought_images,
            notices=notices, request_bytes=result.request_bytes,
            references=[StoredReference(r.image_id, r.label, r.role)
                        for r in prepared.request.references],
        )
        return self.conversations.add_turn(prepared.conversation_id, new)

    def stream(self, prepared: PreparedTurn) -> AsyncIterator[StreamEvent | GeneratedTurn]:
        """Thoughts and interim images as they come, then the saved turn.

        The provider runs in a task (started now) feeding a queue, so the turn completes
        and is saved even if the reader (the HTTP client) goes away halfway."""
        queue: asyncio.Queue[StreamEvent | GeneratedTurn | BaseException | None] = \
            asyncio.Queue()

        async def produce() -> None:
            try:
                await self._produce(prepared, queue)
            except asyncio.CancelledError:
                await queue.put(Cancelled(CANCELLED))
                raise
            except BaseException as exc:
                await queue.put(exc)
            finally:
                await queue.put(None)

        self._track([prepared.conversation_id], produce(), prepared.estimate_usd)
        return _drained(queue)

    async def _produce(self, prepared: PreparedTurn, queue: asyncio.Queue[Any]) -> None:
        reservation = await self._reserve(prepared)
        result = None
        try:
            async for item in prepared.provider.generate_stream(prepared.request):
                if isinstance(item, ImageTurn):
                    result = item
                    break
                await queue.put(item)
        except BaseException:
            await self._settle_failed(prepared, reservation)
            raise
        if result is None:
            await self._settle_failed(prepared, reservation)
            raise DashboardError("The provider's stream ended without a picture.")
        await queue.put(await self._keep(prepared, result, reservation))

    def cancel(self, conversation_id: str) -> CancelOutcome:
        """Stop every turn in flight for this conversation (and the rest of its batch);
        one whose answer has arrived is kept and charged, and counted as finishing."""
        entries = [e for e in self._in_flight.get(conversation_id, []) if not e.task.done()]
        finishing = [e for e in entries if e.arrived]
        for entry in entries:
            if not entry.arrived:
                entry.task.cancel()
        return CancelOutcome(len(entries) - len(finishing), len(finishing),
                             round(sum(e.estimate_usd for e in finishing), 4))

    def busy(self) -> bool:
        """Whether any turn is still being made (or saved)."""
        return bool(self._background)

    async def drain(self) -> None:
        """Wait for turns still running (at shutdown, so paid images are saved)."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    stopped: int
    finishing: int
    """Turns whose answer had already arrived: they are kept and charged."""
    finishing_usd: float = 0.0
    """At most what those cost."""


async def _as_finished(tasks: Sequence[asyncio.Task[GeneratedTurn]]
                       ) -> AsyncIterator[GeneratedTurn | DashboardError]:
    for finished in asyncio.as_completed(tasks):
        try:
            yield await finished
        except asyncio.CancelledError:
            yield Cancelled(CANCELLED)
        except DashboardError as exc:
            yield exc


async def _drained(queue: asyncio.Queue[Any]) -> AsyncIterator[Any]:
    while (item := await queue.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item


def _variations(results: Sequence[GeneratedTurn | BaseException]) -> Variations:
    """The turns that were made and the errors of those that were not."""
    turns = [r for r in results if isinstance(r, GeneratedTurn)]
    errors = [r for r in results if isinstance(r, DashboardError)]
    unexpected = [r for r in results if isinstance(r, BaseException)
                  and not isinstance(r, DashboardError)]
    if unexpected:
        raise unexpected[0]
    if not turns:
        raise errors[0]
    return Variations(turns, errors)


def _series_part(command: GenerateCommand, group: SeriesGroup, number: int, count: int
                 ) -> GenerateCommand:
    prompt = f"{command.prompt} {series_part(number, count, group.label)}"
    return replace(command, prompt=prompt, memory_ids=group.memory_ids, n=1)


def _grounding_notice(settings: ImageSettings, result: ImageTurn) -> list[str]:
    if not settings.use_search_grounding or (result.grounding and result.grounding.sources):
        return []
    return ["Google Search grounding was asked for, but no search sources came back for "
            "this picture: it was drawn from the memories and the prompt alone."]


def _notices(resolution: Resolution) -> tuple[str, ...]:
    return (resolution.notice,) if resolution.notice else ()


def _stored_thoughts(codec: HistoryCodec, result: ImageTurn
                     ) -> tuple[list[StoredThought], list[Any]]:
    thoughts: list[StoredThought] = []
    images = []
    for thought in result.thoughts:
        if thought.picture is None:
            thoughts.append(StoredThought("text", text=thought.text))
            continue
        stored = codec.save_image(thought.picture.data, thought.picture.mime_type)
        images.append(stored)
        thoughts.append(StoredThought("image", picture=StoredPicture.of(stored)))
    return thoughts, images


def _texts(history: Sequence[HistoryContent]) -> list[str]:
    return [p.get("text", "") for c in history for p in c.get("parts", []) if p.get("text")]
