"""Live updates: a memory written while a page listens is announced with the new count."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx

from cortex_dashboard.api.events import memory_changes
from cortex_dashboard.memories import MemoryDatabase
from tests.conftest import insert_memory


class Listener:
    """A client that stays `stays` checks, then goes; `meanwhile` runs at its first check."""

    def __init__(self, stays: int, meanwhile: Callable[[], None] = lambda: None) -> None:
        self.left = stays
        self.meanwhile: Callable[[], None] | None = meanwhile

    async def gone(self) -> bool:
        if self.meanwhile:
            self.meanwhile()
            self.meanwhile = None
        self.left -= 1
        return self.left < 0


def write_memory(path: Path, memory_id: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        insert_memory(conn, memory_id, "Written by Omni-Cortex while the page was open.")
    conn.close()


async def test_a_memory_written_meanwhile_is_announced_with_the_count(memory_db: Path):
    db = MemoryDatabase(memory_db)
    listener = Listener(stays=3, meanwhile=lambda: write_memory(memory_db, "mem_new_1"))
    events = [e async for e in memory_changes(db, "p1", listener.gone, every=0.01)]
    db.close()
    assert [e["event"] for e in events] == ["memories_changed"]
    assert events[0]["data"] == '{"project": "p1", "memory_count": 6}'


async def test_nothing_is_sent_while_the_database_is_unchanged(memory_db: Path):
    db = MemoryDatabase(memory_db)
    events = [e async for e in memory_changes(db, "p1", Listener(stays=3).gone, every=0.01)]
    db.close()
    assert events == []


async def test_an_unknown_project_is_refused_before_streaming(client: httpx.AsyncClient):
    response = await client.get("/api/events", params={"project": "nope"})
    assert response.status_code == 404
    assert response.json()["error_code"] == "not_found"


async def test_the_check_stops_when_the_client_goes(memory_db: Path):
    db = MemoryDatabase(memory_db)
    listener = Listener(stays=0)
    events = [e async for e in memory_changes(db, "p1", listener.gone, every=0.01)]
    db.close()
    assert events == []
    assert listener.left == -1
