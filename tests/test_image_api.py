"""Conversations, archives, save as memory, options and status."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

from tests.test_image_gemini import generate


async def test_conversations_are_listed_and_read_with_their_turns(gemini_client):
    first = (await generate(gemini_client, image_size="1K")).json()
    await generate(gemini_client, prompt="darker", conversation_id=first["conversation_id"])
    listed = (await gemini_client.get("/api/image/conversations?project=demo")).json()
    detail = (await gemini_client.get(f"/api/image/conversations/{first['conversation_id']}"))
    assert [c["turn_count"] for c in listed] == [2]
    assert [t["prompt"] for t in detail.json()["turns"]][1] == "darker"


async def test_a_cleared_conversation_cannot_be_continued(gemini_client):
    first = (await generate(gemini_client, image_size="1K")).json()
    await gemini_client.post("/api/image/clear-conversation",
                             json={"conversation_id": first["conversation_id"]})
    again = await generate(gemini_client, prompt="x", conversation_id=first["conversation_id"])
    assert (again.status_code, again.json()["error_code"]) == (422, "conversation_ended")


async def test_unknown_conversation_is_a_404(gemini_client):
    response = await generate(gemini_client, conversation_id="conv_nope")
    assert response.status_code == 404


async def test_archive_holds_every_image_and_a_manifest(gemini_client):
    first = (await generate(gemini_client, image_size="1K")).json()
    await generate(gemini_client, prompt="bigger", conversation_id=first["conversation_id"])
    response = await gemini_client.get(
        f"/api/image/conversations/{first['conversation_id']}/archive")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    # Nano Banana Pro answers in JPEG: the archive keeps the format it came in.
    assert sorted(archive.namelist()) == ["manifest.json", "turn-01.jpg", "turn-02.jpg"]
    assert [t["prompt"] for t in manifest["turns"]][1] == "bigger"


async def test_save_as_memory_writes_a_reference_with_an_attachment(gemini_client):
    body = (await generate(gemini_client, image_size="1K")).json()
    saved = (await gemini_client.post(
        f"/api/image/images/{body['image_id']}/save-as-memory?project=demo",
        json={"tags": ["auth"]})).json()
    db_path = gemini_client.services.projects.ensure_demo()
    conn = sqlite3.connect(db_path)
    memory = conn.execute("SELECT type, tags, context FROM memories WHERE id = ?",
                          [saved["memory_id"]]).fetchone()
    attachment = conn.execute("SELECT file_path, mime_type FROM attachments WHERE memory_id = ?",
                              [saved["memory_id"]]).fetchone()
    assert (memory[0], json.loads(memory[1])) == ("reference", ["image", "auth",
                                                                   "cortex-dashboard"])
    assert attachment[0].endswith(f"{body['image_id']}.jpg")
    assert attachment[1] == "image/jpeg"


async def test_options_list_every_model_with_ratios_sizes_and_prices(client):
    options = (await client.get("/api/image/options")).json()
    models = {m["id"]: m for m in options["models"]}
    assert models["gemini-3-pro-image"]["prices"]["4K"] == 0.24
    assert {"512", "1K", "2K", "4K"} == set(models["gemini-3.1-flash-image"]["sizes"])
    assert len(models["offline-renderer"]["ratios"]) == 10
    assert {p["id"] for p in options["presets"]} >= {"infographic", "timeline", "quote_card"}


async def test_options_give_only_published_pixel_sizes(client):
    models = {m["id"]: m for m in (await client.get("/api/image/options")).json()["models"]}
    flash = models["gemini-3.1-flash-image"]["pixel_sizes"]
    assert flash["16:9"]["2K"] == [2752, 1536]
    assert "1:4" not in flash
    assert "512" not in flash["1:1"]


async def test_status_says_which_provider_is_active(client, gemini_client):
    offline = (await client.get("/api/image/status")).json()
    online = (await gemini_client.get("/api/image/status")).json()
    assert (offline["provider"], offline["key_set"]) == ("local", False)
    assert (online["provider"], online["model"]) == ("gemini", "gemini-3-pro-image")


async def test_download_sets_an_attachment_filename(gemini_client):
    body = (await generate(gemini_client, image_size="1K")).json()
    response = await gemini_client.get(f"{body['image_url']}?format=jpeg&download=1")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert ".jpg" in response.headers["content-disposition"]


async def test_a_turn_records_the_layout_the_offline_renderer_drew(client):
    body = (await client.post("/api/image/generate?project=demo", json={
        "prompt": "our launch, as a timeline in 9:16", "preset": "infographic",
        "aspect_ratio": "16:9", "image_size": "1K", "include_image_data": False})).json()
    turn = (await client.get(f"/api/image/conversations/{body['conversation_id']}")).json()
    assert (turn["turns"][0]["preset"], turn["turns"][0]["aspect_ratio"]) == ("timeline", "9:16")
    assert (body["width"], body["height"]) == (768, 1376)
