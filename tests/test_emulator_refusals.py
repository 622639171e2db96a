"""What the emulator refuses, with the real API's words: models, configs, limits, keys."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from google import genai
from google.genai import errors, types
from google.genai.client import AsyncClient

from tests.fakes.gemini import (
    FLASH_IMAGE,
    PRO_IMAGE,
    RETIRED_MODELS,
    TEXT_FLASH,
    GeminiEmulator,
)
from tests.fakes.gemini.errors import BAD_IMAGE_MESSAGE
from tests.fakes.gemini.pictures import render
from tests.fakes.gemini.testing import image_config, post, sdk_client

sdk = pytest.fixture(sdk_client)

PNG = render("image/png", (32, 32), "in", 1).data


async def refused(sdk: AsyncClient, model: str, contents: Any = "x",
                  config: types.GenerateContentConfig | None = None) -> tuple[int, str]:
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=model, contents=contents, config=config)
    return caught.value.code, caught.value.message


def images(count: int) -> list[types.Part]:
    return [types.Part.from_bytes(data=PNG, mime_type="image/png") for _ in range(count)]


# --- models --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [*sorted(RETIRED_MODELS), "gemini-9-ultra-image"])
async def test_retired_and_unknown_models_are_not_found(sdk: AsyncClient, model: str) -> None:
    assert await refused(sdk, model) == (
        404,
        f"models/{model} is not found for API version v1, or is not supported for "
        "generateContent. Call ListModels to see the list of available models and their "
        "supported methods.",
    )


async def test_the_not_found_text_names_the_method_called(emulator: GeminiEmulator) -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}]}
    answer = await post(emulator, "gemini-2.5-pro", body, method="streamGenerateContent")
    assert answer.status_code == 404
    assert "v1beta, or is not supported for streamGenerateContent." in answer.json()["error"][
        "message"]


# --- image config ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "ratio", "size", "message"),
    [
        (PRO_IMAGE, "1:1", "1k", "Unsupported image_size '1k'. Supported values are: 1K, 2K, "
         "4K, 512, 512P, 512PX."),
        (PRO_IMAGE, "1:1", "512", "Image size 512 is not supported for this model"),
        (PRO_IMAGE, "1:4", "1K", "Aspect ratio 1:4 is not supported for this model"),
        (FLASH_IMAGE, "7:5", "1K", "* GenerateContentRequest.generation_config.image_config."
         "aspect_ratio: aspect_ratio must be one of '1:1', '1:4', '1:8', '2:3', '3:2', '3:4', "
         "'4:1', '4:3', '4:5', '5:4', '8:1', '9:16', '16:9', or '21:9'."),
    ],
)
async def test_bad_image_config_is_refused(
    sdk: AsyncClient, model: str, ratio: str, size: str, message: str
) -> None:
    assert await refused(sdk, model, config=image_config(ratio, size)) == (400, message)


async def test_output_mime_type_is_refused_by_the_gemini_api(emulator: GeminiEmulator) -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}],
            "generationConfig": {"imageConfig": {"outputMimeType": "image/png"}}}
    answer = await post(emulator, PRO_IMAGE, body)
    assert (answer.status_code, answer.json()["error"]["message"]) == (
        400, 'Invalid JSON payload received. Unknown name "outputMimeType" at '
        "'generation_config.image_config': Cannot find field.")


async def test_two_candidates_are_refused(sdk: AsyncClient) -> None:
    config = image_config(candidate_count=2)
    assert await refused(sdk, PRO_IMAGE, config=config) == (
        400, "Multiple candidates is not enabled for this model")


@pytest.mark.parametrize(
    ("model", "thinking", "message"),
    [
        (PRO_IMAGE, types.ThinkingConfig(thinking_level="MINIMAL"), "Thinking level MINIMAL is "
         "not supported for this model. Please retry with other thinking level."),
        (FLASH_IMAGE, types.ThinkingConfig(thinking_level="LOW"), "Thinking level LOW is not "
         "supported for this model. Please retry with other thinking level."),
        (FLASH_IMAGE, types.ThinkingConfig(thinking_level="HIGH", thinking_budget=128),
         "You can only set only one of thinking budget and thinking level."),
    ],
)
async def test_bad_thinking_config_is_refused(
    sdk: AsyncClient, model: str, thinking: types.ThinkingConfig, message: str
) -> None:
    config = image_config(thinking_config=thinking)
    assert await refused(sdk, model, config=config) == (400, message)


# --- limits ---------------------------------------------------------------------------------


async def test_fourteen_input_images_are_accepted_and_fifteen_refused(sdk: AsyncClient) -> None:
    await sdk.models.generate_content(model=FLASH_IMAGE, contents=[*images(14), "Combine"])
    code, message = await refused(sdk, FLASH_IMAGE, [*images(15), "Combine"])
    assert (code, message.startswith("Too many input images: 15 were provided")) == (400, True)


async def test_an_inline_image_over_7_mb_is_refused(sdk: AsyncClient) -> None:
    big = render("image/png", (3584, 4800), "big", 1).data
    assert len(big) > 7 * 1024 * 1024
    contents = [types.Part.from_bytes(data=big, mime_type="image/png"), "Edit"]
    code, message = await refused(sdk, PRO_IMAGE, contents)
    assert (code, "an inline image may be at most 7340032 bytes" in message) == (400, True)


async def test_a_payload_over_the_limit_is_refused(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.max_request_bytes = 10_000
    assert await refused(sdk, TEXT_FLASH, "word " * 3000) == (
        400, "Request payload size exceeds the limit: 10000 bytes.")


async def test_the_payload_limit_is_100_mb_by_default(emulator: GeminiEmulator) -> None:
    assert emulator.max_request_bytes == 104_857_600


@pytest.mark.parametrize(("model", "limit"), [(PRO_IMAGE, 65_536), (FLASH_IMAGE, 131_072)])
async def test_too_many_input_tokens_are_refused_per_model(
    sdk: AsyncClient, model: str, limit: int
) -> None:
    words = limit // 5 * 4 + 100
    code, message = await refused(sdk, model, "word " * words)
    assert (code, message.endswith(f"exceeds the maximum number of tokens allowed ({limit}).")
            ) == (400, True)


async def test_an_undecodable_input_image_is_refused(sdk: AsyncClient) -> None:
    broken = types.Part.from_bytes(data=b"not a png", mime_type="image/png")
    assert await refused(sdk, PRO_IMAGE, [broken, "Edit this"]) == (400, BAD_IMAGE_MESSAGE)


async def test_an_unsupported_image_type_is_refused(sdk: AsyncClient) -> None:
    gif = types.Part.from_bytes(data=b"GIF89a", mime_type="image/gif")
    assert await refused(sdk, PRO_IMAGE, [gif, "Edit"]) == (400, "Unsupported MIME type: image/gif")


# --- keys -----------------------------------------------------------------------------------


async def test_a_bad_key_is_refused(emulator: GeminiEmulator) -> None:
    options = types.HttpOptions(base_url=emulator.base_url)
    async with genai.Client(api_key="bad-key", http_options=options).aio as aio:
        with pytest.raises(errors.ClientError) as caught:
            await aio.models.generate_content(model=FLASH_IMAGE, contents="x")
    assert (caught.value.code, caught.value.status) == (400, "INVALID_ARGUMENT")
    assert caught.value.message == "API key not valid. Please pass a valid API key."


@pytest.mark.parametrize(("query", "status"), [("", 403), ("?key=test-key", 200)])
async def test_the_key_may_come_in_the_query_but_not_be_missing(
    emulator: GeminiEmulator, query: str, status: int
) -> None:
    url = f"{emulator.base_url}/v1beta/models/{FLASH_IMAGE}:generateContent{query}"
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, json={"contents": [{"parts": [{"text": "x"}]}]})
    assert answer.status_code == status
