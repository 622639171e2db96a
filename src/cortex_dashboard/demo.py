"""The demo project: a real Omni-Cortex database filled with `demo_data`."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from cortex_dashboard.demo_data import DEMO_MEMORIES, DEMO_RELATIONSHIPS, DemoMemory

SCHEMA_FILE = "omni_cortex_schema.sql"


def omni_cortex_schema() -> str:
    """The Omni-Cortex DDL (schema version 1.8) shipped with the package."""
    return resources.files("cortex_dashboard.memories").joinpath(SCHEMA_FILE).read_text()


def create_empty_database(path: Path) -> None:
    """A new Omni-Cortex database with the full schema, in WAL mode like Omni-Cortex's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(omni_cortex_schema())
    finally:
        conn.close()


def _memory_id(index: int, created: datetime) -> str:
    # Deterministic ids of Omni-Cortex's shape, so demo links stay stable across resets.
    return f"mem_{int(created.timestamp() * 1000)}_{index:08x}"


def _row(memory: DemoMemory, memory_id: str, created: datetime, project: str
         ) -> tuple[object, ...]:
    stamp = created.isoformat(timespec="seconds")
    accessed = (created + timedelta(days=min(memory.days_ago, 3))).isoformat(timespec="seconds")
    return (
        memory_id, memory.content, memory.type, json.dumps(list(memory.tags)), memory.context,
        stamp, stamp, accessed, memory.access_count, float(memory.importance), memory.status,
        project,
    )


def write_demo_database(path: Path, *, now: datetime | None = None) -> int:
    """Create (or replace) the demo database at `path`; the number of memories."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    create_empty_database(path)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    project = str(path.parent.parent)
    ids: dict[str, str] = {}
    rows = []
    for index, memory in enumerate(DEMO_MEMORIES):
        created = now - timedelta(days=memory.days_ago, hours=index % 9, minutes=index * 7 % 60)
        ids[memory.key] = _memory_id(index, created)
        rows.append(_row(memory, ids[memory.key], created, project))
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO memories (id, content, type, tags, context, created_at, updated_at,"
                " last_accessed, access_count, importance_score, status, project_path)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO memory_relationships (id, source_memory_id, target_memory_id,"
                " relationship_type, strength, created_at) VALUES (?, ?, ?, ?, 1.0, ?)",
                [
                    (f"rel_{n:04d}", ids[r.source], ids[r.target], r.type,
                     now.isoformat(timespec="seconds"))
                    for n, r in enumerate(DEMO_RELATIONSHIPS)
                ],
            )
    finally:
        conn.close()
    return len(rows)
