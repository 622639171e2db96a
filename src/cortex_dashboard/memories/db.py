"""Connections to one Omni-Cortex database: read-only readers and a short-lived writer.

The database belongs to Omni-Cortex, whose MCP server may be writing to it (in WAL mode)
while we read. Readers open it with `mode=ro`; the only writes are ones the user asks
for, in short `BEGIN IMMEDIATE` transactions that wait for Omni-Cortex's lock as long as
Omni-Cortex itself would. Every statement on such a foreign file has a time limit (a
SQLite progress handler), so a file built to loop forever cannot hold a worker.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cortex_dashboard.errors import (
    DashboardError,
    DatabaseBusy,
    NotAMemoryDatabase,
    QueryTimeout,
    ReadOnlyDatabase,
)

READ_BUSY_TIMEOUT_S = 5.0
WRITE_BUSY_TIMEOUT_S = 30.0
"""Omni-Cortex's own connections wait 30 s for a lock; a save waits as long."""
QUERY_TIME_LIMIT_S = 10.0
PROGRESS_STEPS = 20_000
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


class ReaderConnection(sqlite3.Connection):
    immutable: bool = False
    """Opened with `immutable=1`: it never sees a later write, so it is never pooled."""


def primary_code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def limit_time(conn: sqlite3.Connection, seconds: float) -> None:
    """Stop any statement on `conn` that runs past `seconds` from now (SQLITE_INTERRUPT)."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)


def translate(exc: sqlite3.Error, name: str, *, writing: bool = False) -> DashboardError | None:
    """SQLite's lock, time-limit and read-only errors as the dashboard's own; None for
    any other error."""
    code = primary_code(exc)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        waited = WRITE_BUSY_TIMEOUT_S if writing else READ_BUSY_TIMEOUT_S
        return DatabaseBusy(
            f"{name} stayed locked by another program (Omni-Cortex is probably writing to it) "
            f"for {waited:g} s; nothing was changed. Try again in a moment.")
    if code == sqlite3.SQLITE_INTERRUPT:
        return QueryTimeout(
            f"Reading {name} took longer than {QUERY_TIME_LIMIT_S:g} s and was stopped; the "
            "file may be damaged or not a real Omni-Cortex database.")
    if writing and code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
                            sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return ReadOnlyDatabase(
            f"{name} cannot be written (a read-only file, folder or mount: {exc}); the memory "
            "was not saved. Make the project's .omni-cortex folder writable and try again.")
    return None


def raise_translated(exc: sqlite3.Error, name: str, *, writing: bool = False) -> None:
    """Raise the dashboard's own error for `exc` if it has one; return if not."""
    translated = translate(exc, name, writing=writing)
    if translated is not None:
        raise translated from exc


def _connect(uri: str) -> ReaderConnection:
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=READ_BUSY_TIMEOUT_S,
                           factory=ReaderConnection)
    limit_time(conn, QUERY_TIME_LIMIT_S)
    return conn


def _open_readonly(path: Path) -> ReaderConnection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = _connect(uri)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.OperationalError as exc:
        conn.close()
        if primary_code(exc) not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY) \
                or Path(f"{path}-wal").exists():
            raise
        # A read-only directory where no -shm can be made: with no -wal file the database
        # file alone is the whole truth, so it may be read as immutable (never a lock:
        # a locked file read as immutable would never show the writes that follow).
        conn = _connect(f"{uri}&immutable=1")
        conn.immutable = True
    conn.row_factory = sqlite3.Row
    # Reads through a memory map and a larger page cache: seeks to scattered rows (a page
    # of ids, a far offset) then cost no system call each.
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    return conn


def open_reader(path: Path) -> ReaderConnection:
    """`_open_readonly`, its lock and time-limit errors as the dashboard's own."""
    try:
        return _open_readonly(path)
    except sqlite3.Error as exc:
        raise_translated(exc, path.name)
        raise


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


