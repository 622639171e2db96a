"""The memories API over HTTP: list, filter, sort, page, search, one memory, types, tags."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from cortex_dashboard.services import Services
from tests.conftest import SAMPLE_MEMORIES, build_memory_db
from tests.fixtures import HOSTILE_SEARCHES, build_old_db

A, B, C, D, E = (m["memory_id"] for m in SAMPLE_MEMORIES)


@pytest.fixture
def project(services: Services, memory_db: Path) -> str:
    """The id of a registered project holding the five sample memories."""
    return services.projects.add(memory_db).id


async def get_json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def item_ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


async def test_list_returns_newest_first_with_the_total(client: httpx.AsyncClient,
                                                         project: str) -> None:
    body = await get_json(client, "/api/memories", project=project)
    assert item_ids(body) == [E, D, C, B, A]
    assert (body["total"], body["limit"], body["offset"]) == (5, 50, 0)


async def test_list_items_carry_every_memory_field(client: httpx.AsyncClient,
                                                   project: str) -> None:
    body = await get_json(client, "/api/memories", project=project, type="decision")
    item = body["items"][0]
    assert item["tags"] == ["auth", "api"]
    assert (item["importance_score"], item["status"], item["snippet"]) == (90.0, "fresh", None)


@pytest.mark.parametrize(("params", "expected"), [
    ({"type": "error"}, [B]),
    ({"tag": "postgres"}, [C, B]),
    ({"status": "outdated"}, [D]),
    ({"type": "solution", "tag": "pgbouncer"}, [C]),
    ({"sort": "importance"}, [A, C, B, D, E]),
    ({"limit": 2, "offset": 2}, [C, B]),
    ({"type": ""}, [E, D, C, B, A]),
])
async def test_list_parameters_filter_sort_and_page(client: httpx.AsyncClient, project: str,
                                                    params: dict[str, Any],
                                                    expected: list[str]) -> None:
    body = await get_json(client, "/api/memories", project=project, **params)
    assert item_ids(body) == expected


async def test_a_page_past_the_end_is_empty_but_keeps_the_total(client: httpx.AsyncClient,
                                                                 project: str) -> None:
    body = await get_json(client, "/api/memories", project=project, offset=50)
    assert (body["items"], body["total"]) == ([], 5)


async def test_search_ranks_and_highlights(client: httpx.AsyncClient, project: str) -> None:
    body = await get_json(client, "/api/memories", project=project, q="pgbouncer")
    assert (item_ids(body), body["total"]) == ([C], 1)
    assert "<mark>PgBouncer</mark>" in body["items"][0]["snippet"]


async def test_search_snippet_escapes_script_tags(client: httpx.AsyncClient,
                                                  services: Services, tmp_path: Path) -> None:
    path = build_memory_db(tmp_path / "xss.db", [
        {"memory_id": "x", "content": "Paste <script>fetch('/steal')</script> into the wiki"}])
    project = services.projects.add(path).id
    body = await get_json(client, "/api/memories", project=project, q="wiki")
    snippet = body["items"][0]["snippet"]
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet


@pytest.mark.parametrize("q", HOSTILE_SEARCHES)
async def test_hostile_search_text_is_answered_not_failed(client: httpx.AsyncClient,
                                                          project: str, q: str) -> None:
    response = await client.get("/api/memories", params={"project": project, "q": q[:500]})
    assert response.status_code == 200
    assert set(response.json()) == {"items", "total", "limit", "offset", "notice"}


async def test_whitespace_search_lists_instead(client: httpx.AsyncClient, project: str) -> None:
    body = await get_json(client, "/api/memories", project=project, q="   ")
    assert body["total"] == 5


async def test_old_database_is_searched_with_like(client: httpx.AsyncClient,
                                                  services: Services, tmp_path: Path) -> None:
    project = services.projects.add(build_old_db(tmp_path / "old.db")).id
    body = await get_json(client, "/api/memories", project=project, q="docker")
    assert item_ids(body) == ["mem_old_3"]
    assert "<mark>Docker</mark>" in body["items"][0]["snippet"]


async def test_one_memory_by_id(client: httpx.AsyncClient, project: str) -> None:
    body = await get_json(client, f"/api/memories/{B}", project=project)
    assert (body["id"], body["status"]) == (B, "needs_review")


async def test_unknown_memory_id_is_404(client: httpx.AsyncClient, project: str) -> None:
    response = await client.get("/api/memories/mem_nope", params={"project": project})
    assert response.status_code == 404
    assert "mem_nope" in response.json()["error"]


async def test_types_count_each_type(client: httpx.AsyncClient, project: str) -> None:
    body = await get_json(client, "/api/types", project=project)
    assert {t["name"]: t["count"] for t in body} == {
        "decision": 1, "error": 1, "insight": 1, "solution": 1, "todo": 1}


async def test_tags_count_each_tag_largest_first(client: httpx.AsyncClient,
                                                 project: str) -> None:
    body = await get_json(client, "/api/tags", project=project)
    assert body[0] == {"name": "postgres", "count": 2}
    assert len(body) == 5


async def test_without_a_project_the_first_known_one_is_used(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/memories", limit=1)
    assert body["total"] > 5
    assert len(body["items"]) == 1


@pytest.mark.parametrize("which", ["file", "folder"])
async def test_db_path_of_a_known_project_is_accepted(client: httpx.AsyncClient, project: str,
                                                      memory_db: Path, which: str) -> None:
    db_path = memory_db if which == "file" else memory_db.parent.parent
    body = await get_json(client, "/api/memories", db_path=str(db_path))
    assert body["total"] == 5


async def test_a_memory_written_meanwhile_is_listed(client: httpx.AsyncClient, project: str,
                                                    memory_db: Path) -> None:
    await get_json(client, "/api/memories", project=project)
    conn = sqlite3.connect(memory_db)
    with conn:
        conn.execute("INSERT INTO memories (id, content, created_at, updated_at, last_accessed)"
                     " VALUES ('late', 'Added by the MCP server', '2027-01-01', '2027-01-01',"
                     " '2027-01-01')")
    conn.close()
    body = await get_json(client, "/api/memories", project=project, q="mcp server")
    assert item_ids(body) == ["late"]


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"offset": -1}, "offset"),
    ({"sort": "random"}, "sort"), ({"q": "x" * 501}, "q"),
])
async def test_invalid_parameters_are_422_naming_the_field(client: httpx.AsyncClient,
                                                           project: str, params: dict[str, Any],
                                                           field: str) -> None:
    response = await client.get("/api/memories", params={"project": project, **params})
    assert response.status_code == 422
    assert f"query.{field}" in response.json()["error"]
