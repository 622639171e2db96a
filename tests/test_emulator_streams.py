"""Streamed answers (``:streamGenerateContent?alt=sse``), as live captures show them."""

from __future__ import annotations

import time

import pytest
from google.genai import types
from google.genai.client import AsyncClient

from tests.fakes.gemini import FLASH_IMAGE, PRO_IMAGE, TEXT_FLASH, GeminiEmulator
from tests.fakes.gemini.testing import image_config, post, sdk_client

sdk = pytest.fixture(sdk_client)


async def chunks(sdk: AsyncClient, model: str, contents: str = "x",
                 config: types.GenerateContentConfig | None = None
                 ) -> list[types.GenerateContentResponse]:
    stream = await sdk.models.generate_content_stream(model=model, contents=contents,
                                                      config=config)
    return [chunk async for chunk in stream]


def layout(chunk: types.GenerateContentResponse) -> tuple[object, ...]:
    """(kind of each part, signed?, finishReason) of a chunk; "usage" for a usage-only one."""
    if not chunk.candidates:
        return ("usage",)
    candidate = chunk.candidates[0]
    parts = tuple(
        ("thought" if p.thought else "image" if p.inline_data else f"text:{p.text!r}"
         if p.text == "" else "text", bool(p.thought_signature))
        for p in (candidate.content.parts or [])
    )
    return (*parts, candidate.finish_reason)


async def test_an_image_stream_has_image_then_empty_text_stop_then_usage(
    sdk: AsyncClient,
) -> None:
    found = [layout(chunk) for chunk in await chunks(sdk, PRO_IMAGE)]
    assert found == [
        (("image", True), None),
        (("text:''", False), "STOP"),
        ("usage",),
    ]


async def test_the_usage_only_chunk_has_the_full_usage(sdk: AsyncClient) -> None:
    last = (await chunks(sdk, PRO_IMAGE, config=image_config("1:1", "4K")))[-1]
    details = last.usage_metadata.candidates_tokens_details
    assert [d.token_count for d in details] == [2000]
    assert last.candidates is None


async def test_usage_only_chunk_can_be_turned_off(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.usage_only_chunk = False
    found = [layout(chunk) for chunk in await chunks(sdk, FLASH_IMAGE)]
    assert found[-1] == (("text:''", False), "STOP")


async def test_thought_chunks_come_first_when_asked(sdk: AsyncClient) -> None:
    config = image_config(thinking_config=types.ThinkingConfig(include_thoughts=True))
    found = [layout(chunk) for chunk in await chunks(sdk, PRO_IMAGE, config=config)]
    assert found[:4] == [
        (("thought", False), None),
        (("thought", False), None),
        (("thought", False), None),
        (("image", True), None),
    ]


async def test_text_then_image_streams_each_signed_part_in_its_chunk(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.answer_shape("text_then_image")
    found = [layout(chunk) for chunk in await chunks(sdk, PRO_IMAGE)]
    assert found[:2] == [(("text", True), None), (("image", True), None)]


async def test_a_text_model_streams_text_then_signs_an_empty_last_part(
    sdk: AsyncClient,
) -> None:
    found = [layout(chunk) for chunk in await chunks(sdk, TEXT_FLASH, "Tell me more")]
    assert set(found[:-1]) == {(("text", False), None)}
    assert found[-1] == (("text:''", True), "STOP")


async def test_streamed_text_joins_to_the_whole_answer(sdk: AsyncClient) -> None:
    whole = await sdk.models.generate_content(model=TEXT_FLASH, contents="Tell me more")
    pieces = await chunks(sdk, TEXT_FLASH, "Tell me more")
    assert len(pieces) >= 3
    assert "".join(chunk.text or "" for chunk in pieces) == whole.text


async def test_a_withheld_image_streams_empty_content_and_its_finish_message(
    emulator: GeminiEmulator,
) -> None:
    # Read raw: google-genai 3.6.1 drops finishMessage when it parses a Gemini API answer.
    emulator.withhold_next_image("IMAGE_SAFETY")
    body = {"contents": [{"parts": [{"text": "x"}]}]}
    answer = await post(emulator, PRO_IMAGE, body, method="streamGenerateContent")
    candidate = answer.json()[0]["candidates"][0]
    assert (candidate["content"], candidate["finishReason"]) == ({}, "IMAGE_SAFETY")
    assert "You will not be charged" in candidate["finishMessage"]


async def test_a_blocked_prompt_streams_one_chunk_without_candidates(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.block_next_prompt("PROHIBITED_CONTENT")
    found = await chunks(sdk, FLASH_IMAGE)
    assert [chunk.prompt_feedback.block_reason for chunk in found] == ["PROHIBITED_CONTENT"]


async def test_grounding_comes_on_the_closing_chunk(sdk: AsyncClient) -> None:
    config = image_config(tools=[types.Tool(google_search=types.GoogleSearch())])
    found = [c for c in await chunks(sdk, PRO_IMAGE, "Weather", config) if c.candidates]
    assert found[-1].candidates[0].grounding_metadata.web_search_queries
    assert found[0].candidates[0].grounding_metadata is None


async def test_chunk_delay_spaces_the_chunks(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.chunk_delay = 0.2
    started = time.monotonic()
    seen = await chunks(sdk, FLASH_IMAGE)
    assert len(seen) == 3
    assert time.monotonic() - started >= 0.4
