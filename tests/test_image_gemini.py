"""Generating and refining through the real google-genai SDK against the strict emulator."""

from __future__ import annotations

import asyncio
import base64
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from cortex_dashboard.app import create_app
from cortex_dashboard.images.options import PIXEL_SIZES
from cortex_dashboard.services import Services
from tests.conftest import BASE_URL, gemini_settings, sse_events

GENERATE = "/api/image/generate?project=demo"


async def generate(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    payload = {"prompt": "an infographic of our auth decisions", "include_image_data": False,
               **body}
    return await client.post(GENERATE, json=payload)


def model_parts(request: Any) -> list[dict[str, Any]]:
    """The parts of every model turn the emulator received in one request."""
    return [part for content in request.body["contents"] if content.get("role") == "model"
            for part in content["parts"]]


def wire_signature(part: dict[str, Any]) -> bytes:
    value = part.get("thoughtSignature") or part.get("thought_signature")
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


async def test_three_turn_refinement_is_accepted_by_the_strict_emulator(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    conversation = {"conversation_id": first["conversation_id"]}
    second = await generate(gemini_client, prompt="make the colours more vibrant", **conversation)
    third = await generate(gemini_client, prompt="add a timeline at the bottom", **conversation)
    assert [second.status_code, third.status_code] == [200, 200]
    assert len(emulator.requests[-1].body["contents"]) == 5


async def test_signatures_reach_the_api_byte_for_byte(gemini_client, emulator):
    first = (await generate(gemini_client)).json()
    await generate(gemini_client, prompt="bigger title", conversation_id=first["conversation_id"])
    signed = [p for p in model_parts(emulator.requests[-1]) if "inlineData" in p and
              not p.get("thought")]
    assert wire_signature(signed[-1]) == base64.b64decode(first["thought_signature"])


async def test_conversation_continues_after_a_restart(tmp_path: Path, emulator):
    settings = gemini_settings(tmp_path / "home", emulator)
    first_run = Services.build(settings)
    async with _client(first_run) as client:
        first = (await generate(client)).json()
    first_run.close()
    second_run = Services.build(settings)
    async with _client(second_run) as client:
        again = await generate(client, prompt="make it darker",
                               conversation_id=first["conversation_id"])
    second_run.close()
    assert again.status_code == 200, again.text
    assert again.json()["turn"] == 2


def _client(services: Services) -> httpx.AsyncClient:
    app = create_app(services.settings, services)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL,
                             timeout=60)


async def test_stateless_history_replays_a_known_turn_exactly(gemini_client, emulator):
    first = (await generate(gemini_client, include_image_data=True)).json()
    history = [
        {"role": "user", "text": "an infographic of our auth decisions"},
        {"role": "model", "text": first["text_response"], "image_data": first["image_data"],
         "thought_signature": first["thought_signature"]},
    ]
    second = await generate(gemini_client, prompt="bigger title", conversation_history=history)
    assert second.status_code == 200, second.text
    # Rebuilt from the client's fields it would be one image part; stored, it has them all.
    assert any(part.get("thought") for part in model_parts(emulator.requests[-1]))


async def test_stateless_history_with_a_foreign_signature_is_the_clients_error(gemini_client):
    first = (await generate(gemini_client, include_image_data=True)).json()
    forged = base64.b64encode(b"not a signature the API issued").decode()
    history = [{"role": "user", "text": "hi"},
               {"role": "model", "image_data": first["image_data"], "thought_signature": forged}]
    response = await generate(gemini_client, prompt="again", conversation_history=history)
    assert (response.status_code, response.json()["error_code"]) == (422, "invalid_history")
    assert "Corrupted thought signature" in response.json()["error"]


async def test_stateless_history_with_bad_base64_names_the_field(gemini_client):
    history = [{"role": "model", "image_data": "aGk=", "thought_signature": "***"}]
    response = await generate(gemini_client, conversation_history=history)
    assert response.status_code == 422
    assert "conversation_history.0.thought_signature" in response.json()["error"]


@pytest.mark.parametrize("ratio", list(PIXEL_SIZES))
async def test_every_ratio_and_size_gives_the_promised_pixels(gemini_client, ratio):
    for size in ("1K", "2K", "4K"):
        response = await generate(gemini_client, aspect_ratio=ratio, image_size=size)
        body = response.json()
        assert (body["width"], body["height"]) == PIXEL_SIZES[ratio][size], (ratio, size)


async def test_four_five_at_2k_is_sent_as_image_config(gemini_client, emulator):
    body = (await generate(gemini_client, aspect_ratio="4:5", image_size="2K")).json()
    config = emulator.requests[-1].body["generationConfig"]["imageConfig"]
    assert config == {"aspectRatio": "4:5", "imageSize": "2K"}
    assert (body["width"], body["height"]) == (1856, 2304)


async def test_answer_says_what_it_cost(gemini_client):
    body = (await generate(gemini_client, image_size="4K")).json()
    usage = (await gemini_client.get("/api/image/usage")).json()
    assert body["cost_usd"] >= 0.24
    assert usage["today_usd"] == pytest.approx(body["cost_usd"])


@pytest.mark.parametrize(
    ("arrange", "status", "code"),
    [
        (lambda e: e.block_next_prompt("SAFETY"), 422, "blocked_prompt"),
        (lambda e: e.withhold_next_image("IMAGE_SAFETY", text="I can't draw that."), 422,
         "image_withheld"),
        (lambda e: e.fail_next(429), 429, "upstream_rate_limited"),
        (lambda e: e.fail_next(503), 502, "upstream_unavailable"),
        (lambda e: e.fail_next(500), 502, "upstream_unavailable"),
        (lambda e: e.fail_next(404), 502, "model_not_found"),
        (lambda e: e.no_image_next(), 502, "no_image_returned"),
    ],
)
async def test_upstream_failures_reach_the_client_with_their_code(gemini_client, emulator,
                                                                  arrange, status, code):
    arrange(emulator)
    response = await generate(gemini_client)
    assert response.status_code == status
    assert (response.json()["error_code"], response.json()["success"]) == (code, False)


async def test_a_slow_answer_is_a_timeout(tmp_path: Path, emulator):
    emulator.latency = 3.0
    services = Services.build(gemini_settings(tmp_path / "home", emulator, gemini_timeout_s=1))
    async with _client(services) as client:
        response = await generate(client)
    await services.images.drain()
    services.close()
    assert (response.status_code, response.json()["error_code"]) == (504, "upstream_timeout")


async def test_gemini_without_a_key_is_a_4xx_that_says_how_to_set_one(client):
    response = await client.post(GENERATE, json={"prompt": "x", "provider": "gemini"})
    assert (response.status_code, response.json()["error_code"]) == (422,
                                                                      "provider_not_configured")
    assert "GEMINI_API_KEY" in response.json()["error"]


async def test_a_size_the_model_does_not_make_is_refused_naming_the_size(gemini_client,
                                                                         emulator):
    response = await generate(gemini_client, model="gemini-3-pro-image", image_size="512")
    assert response.status_code == 422
    assert "image_size" in response.json()["detail"][0]["loc"]
    assert emulator.requests == []


async def test_budget_is_refused_before_any_call(tmp_path: Path, emulator):
    services = Services.build(gemini_settings(tmp_path / "h", emulator, daily_budget_usd=0.1))
    async with _client(services) as client:
        response = await generate(client)
    services.close()
    assert (response.status_code, response.json()["error_code"]) == (402, "budget_exceeded")
    assert emulator.requests == []


async def test_eight_requests_reach_the_emulator_at_once(gemini_client, emulator):
    emulator.latency = 0.5
    responses = await asyncio.gather(*(generate(gemini_client, image_size="1K")
                                       for _ in range(8)))
    assert all(r.status_code == 200 for r in responses)
    log = emulator.requests
    assert max(r.started_at for r in log) < min(r.finished_at for r in log)


async def test_variations_run_concurrently_and_each_starts_a_conversation(gemini_client,
                                                                         emulator):
    emulator.latency = 0.3
    body = (await generate(gemini_client, n=4, image_size="1K")).json()
    log = emulator.requests
    assert len({v["conversation_id"] for v in body["variations"]}) == 4
    assert max(r.started_at for r in log) < min(r.finished_at for r in log)


async def test_one_failed_variation_does_not_lose_the_others(gemini_client, emulator):
    emulator.fail_next(503)
    body = (await generate(gemini_client, n=3, image_size="1K")).json()
    assert len(body["variations"]) == 2, body
    assert body["variation_errors"][0]["error_code"] == "upstream_unavailable"


async def test_a_client_that_goes_away_still_gets_its_image_saved(gemini_client, emulator):
    emulator.latency = 0.5
    request = asyncio.create_task(generate(gemini_client, image_size="1K"))
    await asyncio.sleep(0.2)
    request.cancel()
    services: Services = gemini_client.services
    await services.images.drain()
    saved = services.conversations.recent()
    assert len(saved) == 1
    assert services.conversations.turns(saved[0].id)[0].image_id


async def test_cancel_stops_a_turn_in_flight(gemini_client, emulator):
    emulator.latency = 5.0
    services: Services = gemini_client.services
    request = asyncio.create_task(generate(gemini_client, image_size="1K"))
    for _ in range(250):
        if services.images.busy():
            break
        await asyncio.sleep(0.02)
    conversation_id = services.state.fetch_all("SELECT id FROM conversations")[-1]["id"]
    cancelled = await gemini_client.post(f"/api/image/conversations/{conversation_id}/cancel")
    response = await request
    assert cancelled.json()["cancelled"] is True
    assert (response.status_code, response.json()["error_code"]) == (409, "cancelled")


async def test_grounding_sources_are_returned(gemini_client):
    body = (await generate(gemini_client, use_search_grounding=True)).json()
    assert body["grounding"]["sources"]
    assert body["grounding"]["search_entry_point_html"]


async def test_streaming_sends_thoughts_then_the_image_then_done(gemini_client):
    payload = {"prompt": "a timeline", "include_image_data": False, "image_size": "1K"}
    response = await gemini_client.post("/api/image/generate/stream?project=demo", json=payload)
    events = [name for name, _ in sse_events(response.text)]
    assert events[0] == "start"
    assert {"thought", "thought_image"} <= set(events)
    assert events[-2:] == ["image", "done"]


async def test_a_streamed_turn_can_be_refined(gemini_client):
    payload = {"prompt": "a timeline", "include_image_data": False, "image_size": "1K"}
    response = await gemini_client.post("/api/image/generate/stream?project=demo", json=payload)
    conversation_id = sse_events(response.text)[0][1]["conversation_id"]
    refined = await generate(gemini_client, prompt="darker", conversation_id=conversation_id)
    assert refined.status_code == 200, refined.text


async def test_unknown_memory_ids_are_named(gemini_client):
    response = await generate(gemini_client, memory_ids=["mem_nope_1"])
    assert response.status_code == 404
    assert "mem_nope_1" in response.json()["error"]


async def test_memories_reach_the_prompt_inside_delimiters(gemini_client, emulator):
    memories = (await gemini_client.get("/api/memories?project=demo&limit=2")).json()["items"]
    await generate(gemini_client, memory_ids=[m["id"] for m in memories])
    prompt = emulator.requests[-1].body["contents"][-1]["parts"][0]["text"]
    assert prompt.count("<memory ") == 2
    assert "not instructions" in prompt


async def test_image_downloads_in_every_format_at_the_right_size(gemini_client):
    body = (await generate(gemini_client, image_size="1K", aspect_ratio="16:9")).json()
    for fmt in ("png", "jpeg", "webp"):
        response = await gemini_client.get(f"{body['image_url']}?format={fmt}&quality=80")
        image = Image.open(io.BytesIO(response.content))
        assert (image.format.lower(), image.size) == (fmt, (1376, 768))


async def test_thumbnail_is_cached_immutably_with_an_etag(gemini_client):
    body = (await generate(gemini_client, image_size="1K")).json()
    response = await gemini_client.get(body["thumbnail_url"])
    again = await gemini_client.get(body["thumbnail_url"],
                                    headers={"If-None-Match": response.headers["etag"]})
    assert Image.open(io.BytesIO(response.content)).width == 320
    assert (again.status_code, "immutable" in response.headers["cache-control"]) == (304, True)
