"""Every error has one JSON shape: `{success: false, error: <sentence>, error_code: <word>}`
(and `detail` for validation errors, which name the field)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from cortex_dashboard.api.errors import error_body
from cortex_dashboard.services import Services
from tests.conftest import BASE_URL, build_memory_db

ERRORS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/api/memories/mem_missing", {}, 404, "not_found"),
    ("GET", "/api/memories", {"params": {"project": "nope"}}, 404, "not_found"),
    ("GET", "/api/no-such-endpoint", {}, 404, "not_found"),
    ("DELETE", "/api/projects", {}, 405, "method_not_allowed"),
    ("GET", "/api/memories", {"params": {"db_path": "/etc/passwd"}}, 403, "forbidden"),
    ("GET", "/api/memories", {"params": {"limit": "many"}}, 422, "validation_error"),
    ("GET", "/api/projects", {"headers": {"Host": "evil.com"}}, 403, "forbidden_host"),
    ("POST", "/api/memories", {"headers": {"Origin": "https://evil.com"}}, 403,
     "forbidden_origin"),
]


@pytest.fixture
async def lenient_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that receives the 500 response instead of the app's exception."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


def assert_error_shape(body: dict[str, Any], code: str) -> None:
    assert (body["success"], body["error_code"]) == (False, code)
    assert len(str(body["error"]).split()) >= 3, "error is a sentence for people, not a code"
    assert set(body) <= {"success", "error", "error_code", "detail"}


@pytest.mark.parametrize(("method", "url", "options", "status", "code"), ERRORS)
async def test_errors_have_one_shape(client: httpx.AsyncClient, method: str, url: str,
                                     options: dict[str, Any], status: int, code: str) -> None:
    response = await client.request(method, url, **options)
    assert response.status_code == status
    assert_error_shape(response.json(), code)


async def test_validation_error_names_the_field_in_sentence_and_detail(
        client: httpx.AsyncClient) -> None:
    response = await client.get("/api/memories", params={"limit": 0})
    body = response.json()
    assert body["error"].startswith("Invalid request: query.limit:")
    assert [error["loc"] for error in body["detail"]] == [["query", "limit"]]


async def test_a_database_that_stopped_being_one_is_422(client: httpx.AsyncClient,
                                                        services: Services,
                                                        tmp_path: Path) -> None:
    path = build_memory_db(tmp_path / "gone.db")
    project = services.projects.add(path).id
    path.unlink()
    response = await client.get("/api/memories", params={"project": project})
    assert response.status_code == 422
    assert_error_shape(response.json(), "not_a_memory_database")


async def test_an_unexpected_failure_is_500_without_internals(
        lenient_client: httpx.AsyncClient, services: Services, tmp_path: Path) -> None:
    path = build_memory_db(tmp_path / "dropped.db")
    project = services.projects.add(path).id
    await lenient_client.get("/api/types", params={"project": project})
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE memories")
    conn.close()
    response = await lenient_client.get("/api/types", params={"project": project})
    assert response.status_code == 500
    assert_error_shape(response.json(), "internal_error")
    assert "memories" not in response.json()["error"]


def test_error_body_leaves_out_an_empty_detail() -> None:
    assert error_body("Gone.", "not_found") == {
        "success": False, "error": "Gone.", "error_code": "not_found"}
