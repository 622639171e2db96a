"""Captured real answers: each parses with the SDK, and the emulator serves them verbatim."""

from __future__ import annotations

import base64
import io
import json

import pytest
from google.genai import errors, types
from google.genai.client import AsyncClient
from PIL import Image

from tests.fakes.gemini import FLASH_IMAGE, PRO_IMAGE, TEXT_FLASH, GeminiEmulator
from tests.fakes.gemini.fixtures import FIXTURES_DIR, fixture_names, load_fixture
from tests.fakes.gemini.testing import post, sdk_client, user

sdk = pytest.fixture(sdk_client)

ANSWERS = [name for name in fixture_names() if not name.startswith("error-")]
ERRORS = [name for name in fixture_names() if name.startswith("error-")]


def test_there_are_at_least_six_captures() -> None:
    assert len(fixture_names()) >= 6


@pytest.mark.parametrize("name", fixture_names())
def test_every_capture_names_its_source(name: str) -> None:
    source = (FIXTURES_DIR / f"{name}.source.txt").read_text()
    assert source.startswith("Source: ")


@pytest.mark.parametrize("name", ANSWERS)
def test_every_answer_chunk_parses_as_a_response(name: str) -> None:
    parsed = [types.GenerateContentResponse._from_response(response=payload, kwargs={})
              for payload in load_fixture(name).payloads()]
    assert all(p.candidates or p.prompt_feedback or p.usage_metadata for p in parsed)


@pytest.mark.parametrize("name", ERRORS)
def test_every_error_has_the_apis_shape(name: str) -> None:
    error = load_fixture(name).payloads()[0]["error"]
    assert {"code", "message", "status"} <= error.keys()


async def test_a_captured_answer_is_served_verbatim(emulator: GeminiEmulator) -> None:
    emulator.serve_fixture("nb2-image")
    answer = await post(emulator, FLASH_IMAGE, {"contents": [{"parts": [{"text": "x"}]}]})
    assert answer.json() == json.loads((FIXTURES_DIR / "nb2-image.json").read_text())


async def test_a_captured_stream_is_served_chunk_by_chunk(emulator: GeminiEmulator,
                                                          sdk: AsyncClient) -> None:
    emulator.serve_fixture("pro-image-stream")
    stream = await sdk.models.generate_content_stream(model=PRO_IMAGE, contents="x")
    found = [chunk async for chunk in stream]
    assert [c.candidates[0].finish_reason for c in found] == [None, "STOP"]
    signature = found[0].candidates[0].content.parts[0].thought_signature
    assert signature == base64.urlsafe_b64decode("live-image-thought-signature")


async def test_a_captured_stream_is_merged_for_generate_content(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.serve_fixture("pro-image-stream")
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    parts = response.candidates[0].content.parts
    assert [(bool(p.inline_data), p.text) for p in parts] == [(True, None), (False, "")]
    assert response.candidates[0].finish_reason == "STOP"


async def test_a_captured_image_is_a_real_picture(emulator: GeminiEmulator,
                                                  sdk: AsyncClient) -> None:
    emulator.serve_fixture("nb2-image")
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
    data = response.candidates[0].content.parts[0].inline_data.data
    assert Image.open(io.BytesIO(data)).size == (16, 16)


async def test_a_follow_up_sending_a_captured_signature_back_is_accepted(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.serve_fixture("nb2-image")
    first = await sdk.models.generate_content(model=FLASH_IMAGE, contents="A")
    history = [user("A"), first.candidates[0].content, user("B")]
    response = await sdk.models.generate_content(model=FLASH_IMAGE, contents=history)
    assert response.candidates[0].finish_reason == "STOP"


async def test_a_captured_signed_empty_text_tail_is_accepted_back(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.serve_fixture("text-stream-signed-empty-tail")
    stream = await sdk.models.generate_content_stream(model=TEXT_FLASH, contents="A")
    turns = [chunk.candidates[0].content async for chunk in stream]
    response = await sdk.models.generate_content(model=TEXT_FLASH,
                                                 contents=[user("A"), *turns, user("B")])
    assert response.candidates[0].finish_reason == "STOP"


async def test_a_captured_error_is_served_with_its_status(emulator: GeminiEmulator,
                                                          sdk: AsyncClient) -> None:
    emulator.serve_fixture("error-429-retry-info")
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert (caught.value.code, caught.value.status) == (429, "RESOURCE_EXHAUSTED")
    assert caught.value.details["error"]["details"][1]["retryDelay"] == "34.4s"


def test_an_unknown_fixture_name_lists_the_known_ones(emulator: GeminiEmulator) -> None:
    with pytest.raises(ValueError, match="nb2-image"):
        emulator.serve_fixture("nb2-imagee")
