"""The only writes the dashboard makes into an Omni-Cortex database.

Inserts go through the `memories` table so Omni-Cortex's own FTS triggers index them;
a short `BEGIN IMMEDIATE` transaction with a busy timeout waits for the MCP server.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from datetime import UTC, datetime

from cortex_dashboard.memories.db import MemoryDatabase
from cortex_dashboard.memories.models import NewMemory


def new_id(prefix: str) -> str:
    """An id in Omni-Cortex's form: `<prefix>_<epoch ms>_<8 hex>`."""
    return f"{prefix}_{int(time.time() * 1000)}_{secrets.token_hex(4)}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> None:
    existing = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    kept = {name: value for name, value in values.items() if name in existing}
    names = ", ".join(kept)
    marks = ", ".join("?" * len(kept))
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(kept.values()))


def create_memory(db: MemoryDatabase, memory: NewMemory, *, project_path: str | None = None,
                  ) -> str:
    """Write a new memory (and its attachments where the schema has them); its id."""
    memory_id = new_id("mem")
    stamp = now_iso()
    with db.writer() as conn:
        _insert(conn, "memories", {
            "id": memory_id, "content": memory.content, "type": memory.type,
            "tags": json.dumps(list(memory.tags)), "context": memory.context,
            "created_at": stamp, "updated_at": stamp, "last_accessed": stamp,
            "access_count": 0, "importance_score": memory.importance_score,
            "status": "fresh", "project_path": project_path,
        })
        if db.capabilities.has_attachments:
            for attachment in memory.attachments:
                _insert(conn, "attachments", {
                    "id": new_id("att"), "memory_id": memory_id,
                    "file_path": attachment.file_path, "mime_type": attachment.mime_type,
                    "file_size": attachment.file_size, "created_at": stamp,
                })
    return memory_id
