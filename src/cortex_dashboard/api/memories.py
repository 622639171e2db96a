"""Browse and search the memories of a project."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cortex_dashboard.api.deps import MemoryDbDep
from cortex_dashboard.errors import NotFound
from cortex_dashboard.memories import Count, Memory, MemoryFilter, MemoryPage
from cortex_dashboard.memories.queries import (
    SortKey,
    get_memories,
    list_memories,
    search_memories,
    tag_counts,
    type_counts,
)

router = APIRouter(prefix="/api", tags=["memories"])


@router.get("/memories")
def memories(
    db: MemoryDbDep,
    q: Annotated[str | None, Query(max_length=500, description="Words to search for")] = None,
    type: Annotated[str | None, Query(max_length=100)] = None,
    tag: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=50)] = None,
    sort: SortKey | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> MemoryPage:
    """A page of memories with the total; with `q`, ranked by relevance and highlighted."""
    where = MemoryFilter(type=type or None, tag=tag or None, status=status or None)
    if q and q.strip():
        return db.query(search_memories, db.capabilities, q, where,
                        sort=sort or "relevance", limit=limit, offset=offset)
    return db.query(list_memories, db.capabilities, where,
                    sort=sort or "created", limit=limit, offset=offset)


@router.get("/memories/{memory_id}")
def memory(db: MemoryDbDep, memory_id: Annotated[str, Path(max_length=200)]) -> Memory:
    with db.reader() as conn:
        found = get_memories(conn, db.capabilities, [memory_id])
    if not found:
        raise NotFound(f"No memory with id '{memory_id}' in this project.")
    return found[0]


@router.get("/types")
def types(db: MemoryDbDep) -> list[Count]:
    return db.query(type_counts)


@router.get("/tags")
def tags(db: MemoryDbDep) -> list[Count]:
    return db.query(tag_counts, db.capabilities)
