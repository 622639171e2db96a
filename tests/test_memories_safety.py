"""Omni-Cortex databases under stress: locks held by another writer, a file locked when
first opened, migrations while the dashboard runs, an out-of-date FTS index, queries
that never end, read-only files. Each failure is a sentence with a 4xx/503, never a 500."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from cortex_dashboard.errors import QueryTimeout
from cortex_dashboard.memories import MemoryDatabase, NewMemory
from cortex_dashboard.memories import db as db_module
from cortex_dashboard.memories.models import Attachment
from cortex_dashboard.memories.queries import memory_count
from cortex_dashboard.memories.writes import create_memory
from cortex_dashboard.services import Services
from tests.conftest import SAMPLE_MEMORIES, build_memory_db, insert_memory
from tests.fixtures import build_old_db

PGBOUNCER = SAMPLE_MEMORIES[2]["memory_id"]
POOL_ERROR = SAMPLE_MEMORIES[1]["memory_id"]
ATTACHMENTS_MIGRATION = """
CREATE TABLE attachments (id TEXT PRIMARY KEY, memory_id TEXT NOT NULL, file_path TEXT NOT NULL,
    mime_type TEXT NOT NULL, file_size INTEGER NOT NULL, embedding_id TEXT,
    created_at TEXT NOT NULL);
"""
NEVER_ENDING = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) " \
               "SELECT count(*) FROM r"


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lock waits and time limits of a fraction of a second, so the tests stay fast."""
    for name, seconds in [("READ_BUSY_TIMEOUT_S", 0.2), ("WRITE_BUSY_TIMEOUT_S", 0.3),
                          ("QUERY_TIME_LIMIT_S", 0.5)]:
        monkeypatch.setattr(db_module, name, seconds, raising=False)


@pytest.fixture
def project(services: Services, memory_db: Path) -> str:
    return services.projects.add(memory_db).id


@pytest.fixture
def db(memory_db: Path) -> Iterator[MemoryDatabase]:
    database = MemoryDatabase(memory_db)
    yield database
    database.close()


def other_writer(path: Path) -> sqlite3.Connection:
    """A connection of another program (Omni-Cortex's MCP server, say)."""
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


def chat_to_save() -> dict[str, object]:
    return {"messages": [{"role": "user", "content": "Why PgBouncer?"},
                         {"role": "assistant", "content": "Pool exhaustion."}]}


# --- item 8: locks ---------------------------------------------------------------------

async def test_a_save_that_waits_past_the_lock_is_503_database_busy(
        client: httpx.AsyncClient, project: str, memory_db: Path, short_waits: None) -> None:
    holder = other_writer(memory_db)
    holder.execute("BEGIN IMMEDIATE")
    response = await client.post(f"/api/chat/save-as-memory?project={project}",
                                 json=chat_to_save())
    holder.execute("ROLLBACK")
    assert (response.status_code, response.json()["error_code"]) == (503, "database_busy")
    assert "locked by another program" in response.json()["error"]


def test_a_save_waits_as_long_as_omni_cortex_itself_would() -> None:
    assert db_module.WRITE_BUSY_TIMEOUT_S >= 30


