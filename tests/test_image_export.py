"""Images leaving the dashboard: a saved picture reads as a note naming who really drew
it, and a ZIP archive with a missing image is written anyway and never left behind."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from cortex_dashboard.services import Services
from tests.conftest import SAMPLE_MEMORIES

COOKIES, POOL_ERROR = (m["memory_id"] for m in SAMPLE_MEMORIES[:2])


@pytest.fixture
def project(services: Services, memory_db: Path) -> str:
    return services.projects.add(memory_db).id


async def draw_offline(client: httpx.AsyncClient, project: str, **body: Any) -> dict[str, Any]:
    payload = {"prompt": "an infographic of our auth decisions", "provider": "local",
               "memory_ids": [COOKIES, POOL_ERROR], "image_size": "1K",
               "include_image_data": False, **body}
    response = await client.post(f"/api/image/generate?project={project}", json=payload)
    assert response.status_code == 200, response.text
    return response.json()


async def saved_picture(client: httpx.AsyncClient, project: str, memory_db: Path
                        ) -> sqlite3.Row:
    image = await draw_offline(client, project)
    saved = await client.post(
        f"/api/image/images/{image['image_id']}/save-as-memory?project={project}", json={})
    conn = sqlite3.connect(memory_db)
    conn.row_factory = sqlite3.Row
    return conn.execute("SELECT * FROM memories WHERE id = ?",
                        [saved.json()["memory_id"]]).fetchone()


async def test_an_offline_picture_is_saved_as_drawn_by_the_offline_renderer(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    row = await saved_picture(client, project, memory_db)
    assert "drawn by the dashboard's offline renderer (offline-renderer)" in row["content"]
    assert "gemini" not in row["content"].lower()


async def test_a_saved_picture_reads_as_a_note_with_its_memories_and_link(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    row = await saved_picture(client, project, memory_db)
    assert row["content"].startswith(
        "Picture: an infographic of our auth decisions\nAn infographic (")
    assert f"(decision, {COOKIES})" in row["content"]
    assert "Image: /api/image/images/" in row["content"]


async def test_a_saved_pictures_text_is_no_json_and_its_facts_are_metadata(
        client: httpx.AsyncClient, project: str, memory_db: Path) -> None:
    row = await saved_picture(client, project, memory_db)
    assert "{" not in row["content"] + row["context"]
    assert json.loads(row["metadata"])["provider"] == "local"


# --- item 14: the archive ------------------------------------------------------------

async def test_an_archive_with_a_missing_image_lists_it_and_leaves_no_temp_file(
        client: httpx.AsyncClient, project: str, services: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = await draw_offline(client, project)
    await draw_offline(client, project, prompt="dark theme",
                       conversation_id=first["conversation_id"])
    turn = services.conversations.turns(first["conversation_id"])[0]
    services.image_store.locate(turn.image_id, turn.mime_type).unlink()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    response = await client.get(f"/api/image/conversations/{first['conversation_id']}/archive")
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("manifest.json"))
    assert [t["file"] for t in manifest["turns"]] == [None, "turn-02.png"]
    assert list((tmp_path / "tmp").iterdir()) == []
