"""Live updates over server-sent events: a project's memories changed while the page is open.

Omni-Cortex's MCP server writes memories into the project's database at any moment. Each
connected page gets its own cheap check every couple of seconds (SQLite's `data_version`
on a read-only connection, through `MemoryDatabase.version`), and an event only when the
database did change. The check stops when the page goes away.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from cortex_dashboard.api.deps import ProjectDep, ServicesDep
from cortex_dashboard.memories import MemoryDatabase
from cortex_dashboard.memories.queries import memory_count

router = APIRouter(prefix="/api", tags=["events"])
CHECK_EVERY_S = 2.0


@router.get("/events", response_class=EventSourceResponse)
async def events(request: Request, services: ServicesDep, project: ProjectDep
                 ) -> EventSourceResponse:
    """Server-sent events for one project: `memories_changed` with `{project, memory_count}`
    each time its database changes (checked every 2 s), until the client disconnects."""
    db = services.projects.open_ref(project)
    return EventSourceResponse(memory_changes(db, project.id, request.is_disconnected))


async def memory_changes(db: MemoryDatabase, project_id: str,
                         gone: Callable[[], Awaitable[bool]], *,
                         every: float = CHECK_EVERY_S) -> AsyncIterator[dict[str, str]]:
    """A `memories_changed` event after each change to the database, until `gone()`."""
    seen = await asyncio.to_thread(db.version)
    while not await gone():
        await asyncio.sleep(every)
        now = await asyncio.to_thread(db.version)
        if now == seen:
            continue
        seen = now
        count = await asyncio.to_thread(db.query, memory_count)
        yield {"event": "memories_changed",
               "data": json.dumps({"project": project_id, "memory_count": count})}