def _check_file(path: Path) -> None:
    name = path.name
    try:
        if not path.is_file():
            raise NotAMemoryDatabase(f"{name} is not a file.")
        if path.stat().st_size == 0:
            raise NotAMemoryDatabase(f"{name} is empty (0 bytes): Omni-Cortex never wrote it.")
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise NotAMemoryDatabase(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    if header != SQLITE_HEADER:
        raise NotAMemoryDatabase(f"{name} is not a SQLite database.")


def _memories_kind(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = 'memories'").fetchone()
    return row[0] if row else None


def check_is_memory_database(path: Path) -> None:
    """Raise NotAMemoryDatabase unless `path` is a SQLite file with a memories table."""
    _check_file(path)
    try:
        conn = _open_readonly(path)
        try:
            kind = _memories_kind(conn)
            columns = read_capabilities(conn).memory_columns
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise_translated(exc, path.name)
        raise NotAMemoryDatabase(f"{path.name} could not be read as SQLite: {exc}.") from exc
    if kind != "table" or not {"id", "content", "type"} <= columns:
        raise NotAMemoryDatabase(f"{path.name} has no Omni-Cortex memories table.")


class MemoryDatabase:
    """One Omni-Cortex database file, with a small pool of read-only connections and a
    cache of query answers that lasts until anyone changes the database.

    `project_path` is what a saved memory records as its project (as Omni-Cortex does);
    `global_db`, when set, is the global index a saved memory is also added to."""

    def __init__(self, path: Path, *, project_path: str | None = None,
                 global_db: Path | None = None) -> None:
        check_is_memory_database(path)
        self.path = path
        self.project_path = project_path
        self.global_db = global_db
        self._readers: queue.LifoQueue[ReaderConnection] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._probe = open_reader(path)
        self._marker: tuple[int, ...] | None = None
        self._version = 0
        self._schema_version: int | None = None
        self._capabilities: Capabilities | None = None
        self._answers: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self.version()

    @property
    def capabilities(self) -> Capabilities:
        """What the schema offers now: read again whenever Omni-Cortex migrates it."""
        self.version()
        assert self._capabilities is not None
        return self._capabilities

    def version(self) -> int:
        """A number that changes after every commit to the database, by any connection or
        process (SQLite's `data_version` and `schema_version`, read on a kept connection)."""
        with self._lock:
            marker, schema_version = self._read_marker()
            if schema_version != self._schema_version:
                with self.reader() as conn:
                    self._capabilities = read_capabilities(conn)
                self._schema_version = schema_version
            if marker != self._marker:
                self._marker = marker
                self._version += 1
            return self._version

    def _read_marker(self) -> tuple[tuple[int, ...], int]:
        if self._probe.immutable:
            # An immutable connection sees no later write: open afresh, the way a reader
            # does, and let the file's size and time say whether it changed.
            self._probe.close()
            self._probe = open_reader(self.path)
        try:
            limit_time(self._probe, QUERY_TIME_LIMIT_S)
            data = self._probe.execute("PRAGMA data_version").fetchone()[0]
            schema = self._probe.execute("PRAGMA schema_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise_translated(exc, self.path.name)
            raise
        stamp = _file_stamp(self.path) if self._probe.immutable else ()
        return (data, schema, *stamp), schema

    def query(self, function: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
        """`function(conn, *args, **kwargs)` on a reader, answered from the cache when the
        same call was made since the database last changed."""
        key = (function, args, tuple(sorted(kwargs.items())))
        version = self.version()
        with self._lock:
            cached = self._answers.get(key)
            if cached is not None and cached[0] == version:
                self._answers.move_to_end(key)
                hit: T = cached[1]
                return hit
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
        """A read-only connection inside one read transaction: everything read through it
        (a page and its total) comes from the same snapshot of the database."""
        conn = self._checkout()
        try:
            limit_time(conn, QUERY_TIME_LIMIT_S)
            conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as exc:
            raise_translated(exc, self.path.name)
            raise
        finally:
            self._give_back(conn)

    def _checkout(self) -> ReaderConnection:
        try:
            return self._readers.get_nowait()
        except queue.Empty:
            return open_reader(self.path)

    def _give_back(self, conn: ReaderConnection) -> None:
        if conn.in_transaction:
            conn.rollback()
        if not conn.immutable and self._readers.qsize() < READER_POOL_SIZE:
            self._readers.put(conn)
        else:
            conn.close()

    @contextmanager
    def writer(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction that waits for the MCP server's lock, not fails."""
        with write_transaction(self.path) as conn:
            yield conn

    def close(self) -> None:
        while not self._readers.empty():
            self._readers.get_nowait().close()
        with self._lock:
            self._probe.close()
            self._answers.clear()


def _file_stamp(path: Path) -> tuple[int, ...]:
    stats = [p.stat() for p in (path, Path(f"{path}-wal")) if p.exists()]
    return tuple(n for s in stats for n in (s.st_mtime_ns, s.st_size))


@contextmanager
def write_transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` … `COMMIT` on a connection of its own; a lock held past
    WRITE_BUSY_TIMEOUT_S is DatabaseBusy, a read-only file ReadOnlyDatabase."""
    try:
        conn = sqlite3.connect(path, timeout=WRITE_BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise_translated(exc, path.name, writing=True)
        raise
    conn.row_factory = sqlite3.Row
    limit_time(conn, QUERY_TIME_LIMIT_S + WRITE_BUSY_TIMEOUT_S)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise_translated(exc, path.name, writing=True)
        raise
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.close()