def journal_db(tmp_path: Path) -> Path:
    """A database in rollback-journal mode, where a writer's lock also stops readers."""
    path = build_memory_db(tmp_path / "journal" / ".omni-cortex" / "cortex.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


async def test_a_database_locked_when_first_opened_shows_later_writes(
        client: httpx.AsyncClient, services: Services, tmp_path: Path,
        short_waits: None) -> None:
    path = journal_db(tmp_path)
    project = services.projects.add(path).id
    holder = other_writer(path)
    holder.execute("BEGIN EXCLUSIVE")
    locked = await client.get("/api/memories", params={"project": project})
    insert_memory(holder, "mem_written_while_locked", "Written under the lock.")
    holder.execute("COMMIT")
    after = await client.get("/api/memories", params={"project": project})
    assert (locked.status_code, locked.json()["error_code"]) == (503, "database_busy")
    assert after.json()["total"] == len(SAMPLE_MEMORIES) + 1


async def test_one_locked_database_leaves_the_others_listed(
        client: httpx.AsyncClient, services: Services, tmp_path: Path, memory_db: Path,
        short_waits: None) -> None:
    good = services.projects.add(memory_db).id
    locked = services.projects.add(journal_db(tmp_path)).id
    holder = other_writer(services.projects.get(locked).path)
    holder.execute("BEGIN EXCLUSIVE")
    response = await client.get("/api/projects")
    holder.execute("ROLLBACK")
    listed = {p["id"]: p for p in response.json()}
    assert (listed[good]["status"], listed[good]["memory_count"]) == ("ok", 5)
    assert (listed[locked]["status"], "locked" in listed[locked]["problem"]) == ("busy", True)


# --- item 10: schema read again, one snapshot per read ---------------------------------

def test_a_migration_while_running_is_seen_by_the_next_save(tmp_path: Path) -> None:
    database = MemoryDatabase(build_old_db(tmp_path / "old" / ".omni-cortex" / "cortex.db"))
    migrator = sqlite3.connect(database.path)
    migrator.executescript(ATTACHMENTS_MIGRATION)
    migrator.close()
    memory_id = create_memory(database, NewMemory(
        content="Saved after the migration", attachments=(Attachment("/a.png", "image/png", 3),)))
    with database.reader() as conn:
        rows = conn.execute("SELECT file_path FROM attachments WHERE memory_id = ?",
                            [memory_id]).fetchall()
    assert database.capabilities.has_attachments
    assert [r[0] for r in rows] == ["/a.png"]


def test_everything_read_through_one_reader_is_one_snapshot(db: MemoryDatabase) -> None:
    def count_around_a_commit(conn: sqlite3.Connection) -> tuple[int, int]:
        before = memory_count(conn)
        writer = sqlite3.connect(db.path)
        with writer:
            insert_memory(writer, "mem_between", "Committed between two reads.")
        writer.close()
        return before, memory_count(conn)

    before, after = db.query(count_around_a_commit)
    assert before == after == len(SAMPLE_MEMORIES)


# --- item 9: an out-of-date FTS index --------------------------------------------------

def delete_with_triggers_off(path: Path, memory_id: str) -> None:
    """Delete a row the way a tool that dropped Omni-Cortex's triggers would."""
    conn = sqlite3.connect(path)
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'memories_ad'").fetchone()
    conn.execute("DROP TRIGGER memories_ad")
    conn.execute("DELETE FROM memories WHERE id = ?", [memory_id])
    conn.execute(trigger[0])
    conn.commit()
    conn.close()


async def test_search_on_an_out_of_date_index_answers_and_says_to_rebuild(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    delete_with_triggers_off(memory_db, PGBOUNCER)
    response = await client.get("/api/memories", params={"project": project, "q": "postgres"})
    assert [m["id"] for m in response.json()["items"]] == [POOL_ERROR]
    assert "rebuild" in response.json()["notice"]


async def test_ask_ai_on_an_out_of_date_index_answers(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    delete_with_triggers_off(memory_db, PGBOUNCER)
    response = await client.post(f"/api/chat?project={project}",
                                 json={"question": "postgres pool exhausted"})
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["sources"]] == [POOL_ERROR]


# --- item 12: every query has a time limit ---------------------------------------------

@pytest.mark.timeout(20, method="thread")
def test_a_never_ending_query_is_stopped_at_the_time_limit(db: MemoryDatabase,
                                                           short_waits: None) -> None:
    def never_ends(conn: sqlite3.Connection) -> int:
        return conn.execute(NEVER_ENDING).fetchone()[0]

    with pytest.raises(QueryTimeout, match=r"took longer than 0\.5 s"):
        db.query(never_ends)


def recursive_view_db(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW memories AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                 "SELECT n + 1 FROM r) SELECT n AS id, 'x' AS content, 'general' AS type FROM r")
    conn.close()
    return path


@pytest.mark.timeout(20, method="thread")
async def test_a_recursive_memories_view_never_stalls_the_project_list(
        tmp_path: Path, short_waits: None) -> None:
    from cortex_dashboard.app import create_app
    from tests.conftest import BASE_URL, make_settings

    scan = tmp_path / "code"
    build_memory_db(scan / "good" / ".omni-cortex" / "cortex.db")
    recursive_view_db(scan / "trap" / ".omni-cortex" / "cortex.db")
    settings = make_settings(tmp_path / "home", scan_dirs=[scan], demo=False)
    services = Services.build(settings)
    app: FastAPI = create_app(settings, services)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        listed = {p["name"]: p for p in (await c.get("/api/projects")).json()}
    services.close()
    assert (listed["good"]["status"], listed["good"]["memory_count"]) == ("ok", 5)
    assert listed["trap"]["status"] == "unreadable"


# --- item 11: read-only projects -------------------------------------------------------

def make_read_only(path: Path) -> None:
    """A database SQLite itself opens read-only (write version 3 in its header): the same
    SQLITE_READONLY a read-only mount or file gives, even to root."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    data[18] = 3
    path.write_bytes(bytes(data))


async def test_saving_into_a_read_only_project_is_403_with_a_sentence(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    make_read_only(memory_db)
    response = await client.post(f"/api/chat/save-as-memory?project={project}",
                                 json=chat_to_save())
    assert (response.status_code, response.json()["error_code"]) == (403, "read_only_database")
    assert "cannot be written" in response.json()["error"]
