"""The emulator's controls (failures, quotas, withheld images) and its request log."""

from __future__ import annotations

import pytest
from google import genai
from google.genai import errors, types
from google.genai.client import AsyncClient

from tests.fakes.gemini import FLASH_IMAGE, PRO_IMAGE, GeminiEmulator
from tests.fakes.gemini.pictures import render
from tests.fakes.gemini.testing import image_config, post, sdk_client, user

sdk = pytest.fixture(sdk_client)

BODY = {"contents": [{"parts": [{"text": "x"}]}]}


def detail_types(answer: dict[str, object]) -> list[str]:
    details = answer["error"].get("details", [])  # type: ignore[union-attr]
    return [detail["@type"].rsplit(".", 1)[-1] for detail in details]


# --- failures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type", "status_name"),
    [(429, errors.ClientError, "RESOURCE_EXHAUSTED"), (503, errors.ServerError, "UNAVAILABLE")],
)
async def test_fail_next_surfaces_as_the_sdks_error(
    emulator: GeminiEmulator, sdk: AsyncClient, status: int,
    error_type: type[errors.APIError], status_name: str,
) -> None:
    emulator.fail_next(status, message="try later")
    with pytest.raises(error_type) as caught:
        await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        status, status_name, "try later")
    await sdk.models.generate_content(model=FLASH_IMAGE, contents="x")


async def test_a_429_carries_quota_failure_and_retry_info(emulator: GeminiEmulator) -> None:
    emulator.fail_next(429)
    answer = (await post(emulator, PRO_IMAGE, BODY)).json()
    assert detail_types(answer) == ["Help", "QuotaFailure", "RetryInfo"]
    assert answer["error"]["details"][2]["retryDelay"] == "23s"


async def test_the_sdks_retries_pass_once_failures_run_out(emulator: GeminiEmulator) -> None:
    retry = types.HttpRetryOptions(attempts=3, initial_delay=0.01, max_delay=0.02, jitter=0)
    options = types.HttpOptions(base_url=emulator.base_url, retry_options=retry)
    emulator.fail_next(503, times=2)
    async with genai.Client(api_key="k", http_options=options).aio as aio:
        await aio.models.generate_content(model=FLASH_IMAGE, contents="x")
    assert [r.status for r in emulator.requests] == [503, 503, 200]


async def test_free_tier_zero_says_limit_0_with_a_zero_quota(emulator: GeminiEmulator) -> None:
    emulator.quota_exhausted_next("free_tier_zero")
    error = (await post(emulator, PRO_IMAGE, BODY)).json()["error"]
    violations = error["details"][1]["violations"]
    assert f"limit: 0, model: {PRO_IMAGE}" in error["message"]
    assert {v["quotaValue"] for v in violations} == {"0"}


async def test_depleted_credits_are_a_429_without_details(emulator: GeminiEmulator) -> None:
    emulator.quota_exhausted_next("credits")
    answer = await post(emulator, PRO_IMAGE, BODY)
    assert answer.status_code == 429
    assert detail_types(answer.json()) == []


def test_unknown_control_values_are_refused(emulator: GeminiEmulator) -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        emulator.quota_exhausted_next("daily")
    with pytest.raises(ValueError, match="shape must be one of"):
        emulator.answer_shape("gif")


# --- special answers -------------------------------------------------------------------------


async def test_a_blocked_prompt_has_feedback_and_no_candidates(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.block_next_prompt("PROHIBITED_CONTENT")
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert response.prompt_feedback.block_reason == "PROHIBITED_CONTENT"
    assert not response.candidates


@pytest.mark.parametrize(
    ("reason", "words"),
    [("IMAGE_SAFETY", "You will not be charged for blocked images. Try rephrasing"),
     ("IMAGE_OTHER", "You will not be charged for this request."),
     ("PROHIBITED_CONTENT", "interests of third-party content providers")],
)
async def test_a_withheld_image_has_empty_content_and_the_real_finish_message(
    emulator: GeminiEmulator, reason: str, words: str
) -> None:
    emulator.withhold_next_image(reason)
    candidate = (await post(emulator, PRO_IMAGE, BODY)).json()["candidates"][0]
    assert (candidate["content"], candidate["finishReason"]) == ({}, reason)
    assert words in candidate["finishMessage"]


async def test_recitation_comes_without_a_finish_message(emulator: GeminiEmulator) -> None:
    emulator.withhold_next_image("RECITATION")
    candidate = (await post(emulator, FLASH_IMAGE, BODY)).json()["candidates"][0]
    assert candidate["finishReason"] == "RECITATION"
    assert "finishMessage" not in candidate


async def test_a_withheld_image_is_not_billed(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    emulator.withhold_next_image("IMAGE_SAFETY")
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert response.usage_metadata.candidates_token_count is None
    assert response.usage_metadata.thoughts_token_count > 0


async def test_withheld_with_text_keeps_only_that_text(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    emulator.withhold_next_image(text="Not this one.")
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert [p.text for p in response.candidates[0].content.parts] == ["Not this one."]


# --- the request log --------------------------------------------------------------------------


async def test_inline_images_of_the_last_turn_come_with_their_labels(
    emulator: GeminiEmulator, sdk: AsyncClient
) -> None:
    picture = render("image/png", (48, 32), "ref", 1).data
    image = types.Part.from_bytes(data=picture, mime_type="image/png")
    parts = [types.Part(text="Memory 1:"), image, types.Part(text="Make it blue")]
    contents = [user("first"), types.Content(role="model", parts=[types.Part(text="ok")]),
                types.Content(role="user", parts=parts)]
    await sdk.models.generate_content(model="gemini-3.5-flash", contents=contents)
    (found,) = emulator.requests[-1].inline_images()
    assert (found.mime_type, found.size, found.label_before, found.label_after) == (
        "image/png", (48, 32), "Memory 1:", "Make it blue")
    assert found.data == picture


async def test_parts_by_role_and_request_size(emulator: GeminiEmulator, sdk: AsyncClient) -> None:
    first = await sdk.models.generate_content(model=PRO_IMAGE, contents="A", config=image_config())
    history = [user("A"), first.candidates[0].content, user("B")]
    await sdk.models.generate_content(model=PRO_IMAGE, contents=history, config=image_config())
    request = emulator.requests[-1]
    assert [p.kind for p in request.parts(role="model")] == ["image"]
    assert request.size_bytes > 1_000_000


async def test_reset_forgets_controls_and_settings(emulator: GeminiEmulator,
                                                   sdk: AsyncClient) -> None:
    emulator.fail_next(500, times=None)
    emulator.signature_bytes = 100
    emulator.reset()
    response = await sdk.models.generate_content(model=PRO_IMAGE, contents="x")
    assert len(response.candidates[0].content.parts[0].thought_signature) == 750_000
