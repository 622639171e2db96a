"""The Gemini emulator's answers, driven through the real google-genai SDK's async client."""

from __future__ import annotations

import asyncio
import time

import pytest
from google.genai import types
from google.genai.client import AsyncClient

from tests.fakes.gemini import (
    FLASH_IMAGE,
    PRO_IMAGE,
    PRO_PIXEL_TABLE,
    TEXT_FLASH,
    GeminiEmulator,
)
from tests.fakes.gemini.catalogue import EMULATOR_CHOSEN, chosen_pixel_size, is_published
from tests.fakes.gemini.pictures import render
from tests.fakes.gemini.testing import (
    final_image,
    final_parts,
    image_config,
    post,
    sdk_client,
)

sdk = pytest.fixture(sdk_client)


def image_tokens(response: types.GenerateContentResponse) -> list[int]:
    details = response.usage_metadata.candidates_tokens_details or []
    return [d.token_count for d in details if d.modality == "IMAGE"]


# --- sizes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "ratio", "size", "pixels"),
    [
        (PRO_IMAGE, "16:9", "1K", (1376, 768)),
        (PRO_IMAGE, "9:16", "2K", (1536, 2752)),
        (PRO_IMAGE, "21:9", "4K", (6336, 2688)),
        (FLASH_IMAGE, "4:3", "2K", (2400, 1792)),
        (FLASH_IMAGE, "3:2", "4K", (5056, 3392)),
    ],
)
async def test_final_image_has_the_published_pixel_size(
    sdk: AsyncClient, model: str, ratio: str, size: str, pixels: tuple[int, int]
) -> None:
    response = await sdk.models.generate_content(
        model=model, contents="A chart", config=image_config(ratio, size)
    )
    assert final_image(response).size == pixels


@pytest.mark.parametrize(("ratio", "size"), [("1:4", "1K"), ("8:1", "2K"), ("16:9", "512")])
async def test_unpublished_sizes_are_the_emulators_own_multiples_of_16(
    sdk: AsyncClient, ratio: str, size: str
) -> None:
    response = await sdk.models.generate_content(
        model=FLASH_IMAGE, contents="A banner", config=image_config(ratio, size)
    )
    width, height = final_image(response).size
    assert (width, height) == chosen_pixel_size(ratio, size)
    assert not is_published(ratio, size)
    assert width % 16 == 0
    assert height % 16 == 0


def test_the_512_size_is_about_a_quarter_megapixel() -> None:
    areas = [w * h for w, h in (chosen_pixel_size(r, "512") for r in PRO_PIXEL_TABLE)]
    assert all(240_000 < area < 290_000 for area in areas)
    assert "own choice" in EMULATOR_CHOSEN


async def test_without_image_config_the_image_is_square_1k(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="A chart")
    assert final_image(response).size == (1024, 1024)


# --- the default answer ------------------------------------------------------------------


async def test_pro_answers_one_signed_jpeg_part_and_no_text(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="A chart")
    parts = response.candidates[0].content.parts
    assert [(p.inline_data.mime_type, p.text) for p in parts] == [("image/jpeg", None)]
    assert len(parts[0].thought_signature) == 750_000


async def test_the_answer_is_a_real_jpeg(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
    picture = final_image(response)
    picture.load()
    assert picture.format == "JPEG"


async def test_each_answer_has_a_different_image(sdk: AsyncClient) -> None:
    answers = [await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
               for _ in range(2)]
    images = [final_image(a).tobytes() for a in answers]
    assert images[0] != images[1]


@pytest.mark.parametrize(
    ("model", "size", "tokens"),
    [(PRO_IMAGE, "1K", 1120), (PRO_IMAGE, "4K", 2000), (FLASH_IMAGE, "512", 747),
     (FLASH_IMAGE, "2K", 1680), (FLASH_IMAGE, "4K", 2520)],
)
async def test_usage_bills_the_models_image_tokens_for_the_size(
    sdk: AsyncClient, model: str, size: str, tokens: int
) -> None:
    response = await sdk.models.generate_content(
        model=model, contents="x", config=image_config("1:1", size)
    )
    assert image_tokens(response) == [tokens]


async def test_pro_usage_adds_up_with_thinking_tokens(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    usage = response.usage_metadata
    assert usage.thoughts_token_count > 0
    assert usage.total_token_count == (
        usage.prompt_token_count + usage.candidates_token_count + usage.thoughts_token_count
    )


async def test_usage_carries_service_tier_and_traffic_type(emulator: GeminiEmulator) -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}]}
    answer = (await post(emulator, FLASH_IMAGE, body)).json()
    usage = answer["usageMetadata"]
    assert (usage["serviceTier"], usage["trafficType"]) == ("standard", "ON_DEMAND")
    assert answer["modelVersion"] == FLASH_IMAGE
    assert answer["responseId"]


async def test_input_images_are_counted_at_the_models_rate(sdk: AsyncClient) -> None:
    picture = render("image/png", (64, 64), "in", 1).data
    contents = [types.Part.from_bytes(data=picture, mime_type="image/png"), "Edit"]
    counts = []
    for model in (PRO_IMAGE, FLASH_IMAGE):
        response = await sdk.models.generate_content(model=model, contents=contents)
        details = response.usage_metadata.prompt_tokens_details
        counts += [d.token_count for d in details if d.modality == "IMAGE"]
    assert counts == [560, 1120]


