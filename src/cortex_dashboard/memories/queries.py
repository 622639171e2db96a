"""Queries over an Omni-Cortex database: plain functions, one query each (mostly).

Each takes a connection first and returns typed records, never raw rows. Columns an
older schema lacks are read as NULL, and search falls back to LIKE without FTS5.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from cortex_dashboard.errors import NotFound
from cortex_dashboard.memories.db import Capabilities, primary_code
from cortex_dashboard.memories.models import SAVED_TAG, Count, Memory, MemoryPage

SortKey = Literal["created", "updated", "importance", "last_accessed", "relevance"]

SORT_COLUMNS: dict[str, str] = {
    "created": "created_at DESC",
    "updated": "updated_at DESC",
    "importance": "importance_score DESC",
    "last_accessed": "last_accessed DESC",
}
MEMORY_COLUMNS = (
    "id", "content", "type", "tags", "context", "created_at", "updated_at", "last_accessed",
    "access_count", "importance_score", "status", "project_path",
)
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
SNIPPET_TOKENS = 24
_WORD = re.compile(r"\w+", re.UNICODE)
STALE_INDEX_NOTICE = (
    "This database's search index is out of date (memories changed while its triggers were "
    "off), so these results come from a plain text search. Rebuild the index with: sqlite3 "
    "cortex.db \"INSERT INTO memories_fts(memories_fts) VALUES('rebuild')\"."
)


@dataclass(frozen=True, slots=True)
class MemoryFilter:
    type: str | None = None
    tag: str | None = None
    status: str | None = None


def select_list(caps: Capabilities, alias: str = "m") -> str:
    """The memory columns, with NULL for those this schema version lacks."""
    return ", ".join(
        f"{alias}.{name}" if name in caps.memory_columns else f"NULL AS {name}"
        for name in MEMORY_COLUMNS
    )


def parse_tags(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except ValueError:
        return tuple(tag.strip() for tag in raw.split(",") if tag.strip())
    if isinstance(value, list):
        return tuple(str(tag) for tag in value)
    return (str(value),)


def memory_from_row(row: sqlite3.Row, snippet: str | None = None) -> Memory:
    return Memory(
        id=row["id"],
        content=row["content"] or "",
        type=row["type"] or "general",
        tags=parse_tags(row["tags"]),
        context=row["context"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_accessed=row["last_accessed"],
        access_count=row["access_count"] or 0,
        importance_score=float(row["importance_score"] if row["importance_score"] is not None
                               else 50.0),
        status=row["status"] or "fresh",
        project_path=row["project_path"],
        snippet=snippet,
    )


def fts_query(text: str) -> str | None:
    """User words as an FTS5 query: each word quoted (no operators), all required,
    the last one as a prefix so results follow typing."""
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def highlight(marked: str) -> str:
    """HTML-escape a snippet and turn the match sentinels into <mark> tags."""
    escaped = html.escape(marked, quote=False)
    return escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def order_by(caps: Capabilities, sort: SortKey) -> str:
    """The ORDER BY for a sort key; newest rows first where the schema lacks its column."""
    order = SORT_COLUMNS.get(sort, SORT_COLUMNS["created"])
    if order.split()[0] not in caps.memory_columns:
        order = "rowid DESC"
    return f"m.{order}"


def _filter_sql(caps: Capabilities, where: MemoryFilter, alias: str = "m", *,
                use_indexes: bool = True) -> tuple[str, list[object]]:
    """WHERE clauses for a filter; `use_indexes=False` keeps SQLite off the type and
    status indexes (a unary `+`), so that it walks the sort order's index instead."""
    clauses: list[str] = []
    params: list[object] = []
    plain = "" if use_indexes else "+"
    if where.type:
        clauses.append(f"{plain}{alias}.type = ?")
        params.append(where.type)
    if where.status and "status" in caps.memory_columns:
        fresh_or_null = f" OR {alias}.status IS NULL" if where.status == "fresh" else ""
        clauses.append(f"({plain}{alias}.status = ?{fresh_or_null})")
        params.append(where.status)
    elif where.status and where.status != "fresh":
        clauses.append("0")
    if where.tag and "tags" not in caps.memory_columns:
        clauses.append("0")
    elif where.tag:
        # A cheap text test first: the tag's own text is in the JSON unless it was escaped,
        # and then the JSON has a backslash. Only those rows are parsed.
        clauses.append(
            f"(instr({alias}.tags, ?) > 0 OR instr({alias}.tags, '\\') > 0) AND "
            f"(CASE WHEN json_valid({alias}.tags) THEN EXISTS (SELECT 1 FROM "
            f"json_each({alias}.tags) WHERE value = ?) ELSE 0 END)"
        )
        params.extend([where.tag, where.tag])
    return (" AND ".join(clauses) or "1"), params


