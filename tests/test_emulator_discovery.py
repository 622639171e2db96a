"""Model discovery: ``GET /{version}/models`` (paginated) and ``GET /{version}/models/{id}``."""

from __future__ import annotations

import httpx
import pytest
from google.genai import errors
from google.genai.client import AsyncClient

from tests.fakes.gemini import (
    FLASH_IMAGE,
    MODELS,
    PRO_IMAGE,
    TEXT_FLASH,
    GeminiEmulator,
)
from tests.fakes.gemini.testing import sdk_client

sdk = pytest.fixture(sdk_client)

ENTRY_FIELDS = {"name", "version", "displayName", "description", "inputTokenLimit",
                "outputTokenLimit", "supportedGenerationMethods"}


async def listed(sdk: AsyncClient, page_size: int | None = None) -> list[str]:
    pager = await sdk.models.list(config={"page_size": page_size} if page_size else None)
    return [model.name async for model in pager]


async def raw_get(emulator: GeminiEmulator, path: str, key: str | None = "k") -> httpx.Response:
    headers = {"x-goog-api-key": key} if key else {}
    async with httpx.AsyncClient() as http:
        return await http.get(f"{emulator.base_url}/v1beta/{path}", headers=headers)


async def test_the_sdk_lists_todays_models(sdk: AsyncClient) -> None:
    assert await listed(sdk) == [f"models/{model}" for model in MODELS]


async def test_the_sdk_walks_every_page(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    assert await listed(sdk, page_size=4) == [f"models/{model}" for model in MODELS]
    assert [r.method for r in emulator.model_requests] == ["list", "list"]


async def test_a_page_carries_a_next_page_token(emulator: GeminiEmulator) -> None:
    page = (await raw_get(emulator, "models?pageSize=2")).json()
    assert len(page["models"]) == 2
    assert page["nextPageToken"]


async def test_an_entry_has_the_fields_of_a_real_one(emulator: GeminiEmulator) -> None:
    entry = (await raw_get(emulator, f"models/{PRO_IMAGE}")).json()
    assert entry.keys() >= ENTRY_FIELDS
    assert (entry["name"], entry["displayName"]) == (f"models/{PRO_IMAGE}", "Nano Banana Pro")


@pytest.mark.parametrize(("model", "limit"),
                         [(PRO_IMAGE, 65_536), (FLASH_IMAGE, 131_072), (TEXT_FLASH, 1_048_576)])
async def test_the_sdk_gets_a_models_input_window(sdk: AsyncClient, model: str,
                                                  limit: int) -> None:
    found = await sdk.models.get(model=model)
    assert found.input_token_limit == limit


async def test_a_retired_model_is_not_found_by_get(sdk: AsyncClient) -> None:
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.get(model="gemini-3-pro-image-preview")
    assert caught.value.code == 404


async def test_listing_needs_a_key(emulator: GeminiEmulator) -> None:
    assert (await raw_get(emulator, "models", key=None)).status_code == 403


async def test_limit_models_lists_only_those(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.limit_models({FLASH_IMAGE, TEXT_FLASH})
    assert await listed(sdk) == [f"models/{FLASH_IMAGE}", f"models/{TEXT_FLASH}"]


async def test_a_model_outside_the_limit_answers_free_tier_limit_0(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.limit_models({FLASH_IMAGE})
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert (caught.value.code, caught.value.status) == (429, "RESOURCE_EXHAUSTED")
    assert f"limit: 0, model: {PRO_IMAGE}" in caught.value.message


async def test_a_model_outside_the_limit_may_be_not_found_instead(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.limit_models({FLASH_IMAGE}, refusal="not_found")
    with pytest.raises(errors.ClientError) as caught:
        await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert caught.value.code == 404


async def test_reset_lifts_the_limit(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.limit_models({FLASH_IMAGE})
    emulator.reset()
    assert len(await listed(sdk)) == len(MODELS)


def test_limit_models_refuses_ids_that_are_not_todays(emulator: GeminiEmulator) -> None:
    with pytest.raises(ValueError, match="not models of today"):
        emulator.limit_models({"gemini-2.5-flash"})
