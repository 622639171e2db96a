"""Today's Gemini through the product: current ids, retired aliases, discovery and the real
answer shapes, each sent by the emulator over HTTP with the real SDK in between."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from cortex_dashboard.services import Services
from tests.conftest import gemini_settings, post_events

GENERATE = "/api/image/generate?project=demo"
STREAM = "/api/image/generate/stream?project=demo"

# Google's published prices (USD per million tokens), kept here and not read from the
# product, so a wrong catalogue entry fails these tests.
GOOGLE_PRICES = {
    "gemini-3-pro-image": {"input": 2.0, "text": 12.0, "image": 120.0},
    "gemini-3.1-flash-image": {"input": 0.50, "text": 3.0, "image": 60.0},
}


def google_price(model: str, usage: dict[str, Any]) -> float:
    """What Google bills for an answer's usageMetadata."""
    price = GOOGLE_PRICES[model]
    details = {d["modality"]: d["tokenCount"] for d in usage.get("candidatesTokensDetails", [])}
    image = details.get("IMAGE", 0)
    text = usage.get("candidatesTokenCount", 0) - image + usage.get("thoughtsTokenCount", 0)
    prompt = usage.get("promptTokenCount", 0) + usage.get("toolUsePromptTokenCount", 0)
    return (prompt * price["input"] + text * price["text"] + image * price["image"]) / 1e6


