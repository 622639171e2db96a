"""The dashboard's own SQLite database: registered projects, image conversations and
their turns, image metadata and the usage ledger. Never an Omni-Cortex database.

One connection guarded by a lock serves every thread; WAL keeps readers off writers.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS registered_projects (
    path TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    project_id TEXT,
    title TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cleared INTEGER NOT NULL DEFAULT 0,
    turn_claimed_at TEXT,
    batch_id TEXT,
    source TEXT NOT NULL DEFAULT 'web',
    parent_id TEXT,
    parent_turn INTEGER
);
CREATE INDEX IF NOT EXISTS idx_conversations_updated ON conversations(updated_at DESC);
CREATE TABLE IF NOT EXISTS images (
    id TEXT PRIMARY KEY,
    mime_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    kept INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    memory_ids TEXT NOT NULL,
    settings TEXT NOT NULL,
    history TEXT NOT NULL,
    image_id TEXT NOT NULL REFERENCES images(id),
    text TEXT NOT NULL,
    usage TEXT NOT NULL,
    cost_usd REAL NOT NULL,
    grounding TEXT,
    context TEXT,
    created_at TEXT NOT NULL,
    signature_sha TEXT,
    pictures TEXT,
    thoughts TEXT,
    notices TEXT,
    request_bytes INTEGER,
    refs TEXT,
    PRIMARY KEY (conversation_id, turn)
);
CREATE TABLE IF NOT EXISTS reference_uploads (
    image_id TEXT PRIMARY KEY REFERENCES images(id),
    label TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS usage_ledger (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    thoughts_tokens INTEGER NOT NULL,
    images INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    conversation_id TEXT,
    search_queries INTEGER NOT NULL DEFAULT 0,
    price_known INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS idx_usage_day ON usage_ledger(day);
CREATE TABLE IF NOT EXISTS budget_reservations (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    amount_usd REAL NOT NULL,
    conversation_id TEXT
);
"""


class StateDatabase:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.executescript(SCHEMA)
        with self.transaction() as conn:
            _migrate(conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as conn:
            conn.execute(sql, params)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


COLUMNS_V2 = {
    "conversations": {"turn_claimed_at": "TEXT", "batch_id": "TEXT",
                      "source": "TEXT NOT NULL DEFAULT 'web'", "parent_id": "TEXT",
                      "parent_turn": "INTEGER"},
    "images": {"kept": "INTEGER NOT NULL DEFAULT 0"},
    "turns": {"signature_sha": "TEXT", "pictures": "TEXT", "thoughts": "TEXT",
              "notices": "TEXT", "request_bytes": "INTEGER", "refs": "TEXT"},
    "usage_ledger": {"search_queries": "INTEGER NOT NULL DEFAULT 0",
                     "price_known": "INTEGER NOT NULL DEFAULT 1"},
}


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a state database of an older version up to SCHEMA_VERSION, in place.

    Version 2: thought signatures live in the blob store (the turn keeps their SHA-256),
    a turn lists all its final pictures and thoughts, its notices and request size."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 2:
        for table, columns in COLUMNS_V2.items():
            _add_columns(conn, table, columns)
        conn.execute("DROP INDEX IF EXISTS idx_turns_signature")
        if "signature" in _columns(conn, "turns"):
            _hash_old_signatures(conn)
    conn.execute("CREATE INDEX IF NOT EXISTS idx_turns_signature_sha ON turns(signature_sha)"
                 " WHERE signature_sha IS NOT NULL")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _add_columns(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    present = _columns(conn, table)
    for column, kind in columns.items():
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _hash_old_signatures(conn: sqlite3.Connection) -> None:
    """Version 1 kept signature bytes in the row; the history JSON still has them."""
    rows = conn.execute("SELECT rowid, signature FROM turns WHERE signature IS NOT NULL")
    for rowid, signature in rows.fetchall():
        conn.execute("UPDATE turns SET signature_sha = ?, signature = NULL WHERE rowid = ?",
                     [hashlib.sha256(signature).hexdigest(), rowid])
