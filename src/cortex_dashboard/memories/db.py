"""Connections to one Omni-Cortex database: read-only readers and a short-lived writer.

The database belongs to Omni-Cortex, whose MCP server may be writing to it (in WAL mode)
while we read. Readers open it with `mode=ro`; the only writes are ones the user asks
for, in short `BEGIN IMMEDIATE` transactions with a busy timeout.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cortex_dashboard.errors import NotAMemoryDatabase

BUSY_TIMEOUT_S = 5.0
READER_POOL_SIZE = 8
READ_MMAP_BYTES = 256 * 1024 * 1024
READ_CACHE_KIB = 16 * 1024
RESULT_CACHE_SIZE = 64
T = TypeVar("T")
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What this database's schema version offers; older ones lack some parts."""

    memory_columns: frozenset[str]
    has_fts: bool
    has_attachments: bool
    has_relationships: bool
    sort_indexes: frozenset[str] = frozenset()
    """Memory columns that lead an index, so rows can be read in their order."""


def _open_readonly(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.OperationalError:
        if Path(f"{path}-wal").exists():
            raise
        # A read-only directory where no -shm can be made: with no -wal file the
        # database file alone is the whole truth, so it may be read as immutable.
        conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    # Reads through a memory map and a larger page cache: seeks to scattered rows (a page
    # of ids, a far offset) then cost no system call each.
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    return conn


def _table_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return {row[0] for row in rows}


def read_capabilities(conn: sqlite3.Connection) -> Capabilities:
    tables = _table_names(conn)
    columns = frozenset(row[1] for row in conn.execute("PRAGMA table_info(memories)"))
    return Capabilities(
        memory_columns=columns,
        has_fts="memories_fts" in tables,
        has_attachments="attachments" in tables,
        has_relationships="memory_relationships" in tables,
        sort_indexes=_leading_index_columns(conn),
    )


def _leading_index_columns(conn: sqlite3.Connection) -> frozenset[str]:
    indexes = [row[1] for row in conn.execute("PRAGMA index_list(memories)")]
    leading = (conn.execute("SELECT name FROM pragma_index_info(?) WHERE seqno = 0", [name])
               .fetchone() for name in indexes)
    return frozenset(row[0] for row in leading if row and row[0])


def check_is_memory_database(path: Path) -> None:
    """Raise NotAMemoryDatabase unless `path` is a SQLite file with a memories table."""
    name = path.name
    if not path.is_file():
        raise NotAMemoryDatabase(f"{name} is not a file.")
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise NotAMemoryDatabase(f"{name} is not a SQLite database.")
    try:
        conn = _open_readonly(path)
        try:
            columns = read_capabilities(conn).memory_columns
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAMemoryDatabase(f"{name} could not be read as SQLite: {exc}.") from exc
    if not {"id", "content", "type"} <= columns:
        raise NotAMemoryDatabase(f"{name} has no Omni-Cortex memories table.")


class MemoryDatabase:
    """One Omni-Cortex database file, with a small pool of read-only connections and a
    cache of query answers that lasts until anyone changes the database."""

    def __init__(self, path: Path) -> None:
        check_is_memory_database(path)
        self.path = path
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        with self.reader() as conn:
            self.capabilities = read_capabilities(conn)
        self._probe = _open_readonly(path)
        self._lock = threading.Lock()
        self._data_version: int | None = None
        self._version = 0
        self._answers: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    def version(self) -> int:
        """A number that changes after every commit to the database, by any connection or
        process (SQLite's `data_version`, read on one connection kept for that)."""
        with self._lock:
            current = self._probe.execute("PRAGMA data_version").fetchone()[0]
            if current != self._data_version:
                self._data_version = current
                self._version += 1
            return self._version

    def query(self, function: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
        """`function(conn, *args, **kwargs)` on a reader, answered from the cache when the
        same call was made since the database last changed."""
        key = (function, args, tuple(sorted(kwargs.items())))
        version = self.version()
        with self._lock:
            cached = self._answers.get(key)
            if cached is not None and cached[0] == version:
                self._answers.move_to_end(key)
                return cached[1]
        with self.reader() as conn:
            answer = function(conn, *args, **kwargs)
        with self._lock:
            self._answers[key] = (version, answer)
            self._answers.move_to_end(key)
            while len(self._answers) > RESULT_CACHE_SIZE:
                self._answers.popitem(last=False)
        return answer

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._readers.get_nowait()
        except queue.Empty:
            conn = _open_readonly(self.path)
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.rollback()
            if self._readers.qsize() < READER_POOL_SIZE:
                self._readers.put(conn)
            else:
                conn.close()

    @contextmanager
    def writer(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction that waits for the MCP server's lock, not fails."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def close(self) -> None:
        while not self._readers.empty():
            self._readers.get_nowait().close()
        with self._lock:
            self._probe.close()
            self._answers.clear()