def list_memories(
    conn: sqlite3.Connection,
    caps: Capabilities,
    where: MemoryFilter = MemoryFilter(),
    *,
    sort: SortKey = "created",
    limit: int = 50,
    offset: int = 0,
) -> MemoryPage:
    """A page of memories in `sort` order, with the total that match the filter."""
    order = order_by(caps, sort)
    filter_sql, params = _filter_sql(caps, where)
    # Without a WHERE clause SQLite counts the smallest index's entries, ~50x faster.
    where_sql = "" if filter_sql == "1" else f" WHERE {filter_sql}"
    total = conn.execute(f"SELECT count(*) FROM memories m{where_sql}", params).fetchone()[0]
    if (where.type or where.status) and _walk_sort_order(conn, caps, order, total,
                                                         offset + limit):
        filter_sql, params = _filter_sql(caps, where, use_indexes=False)
    # The page's rowids come from an index alone; only those rows are then read.
    rows = conn.execute(
        f"SELECT {select_list(caps)} FROM memories m WHERE m.rowid IN ("
        f"SELECT m.rowid FROM memories m WHERE {filter_sql} ORDER BY {order} "
        f"LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, limit, offset],
    ).fetchall()
    return MemoryPage([memory_from_row(r) for r in rows], total, limit, offset)


def _walk_sort_order(conn: sqlite3.Connection, caps: Capabilities, order: str, matching: int,
                     wanted: int) -> bool:
    """Whether to read rows in sort order, testing the filter on each, rather than read
    every match through the filter's index and sort them. SQLite cannot tell without
    ANALYZE statistics, which only Omni-Cortex may write into its database. Walking
    reads about `wanted * rows / matching` rows; the other way reads `matching`."""
    column = order.split()[0].removeprefix("m.")
    if matching == 0 or (column != "rowid" and column not in caps.sort_indexes):
        return False
    rows = conn.execute("SELECT (SELECT max(rowid) FROM memories) - "  # two index seeks
                        "(SELECT min(rowid) FROM memories) + 1").fetchone()[0]
    return wanted * (rows or 0) < matching * matching


def search_memories(
    conn: sqlite3.Connection,
    caps: Capabilities,
    text: str,
    where: MemoryFilter = MemoryFilter(),
    *,
    sort: SortKey = "relevance",
    limit: int = 50,
    offset: int = 0,
) -> MemoryPage:
    """Memories matching the user's words, best first (bm25), with highlighted snippets.
    An out-of-date FTS index is read around with a plain text search, and the page says so."""
    if caps.has_fts:
        try:
            return _search_fts(conn, caps, text, where, sort=sort, limit=limit, offset=offset)
        except sqlite3.DatabaseError as exc:
            if not is_stale_index(exc):
                raise
    page = _search_like(conn, caps, text, where, sort=sort, limit=limit, offset=offset)
    return replace(page, notice=STALE_INDEX_NOTICE) if caps.has_fts else page


def is_stale_index(exc: sqlite3.DatabaseError) -> bool:
    """SQLITE_CORRUPT (from `snippet()` and friends): the FTS index names rows the table
    no longer has, as after deletes made while Omni-Cortex's triggers were off."""
    return primary_code(exc) == sqlite3.SQLITE_CORRUPT


