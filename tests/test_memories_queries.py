"""Reading and writing Omni-Cortex databases: schema versions, WAL, filters, sort, pages,
search (FTS5 bm25 and the LIKE fallback), lookups by id and the one write path."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cortex_dashboard.memories import MemoryDatabase, MemoryFilter, MemoryPage, NewMemory
from cortex_dashboard.memories.models import Attachment
from cortex_dashboard.memories.queries import (
    fts_query,
    get_memories,
    highlight,
    like_snippet,
    list_memories,
    parse_tags,
    search_memories,
    tag_counts,
    type_counts,
)
from cortex_dashboard.memories.writes import create_memory, new_id
from tests.conftest import SAMPLE_MEMORIES, build_memory_db, insert_memory
from tests.fixtures import HOSTILE_SEARCHES, build_old_db

A, B, C, D, E = (m["memory_id"] for m in SAMPLE_MEMORIES)


@pytest.fixture
def db(memory_db: Path) -> Iterator[MemoryDatabase]:
    database = MemoryDatabase(memory_db)
    yield database
    database.close()


@pytest.fixture
def old_db(tmp_path: Path) -> Iterator[MemoryDatabase]:
    database = MemoryDatabase(build_old_db(tmp_path / "old" / ".omni-cortex" / "cortex.db"))
    yield database
    database.close()


def page(db: MemoryDatabase, where: MemoryFilter = MemoryFilter(), **options: Any) -> MemoryPage:
    with db.reader() as conn:
        return list_memories(conn, db.capabilities, where, **options)


def search(db: MemoryDatabase, text: str, where: MemoryFilter = MemoryFilter(),
           **options: Any) -> MemoryPage:
    with db.reader() as conn:
        return search_memories(conn, db.capabilities, text, where, **options)


def ids(result: MemoryPage) -> list[str]:
    return [memory.id for memory in result.items]


def db_with(tmp_path: Path, memories: list[dict[str, Any]]) -> MemoryDatabase:
    return MemoryDatabase(build_memory_db(tmp_path / "x" / ".omni-cortex" / "cortex.db", memories))


# --- schema versions -------------------------------------------------------------------

def test_real_schema_offers_fts_attachments_and_every_optional_column(
        db: MemoryDatabase) -> None:
    caps = db.capabilities
    assert (caps.has_fts, caps.has_attachments, caps.has_relationships) == (True, True, True)
    assert {"status", "last_accessed", "importance_score"} <= caps.memory_columns


def test_old_schema_is_read_without_fts_or_optional_columns(old_db: MemoryDatabase) -> None:
    caps = old_db.capabilities
    assert (caps.has_fts, caps.has_attachments, caps.has_relationships) == (False, False, False)
    assert "status" not in caps.memory_columns


def test_memory_record_carries_the_row(db: MemoryDatabase) -> None:
    memory = page(db, MemoryFilter(type="decision")).items[0]
    assert (memory.id, memory.tags, memory.context) == (A, ("auth", "api"), "Auth review")
    assert (memory.importance_score, memory.status) == (90.0, "fresh")


def test_old_schema_reads_missing_columns_as_defaults(old_db: MemoryDatabase) -> None:
    memory = page(old_db).items[-1]
    assert (memory.id, memory.status, memory.importance_score) == ("mem_old_1", "fresh", 50.0)
    assert memory.last_accessed is None


def test_old_schema_comma_separated_tags_are_split(old_db: MemoryDatabase) -> None:
    with old_db.reader() as conn:
        [memory] = get_memories(conn, old_db.capabilities, ["mem_old_3"])
    assert memory.tags == ("docker", "python")


def test_old_schema_sort_by_a_missing_column_lists_newest_rows_first(
        old_db: MemoryDatabase) -> None:
    assert ids(page(old_db, sort="importance")) == ["mem_old_3", "mem_old_2", "mem_old_1"]


@pytest.mark.parametrize(("status", "expected"), [("fresh", 3), ("outdated", 0)])
def test_old_schema_memories_all_count_as_fresh(old_db: MemoryDatabase, status: str,
                                                expected: int) -> None:
    assert page(old_db, MemoryFilter(status=status)).total == expected


def test_old_schema_search_falls_back_to_like_over_content_and_context(
        old_db: MemoryDatabase) -> None:
    result = search(old_db, "ruff")
    assert (sorted(ids(result)), result.total) == (["mem_old_1", "mem_old_3"], 2)
    assert "<mark>ruff</mark>" in result.items[-1].snippet  # type: ignore[operator]


def test_like_search_treats_underscore_as_a_literal_character(old_db: MemoryDatabase) -> None:
    assert ids(search(old_db, "_")) == ["mem_old_2"]


def test_like_search_requires_every_word(old_db: MemoryDatabase) -> None:
    assert ids(search(old_db, "docker python")) == ["mem_old_3"]


@pytest.mark.parametrize("text", HOSTILE_SEARCHES)
def test_hostile_search_text_never_raises_without_fts(old_db: MemoryDatabase,
                                                       text: str) -> None:
    assert isinstance(search(old_db, text), MemoryPage)


def test_fts_schema_without_some_sort_columns_still_sorts_search_results(
        tmp_path: Path) -> None:
    path = tmp_path / "partial.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE memories (id TEXT PRIMARY KEY, content TEXT NOT NULL, type TEXT NOT NULL,"
        " context TEXT, created_at TEXT NOT NULL);"
        "CREATE VIRTUAL TABLE memories_fts USING fts5(content, context, content=memories,"
        " content_rowid=rowid);"
        "INSERT INTO memories VALUES ('m1', 'alpha beta', 'general', NULL, '2026-01-01'),"
        " ('m2', 'alpha gamma', 'general', NULL, '2026-01-02');"
        "INSERT INTO memories_fts(memories_fts) VALUES ('rebuild');")
    conn.close()
    database = MemoryDatabase(path)
    assert ids(search(database, "alpha", sort="importance")) == ["m2", "m1"]
    assert search(database, "alpha", MemoryFilter(tag="x")).total == 0
    database.close()


# --- WAL ----------------------------------------------------------------------------

def test_wal_database_without_wal_or_shm_files_is_read(memory_db: Path) -> None:
    assert [Path(f"{memory_db}{s}").exists() for s in ("-wal", "-shm")] == [False, False]
    database = MemoryDatabase(memory_db)
    assert page(database).total == len(SAMPLE_MEMORIES)
    database.close()


def test_rows_still_in_the_wal_file_are_read(memory_db: Path) -> None:
    writer = sqlite3.connect(memory_db)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    with writer:
        insert_memory(writer, "mem_in_wal", "Only in the write-ahead log so far.")
    assert Path(f"{memory_db}-wal").stat().st_size > 0
    database = MemoryDatabase(memory_db)
    assert ids(search(database, "write-ahead")) == ["mem_in_wal"]
    database.close()
    writer.close()


def test_readers_cannot_write(db: MemoryDatabase) -> None:
    with db.reader() as conn, pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM memories")


# --- filters, sort, pages -----------------------------------------------------------

@pytest.mark.parametrize(("where", "expected"), [
    (MemoryFilter(type="decision"), [A]),
    (MemoryFilter(tag="postgres"), [C, B]),
    (MemoryFilter(status="needs_review"), [B]),
    (MemoryFilter(status="fresh"), [E, C, A]),
    (MemoryFilter(type="solution", tag="postgres"), [C]),
    (MemoryFilter(type="error", status="fresh"), []),
    (MemoryFilter(tag="post"), []),
    (MemoryFilter(type="no-such-type"), []),
])
def test_filters_select_matching_memories_with_their_total(
        db: MemoryDatabase, where: MemoryFilter, expected: list[str]) -> None:
    result = page(db, where)
    assert (ids(result), result.total) == (expected, len(expected))


SORTABLE = [
    {"memory_id": "newest", "content": "n", "created_at": "2026-03-01T00:00:00+00:00",
     "importance_score": 10.0},
    {"memory_id": "updated", "content": "u", "created_at": "2026-01-01T00:00:00+00:00",
     "updated_at": "2026-04-01T00:00:00+00:00", "importance_score": 20.0},
    {"memory_id": "important", "content": "i", "created_at": "2026-01-02T00:00:00+00:00",
     "importance_score": 99.0},
    {"memory_id": "accessed", "content": "a", "created_at": "2026-01-03T00:00:00+00:00",
     "last_accessed": "2026-05-01T00:00:00+00:00", "importance_score": 30.0},
]


@pytest.mark.parametrize(("sort", "first"), [
    ("created", "newest"), ("updated", "updated"), ("importance", "important"),
    ("last_accessed", "accessed"),
])
def test_sort_puts_the_highest_value_first(tmp_path: Path, sort: str, first: str) -> None:
    database = db_with(tmp_path, SORTABLE)
    result = page(database, sort=sort)
    assert ids(result)[0] == first
    assert result.total == len(SORTABLE)
    database.close()


@pytest.mark.parametrize(("offset", "expected"), [(0, [E, D]), (2, [C, B]), (4, [A]), (9, [])])
def test_pages_slice_the_order_and_keep_the_total(db: MemoryDatabase, offset: int,
                                                  expected: list[str]) -> None:
    result = page(db, limit=2, offset=offset)
    assert (ids(result), result.total) == (expected, 5)


def test_pages_of_equal_timestamps_neither_repeat_nor_skip(tmp_path: Path) -> None:
    same = [{"memory_id": f"m{i:02d}", "content": f"same time {i}"} for i in range(30)]
    database = db_with(tmp_path, same)
    seen = [i for offset in range(0, 30, 7) for i in ids(page(database, limit=7, offset=offset))]
    assert sorted(seen) == sorted(m["memory_id"] for m in same)
    database.close()


MIXED = [{"memory_id": f"m{i:02d}", "content": f"note {i}", "type": "note" if i % 4 else "other",
          "created_at": f"2026-01-{i + 1:02d}T00:00:00+00:00"} for i in range(20)]


@pytest.mark.parametrize("offset", [0, 4, 8, 12, 14])
def test_a_page_of_a_broad_filter_is_the_same_however_it_is_read(tmp_path: Path,
                                                                  offset: int) -> None:
    database = db_with(tmp_path, MIXED)
    notes = [m["memory_id"] for m in reversed(MIXED) if m["type"] == "note"]
    result = page(database, MemoryFilter(type="note"), limit=2, offset=offset)
    assert (ids(result), result.total) == (notes[offset:offset + 2], 15)
    database.close()


# --- search ---------------------------------------------------------------------------

def test_search_ranks_the_memory_that_mentions_the_word_most_first(tmp_path: Path) -> None:
    database = db_with(tmp_path, [
        {"memory_id": "once", "content": "Kafka came up once among many other words today."},
        {"memory_id": "thrice", "content": "Kafka lag: kafka consumers fell behind kafka."},
        {"memory_id": "none", "content": "Nothing about queues here."},
    ])
    result = search(database, "kafka")
    assert (ids(result), result.total) == (["thrice", "once"], 2)
    database.close()


def test_search_ranks_a_short_memory_above_a_long_one_with_the_same_mentions(
        tmp_path: Path) -> None:
    database = db_with(tmp_path, [
        {"memory_id": "long", "content": "Redis " + "filler words " * 40},
        {"memory_id": "short", "content": "Redis timeout."},
    ])
    assert ids(search(database, "redis")) == ["short", "long"]
    database.close()


def test_search_snippet_is_html_escaped_with_only_mark_tags_raw(tmp_path: Path) -> None:
    database = db_with(tmp_path, [{"memory_id": "xss", "content":
                                   "<script>alert('pwned')</script> broke the <b>admin</b> page"}])
    snippet = search(database, "admin").items[0].snippet or ""
    assert snippet == ("&lt;script&gt;alert('pwned')&lt;/script&gt; broke the "
                       "&lt;b&gt;<mark>admin</mark>&lt;/b&gt; page")
    assert "<" not in snippet.replace("<mark>admin</mark>", "")
    database.close()


def test_search_uses_stems_and_treats_the_last_word_as_a_prefix(db: MemoryDatabase) -> None:
    assert sorted(ids(search(db, "exhausted"))) == [B, C]
    assert ids(search(db, "pgbounc")) == [C]


def test_search_applies_filters_and_pages_with_a_total(db: MemoryDatabase) -> None:
    assert ids(search(db, "postgres", MemoryFilter(type="error"))) == [B]
    result = search(db, "postgres", limit=1, offset=1)
    assert (len(result.items), result.total) == (1, 2)


def test_search_sorted_by_date_instead_of_relevance(db: MemoryDatabase) -> None:
    assert ids(search(db, "postgres", sort="created")) == [C, B]
    assert ids(search(db, "postgres", MemoryFilter(tag="postgres"), sort="importance")) == [C, B]


def test_search_matches_tags_and_context(db: MemoryDatabase) -> None:
    assert ids(search(db, "auth review")) == [A]


@pytest.mark.parametrize("text", HOSTILE_SEARCHES)
def test_hostile_search_text_never_raises_with_fts(db: MemoryDatabase, text: str) -> None:
    assert isinstance(search(db, text), MemoryPage)


def test_search_words_are_never_fts_operators(db: MemoryDatabase) -> None:
    assert search(db, "postgres NOT pgbouncer").total == 0
    assert search(db, "content:postgres").total == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("postgres", '"postgres"*'),
    ("pool exhausted", '"pool" "exhausted"*'),
    ('"unbalanced', '"unbalanced"*'),
    ("AND OR", '"AND" "OR"*'),
    ("col:val", '"col" "val"*'),
    ("NEAR(", '"NEAR"*'),
    ("-x", '"x"*'),
    ("日本語", '"日本語"*'),
    ("*", None),
    ("  ", None),
])
def test_fts_query_quotes_every_word(text: str, expected: str | None) -> None:
    assert fts_query(text) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    ("plain", "plain"),
    ("a \x02hit\x03 here", "a <mark>hit</mark> here"),
    ("<b>\x02x\x03</b>", "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"),
    ("<mark>fake</mark>", "&lt;mark&gt;fake&lt;/mark&gt;"),
    ("Tom & \"Jerry\"", "Tom &amp; \"Jerry\""),
])
def test_highlight_escapes_html_and_marks_hits(marked: str, expected: str) -> None:
    assert highlight(marked) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (None, ()), ("", ()), ('["a", "b"]', ("a", "b")), ("a, b,", ("a", "b")),
    ('"solo"', ("solo",)), ("[1, 2]", ("1", "2")),
])
def test_parse_tags_reads_json_arrays_and_comma_lists(raw: str | None,
                                                      expected: tuple[str, ...]) -> None:
    assert parse_tags(raw) == expected


def test_like_snippet_windows_around_the_first_hit() -> None:
    snippet = like_snippet("x" * 300 + " needle <i>" + "y" * 300, ["needle"])
    assert (snippet[0], snippet[-1]) == ("…", "…")
    assert "<mark>needle</mark> &lt;i&gt;" in snippet


# --- lookups and counts -------------------------------------------------------------

def test_get_memories_keeps_the_order_asked_and_drops_unknown_ids(db: MemoryDatabase) -> None:
    with db.reader() as conn:
        found = get_memories(conn, db.capabilities, [D, "nope", A, D, B])
    assert [m.id for m in found] == [D, A, B]


def test_get_memories_reads_more_ids_than_one_query_takes(tmp_path: Path) -> None:
    many = [{"memory_id": f"m{i:04d}", "content": str(i)} for i in range(1200)]
    database = db_with(tmp_path, many)
    wanted = [m["memory_id"] for m in reversed(many)]
    with database.reader() as conn:
        assert [m.id for m in get_memories(conn, database.capabilities, wanted)] == wanted
    database.close()


def test_type_counts_are_largest_first(db: MemoryDatabase) -> None:
    with db.reader() as conn:
        counts = type_counts(conn)
    assert sorted(c.name for c in counts) == ["decision", "error", "insight", "solution", "todo"]
    assert all(c.count == 1 for c in counts)


def test_tag_counts_are_largest_first_and_empty_without_tags(db: MemoryDatabase,
                                                             old_db: MemoryDatabase) -> None:
    with db.reader() as conn:
        first = tag_counts(conn, db.capabilities)[0]
    assert (first.name, first.count) == ("postgres", 2)
    with old_db.reader() as conn:
        assert [c.name for c in tag_counts(conn, old_db.capabilities)] == ["ci", "lint", "python"]


# --- the write path -----------------------------------------------------------------

def test_new_id_has_omni_cortex_shape() -> None:
    prefix, millis, suffix = new_id("mem").split("_")
    assert (prefix, len(suffix)) == ("mem", 8)
    assert abs(int(millis) - time.time() * 1000) < 60_000


def test_created_memory_is_found_by_fts_search(db: MemoryDatabase) -> None:
    memory_id = create_memory(db, NewMemory(content="Infographic of the zeppelin rollout",
                                            tags=("launch",)))
    result = search(db, "zeppelin")
    assert ids(result) == [memory_id]
    assert (result.items[0].type, result.items[0].tags) == ("reference",
                                                            ("launch", "cortex-dashboard"))


def test_created_memory_writes_its_attachments(db: MemoryDatabase) -> None:
    attachment = Attachment(file_path="/images/ab.png", mime_type="image/png", file_size=42)
    memory_id = create_memory(db, NewMemory(content="Chart", attachments=(attachment,)))
    with db.reader() as conn:
        rows = conn.execute("SELECT file_path, mime_type, file_size FROM attachments "
                            "WHERE memory_id = ?", [memory_id]).fetchall()
    assert [tuple(r) for r in rows] == [("/images/ab.png", "image/png", 42)]


def test_create_memory_into_an_old_schema_writes_the_columns_it_has(
        old_db: MemoryDatabase) -> None:
    attachment = Attachment(file_path="/x.png", mime_type="image/png", file_size=1)
    memory_id = create_memory(old_db, NewMemory(content="Legacy quokka", attachments=(attachment,)))
    assert ids(search(old_db, "quokka")) == [memory_id]


def test_create_memory_waits_for_another_writer_to_finish(db: MemoryDatabase) -> None:
    other = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    insert_memory(other, "mem_other_writer", "Written by the MCP server meanwhile.")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    started = time.monotonic()
    create_memory(db, NewMemory(content="Saved while the MCP server wrote"))
    assert time.monotonic() - started >= 0.25
    assert page(db).total == len(SAMPLE_MEMORIES) + 2
    other.close()


# --- answers kept until the database changes ----------------------------------------

def test_a_repeated_query_is_answered_from_the_cache(db: MemoryDatabase) -> None:
    first = db.query(list_memories, db.capabilities, MemoryFilter(type="error"))
    assert db.query(list_memories, db.capabilities, MemoryFilter(type="error")) is first
    assert db.query(list_memories, db.capabilities, MemoryFilter(type="todo")) is not first


def test_a_commit_by_another_process_invalidates_the_cache(db: MemoryDatabase) -> None:
    before = db.query(search_memories, db.capabilities, "quokka")
    other = sqlite3.connect(db.path)
    with other:
        insert_memory(other, "mem_quokka", "A quokka appeared in the logs.")
    other.close()
    after = db.query(search_memories, db.capabilities, "quokka")
    assert (before.total, ids(after)) == (0, ["mem_quokka"])


def test_the_dashboards_own_write_invalidates_the_cache(db: MemoryDatabase) -> None:
    before = db.query(list_memories, db.capabilities)
    create_memory(db, NewMemory(content="Saved image"))
    assert db.query(list_memories, db.capabilities).total == before.total + 1