async def generate(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    payload = {"prompt": "an infographic of our auth decisions", "include_image_data": False,
               "image_size": "1K", **body}
    return await client.post(GENERATE, json=payload)


async def stream(client: httpx.AsyncClient, **body: Any) -> list[tuple[str, dict[str, Any]]]:
    return await post_events(client, STREAM, {
        "prompt": "a timeline of our decisions", "include_image_data": False,
        "image_size": "1K", **body})


def config_value(config: dict[str, Any], name: str) -> Any:
    """A config field as sent, in either spelling (the API takes both; the SDK sends
    thinkingConfig's fields in snake_case)."""
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return config.get(name, config.get(snake))


def ledger_total(services: Services) -> float:
    row = services.state.fetch_one("SELECT coalesce(sum(cost_usd), 0) FROM usage_ledger")
    assert row is not None
    return float(row[0])


async def image_bytes(client: httpx.AsyncClient, url: str) -> bytes:
    return (await client.get(url)).content


# --- the answer shapes of today -----------------------------------------------------------

async def test_a_single_signed_jpeg_part_is_kept_as_a_jpeg(gemini_client, emulator):
    body = (await generate(gemini_client)).json()
    data = await image_bytes(gemini_client, body["image_url"])
    assert (body["mime_type"], body["text_response"]) == ("image/jpeg", "")
    assert data[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(data)).format == "JPEG"


@pytest.mark.parametrize(("shape", "mime", "pil_format"), [
    ("png", "image/png", "PNG"), ("webp", "image/webp", "WEBP")])
async def test_png_and_webp_answers_keep_their_format(gemini_client, emulator, shape, mime,
                                                      pil_format):
    emulator.answer_shape(shape)
    body = (await generate(gemini_client)).json()
    data = await image_bytes(gemini_client, body["image_url"])
    assert body["mime_type"] == mime
    assert Image.open(io.BytesIO(data)).format == pil_format


async def test_every_final_image_of_an_answer_is_kept_and_billed(gemini_client, emulator):
    emulator.answer_shape("two_images")
    body = (await generate(gemini_client)).json()
    assert len({image["image_id"] for image in body["images"]}) == 2
    assert body["usage"]["image_output_tokens"] == 2 * 1120


async def test_a_streamed_turn_ending_in_an_empty_text_and_a_usage_chunk_can_be_refined(
        gemini_client, emulator):
    events = await stream(gemini_client)
    image = next(data for name, data in events if name == "image")
    again = await generate(gemini_client, prompt="bigger title",
                           conversation_id=image["conversation_id"])
    assert again.status_code == 200, again.text
    sent = emulator.requests[-1].parts(role="model")
    assert not any(p.kind == "text" and p.text == "" and not p.signature for p in sent)


async def test_a_streamed_answer_is_billed_from_its_last_usage(gemini_client, emulator):
    events = await stream(gemini_client)
    image = next(data for name, data in events if name == "image")
    billed = google_price("gemini-3-pro-image", emulator.requests[-1].answer_usage)
    assert image["cost_usd"] == pytest.approx(billed, abs=0.005)
    assert ledger_total(gemini_client.services) == pytest.approx(billed, abs=0.005)


@pytest.mark.parametrize("model", ["gemini-3-pro-image", "gemini-3.1-flash-image"])
async def test_the_ledger_equals_googles_price_to_the_cent(gemini_client, emulator, model):
    emulator.answer_shape("two_images")
    await generate(gemini_client, model=model, use_search_grounding=True)
    billed = google_price(model, emulator.requests[-1].answer_usage)
    assert ledger_total(gemini_client.services) == pytest.approx(billed, abs=0.005)


async def test_a_withheld_image_says_why_that_it_is_not_charged_and_to_rephrase(
        gemini_client, emulator):
    emulator.withhold_next_image("IMAGE_SAFETY")
    response = await generate(gemini_client)
    error = response.json()
    assert (response.status_code, error["error_code"]) == (422, "image_withheld")
    assert "safety" in error["error"]
    assert "not charged" in error["error"]
    assert "rephrase" in error["error"]


async def test_a_quota_of_zero_is_not_retried_and_points_at_billing(gemini_dashboard, emulator):
    client = gemini_dashboard(gemini_attempts=3)
    emulator.quota_exhausted_next("free_tier_zero", times=None)
    response = await generate(client)
    assert (response.status_code, response.json()["error_code"]) == (403, "quota_unavailable")
    assert "billing" in response.json()["error"]
    assert len(emulator.requests) == 1


async def test_other_429s_say_when_to_try_again(gemini_client, emulator):
    emulator.quota_exhausted_next("rate", retry_delay=23)
    response = await generate(gemini_client)
    assert (response.status_code, response.headers["retry-after"]) == (429, "23")
    assert "23 s" in response.json()["error"]


async def test_thoughts_are_asked_for_and_stay_on_the_turn(gemini_client, emulator):
    body = (await generate(gemini_client)).json()
    config = emulator.requests[-1].generation_config()
    turn = (await gemini_client.get(
        f"/api/image/conversations/{body['conversation_id']}")).json()["turns"][0]
    assert config_value(config["thinkingConfig"], "includeThoughts") is True
    assert {t["kind"] for t in turn["thoughts"]} == {"text", "image"}


async def test_nano_banana_2_takes_its_own_sizes_ratios_and_thinking_level(gemini_client,
                                                                           emulator):
    response = await generate(gemini_client, model="gemini-3.1-flash-image", image_size="512",
                              aspect_ratio="1:4", thinking_level="minimal")
    body = response.json()
    config = emulator.requests[-1].generation_config()
    assert response.status_code == 200, response.text
    assert config_value(config["thinkingConfig"], "thinkingLevel") == "MINIMAL"
    assert body["height"] > 3 * body["width"]


async def test_the_size_of_an_unpublished_shape_is_read_from_the_picture(gemini_client,
                                                                         emulator):
    body = (await generate(gemini_client, model="gemini-3.1-flash-image", image_size="512",
                           aspect_ratio="8:1")).json()
    data = await image_bytes(gemini_client, body["image_url"])
    assert (body["width"], body["height"]) == Image.open(io.BytesIO(data)).size


async def test_a_ten_turn_2k_conversation_with_real_size_signatures_is_accepted(
        gemini_client, emulator):
    first = (await generate(gemini_client, image_size="2K")).json()
    sizes = [first["request_bytes"]]
    for number in range(2, 11):
        response = await generate(gemini_client, prompt=f"refinement {number}",
                                  conversation_id=first["conversation_id"], image_size="2K")
        assert response.status_code == 200, response.text
        sizes.append(response.json()["request_bytes"])
    assert all(0 < size < 100_000_000 for size in sizes)
    assert emulator.requests[-1].size_bytes == pytest.approx(sizes[-1], rel=0.02)
    assert len(emulator.requests[-1].signatures()) >= 9


# --- model ids: retired ones as aliases, unknown ones refused -----------------------------

async def test_a_retired_id_in_the_settings_still_works_and_the_answer_says_so(gemini_dashboard,
                                                                               emulator):
    client = gemini_dashboard(image_model="gemini-3-pro-image-preview",
                        chat_model="gemini-2.5-flash")
    body = (await generate(client)).json()
    chat = (await client.post("/api/chat?project=demo", json={"question": "auth?"})).json()
    assert emulator.requests[0].model == "gemini-3-pro-image"
    assert "gemini-3-pro-image-preview was retired on 2026-06-25" in " ".join(body["notices"])
    assert chat["model"] == "gemini-3.5-flash"


@pytest.mark.parametrize(("asked", "used"), [
    ("gemini-3-pro-image-preview", "gemini-3-pro-image"),
    ("gemini-2.5-flash-image", "gemini-3.1-flash-image"),
    ("gemini-3.1-flash-image-preview", "gemini-3.1-flash-image"),
])
async def test_a_retired_id_in_a_request_means_its_successor(gemini_client, emulator, asked,
                                                             used):
    body = (await generate(gemini_client, model=asked)).json()
    assert (emulator.requests[-1].model, body["model"]) == (used, used)
    assert len(body["notices"]) == 1


async def test_a_stored_conversation_on_a_retired_model_continues_on_its_successor(
        gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    state: Any = gemini_client.services.state
    state.execute("UPDATE conversations SET model = 'gemini-3-pro-image-preview' WHERE id = ?",
                  [first["conversation_id"]])
    again = await generate(gemini_client, prompt="darker",
                           conversation_id=first["conversation_id"])
    assert again.status_code == 200, again.text
    assert emulator.requests[-1].model == "gemini-3-pro-image"


async def test_an_unknown_model_is_a_422_naming_the_field(gemini_client, emulator):
    response = await generate(gemini_client, model="gemini-9-ultra-image")
    assert (response.status_code, response.json()["error_code"]) == (422, "unknown_model")
    assert response.json()["detail"][0]["loc"] == ["model"]
    assert emulator.requests == []


def test_an_unknown_model_in_the_settings_stops_the_start_with_a_sentence(tmp_path: Path,
                                                                         emulator):
    with pytest.raises(ValueError, match="CORTEX_DASHBOARD_IMAGE_MODEL: Unknown image model"):
        gemini_settings(tmp_path, emulator, image_model="gemini-9-ultra-image")


# --- discovery: which models this key may use ---------------------------------------------

async def test_a_key_without_the_default_model_falls_back_to_the_best_one_with_a_notice(
        gemini_client, emulator):
    emulator.limit_models({"gemini-3.1-flash-image", "gemini-3.5-flash"})
    options = (await gemini_client.get("/api/image/options?refresh=true")).json()
    body = (await generate(gemini_client)).json()
    available = {m["id"]: m["available"] for m in options["models"]}
    assert (available["gemini-3-pro-image"], available["gemini-3.1-flash-image"]) == (False,
                                                                                      True)
    assert options["default_model"] == body["model"] == "gemini-3.1-flash-image"
    assert "not available to this API key" in " ".join(body["notices"])


async def test_chat_status_shows_which_chat_models_the_key_may_use(gemini_client, emulator):
    emulator.limit_models({"gemini-3-pro-image", "gemini-3.5-flash"})
    status = (await gemini_client.get("/api/chat/status?refresh=true")).json()
    available = {m["id"]: m["available"] for m in status["models"]}
    assert (available["gemini-3.5-flash"], available["gemini-3.8-flash"]) == (True, False)


async def test_a_404_from_a_call_names_the_model_and_what_to_use_instead(gemini_client,
                                                                         emulator):
    emulator.limit_models({"gemini-3.1-flash-image"}, refusal="not_found")
    response = await generate(gemini_client, model="gemini-3-pro-image")
    error = response.json()
    assert (response.status_code, error["error_code"]) == (502, "model_not_found")
    assert "gemini-3-pro-image" in error["error"]
    assert "Use gemini-3.1-flash-image instead" in error["error"]


# --- real captured answers, run through the product ----------------------------------------

@pytest.mark.parametrize(("fixture", "status", "code"), [
    ("nb2-image", 200, None),
    ("pro-image-safety", 422, "image_withheld"),
    ("nb2-image-other", 422, "image_withheld"),
    ("nb2-no-image", 422, "image_withheld"),
    ("nb2-prompt-blocked", 422, "blocked_prompt"),
    ("error-404-unknown-model", 502, "model_not_found"),
    ("error-429-free-tier-limit-0", 403, "quota_unavailable"),
    ("error-429-retry-info", 429, "upstream_rate_limited"),
    ("error-400-bad-key", 502, "invalid_api_key"),
])
async def test_every_captured_answer_gets_a_picture_or_a_sentence(gemini_client, emulator,
                                                                  fixture, status, code):
    emulator.serve_fixture(fixture)
    response = await generate(gemini_client, model="gemini-3.1-flash-image")
    assert response.status_code == status, response.text
    assert response.json().get("error_code") == code


@pytest.mark.parametrize("fixture", ["pro-image-stream", "usage-only"])
async def test_every_captured_stream_gets_a_picture_or_a_sentence(gemini_client, emulator,
                                                                  fixture):
    emulator.serve_fixture(fixture)
    events = await stream(gemini_client)
    names = [name for name, _ in events]
    assert names[0] == "start"
    assert names[-1] in ("done", "error")
    if names[-1] == "done":
        image = next(data for name, data in events if name == "image")
        assert image["width"] > 0


async def test_a_captured_signed_text_stream_answers_ask_ai(gemini_client, emulator):
    emulator.serve_fixture("text-stream-signed-empty-tail")
    response = await gemini_client.post("/api/chat?project=demo", json={"question": "auth?"})
    assert response.status_code == 200, response.text
    assert response.json()["answer"]


def test_the_emulator_is_independent_of_the_product():
    fakes = Path(__file__).parent / "fakes"
    sources = "\n".join(p.read_text() for p in fakes.rglob("*.py"))
    assert "cortex_dashboard" not in sources


def test_a_state_database_of_version_one_is_upgraded_in_place(tmp_path: Path, emulator):
    path = tmp_path / "home" / "state.db"
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE turns (conversation_id TEXT, turn INTEGER, prompt TEXT, memory_ids TEXT,
          settings TEXT, history TEXT, image_id TEXT, text TEXT, usage TEXT, cost_usd REAL,
          grounding TEXT, context TEXT, signature BLOB, created_at TEXT,
          PRIMARY KEY (conversation_id, turn));
        INSERT INTO turns VALUES ('c', 1, 'p', '[]', '{}', '[]', 'i', '', '{}', 0, NULL, NULL,
          x'0102', 't');
        PRAGMA user_version = 1;""")
    conn.close()
    services = Services.build(gemini_settings(tmp_path / "home", emulator))
    assert services.conversations.find_signature(b"\x01\x02") == ("c", 1)
    services.close()
