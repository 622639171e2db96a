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
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cortex_dashboard.errors import Cancelled, DashboardError, InvalidInput, StorageFull
from cortex_dashboard.images.conversations import (
    ConversationStore,
    HistoryCodec,
    NewTurn,
    StoredPicture,
    StoredReference,
    StoredThought,
    Turn,
)
from cortex_dashboard.images.in_flight import CANCELLED, CancelOutcome, TurnTracker, as_finished
from cortex_dashboard.images.planning import (
    GenerateCommand,
    PreparedTurn,
    ReferenceAsk,
    TurnPlanner,
)
from cortex_dashboard.images.render.references import series_part
from cortex_dashboard.images.series import STYLE_LABEL, SeriesGroup
from cortex_dashboard.ledger import Charge, UsageLedger
from cortex_dashboard.providers import Providers
from cortex_dashboard.providers.base import (
    ImageSettings,
    ImageTurn,
    StreamEvent,
)
from cortex_dashboard.usage import call_cost

__all__ = ["GenerateCommand", "GeneratedTurn", "ImageService", "PreparedTurn", "ReferenceAsk",
           "Variations"]



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


class ImageService:
    def __init__(self, *, providers: Providers, conversations: ConversationStore,
                 ledger: UsageLedger) -> None:
        self.providers = providers
        self.conversations = conversations
        self.ledger = ledger
        self.planner = TurnPlanner(providers=providers, conversations=conversations)
        self.tracker = TurnTracker()
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
        tasks = [self.tracker.track(ids, self._run(p), p.estimate_usd) for p in batch]
        return as_finished(tasks)

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
            conversation_id = await self.planner.new_conversation(
                first, batch_id=first.conversation_id)
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
            return await self.planner.plan(command)
        except BaseException:
            if continues:
                assert command.conversation_id is not None
                await asyncio.to_thread(self.conversations.release, command.conversation_id)
            raise

    async def abandon(self, prepared: PreparedTurn) -> None:
        await asyncio.to_thread(self.conversations.release, prepared.conversation_id)

    async def _run_shielded(self, prepared: PreparedTurn, batch: Sequence[str]
                            ) -> GeneratedTurn:
        """Run the turn in its own task: a client that goes away does not lose the image."""
        task = self.tracker.track(batch, self._run(prepared), prepared.estimate_usd)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():
                raise Cancelled(CANCELLED) from None
            raise

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
        entry = self.tracker.current()
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

        self.tracker.track([prepared.conversation_id], produce(), prepared.estimate_usd)
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
        """Stop every turn in flight for this conversation (and the rest of its batch)."""
        return self.tracker.cancel(conversation_id)

    def busy(self) -> bool:
        return self.tracker.busy()

    async def drain(self) -> None:
        """Wait for turns still running (at shutdown, so paid images are saved)."""
        await self.tracker.drain()


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
