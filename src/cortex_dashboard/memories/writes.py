"""The only writes the dashboard makes into Omni-Cortex databases.

A saved memory is written the way Omni-Cortex's own `cortex_remember` writes one: into
the project's `memories` table (so its FTS triggers index it) with `project_path` set,
then added to the global index (`~/.omni-cortex/global.db`) unless Omni-Cortex's
`global_sync_enabled` setting is off, so that `cortex_global_search` finds it too.
Every memory the dashboard writes carries the tag `cortex-dashboard` and says so in its
`metadata`, so retrieval can tell the dashboard's own notes from first-hand memories.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from cortex_dashboard.demo import create_empty_database
from cortex_dashboard.errors import DashboardError
from cortex_dashboard.memories.db import MemoryDatabase, write_transaction
from cortex_dashboard.memories.models import SAVED_TAG, NewMemory

log = logging.getLogger(__name__)
CONFIG_FILE = "config.yaml"


def new_id(prefix: str) -> str:
    """An id in Omni-Cortex's form: `<prefix>_<epoch ms>_<8 hex>`."""
    return f"{prefix}_{int(time.time() * 1000)}_{secrets.token_hex(4)}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _kept(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values whose columns this database's schema version has."""
    existing = table_columns(conn, table)
    return {name: value for name, value in values.items() if name in existing}


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, Any], *,
            upsert: bool = False) -> None:
    kept = _kept(conn, table, values)
    names = ", ".join(kept)
    marks = ", ".join("?" * len(kept))
    updates = ", ".join(f"{name} = excluded.{name}" for name in kept if name != "id")
    conflict = f" ON CONFLICT(id) DO UPDATE SET {updates}" if upsert else ""
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks}){conflict}",
                 list(kept.values()))


def memory_row(memory_id: str, memory: NewMemory, project_path: str | None) -> dict[str, Any]:
    stamp = now_iso()
    tags = list(dict.fromkeys([*memory.tags, SAVED_TAG]))
    metadata = {"source": SAVED_TAG, **memory.metadata}
    return {
        "id": memory_id, "content": memory.content, "type": memory.type,
        "tags": json.dumps(tags), "context": memory.context, "created_at": stamp,
        "updated_at": stamp, "last_accessed": stamp, "access_count": 0,
        "importance_score": memory.importance_score, "status": "fresh",
        "project_path": project_path, "has_embedding": 0, "metadata": json.dumps(metadata),
    }


def create_memory(db: MemoryDatabase, memory: NewMemory) -> str:
    """Write a new memory (and its attachments where the schema has them), add it to the
    global index; its id."""
    memory_id = new_id("mem")
    row = memory_row(memory_id, memory, db.project_path)
    with db.writer() as conn:
        _insert(conn, "memories", row)
        # The schema as this transaction sees it: Omni-Cortex may have migrated the
        # database since the dashboard first opened it.
        if memory.attachments and table_columns(conn, "attachments"):
            for attachment in memory.attachments:
                _insert(conn, "attachments", {
                    "id": new_id("att"), "memory_id": memory_id,
                    "file_path": attachment.file_path, "mime_type": attachment.mime_type,
                    "file_size": attachment.file_size, "created_at": row["created_at"],
                })
    if db.global_db is not None and global_sync_enabled(db.global_db.parent, db.project_path):
        index_globally(db.global_db, row)
    return memory_id


def _read_config(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def global_sync_enabled(global_dir: Path, project_path: str | None) -> bool:
    """Omni-Cortex's `global_sync_enabled`: the project's config.yaml over the global
    one, on when neither says."""
    enabled = True
    folders = [global_dir] + ([Path(project_path) / ".omni-cortex"] if project_path else [])
    for folder in folders:
        value = _read_config(folder / CONFIG_FILE).get("global_sync_enabled")
        if value is not None:
            enabled = bool(value)
    return enabled


def index_globally(global_db: Path, row: dict[str, Any]) -> bool:
    """Add (or refresh) one memory in the global index; False, logged, when it cannot be
    (the memory itself is saved in its project either way, as with Omni-Cortex)."""
    try:
        if not global_db.exists():
            create_empty_database(global_db)
        with write_transaction(global_db) as conn:
            _insert(conn, "memories", row, upsert=True)
    except (DashboardError, sqlite3.Error, OSError) as exc:
        log.warning("memory %s was saved but not added to the global index %s: %s",
                    row["id"], global_db, exc)
        return False
    return True