def _search_fts(
    conn: sqlite3.Connection,
    caps: Capabilities,
    text: str,
    where: MemoryFilter,
    *,
    sort: SortKey,
    limit: int,
    offset: int,
) -> MemoryPage:
    match = fts_query(text)
    if match is None:
        return MemoryPage([], 0, limit, offset)
    # FTS5 always drives: a filter becomes one set of rowids, built once, that the matches
    # are checked against (`+` keeps SQLite from running the MATCH once per filtered row).
    filter_sql, params = _filter_sql(caps, where, alias="w")
    restrict = "" if filter_sql == "1" else \
        f" AND +f.rowid IN (SELECT w.rowid FROM memories w WHERE {filter_sql})"
    if sort == "relevance":
        source, order = "memories_fts f", "bm25(memories_fts)"
    else:
        source, order = "memories_fts f CROSS JOIN memories m ON m.rowid = f.rowid", \
            order_by(caps, sort)
    # Snippets in the same query: SQLite computes them only for rows that reach the page,
    # and a second MATCH per rowid would rebuild a prefix term's doclist each time.
    hits = conn.execute(
        f"SELECT f.rowid, snippet(memories_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) FROM {source} "
        f"WHERE memories_fts MATCH ?{restrict} ORDER BY {order} LIMIT ? OFFSET ?",
        [MARK_OPEN, MARK_CLOSE, match, *params, limit, offset],
    ).fetchall()
    total = conn.execute(
        f"SELECT count(*) FROM memories_fts f WHERE memories_fts MATCH ?{restrict}",
        [match, *params],
    ).fetchone()[0]
    return MemoryPage(_rows_with_snippets(conn, caps, hits), total, limit, offset)


def _rows_with_snippets(
    conn: sqlite3.Connection, caps: Capabilities, hits: list[sqlite3.Row]
) -> list[Memory]:
    if not hits:
        return []
    marks = ",".join("?" * len(hits))
    rows = conn.execute(
        f"SELECT m.rowid AS _rowid, {select_list(caps)} FROM memories m "
        f"WHERE m.rowid IN ({marks})",
        [hit[0] for hit in hits],
    ).fetchall()
    by_rowid = {r["_rowid"]: r for r in rows}
    return [memory_from_row(by_rowid[rowid], highlight(snippet or ""))
            for rowid, snippet in hits if rowid in by_rowid]


def _search_like(
    conn: sqlite3.Connection,
    caps: Capabilities,
    text: str,
    where: MemoryFilter,
    *,
    sort: SortKey,
    limit: int,
    offset: int,
) -> MemoryPage:
    words = _WORD.findall(text)
    if not words:
        return MemoryPage([], 0, limit, offset)
    filter_sql, params = _filter_sql(caps, where)
    has_context = "context" in caps.memory_columns
    likes = []
    for word in words:
        pattern = like_pattern(word)
        context_like = " OR m.context LIKE ? ESCAPE '\\'" if has_context else ""
        likes.append(f"(m.content LIKE ? ESCAPE '\\'{context_like})")
        params.extend([pattern, pattern] if has_context else [pattern])
    condition = f"{filter_sql} AND {' AND '.join(likes)}"
    rows = conn.execute(
        f"SELECT {select_list(caps)} FROM memories m WHERE {condition} "
        f"ORDER BY {order_by(caps, sort)} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM memories m WHERE {condition}", params)
    items = [memory_from_row(r, like_snippet(r["content"] or "", words)) for r in rows]
    return MemoryPage(items, total.fetchone()[0], limit, offset)