# --- other shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "layout"),
    [
        ("text_then_image", [("text", True), ("image/jpeg", True)]),
        ("png", [("image/png", True)]),
        ("webp", [("image/webp", True)]),
        ("two_images", [("image/jpeg", True), ("image/jpeg", True)]),
    ],
)
async def test_answer_shape_gives_that_layout_of_signed_parts(
    emulator: GeminiEmulator, sdk: AsyncClient, shape: str, layout: list[tuple[str, bool]]
) -> None:
    emulator.answer_shape(shape)
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    parts = final_parts(response)
    kinds = [(p.inline_data.mime_type if p.inline_data else "text", bool(p.thought_signature))
             for p in parts]
    assert kinds == layout


async def test_two_images_are_both_billed(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.answer_shape("two_images")
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert image_tokens(response) == [2240]


async def test_answer_shape_lasts_only_its_times(emulator: GeminiEmulator,
                                                 sdk: AsyncClient) -> None:
    emulator.answer_shape("png", times=1)
    formats = []
    for _ in range(2):
        response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
        formats.append(final_parts(response)[0].inline_data.mime_type)
    assert formats == ["image/png", "image/jpeg"]


async def test_no_image_shape_has_empty_content(emulator: GeminiEmulator,
                                                sdk: AsyncClient) -> None:
    emulator.answer_shape("no_image")
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
    assert response.candidates[0].finish_reason == "NO_IMAGE"
    assert not response.candidates[0].content.parts


async def test_no_image_next_answers_text_with_stop(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.no_image_next()
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
    assert response.candidates[0].finish_reason == "STOP"
    assert all(p.inline_data is None for p in response.candidates[0].content.parts)


async def test_image_modality_only_answers_without_text(sdk: AsyncClient) -> None:
    config = image_config(response_modalities=["IMAGE"])
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x", config=config)
    assert [p.text for p in final_parts(response)] == [None]


# --- thoughts ----------------------------------------------------------------------------------


async def test_thought_parts_come_only_when_asked(sdk: AsyncClient) -> None:
    asked = image_config(thinking_config=types.ThinkingConfig(include_thoughts=True))
    plain = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    thinking = await sdk.models.generate_content(model=PRO_IMAGE, contents="x", config=asked)
    assert not any(p.thought for p in plain.candidates[0].content.parts)
    shape = [(bool(p.thought), p.text is not None, p.thought_signature is not None)
             for p in thinking.candidates[0].content.parts]
    assert shape == [(True, True, False), (True, False, False), (True, False, False),
                     (False, False, True)]


@pytest.mark.parametrize("level", ["MINIMAL", "high", "High"])
async def test_flash_image_takes_a_thinking_level_in_any_case(
    sdk: AsyncClient, level: str
) -> None:
    config = image_config(thinking_config=types.ThinkingConfig(thinking_level=level))
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents="x", config=config)
    assert final_image(response).size == (1024, 1024)


# --- text models, search, concurrency, speed ------------------------------------------------

MEMORY_PROMPT = """Answer from these memories only.

[[Memory 1]] We chose SQLite in WAL mode for the dashboard state.

[[Memory 2]] The release is planned for March, with a Vue front end.

Question: Which database stores the dashboard state?"""


async def test_text_model_cites_the_matching_memory(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=TEXT_FLASH, contents=MEMORY_PROMPT)
    assert "According to [[Memory 1]]" in response.text
    assert "[[Memory 2]]" not in response.text


async def test_text_model_signs_its_whole_answer(sdk: AsyncClient) -> None:
    response = await sdk.models.generate_content(model=TEXT_FLASH, contents=MEMORY_PROMPT)
    parts = response.candidates[0].content.parts
    assert len(parts) == 1
    assert parts[0].thought_signature


async def test_search_grounding_works_on_both_image_models(sdk: AsyncClient) -> None:
    config = image_config(tools=[types.Tool(google_search=types.GoogleSearch())])
    for model in (PRO_IMAGE, FLASH_IMAGE):
        response = await sdk.models.generate_content(model=model, contents="Weather", config=config)
        grounding = response.candidates[0].grounding_metadata
        assert "<a" in grounding.search_entry_point.rendered_content
        assert grounding.grounding_chunks[0].web.uri.startswith("https://")
        assert response.usage_metadata.tool_use_prompt_token_count > 0


async def test_grounding_without_sources_has_no_chunks(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.grounding_without_sources()
    config = image_config(tools=[types.Tool(google_search=types.GoogleSearch())])
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="News", config=config)
    grounding = response.candidates[0].grounding_metadata
    assert grounding.web_search_queries
    assert not grounding.grounding_chunks


async def test_concurrent_requests_overlap(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.latency = 0.3
    await asyncio.gather(
        *(sdk.models.generate_content(model=FLASH_IMAGE, contents=f"x{i}") for i in range(4))
    )
    latest_start = max(r.started_at for r in emulator.requests)
    earliest_finish = min(r.finished_at for r in emulator.requests)
    assert len(emulator.requests) == 4
    assert latest_start < earliest_finish


def test_a_4k_jpeg_costs_little_once_its_base_is_cached() -> None:
    render("image/jpeg", (6336, 2688), "warm", 0)
    started = time.process_time()
    for number in range(5):
        render("image/jpeg", (6336, 2688), f"#{number}", number)
    assert (time.process_time() - started) / 5 < 0.1
