"""Turns being made: kept so they can be cancelled together and drained at shutdown.

Each turn runs in a task of its own (so a client that goes away does not lose a paid
picture) registered under every conversation of its batch: one cancel stops them all,
except those whose answer has already arrived, which are kept and charged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cortex_dashboard.errors import Cancelled, DashboardError

T = TypeVar("T")
CANCELLED = "The turn was cancelled before Gemini answered; nothing was charged for it."


@dataclass(slots=True)
class InFlight:
    """A turn being made: its task, the most it may cost, whether its answer arrived."""

    task: asyncio.Task[Any]
    estimate_usd: float = 0.0
    arrived: bool = False


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    stopped: int
    finishing: int
    """Turns whose answer had already arrived: they are kept and charged."""
    finishing_usd: float = 0.0
    """At most what those cost."""


class TurnTracker:
    def __init__(self) -> None:
        self._in_flight: dict[str, list[InFlight]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    def track(self, batch: Sequence[str], work: Coroutine[Any, Any, T],
               estimate_usd: float) -> asyncio.Task[T]:
        """A task that runs to the end on its own, registered under every conversation of
        its batch so that one cancel stops them all; kept so shutdown can drain it."""
        task = asyncio.create_task(work)
        entry = InFlight(task, estimate_usd)
        for conversation_id in batch:
            self._in_flight.setdefault(conversation_id, []).append(entry)
        self._background.add(task)
        task.add_done_callback(lambda t: self._finished(batch, entry))
        return task

    def _finished(self, batch: Sequence[str], entry: InFlight) -> None:
        self._background.discard(entry.task)
        for conversation_id in batch:
            entries = self._in_flight.get(conversation_id, [])
            if entry in entries:
                entries.remove(entry)
            if not entries:
                self._in_flight.pop(conversation_id, None)

    def current(self) -> InFlight | None:
        task = asyncio.current_task()
        for entries in self._in_flight.values():
            for entry in entries:
                if entry.task is task:
                    return entry
        return None

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


async def as_finished(tasks: Sequence[asyncio.Task[T]]) -> AsyncIterator[T | DashboardError]:
    """Each task's result as it finishes; a failure or a cancel as the error it is."""
    for finished in asyncio.as_completed(tasks):
        try:
            yield await finished
        except asyncio.CancelledError:
            yield Cancelled(CANCELLED)
        except DashboardError as exc:
            yield exc