def like_pattern(word: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') that matches `word` literally anywhere."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def like_snippet(content: str, words: Sequence[str], width: int = 160) -> str:
    """A window of `content` around the first word found, with the words marked."""
    lowered = content.lower()
    starts = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    start = max(0, min(starts, default=0) - width // 3)
    window = content[start:start + width]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(content) else ""
    return highlight(f"{prefix}{marked}{suffix}")


def get_memories(
    conn: sqlite3.Connection, caps: Capabilities, ids: Sequence[str]
) -> list[Memory]:
    """The memories with these ids, in the order asked; unknown ids are left out."""
    unique = list(dict.fromkeys(ids))
    found: dict[str, Memory] = {}
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {select_list(caps)} FROM memories m WHERE m.id IN ({marks})", chunk
        )
        found.update((r["id"], memory_from_row(r)) for r in rows)
    return [found[i] for i in unique if i in found]


def require_memories(
    conn: sqlite3.Connection, caps: Capabilities, ids: Sequence[str]
) -> list[Memory]:
    """`get_memories`, but an id this project does not have is a NotFound naming it."""
    found = get_memories(conn, caps, ids)
    missing = sorted(set(ids) - {m.id for m in found})
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise NotFound(f"Unknown memory ids in this project: {shown}.",
                       detail={"missing": missing})
    return found


def type_counts(conn: sqlite3.Connection) -> list[Count]:
    rows = conn.execute(
        "SELECT type, count(*) FROM memories GROUP BY type ORDER BY count(*) DESC, type"
    )
    return [Count(name or "general", n) for name, n in rows]


def tag_counts(conn: sqlite3.Connection, caps: Capabilities, limit: int = 500) -> list[Count]:
    if "tags" not in caps.memory_columns:
        return []
    rows = conn.execute(
        "SELECT j.value, count(*) FROM memories m, json_each(m.tags) j "
        "WHERE json_valid(m.tags) AND json_type(m.tags) = 'array' "
        "GROUP BY j.value ORDER BY count(*) DESC, j.value LIMIT ?",
        [limit],
    )
    return [Count(str(name), n) for name, n in rows]


def memory_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM memories").fetchone()[0])


STOPWORDS = frozenset(
    "a about after all also an and any are as at be been but by can could did do does for "
    "from had has have how i if in into is it its me my no not of on or our over should so "
    "than that the their them then there these they this to was we were what when where "
    "which while who why will with would you your".split()
)


def question_words(text: str) -> list[str]:
    """The words of a question worth searching for (no stop words, no duplicates)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS and len(w) > 1))


def saved_sql(caps: Capabilities, alias: str = "m") -> str:
    """True for a memory the dashboard itself wrote (a saved chat or picture)."""
    if "tags" not in caps.memory_columns:
        return "0"
    return f"(coalesce(instr({alias}.tags, '\"{SAVED_TAG}\"'), 0) > 0)"


def relevant_memories(conn: sqlite3.Connection, caps: Capabilities, text: str,
                      limit: int = 8, *, include_saved: bool = False) -> list[Memory]:
    """The memories that best match any of the question's words (bm25), with snippets.
    The dashboard's own saved chats and pictures are left out, or with `include_saved`
    ranked below every first-hand memory: a saved answer is not a source."""
    words = question_words(text)
    if not words:
        return []
    if caps.has_fts:
        try:
            return _relevant_by_fts(conn, caps, words, limit, include_saved)
        except sqlite3.DatabaseError as exc:
            if not is_stale_index(exc):
                raise
    return _relevant_by_like(conn, caps, words, limit, include_saved)


def _relevant_by_fts(conn: sqlite3.Connection, caps: Capabilities, words: list[str],
                     limit: int, include_saved: bool) -> list[Memory]:
    # The best matches by bm25 alone (the index answers without touching the table), then
    # saved notes set aside; more are read only when too few first-hand ones remain.
    match = " OR ".join(f'"{word}"' for word in words)
    wanted = limit + 4
    while True:
        hits = conn.execute(
            f"SELECT rowid, snippet(memories_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) "
            "FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm25(memories_fts) LIMIT ?",
            [MARK_OPEN, MARK_CLOSE, match, wanted],
        ).fetchall()
        found = _rows_with_snippets(conn, caps, hits)
        first_hand = [m for m in found if SAVED_TAG not in m.tags]
        if len(first_hand) >= limit or len(hits) < wanted:
            break
        wanted *= 4
    saved = [m for m in found if SAVED_TAG in m.tags] if include_saved else []
    return (first_hand + saved)[:limit]


def _relevant_by_like(conn: sqlite3.Connection, caps: Capabilities, words: list[str],
                      limit: int, include_saved: bool = False) -> list[Memory]:
    condition = " OR ".join("m.content LIKE ? ESCAPE '\\'" for _ in words)
    saved = saved_sql(caps)
    rows = conn.execute(
        f"SELECT {saved} AS _saved, {select_list(caps)} FROM memories m WHERE ({condition})"
        f"{'' if include_saved else f' AND NOT {saved}'} LIMIT 1000",
        [like_pattern(w) for w in words],
    ).fetchall()
    scored = sorted(rows, key=lambda r: (r["_saved"], -sum(
        (r["content"] or "").lower().count(w) for w in words)))
    return [memory_from_row(r, like_snippet(r["content"] or "", words)) for r in scored[:limit]]
