"""Shared fixtures: Omni-Cortex databases built with the real DDL, settings, the app."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from cortex_dashboard.app import create_app
from cortex_dashboard.demo import create_empty_database
from cortex_dashboard.services import Services
from cortex_dashboard.settings import Settings

BASE_URL = "http://127.0.0.1"


def insert_memory(conn: sqlite3.Connection, memory_id: str, content: str, **fields: Any) -> None:
    """Insert one memory the way Omni-Cortex writes it (tags as a JSON array)."""
    row = {
        "id": memory_id, "content": content, "type": "general", "tags": [], "context": None,
        "created_at": "2026-01-01T10:00:00+00:00", "updated_at": "2026-01-01T10:00:00+00:00",
        "last_accessed": "2026-01-01T10:00:00+00:00", "access_count": 0,
        "importance_score": 50.0, "status": "fresh", **fields,
    }
    row["tags"] = json.dumps(row["tags"])
    names = ", ".join(row)
    conn.execute(f"INSERT INTO memories ({names}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))


SAMPLE_MEMORIES: list[dict[str, Any]] = [
    {"memory_id": "mem_1767261600000_0000aaaa", "type": "decision", "tags": ["auth", "api"],
     "content": "We chose session cookies over JWT for the admin API.",
     "context": "Auth review", "created_at": "2026-01-01T10:00:00+00:00",
     "importance_score": 90.0},
    {"memory_id": "mem_1767348000000_0000bbbb", "type": "error", "tags": ["postgres"],
     "content": "Postgres connection pool exhausted during the promo launch.",
     "created_at": "2026-01-02T10:00:00+00:00", "importance_score": 70.0,
     "status": "needs_review"},
    {"memory_id": "mem_1767434400000_0000cccc", "type": "solution",
     "tags": ["postgres", "pgbouncer"],
     "content": "PgBouncer in transaction mode fixed the pool exhaustion; postgres is calm.",
     "created_at": "2026-01-03T10:00:00+00:00", "importance_score": 80.0},
    {"memory_id": "mem_1767520800000_0000dddd", "type": "insight", "tags": ["cache"],
     "content": "The schedule cache hit rate is 94%; invalidation is the hard part.",
     "created_at": "2026-01-04T10:00:00+00:00", "importance_score": 40.0, "status": "outdated"},
    {"memory_id": "mem_1767607200000_0000eeee", "type": "todo", "tags": [],
     "content": "Remove python-jose once sessions are everywhere.",
     "created_at": "2026-01-05T10:00:00+00:00", "importance_score": 20.0},
]


def build_memory_db(path: Path, memories: list[dict[str, Any]] = SAMPLE_MEMORIES) -> Path:
    create_empty_database(path)
    conn = sqlite3.connect(path)
    with conn:
        for memory in memories:
            insert_memory(conn, **memory)
    conn.close()
    return path


@pytest.fixture
def memory_db(tmp_path: Path) -> Path:
    """A project database with the current Omni-Cortex schema and five memories."""
    return build_memory_db(tmp_path / "project" / ".omni-cortex" / "cortex.db")


def sse_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a server-sent-events body."""
    events: list[tuple[str, dict[str, Any]]] = []
    name = None
    for line in text.splitlines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and name:
            events.append((name, json.loads(line.split(":", 1)[1])))
    return events


async def post_events(client: httpx.AsyncClient, url: str, payload: dict[str, Any]
                      ) -> list[tuple[str, dict[str, Any]]]:
    """POST to a streaming endpoint and read every event it sends."""
    return sse_events((await client.post(url, json=payload)).text)


def make_settings(home: Path, **values: Any) -> Settings:
    base = {"home": home, "global_db": home / "no-global.db", "gemini_api_key": None}
    return Settings.from_mapping({**base, **values})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "home")


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = Services.build(settings)
    yield built
    built.close()


@pytest.fixture
def app(settings: Settings, services: Services) -> FastAPI:
    return create_app(settings, services)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Any]:
    from tests.fakes.gemini_emulator import GeminiEmulator

    server = GeminiEmulator()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def emulator(emulator_server: Any) -> Any:
    """The Gemini emulator, reset for this test (its log empty, no failures queued) once
    requests left over from earlier tests are answered."""
    emulator_server.wait_idle()
    emulator_server.reset()
    return emulator_server


def gemini_settings(home: Path, emulator: Any, **values: Any) -> Settings:
    values = {"gemini_attempts": 1, **values}
    return make_settings(home, gemini_api_key="test-key", gemini_base_url=emulator.base_url,
                         **values)


@pytest.fixture
async def gemini_dashboard(tmp_path: Path, emulator: Any) -> AsyncIterator[Any]:
    """Build API clients of dashboards whose Gemini is the emulator, each from its own
    settings (`gemini_dashboard(daily_budget_usd=0.3)`); `client.services` is its services."""
    opened: list[tuple[httpx.AsyncClient, Services]] = []

    def build(**values: Any) -> httpx.AsyncClient:
        services = Services.build(gemini_settings(tmp_path / f"h{len(opened)}", emulator,
                                                  **values))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(
            app=create_app(services.settings, services)), base_url=BASE_URL, timeout=120)
        client.services = services  # type: ignore[attr-defined]
        opened.append((client, services))
        return client

    yield build
    for client, services in opened:
        await client.aclose()
        await services.images.drain()
        services.close()


@pytest.fixture
async def gemini_client(gemini_dashboard: Any) -> httpx.AsyncClient:
    """An API client of a dashboard whose Gemini is the emulator."""
    client: httpx.AsyncClient = gemini_dashboard()
    return client
